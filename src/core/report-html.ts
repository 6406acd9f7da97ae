/**
 * The report as one self-contained HTML5 file: no scripts, no external resources (inline CSS, diagrams as inline
 * SVG, the logo as a `data:` URI), readable on screen and printable to A4 (the PDF is this page printed by
 * Chromium). The classification banner is fixed at the top and the bottom of the screen and of every printed
 * page. Markdown blocks go through `report-markdown-it.ts` (raw HTML shown as text, unsafe links refused);
 * every other piece of text is escaped here. An organization's branding (`report-branding.ts`) adds its name,
 * logo, colours, CSS, footer and, optionally, its own layout with slots.
 */
import { checkBranding, fillLayout, type LayoutSlot, type ReportBranding } from './report-branding.js';
import { versionStampText } from './report-build.js';
import { DEFAULT_COLOURS, pageMarginCss, reportStylesheet } from './report-html-style.js';
import { escapeHtml, reportInlineToHtml, reportMarkdownToHtml } from './report-markdown-it.js';
import type { Report, ReportAudience, ReportBlock, ReportMeta } from './report-model.js';
import { diagramSvg } from './report-svg.js';

/** Options of the HTML report. */
export interface ReportHtmlOptions {
  /** The organization's branding; checked (`checkBranding`), a bad value throws `invalid_input`. */
  readonly branding?: ReportBranding;
}

/** The layout used without a custom one: a whole document, the slots in reading order inside a paper-like page. */
export const DEFAULT_LAYOUT = `<!doctype html>
<html lang="en">
<head>
{{styles}}
</head>
<body>
{{banner}}
<div class="page">
<header class="title-block">
{{title}}
{{meta}}
</header>
{{toc}}
<main>
{{sections}}
</main>
{{footer}}
</div>
</body>
</html>
`;

/** The classification's Traffic Light Protocol colour (FIRST TLP 2.0), if it names one. */
function tlpClass(classification: string): string {
  const match = /TLP\s*:\s*(RED|AMBER|GREEN|CLEAR|WHITE)/i.exec(classification);
  const colour = match?.[1]?.toLowerCase();
  if (colour === undefined) return '';
  return ` tlp-${colour === 'white' ? 'clear' : colour}`;
}

function banner(meta: ReportMeta): string {
  if (meta.classification === undefined || meta.classification.trim() === '') return '';
  const text = escapeHtml(meta.classification);
  const cls = tlpClass(meta.classification);
  return (
    `<div class="banner banner-top${cls}" role="note" aria-label="Classification">${text}</div>\n` +
    `<div class="banner banner-bottom${cls}" aria-hidden="true">${text}</div>`
  );
}

function titleBlock(meta: ReportMeta, branding: ReportBranding): string {
  const logo =
    branding.logo === undefined
      ? ''
      : `<img src="data:${branding.logo.mediaType};base64,${branding.logo.base64}" alt="${escapeHtml(branding.organization ?? 'Logo')}">`;
  const organization =
    branding.organization === undefined
      ? ''
      : `<span class="organization">${escapeHtml(branding.organization)}</span>`;
  const brand = logo === '' && organization === '' ? '' : `<div class="brand">${logo}${organization}</div>\n`;
  return (
    brand +
    `<h1><span class="report-id">${escapeHtml(meta.id)}</span>${escapeHtml(meta.title)}</h1>\n` +
    `<p class="audience">${escapeHtml(meta.audienceLabel)}</p>`
  );
}

function metaBlock(report: Report, figures: FigureCounter): string {
  const { meta } = report;
  const fact = (label: string, value: string): string => `<li>${label} <b>${escapeHtml(value)}</b></li>`;
  const facts = [
    fact('Severity', meta.severity),
    fact('Status', meta.status),
    ...(meta.types.length === 0
      ? []
      : [fact(meta.types.length === 1 ? 'Type' : 'Types', meta.types.join(', '))]),
    fact('Generated', meta.generatedAt),
  ];
  const stamp = versionStampText(meta);
  const stampHtml =
    stamp === undefined
      ? ''
      : `<p class="stamp${meta.version === undefined ? ' draft' : ''}">${escapeHtml(stamp)}</p>\n`;
  const preamble = report.preamble.map((b) => blockHtml(b, figures)).join('\n');
  // The preamble built from a post-mortem lists these facts itself; the line is for reports without one.
  const factsHtml = report.preamble.length === 0 ? `<ul class="facts">${facts.join('')}</ul>\n` : '';
  const preambleHtml = preamble === '' ? '' : `<div class="preamble">\n${preamble}\n</div>`;
  return `${factsHtml}${stampHtml}${preambleHtml}`;
}

/** The executive brief is printed a little tighter, so a brief stays within two pages. */
const BRIEF_PRINT_CSS = `
@media print {
  body { font-size: 9pt; line-height: 1.35; }
  h2 { margin-top: 12pt; }
  figure.diagram svg { max-height: 55mm; }
  table { font-size: 8pt; }
}
`;

/** The executive brief and the public statement are short: no table of contents, so a brief fits two pages. */
const NO_TOC: readonly ReportAudience[] = ['executive', 'public'];

function toc(report: Report): string {
  if (report.sections.length === 0 || NO_TOC.includes(report.meta.audience)) return '';
  const items = report.sections.map(
    (s) => `<li><a href="#${escapeHtml(s.id)}">${reportInlineToHtml(s.title)}</a></li>`,
  );
  return `<nav class="toc" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n${items.join('\n')}\n</ol>\n</nav>`;
}

/** Numbers the figures in document order, preamble first. */
interface FigureCounter {
  count: number;
}

function blockHtml(block: ReportBlock, figures: FigureCounter): string {
  if (block.kind === 'markdown') return reportMarkdownToHtml(block.markdown);
  figures.count += 1;
  return (
    `<figure class="diagram diagram-${block.diagram.kind}">\n${diagramSvg(block.diagram).trimEnd()}\n` +
    `<figcaption>Figure ${figures.count}. ${escapeHtml(block.diagram.title)}</figcaption>\n</figure>`
  );
}

function sectionsHtml(report: Report, figures: FigureCounter): string {
  return report.sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}">\n<h2>${reportInlineToHtml(s.title)}</h2>\n` +
        `${s.blocks.map((b) => blockHtml(b, figures)).join('\n')}\n</section>`,
    )
    .join('\n');
}

function footer(meta: ReportMeta, branding: ReportBranding): string {
  const parts = [
    branding.footer,
    branding.organization,
    `${meta.id} · generated ${meta.generatedAt} by Debrief`,
    meta.classification,
  ].filter((p): p is string => p !== undefined && p.trim() !== '');
  return `<footer class="report-footer">${parts.map((p) => `<span>${escapeHtml(p)}</span>`).join('')}</footer>`;
}

/**
 * Renders a report as a standalone HTML5 document. The output depends on the report and the options only.
 * With `branding.layout`, the slots of `LAYOUT_SLOTS` are filled in that layout instead of the default one.
 */
export function renderReportHtml(report: Report, options: ReportHtmlOptions = {}): string {
  const branding = options.branding === undefined ? {} : checkBranding(options.branding);
  const { meta } = report;
  const colours = {
    primary: branding.colors?.primary ?? DEFAULT_COLOURS.primary,
    accent: branding.colors?.accent ?? DEFAULT_COLOURS.accent,
  };
  const css =
    reportStylesheet(colours) +
    pageMarginCss({
      ...(meta.classification === undefined ? {} : { classification: meta.classification }),
      ...(branding.footer === undefined ? {} : { footer: branding.footer }),
    }) +
    (meta.audience === 'executive' ? BRIEF_PRINT_CSS : '') +
    (branding.css === undefined ? '' : `\n/* Organization CSS */\n${branding.css}\n`);
  const title = `${meta.id} — ${meta.title}`;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No script, no fetch: even a hostile report opened in a browser can do nothing but show itself.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="generator" content="Debrief">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
  ].join('\n');
  const figures: FigureCounter = { count: 0 };
  const slots: Record<LayoutSlot, string> = {
    styles: head,
    banner: banner(meta),
    title: titleBlock(meta, branding),
    meta: metaBlock(report, figures),
    toc: toc(report),
    sections: sectionsHtml(report, figures),
    footer: footer(meta, branding),
  };
  return fillLayout(branding.layout ?? DEFAULT_LAYOUT, slots);
}
