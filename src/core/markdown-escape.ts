/**
 * Escaping user text for GitHub-flavoured Markdown: the one place reports turn free text into Markdown.
 *
 * Post-mortem text is written by many people and pasted from logs, so it may hold anything: HTML, pipes,
 * backticks, lines that look like headings or list items. Every function here returns Markdown that renders as
 * exactly the text given, as inline content that cannot open a block, a link, an HTML element or a table cell:
 * - `&`, `<` and `>` become entities, so no renderer sees raw HTML;
 * - the characters that start inline structure (emphasis, code, links, strikethrough, math, cell borders) are
 *   backslash-escaped everywhere, and those that start a block (`-`, `+`, `=`, `1.`) at the start of a line;
 * - control characters are dropped and bidirectional overrides made visible, so text cannot hide what it is.
 */

/** Characters escaped with a backslash wherever they appear. `#` too: a trailing `#` would close a heading. */
const INLINE_SPECIAL = /[\\`*_[\]~|$#]/g;
/** A line that would start a list item, a setext underline or an ordered list once rendered. */
const BLOCK_START = /^([-+=]|\d{1,9}[.)])/;
/** Control characters (category Cc) other than the line feed. */
const CONTROL = /[^\P{Cc}\n]/gu;
/** U+202A–U+202E and U+2066–U+2069 reorder displayed text (the "Trojan Source" trick). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
/** Any character that `inlineText` would change, wherever it is. */
const NEEDS_ESCAPING = /[\\`*_[\]~|$#&<>\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Normalizes text before escaping: line endings become `\n`, tabs become spaces (a tab could indent a line
 * into a code block), other control characters are dropped and bidirectional overrides become U+FFFD.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '\uFFFD');
}

function escapeLine(line: string): string {
  return line
    .trimStart()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/**
 * Escapes text as inline Markdown. Line breaks become `lineBreak` (blank lines collapse into one break), so
 * the caller decides what a new line is where the text lands: `<br>` in a table cell, a hard break in a list.
 */
export function inlineText(text: string, lineBreak = ' '): string {
  // Most text needs no escaping at all; checking that first keeps large reports fast.
  if (!NEEDS_ESCAPING.test(text) && !BLOCK_START.test(text) && text.trim() === text) return text;
  return normalizeText(text)
    .split('\n')
    .map((line) => escapeLine(line).trimEnd())
    .filter((line) => line !== '')
    .join(lineBreak);
}

/** Escapes text for a table cell: pipes are escaped and line breaks become `<br>`. */
export function cellText(text: string): string {
  return inlineText(text, '<br>');
}

/**
 * Escapes text as one or more paragraphs: blank lines separate paragraphs, single line breaks are kept as
 * hard breaks (a backslash at the end of the line, which needs no HTML).
 */
export function blockText(text: string): string {
  return normalizeText(text)
    .split(/\n\s*\n/)
    .map((paragraph) => inlineText(paragraph, '\\\n'))
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/**
 * Escapes text as the content of a list item whose continuation lines are indented by `indent` spaces, so a
 * multi-line text stays inside its item.
 */
export function listItemText(text: string, indent: number): string {
  return inlineText(text, `\\\n${' '.repeat(indent)}`);
}

/**
 * Text as a code span, for identifiers and technical values (ids, hashes, hosts, indicator values): shown
 * verbatim and never turned into a link. The fence is longer than any run of backticks inside. In a table,
 * pipes are escaped (GFM splits cells before it reads code spans, and removes the backslash again).
 */
export function codeSpan(text: string, where: 'table' | 'text' = 'text'): string {
  let value = normalizeText(text).replace(/\s*\n\s*/g, ' ');
  if (where === 'table') value = value.replace(/\|/g, '\\|');
  if (value === '') return '';
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on both sides is stripped by the renderer; it keeps a value that starts or ends with a backtick.
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

const SAFE_URL = /^https?:\/\/[^\s<>"'`\\]+$/i;

/**
 * A link to an `http(s)` URL with an escaped label. Any other scheme (`javascript:`, `data:`...) or a URL
 * with characters that could end the link is shown as a code span instead, never as a link.
 */
export function link(label: string, url: string, where: 'table' | 'text' = 'text'): string {
  if (!SAFE_URL.test(url)) {
    return label === url ? codeSpan(url, where) : `${inlineText(label)} (${codeSpan(url, where)})`;
  }
  // Parentheses, brackets and pipes are percent-encoded so they cannot close the destination or a table cell.
  const destination = url.replace(/[()[\]|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${inlineText(label)}](${destination})`;
}

/**
 * A GitHub-flavoured Markdown table. Cells must already be Markdown (escaped with `cellText`, `codeSpan`...);
 * a stray line break is still turned into `<br>` so it cannot end the row.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => cell.replace(/\r?\n/g, '<br>')).join(' | ')} |`;
  const lines = [line(headers), line(headers.map(() => '---'))];
  for (const row of rows) {
    const cells = headers.map((_h, i) => row[i] ?? '');
    lines.push(line(cells));
  }
  return lines.join('\n');
}
