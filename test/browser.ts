/**
 * A real browser for end-to-end tests of the web application: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), launched with the flags the PDF renderer uses. Without Chromium the tests are skipped and
 * say why, unless DEBRIEF_REQUIRE_CHROMIUM=1 (CI), where a missing browser fails. Screenshots of each screen go to
 * `test-artifacts/web/<name>.png` for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../src/services/render-report-pdf.js';

/** Where screenshots are written, relative to the repository. */
export const SCREENSHOT_DIR = join('test-artifacts', 'web');

/** Why a browser test cannot run here (one line), or undefined when Chromium is installed. */
export function missingBrowser(): string | undefined {
  try {
    findChromium();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Whether the browser tests of `suite` are skipped: `reasons` (what else they need, e.g. a build) plus a missing
 * Chromium, unless DEBRIEF_REQUIRE_CHROMIUM=1. Logs the reason when they are.
 */
export function browserCheck(
  suite: string,
  reasons: readonly (string | undefined)[] = [],
): { readonly missing: string | undefined; readonly skip: boolean } {
  const found = [missingBrowser(), ...reasons].filter((r): r is string => r !== undefined);
  const missing = found.length === 0 ? undefined : found.join('; ');
  const skip = missing !== undefined && process.env.DEBRIEF_REQUIRE_CHROMIUM !== '1';
  if (skip) console.warn(`${suite} tests skipped: ${missing}`);
  return { missing, skip };
}

/** Launches headless Chromium (the sandbox is off only when running as root, where it cannot start). */
export function launchBrowser(): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [...(root ? ['--no-sandbox'] : []), ...CHROMIUM_ARGS],
  });
}

/** Saves a full-page screenshot of `page` as `test-artifacts/web/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
