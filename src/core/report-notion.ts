/**
 * The report as Markdown for Notion's importer (Import → Markdown & CSV): plain CommonMark and GFM tables,
 * with no raw HTML at all, since Notion shows HTML tags as text.
 *
 * Notion has three heading levels: the title is `#`, sections `##`, subsections `###`, and a deeper heading
 * (`####`, e.g. one recommendation) becomes a bold paragraph. A line break inside a table cell (`<br>` in the
 * other Markdown) becomes `; `. The classification banner, audience and version stamp lead the page as a
 * blockquote. Diagrams with Mermaid source are ```mermaid blocks, which Notion draws; the others (clocks,
 * attack path) become tables of their data. The section text is read by `report-tokens.ts` and written back,
 * so every string is escaped again here and nothing in the source can become markup.
 */
import type { DiagramNode } from './diagram-exports.js';
import { codeSpan } from './markdown-escape.js';
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

/** Where inline runs land: in a table cell a line break cannot be written. */
type Where = 'text' | 'cell';

/**
 * Characters escaped with a backslash anywhere (CommonMark allows it before any ASCII punctuation); `&` only
 * where it would start an entity. `>` and list markers matter only at the start of a line (`guardLineStart`).
 */
const SPECIAL = /[\\`*_[\]~|$#<]|&(?=#?\w+;)/g;
/** What would open a block at the start of a line: a list marker, a setext underline, a quote. */
const BLOCK_START = /^([-+=>]|\d{1,9}[.)])/;

/** Plain text as inline Markdown for Notion: whitespace collapsed, structure characters escaped. */
export function notionText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(SPECIAL, '\\$&')
  );
}

/** Escapes what would start a block when it opens a line. */
function guardLineStart(markdown: string): string {
  return markdown.replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

function href(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inlineMd(runs: readonly MarkdownInline[], where: Where): string {
  return runs
    .map((run) => {
      switch (run.kind) {
        case 'text':
          return notionText(run.text);
        case 'code':
          return codeSpan(run.text, where === 'cell' ? 'table' : 'text');
        case 'break':
          return where === 'cell' ? '; ' : '\\\n';
        case 'strong':
          return `**${inlineMd(run.children, where)}**`;
        case 'emphasis':
          return `_${inlineMd(run.children, where)}_`;
        case 'strikethrough':
          return `~~${inlineMd(run.children, where)}~~`;
        case 'link':
          return `[${inlineMd(run.children, where)}](${href(run.href)})`;
        default:
          return run satisfies never;
      }
    })
    .join('');
}

function paragraphMd(runs: readonly MarkdownInline[]): string {
  return guardLineStart(inlineMd(runs, 'text'));
}

function tableMd(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [
    line(headers),
    line(headers.map(() => '---')),
    ...rows.map((row) => line(headers.map((_h, i) => row[i] ?? ''))),
  ].join('\n');
}

function markdownTableMd(table: MarkdownTable): string {
  const cell = (runs: readonly MarkdownInline[]): string => inlineMd(runs, 'cell');
  return tableMd(
    table.header.map(cell),
    table.rows.map((row) => row.map(cell)),
  );
}

function indent(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

function fence(text: string, language: string | undefined): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language ?? ''}\n${text}\n${marks}`;
}

function blockMd(block: MarkdownBlock): string {
  switch (block.kind) {
    case 'heading': {
      // Sections are `##`; anything deeper than Notion's third level is a bold paragraph.
      const level = Math.max(2, block.level);
      if (level > 3) return `**${inlineMd(block.children, 'text')}**`;
      return `${'#'.repeat(level)} ${inlineMd(block.children, 'text')}`;
    }
    case 'paragraph':
      return paragraphMd(block.children);
    case 'list':
      return block.items
        .map((item, i) => {
          const marker = block.ordered ? `${block.start + i}. ` : '- ';
          return marker + indent(itemMd(item), marker.length);
        })
        .join('\n');
    case 'table':
      return markdownTableMd(block);
    case 'blockquote':
      return blocksMd(block.children)
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    case 'code':
      return fence(block.text, block.language);
    case 'rule':
      return '---';
    default:
      return block satisfies never;
  }
}

/** A list item's blocks: a nested list follows its paragraph directly, other blocks after a blank line. */
function itemMd(item: readonly MarkdownBlock[]): string {
  let out = '';
  item.forEach((block, i) => {
    if (i > 0) out += block.kind === 'list' ? '\n' : '\n\n';
    out += blockMd(block);
  });
  return out;
}

function blocksMd(blocks: readonly MarkdownBlock[]): string {
  return blocks.map(blockMd).join('\n\n');
}

function treeMd(nodes: readonly DiagramNode[], depth: number): string {
  return nodes
    .map((node) => {
      const line = `${'  '.repeat(depth)}- ${guardLineStart(notionText(node.text))}`;
      return node.children.length === 0 ? line : `${line}\n${treeMd(node.children, depth + 1)}`;
    })
    .join('\n');
}

function dataMd(data: DiagramData): string {
  if (data.kind === 'tree') return treeMd([data.root], 0);
  const cell = (text: string): string => notionText(text);
  return tableMd(
    data.headers.map(cell),
    data.rows.map((row) => row.map(cell)),
  );
}

function diagramMd(diagram: ReportDiagram): string {
  const body =
    diagram.mermaid === undefined ? dataMd(diagramData(diagram)) : fence(diagram.mermaid, 'mermaid');
  return `**${notionText(diagram.title)}**\n\n${body}`;
}

function reportBlockMd(block: ReportBlock): string {
  return block.kind === 'markdown' ? blocksMd(parseReportMarkdown(block.markdown)) : diagramMd(block.diagram);
}

/**
 * Renders a report as Markdown for Notion's importer: no raw HTML, headings up to `###`, the banner and
 * version stamp as a leading quote, Mermaid diagrams as code blocks and the others as tables.
 */
export function renderReportNotion(report: Report): string {
  const { meta } = report;
  const callout = [
    meta.classification === undefined ? undefined : `**${notionText(meta.classification)}**`,
    `${notionText(meta.audienceLabel)} · ${notionText(meta.id)} · generated ${notionText(meta.generatedAt)}`,
    versionStampText(meta) === undefined ? undefined : notionText(versionStampText(meta) ?? ''),
  ].filter((line): line is string => line !== undefined);
  const parts = [
    `# ${notionText(meta.id)} — ${notionText(meta.title)}`,
    callout.map((line) => `> ${line}`).join('\n>\n'),
    ...report.preamble.map(reportBlockMd),
    ...report.sections.map((section) =>
      [`## ${inlineMd(parseReportInline(section.title), 'text')}`, ...section.blocks.map(reportBlockMd)].join(
        '\n\n',
      ),
    ),
    meta.classification === undefined ? undefined : `> **${notionText(meta.classification)}**`,
  ];
  return `${parts.filter((part): part is string => part !== undefined && part !== '').join('\n\n')}\n`;
}
