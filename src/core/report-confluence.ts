/**
 * The report in Confluence storage format (XHTML with `ac:` macros), the body a page takes through the REST API
 * (`body.storage`, `representation: "storage"`).
 *
 * The page starts with the classification banner (a `warning` macro), the audience and the version stamp (an
 * `info` macro, or a `note` for a draft), and a table of contents (`toc` macro); then the preamble and the
 * sections, headings one level up (the page title is the report title, so sections are `<h1>`). The banner
 * closes the page too. Section text is read by `report-tokens.ts` and written as XHTML; every string is
 * escaped as XML, code goes in `code` macros as CDATA (a `]]>` inside is split across two sections). Diagrams
 * are shown as their data (a table or a nested list); the Mermaid source follows in a collapsed `code` macro,
 * for a Mermaid app or for copying.
 */

import type { DiagramNode } from './diagram-exports.js';
import { versionStampText } from './report-build.js';
import { type DiagramData, diagramData } from './report-diagram-data.js';
import type { Report, ReportBlock, ReportDiagram } from './report-model.js';
import {
  type MarkdownBlock,
  type MarkdownInline,
  type MarkdownTable,
  parseReportInline,
  parseReportMarkdown,
} from './report-tokens.js';

/** Characters XML 1.0 forbids (C0 controls other than tab and newline, U+FFFE/U+FFFF, lone surrogates). */
const XML_INVALID =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops the characters XML 1.0 cannot hold, which no XML-based format (storage format, DOCX) may contain. */
export function dropXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** Escapes text for an XML text node or a double-quoted attribute, dropping characters XML cannot hold. */
export function xmlText(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Text as a CDATA section; `]]>` inside is split so that it cannot end the section early. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(XML_INVALID, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Languages the Confluence code macro knows, by the names Markdown fences use; anything else is `text`. */
const CODE_LANGUAGES: Readonly<Record<string, string>> = {
  bash: 'bash',
  sh: 'bash',
  shell: 'bash',
  console: 'bash',
  diff: 'diff',
  java: 'java',
  js: 'js',
  javascript: 'js',
  json: 'js',
  ts: 'js',
  typescript: 'js',
  powershell: 'powershell',
  ps1: 'powershell',
  py: 'py',
  python: 'py',
  sql: 'sql',
  xml: 'xml',
  html: 'xml',
  yaml: 'yml',
  yml: 'yml',
};

function parameter(name: string, value: string): string {
  return `<ac:parameter ac:name="${xmlText(name)}">${xmlText(value)}</ac:parameter>`;
}

/** A `code` macro: the text verbatim, the language mapped to one the macro knows. */
function codeMacro(
  text: string,
  language: string | undefined,
  options: { title?: string; collapse?: boolean } = {},
): string {
  const lang = CODE_LANGUAGES[(language ?? '').toLowerCase()] ?? 'text';
  return [
    '<ac:structured-macro ac:name="code">',
    options.title === undefined ? '' : parameter('title', options.title),
    parameter('language', lang),
    options.collapse === true ? parameter('collapse', 'true') : '',
    `<ac:plain-text-body>${cdata(text)}</ac:plain-text-body>`,
    '</ac:structured-macro>',
  ].join('');
}

/** A panel macro (`warning`, `info`, `note`) with a title and rich-text body. */
function panelMacro(name: 'warning' | 'info' | 'note', title: string | undefined, bodyXhtml: string): string {
  return [
    `<ac:structured-macro ac:name="${name}">`,
    title === undefined ? '' : parameter('title', title),
    `<ac:rich-text-body>${bodyXhtml}</ac:rich-text-body>`,
    '</ac:structured-macro>',
  ].join('');
}

function inlineXhtml(runs: readonly MarkdownInline[]): string {
  return runs
    .map((run) => {
      switch (run.kind) {
        case 'text':
          return xmlText(run.text);
        case 'code':
          return `<code>${xmlText(run.text)}</code>`;
        case 'break':
          return '<br />';
        case 'strong':
          return `<strong>${inlineXhtml(run.children)}</strong>`;
        case 'emphasis':
          return `<em>${inlineXhtml(run.children)}</em>`;
        case 'strikethrough':
          return `<del>${inlineXhtml(run.children)}</del>`;
        case 'link':
          return `<a href="${xmlText(run.href)}">${inlineXhtml(run.children)}</a>`;
        default:
          return run satisfies never;
      }
    })
    .join('');
}

function tableXhtml(table: MarkdownTable): string {
  const header = `<tr>${table.header.map((cell) => `<th>${inlineXhtml(cell)}</th>`).join('')}</tr>`;
  const rows = table.rows.map(
    (row) => `<tr>${row.map((cell) => `<td>${inlineXhtml(cell)}</td>`).join('')}</tr>`,
  );
  return `<table><tbody>${header}${rows.join('')}</tbody></table>`;
}

/** A list item: a first paragraph goes in without `<p>` (a tight list), the rest as blocks. */
function itemXhtml(item: readonly MarkdownBlock[], headingShift: number): string {
  const [first, ...rest] = item;
  if (first?.kind === 'paragraph') return inlineXhtml(first.children) + blocksXhtml(rest, headingShift);
  return blocksXhtml(item, headingShift);
}

/** Blocks as XHTML; headings move up by `headingShift` levels, never above `<h2>` (sections are `<h1>`). */
function blocksXhtml(blocks: readonly MarkdownBlock[], headingShift: number): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading': {
          const level = Math.min(6, Math.max(2, block.level - headingShift));
          return `<h${level}>${inlineXhtml(block.children)}</h${level}>`;
        }
        case 'paragraph':
          return `<p>${inlineXhtml(block.children)}</p>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
          const items = block.items.map((item) => `<li>${itemXhtml(item, headingShift)}</li>`).join('');
          return `<${tag}${start}>${items}</${tag}>`;
        }
        case 'table':
          return tableXhtml(block);
        case 'blockquote':
          return `<blockquote>${blocksXhtml(block.children, headingShift)}</blockquote>`;
        case 'code':
          return codeMacro(block.text, block.language);
        case 'rule':
          return '<hr />';
        default:
          return block satisfies never;
      }
    })
    .join('\n');
}

function treeXhtml(nodes: readonly DiagramNode[]): string {
  if (nodes.length === 0) return '';
  return `<ul>${nodes.map((node) => `<li>${xmlText(node.text)}${treeXhtml(node.children)}</li>`).join('')}</ul>`;
}

function dataXhtml(data: DiagramData): string {
  if (data.kind === 'tree') return treeXhtml([data.root]);
  const header = `<tr>${data.headers.map((h) => `<th>${xmlText(h)}</th>`).join('')}</tr>`;
  const rows = data.rows.map((row) => `<tr>${row.map((cell) => `<td>${xmlText(cell)}</td>`).join('')}</tr>`);
  return `<table><tbody>${header}${rows.join('')}</tbody></table>`;
}

function diagramXhtml(diagram: ReportDiagram): string {
  const parts = [`<p><strong>${xmlText(diagram.title)}</strong></p>`, dataXhtml(diagramData(diagram))];
  if (diagram.mermaid !== undefined) {
    parts.push(
      codeMacro(diagram.mermaid, 'mermaid', { title: `${diagram.title} (Mermaid source)`, collapse: true }),
    );
  }
  return parts.join('\n');
}

function blockXhtml(block: ReportBlock, headingShift: number): string {
  return block.kind === 'markdown'
    ? blocksXhtml(parseReportMarkdown(block.markdown), headingShift)
    : diagramXhtml(block.diagram);
}

/**
 * Renders a report as Confluence storage format: banner, stamp and table of contents, then the preamble and
 * the sections as `<h1>` with their subsections as `<h2>`/`<h3>`. Publish it as a page body with
 * `representation: "storage"`; the page title is `report.meta.id — report.meta.title`.
 */
export function renderReportConfluence(report: Report): string {
  const { meta } = report;
  const banner =
    meta.classification === undefined
      ? undefined
      : panelMacro('warning', 'Classification', `<p><strong>${xmlText(meta.classification)}</strong></p>`);
  const stamp = versionStampText(meta);
  const stampMacro =
    stamp === undefined
      ? undefined
      : panelMacro(meta.version === undefined ? 'note' : 'info', 'Version', `<p>${xmlText(stamp)}</p>`);
  const subtitle = `<p><strong>${xmlText(meta.id)}</strong> · <em>${xmlText(meta.audienceLabel)}</em> · generated ${xmlText(meta.generatedAt)}</p>`;
  const toc = `<ac:structured-macro ac:name="toc">${parameter('maxLevel', '2')}</ac:structured-macro>`;
  const parts = [
    banner,
    subtitle,
    stampMacro,
    toc,
    ...report.preamble.map((block) => blockXhtml(block, 1)),
    ...report.sections.map((section) =>
      [
        `<h1>${inlineXhtml(parseReportInline(section.title))}</h1>`,
        ...section.blocks.map((b) => blockXhtml(b, 1)),
      ].join('\n'),
    ),
    banner,
  ];
  return `${parts.filter((part): part is string => part !== undefined && part !== '').join('\n')}\n`;
}
