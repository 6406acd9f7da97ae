/**
 * The built-in stylesheet of the HTML report: a light "paper" page on screen, with the classification banner
 * fixed at the top and bottom of the window; for print (and the PDF) an A4 page with the classification in the
 * page margin boxes at the top and bottom of every page, tables that break across pages with their header
 * repeated, headings kept with what follows and figures kept whole.
 *
 * Why margin boxes and not `position: fixed` in print: Chromium repeats a fixed element on every printed page,
 * but inside the page area, over the text; CSS page margin boxes (`@top-center`, Chromium 131 and later) print
 * in the margin, where nothing else is.
 */

/** Colours of the stylesheet; the branding may replace them (checked `#rrggbb` values). */
export interface ReportColours {
  readonly primary: string;
  readonly accent: string;
}

/** The default colours: a deep navy for headings, a clear blue for links. */
export const DEFAULT_COLOURS: ReportColours = { primary: '#1a3f73', accent: '#0b5cad' };

/** The report's CSS with its colours filled in. */
export function reportStylesheet(colours: ReportColours): string {
  return `
:root { color-scheme: light; --primary: ${colours.primary}; --accent: ${colours.accent}; --ink: #1f2933;
  --muted: #5b6670; --line: #d5dbe1; --soft: #f4f6f8; --bad: #b3261e; --banner-h: 26px; }
* { box-sizing: border-box; }
html { background: #e9edf1; }
body { margin: 0; color: var(--ink); font: 15px/1.55 "DejaVu Sans", "Liberation Sans", system-ui, -apple-system,
  "Segoe UI", Roboto, Arial, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { max-width: 210mm; margin: calc(var(--banner-h) + 18px) auto; padding: 14mm 16mm 12mm; background: #fff;
  box-shadow: 0 1px 3px rgb(0 0 0 / 12%), 0 8px 24px rgb(0 0 0 / 8%); }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }

/* Classification banners: fixed, so they stay on screen and repeat on every printed page. */
.banner { position: fixed; left: 0; right: 0; z-index: 10; height: var(--banner-h); display: flex;
  align-items: center; justify-content: center; font: 700 12px/1 "DejaVu Sans", Arial, sans-serif;
  letter-spacing: .08em; text-transform: uppercase; background: #1f2933; color: #fff; }
.banner-top { top: 0; } .banner-bottom { bottom: 0; }
.banner.tlp-red { background: #000; color: #ff2b2b; } .banner.tlp-amber { background: #000; color: #ffc000; }
.banner.tlp-green { background: #000; color: #33ff00; } .banner.tlp-clear { background: #000; color: #fff; }

/* Title block */
.title-block { border-bottom: 3px solid var(--primary); padding-bottom: 10px; margin-bottom: 14px; }
.brand { display: flex; align-items: center; gap: 12px; margin-bottom: 14px; color: var(--muted);
  font-size: 13px; font-weight: 600; letter-spacing: .02em; }
.brand img { max-height: 44px; max-width: 180px; }
.title-block h1 { margin: 0; color: var(--primary); font-size: 26px; line-height: 1.25; }
.title-block .report-id { display: block; font-size: 14px; color: var(--muted); font-weight: 600;
  letter-spacing: .04em; margin-bottom: 4px; }
.audience { margin: 6px 0 0; font-size: 15px; color: var(--accent); font-weight: 600; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 10px 0; padding: 0; list-style: none;
  font-size: 13px; color: var(--muted); }
.facts b { color: var(--ink); font-weight: 600; }
.stamp { margin: 10px 0; padding: 8px 12px; border-left: 4px solid #0e9f6e; background: #ecf8f3;
  font-size: 13px; overflow-wrap: anywhere; }
.stamp.draft { border-color: #d97706; background: #fff7e6; font-weight: 600; }
.preamble { font-size: 14px; }

/* Table of contents */
nav.toc { margin: 18px 0 8px; padding: 12px 16px; background: var(--soft); border-radius: 6px; }
nav.toc h2 { margin: 0 0 6px; font-size: 15px; border: 0; padding: 0; color: var(--primary); }
nav.toc ol { margin: 0; padding-left: 0; list-style: none; columns: 2; column-gap: 28px; font-size: 13.5px; }
nav.toc li { padding: 2px 0; break-inside: avoid; }

/* Sections; a contents link scrolls the heading clear of the top banner. */
section { scroll-margin-top: calc(var(--banner-h) + 12px); }
h2, h3, h4 { color: var(--primary); line-height: 1.3; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 21px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 8px; } h4 { font-size: 15px; margin: 18px 0 6px; }
p, li { orphans: 3; widows: 3; }
blockquote { margin: 12px 0; padding: 6px 14px; border-left: 4px solid var(--accent); background: var(--soft); }
code { font: .86em/1.4 "DejaVu Sans Mono", "Liberation Mono", ui-monospace, monospace; background: var(--soft);
  padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--soft); padding: 10px 12px; border-radius: 4px; white-space: pre-wrap;
  overflow-wrap: anywhere; font-size: 13px; }
pre code { background: none; padding: 0; }
table { width: 100%; border-collapse: collapse; margin: 12px 0; font-size: 13px; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--line); padding: 5px 7px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
/* Headers and short code (ids, times) never break inside a word; long values (hashes, URLs) may. */
th { overflow-wrap: normal; } code.nowrap { white-space: nowrap; overflow-wrap: normal; }
th { background: var(--soft); color: var(--primary); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafbfc; }
figure.diagram { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
figure.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.diagram figcaption { margin-top: 6px; font-size: 12.5px; color: var(--muted); text-align: center; }
footer.report-footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line);
  font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 16px; }

@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
@media print {
  html { background: none; }
  body { font-size: 10pt; line-height: 1.45; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  /* In print the classification moves to the page margin boxes (pageMarginCss), where it cannot cover text. */
  .banner { display: none; }
  a { color: inherit; }
  nav.toc a::after { content: none; }
  h2 { font-size: 15pt; margin-top: 18pt; } h3 { font-size: 12.5pt; } h4 { font-size: 11pt; }
  .title-block h1 { font-size: 20pt; }
  table { font-size: 8.5pt; } pre { font-size: 8.5pt; }
  /* Wide tables (FMEA has 13 columns) get a smaller font so they fit the A4 width. */
  table:has(th:nth-child(9)) { font-size: 7.5pt; } table:has(th:nth-child(12)) { font-size: 6.8pt; }
  table:has(th:nth-child(12)) th, table:has(th:nth-child(12)) td { padding: 3px 4px; }
}
`;
}

/** Text as a CSS string literal: anything but letters, digits, spaces and `+:._-/` as a `\hex ` escape. */
export function cssString(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    out += /^[\p{L}\p{N} +:._\-/]$/u.test(char) ? char : `\\${(char.codePointAt(0) ?? 32).toString(16)} `;
  }
  return `"${out}"`;
}

/**
 * The printed page's margin boxes: the classification at the top and the bottom centre of every page (red for
 * TLP:RED), the footer text at the bottom left and "Page X of Y" at the bottom right.
 */
export function pageMarginCss(options: {
  readonly classification?: string;
  readonly footer?: string;
}): string {
  const box = "font: 700 8pt 'DejaVu Sans', Arial, sans-serif; letter-spacing: .08em; color: ";
  const colour = /TLP\s*:\s*RED/i.test(options.classification ?? '') ? '#c00000' : '#111';
  const rules: string[] = [];
  if (options.classification !== undefined && options.classification.trim() !== '') {
    const text = cssString(options.classification);
    rules.push(
      `@top-center { content: ${text}; ${box}${colour}; }`,
      `@bottom-center { content: ${text}; ${box}${colour}; }`,
    );
  }
  if (options.footer !== undefined && options.footer.trim() !== '')
    rules.push(
      `@bottom-left { content: ${cssString(options.footer)}; font: 7.5pt 'DejaVu Sans', Arial, sans-serif; color: #5b6670; }`,
    );
  rules.push(
    `@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt 'DejaVu Sans', Arial, sans-serif; color: #5b6670; }`,
  );
  return `@page {\n  ${rules.join('\n  ')}\n}\n`;
}
