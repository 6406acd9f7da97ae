/**
 * Whether the PDF tests can run here: Debian's Chromium (or DEBRIEF_CHROMIUM) and poppler-utils. Without them the
 * PDF tests are skipped and say why, unless DEBRIEF_REQUIRE_CHROMIUM=1 (CI), where a missing tool fails.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findChromium } from '../src/services/render-report-pdf.js';

/** The poppler-utils programs the PDF tests read PDFs with. */
export const POPPLER = ['pdftoppm', 'pdfinfo', 'pdftotext'] as const;

const onPath = (tool: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, tool)));

/** What is missing to print and read PDFs (one line), or undefined when Chromium and poppler-utils are there. */
export function missingPdfTools(): string | undefined {
  const missing: string[] = [];
  try {
    findChromium();
  } catch (error) {
    missing.push(error instanceof Error ? error.message : String(error));
  }
  const poppler = POPPLER.filter((tool) => !onPath(tool));
  if (poppler.length > 0) missing.push(`${poppler.join(', ')} not found (apt-get install poppler-utils)`);
  return missing.length === 0 ? undefined : missing.join('; ');
}

/**
 * What is missing, and whether the PDF tests of `suite` are skipped (a tool is missing and
 * DEBRIEF_REQUIRE_CHROMIUM is not 1); logs the reason when they are.
 */
export function pdfToolsCheck(suite: string): {
  readonly missing: string | undefined;
  readonly skip: boolean;
} {
  const missing = missingPdfTools();
  const skip = missing !== undefined && process.env.DEBRIEF_REQUIRE_CHROMIUM !== '1';
  if (skip) console.warn(`${suite} tests skipped: ${missing}`);
  return { missing, skip };
}
