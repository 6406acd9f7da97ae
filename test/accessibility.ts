/**
 * Accessibility checks in the browser tests: axe-core (Deque's rules engine, the one browser tools use) run on the
 * page as it is, against WCAG 2.0/2.1 levels A and AA: labels, names of buttons and links, colour contrast in the
 * theme in use, landmarks, headings, ARIA use. The page must be opened in a context with `bypassCSP: true`: the
 * application's policy (rightly) refuses the injected script.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One rule broken on a page, with where. */
export interface AccessibilityViolation {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  /** The CSS selectors of the first elements concerned. */
  readonly targets: readonly string[];
}

/** The WCAG A and AA violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.addScriptTag({ path: axePath });
  // Passed as text: the test runner's transform would wrap a function with helpers the page lacks.
  const found = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact || 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  })()`)) as AccessibilityViolation[];
  return found;
}

/** One line per violation, for a failure message: `screen: rule (impact) help — targets`. */
export function describeViolations(screen: string, violations: readonly AccessibilityViolation[]): string[] {
  return violations.map((v) => `${screen}: ${v.rule} (${v.impact}) ${v.help} — ${v.targets.join(' | ')}`);
}
