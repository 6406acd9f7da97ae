import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, describeViolations } from './accessibility.js';
import { browserCheck, launchBrowser } from './browser.js';

const { missing, skip } = browserCheck('accessibility checker');

// The web journey's accessibility test passes when axe-core finds nothing: this shows it does find what is there.
describe.skipIf(skip)('the accessibility check (axe-core in Chromium)', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (missing !== undefined) throw new Error(`DEBRIEF_REQUIRE_CHROMIUM=1 but ${missing}`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reports an unlabelled field, a nameless button and low contrast, and nothing on a clean page', async () => {
    const page = await (browser as Browser).newPage();
    await page.setContent(
      '<html lang="en"><title>t</title><main><h1>Form</h1><input><button></button>' +
        '<p style="color:#eeeeee;background:#ffffff">faint text</p></main></html>',
    );
    const found = await accessibilityViolations(page);
    expect(found.map((v) => v.rule).sort()).toEqual(['button-name', 'color-contrast', 'label']);
    expect(describeViolations('sample', found).find((line) => line.includes('label'))).toMatch(
      /^sample: label \(critical\) .* — input$/,
    );
    await page.setContent(
      '<html lang="en"><title>t</title><main><h1>Form</h1><label>Name <input></label>' +
        '<button>Save</button><p>plain text</p></main></html>',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
