/**
 * Prints an HTML report to PDF with headless Chromium (playwright-core driving Debian's `chromium`; Playwright
 * never downloads a browser here). The page can fetch nothing: every request is aborted, JavaScript is off and
 * the context is offline, so a report is printed exactly as it stands. Each PDF page carries the classification
 * in its header and footer and "Page X of Y" in the footer.
 *
 * One browser is shared by the renders of a process and closed after a few idle seconds (the timer does not keep
 * the process alive, and Playwright kills the browser when the process exits); every page and context is closed
 * in a `finally`, whatever happens.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { DomainError } from '../core/errors.js';
import { escapeHtml } from '../core/report-markdown-it.js';

/** Where Chromium is looked for, in order, when `DEBRIEF_CHROMIUM` is not set. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Options of a PDF render. */
export interface PdfOptions {
  /** Printed in the header and the footer of every page, e.g. `TLP:AMBER+STRICT`. */
  readonly classification?: string;
  /** Printed at the left of the footer of every page. */
  readonly footer?: string;
  /** The PDF's title metadata; the HTML's `<title>` when absent. */
  readonly title?: string;
}

/** Launch flags (research/stack-notes.md §5): no GPU, and none of Chromium's own network features. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
];
/** Close the shared browser after this long without a render. */
const IDLE_CLOSE_MS = 5_000;

/**
 * The Chromium executable: `DEBRIEF_CHROMIUM` when set, else the first of `CHROMIUM_CANDIDATES` that exists.
 * Throws `dependency_missing` with one line saying how to install Chromium or point Debrief at it.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.DEBRIEF_CHROMIUM?.trim();
  if (configured !== undefined && configured !== '') {
    if (existsSync(configured)) return configured;
    throw new DomainError(
      'dependency_missing',
      `Chromium not found at DEBRIEF_CHROMIUM=${configured}: PDF reports need Chromium; install it (apt-get install chromium on Debian/Ubuntu) or set DEBRIEF_CHROMIUM to its executable`,
    );
  }
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new DomainError(
    'dependency_missing',
    `Chromium not found (looked for ${CHROMIUM_CANDIDATES.join(', ')}): PDF reports need Chromium; install it (apt-get install chromium on Debian/Ubuntu) or set DEBRIEF_CHROMIUM to its executable`,
  );
}

let shared: { readonly executable: string; readonly browser: Promise<Browser> } | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let active = 0;

async function launch(executable: string): Promise<Browser> {
  // Chromium's sandbox cannot start as root (containers, CI); elsewhere it stays on.
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // Loaded on first use: playwright-core alone takes half a second and some 80 MB to load, which every other
  // command (and the server until a PDF is asked for) would otherwise pay at start-up.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: executable,
    headless: true,
    args: [...(root ? ['--no-sandbox'] : []), ...CHROMIUM_ARGS],
  });
}

async function acquire(executable: string): Promise<Browser> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (shared === undefined || shared.executable !== executable) {
    if (shared !== undefined) await closePdfBrowser();
    const entry = { executable, browser: launch(executable) };
    shared = entry;
    entry.browser.then(
      (b) =>
        b.on('disconnected', () => {
          if (shared === entry) shared = undefined;
        }),
      () => {
        if (shared === entry) shared = undefined;
      },
    );
  }
  return shared.browser;
}

function release(): void {
  if (active > 0 || shared === undefined) return;
  idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_CLOSE_MS);
  idleTimer.unref();
}

/** Closes the shared browser now (a server shutting down, a test's `afterAll`); harmless when none is open. */
export async function closePdfBrowser(): Promise<void> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  const current = shared;
  shared = undefined;
  if (current === undefined) return;
  const browser = await current.browser.catch(() => undefined);
  await browser?.close().catch(() => undefined);
}

/** The header and footer templates: plain text escaped (Chromium fills the pageNumber/totalPages spans). */
function templates(options: PdfOptions): { headerTemplate: string; footerTemplate: string } {
  const style =
    "font-family:'DejaVu Sans',Arial,sans-serif;font-size:8px;width:100%;box-sizing:border-box;padding:0 15mm;color:#3e4c59;" +
    '-webkit-print-color-adjust:exact;';
  const classification =
    options.classification === undefined || options.classification.trim() === ''
      ? ''
      : `<span style="font-weight:bold;letter-spacing:.08em;color:#000">${escapeHtml(options.classification)}</span>`;
  const headerTemplate = `<div style="${style}text-align:center">${classification}</div>`;
  const footer = options.footer === undefined ? '' : escapeHtml(options.footer);
  const footerTemplate =
    `<div style="${style}display:flex;justify-content:space-between;gap:12px">` +
    `<span style="flex:1">${footer}</span><span>${classification}</span>` +
    '<span style="flex:1;text-align:right">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>';
  return { headerTemplate, footerTemplate };
}

/** The HTML as printed: in-page banners and margin boxes off (the PDF header and footer carry the classification). */
function printable(html: string, title: string | undefined): string {
  // The page's own margin boxes would print under Chromium's header and footer: the templates replace them.
  const style =
    '<style>@media print { .banner { display: none !important; } }\n' +
    '@page { @top-center { content: none; } @bottom-center { content: none; } @bottom-left { content: none; } ' +
    '@bottom-right { content: none; } }</style>';
  let out = /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${style}</head>`) : style + html;
  if (title !== undefined) {
    const element = `<title>${escapeHtml(title)}</title>`;
    out = /<title>[\s\S]*?<\/title>/i.test(out)
      ? out.replace(/<title>[\s\S]*?<\/title>/i, () => element)
      : out.replace(/<\/head>/i, `${element}</head>`);
  }
  return out;
}

/**
 * Prints `html` to an A4 PDF with Chromium: backgrounds printed, the classification in the header and the
 * footer, "Page X of Y" in the footer, the title metadata from `options.title` or the HTML's `<title>`.
 * Throws `dependency_missing` (one line) when Chromium is not there.
 */
export async function renderPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const executable = findChromium();
  active += 1;
  try {
    const browser = await acquire(executable);
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      // A report may fetch nothing: no image, font, stylesheet or frame from anywhere.
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      await page.setContent(printable(html, options.title), { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        ...templates(options),
        margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
      });
      return Buffer.from(pdf);
    } finally {
      await context.close().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(
      'dependency_missing',
      `Chromium (${executable}) failed to print the report: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  } finally {
    active -= 1;
    release();
  }
}
