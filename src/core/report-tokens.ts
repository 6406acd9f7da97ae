/**
 * The Markdown of a report section read into a small typed tree, so renderers of other formats (Word,
 * Confluence, Notion, HTML) walk structure instead of re-parsing text.
 *
 * The section text (see `report-model.ts`) is GitHub-flavoured Markdown with every user value escaped. It is
 * parsed here with markdown-it (tables are on by default) and its tokens turned into:
 * - blocks (`MarkdownBlock`): headings, paragraphs, bullet and ordered lists (nested), tables (header row and
 *   body rows of inline cells), blockquotes, code blocks with their language, horizontal rules;
 * - inline runs (`MarkdownInline`): text, strong, emphasis, strikethrough, code, links and line breaks.
 *
 * Raw HTML is never passed on: `<br>` (the line break the report puts in table cells) becomes a `break`, any
 * other tag becomes text, so a renderer that escapes text cannot emit markup from the source. Entities are
 * decoded (`&lt;` is the text `<`): every string in the tree is plain text for the renderer to escape in its
 * own format. Links keep only `http`, `https` and `mailto` destinations; any other becomes its text.
 */
import MarkdownIt from 'markdown-it';

/** An inline run of a paragraph, heading, list item or table cell. */
export type MarkdownInline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly MarkdownInline[] }
  | { readonly kind: 'emphasis'; readonly children: readonly MarkdownInline[] }
  | { readonly kind: 'strikethrough'; readonly children: readonly MarkdownInline[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly MarkdownInline[] }
  /** A hard line break: a backslash at the end of a line, or `<br>` in a table cell. */
  | { readonly kind: 'break' };

/** Column alignment of a table, as written in its delimiter row. */
export type MarkdownAlign = 'left' | 'center' | 'right' | undefined;

/** A GFM table: the header cells and the body rows, each cell a list of inline runs. */
export interface MarkdownTable {
  readonly kind: 'table';
  readonly align: readonly MarkdownAlign[];
  readonly header: readonly (readonly MarkdownInline[])[];
  readonly rows: readonly (readonly (readonly MarkdownInline[])[])[];
}

/** A list; each item is a list of blocks (a paragraph, then perhaps a nested list). */
export interface MarkdownList {
  readonly kind: 'list';
  readonly ordered: boolean;
  /** The number of the first item of an ordered list. */
  readonly start: number;
  readonly items: readonly (readonly MarkdownBlock[])[];
}

/** A block of section text. */
export type MarkdownBlock =
  | { readonly kind: 'heading'; readonly level: number; readonly children: readonly MarkdownInline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly MarkdownInline[] }
  | MarkdownList
  | MarkdownTable
  | { readonly kind: 'blockquote'; readonly children: readonly MarkdownBlock[] }
  /** A fenced or indented code block; `language` is the first word of the fence's info string. */
  | { readonly kind: 'code'; readonly language?: string; readonly text: string }
  | { readonly kind: 'rule' };

/** The markdown-it token shape this module reads (the package's `Token` class, structurally). */
interface Token {
  readonly type: string;
  readonly tag: string;
  readonly content: string;
  readonly info: string;
  readonly hidden: boolean;
  readonly children: Token[] | null;
  attrGet(name: string): string | null;
}

// html: true so that `<br>` arrives as its own token (and is kept as a break); every other tag becomes text.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
const LINE_BREAK = /^<br\s*\/?>$/i;
const SAFE_HREF = /^(https?:|mailto:)/i;

/** Parses section Markdown into blocks. */
export function parseReportMarkdown(markdown: string): MarkdownBlock[] {
  const tokens = md.parse(markdown, {}) as Token[];
  return readBlocks(tokens, { index: 0 }, undefined);
}

/** Parses a line of inline Markdown (a section title, a cell) into inline runs. */
export function parseReportInline(markdown: string): MarkdownInline[] {
  const tokens = md.parseInline(markdown, {}) as Token[];
  return tokens.flatMap((token) => readInline(token.children ?? []));
}

/** The text of inline runs without formatting; a line break becomes `lineBreak` (a space by default). */
export function inlinePlainText(runs: readonly MarkdownInline[], lineBreak = ' '): string {
  let out = '';
  for (const run of runs) {
    switch (run.kind) {
      case 'text':
      case 'code':
        out += run.text;
        break;
      case 'break':
        out += lineBreak;
        break;
      case 'strong':
      case 'emphasis':
      case 'strikethrough':
      case 'link':
        out += inlinePlainText(run.children, lineBreak);
        break;
      default:
        run satisfies never;
    }
  }
  return out;
}

interface Cursor {
  index: number;
}

/** Reads blocks until the token of type `until` (the close of the container) or the end. */
function readBlocks(tokens: readonly Token[], cursor: Cursor, until: string | undefined): MarkdownBlock[] {
  const out: MarkdownBlock[] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index] as Token;
    cursor.index += 1;
    if (token.type === until) return out;
    const block = readBlock(token, tokens, cursor);
    if (block !== undefined) out.push(block);
  }
  return out;
}

function readBlock(token: Token, tokens: readonly Token[], cursor: Cursor): MarkdownBlock | undefined {
  switch (token.type) {
    case 'heading_open': {
      const children = inlineAt(tokens, cursor);
      cursor.index += 1; // heading_close
      return { kind: 'heading', level: Number(token.tag.slice(1)), children };
    }
    case 'paragraph_open': {
      const children = inlineAt(tokens, cursor);
      cursor.index += 1; // paragraph_close
      return { kind: 'paragraph', children };
    }
    case 'bullet_list_open':
    case 'ordered_list_open':
      return readList(token, tokens, cursor);
    case 'blockquote_open':
      return { kind: 'blockquote', children: readBlocks(tokens, cursor, 'blockquote_close') };
    case 'table_open':
      return readTable(tokens, cursor);
    case 'fence': {
      const language = token.info.trim().split(/\s+/)[0] ?? '';
      return {
        kind: 'code',
        ...(language === '' ? {} : { language }),
        text: trimFinalNewline(token.content),
      };
    }
    case 'code_block':
      return { kind: 'code', text: trimFinalNewline(token.content) };
    case 'hr':
      return { kind: 'rule' };
    case 'html_block':
      // Raw HTML is shown as the text it is, never passed on as markup.
      return { kind: 'paragraph', children: [{ kind: 'text', text: trimFinalNewline(token.content) }] };
    default:
      return undefined;
  }
}

function trimFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The inline runs of the `inline` token at the cursor (then moves past it). */
function inlineAt(tokens: readonly Token[], cursor: Cursor): MarkdownInline[] {
  const token = tokens[cursor.index];
  if (token?.type !== 'inline') return [];
  cursor.index += 1;
  return readInline(token.children ?? []);
}

function readList(open: Token, tokens: readonly Token[], cursor: Cursor): MarkdownList {
  const ordered = open.type === 'ordered_list_open';
  const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
  const items: MarkdownBlock[][] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index] as Token;
    cursor.index += 1;
    if (token.type === close) break;
    if (token.type === 'list_item_open') items.push(readBlocks(tokens, cursor, 'list_item_close'));
  }
  const start = Number(open.attrGet('start') ?? '1');
  return { kind: 'list', ordered, start: Number.isFinite(start) ? start : 1, items };
}

function alignOf(token: Token): MarkdownAlign {
  const style = token.attrGet('style') ?? '';
  if (style.includes('left')) return 'left';
  if (style.includes('center')) return 'center';
  if (style.includes('right')) return 'right';
  return undefined;
}

function readTable(tokens: readonly Token[], cursor: Cursor): MarkdownTable {
  const align: MarkdownAlign[] = [];
  const header: MarkdownInline[][] = [];
  const rows: MarkdownInline[][][] = [];
  let row: MarkdownInline[][] | undefined;
  let inHead = false;
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index] as Token;
    cursor.index += 1;
    switch (token.type) {
      case 'table_close':
        return { kind: 'table', align, header, rows };
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = inHead ? header : [];
        break;
      case 'tr_close':
        if (!inHead && row !== undefined) rows.push(row);
        row = undefined;
        break;
      case 'th_open':
      case 'td_open':
        if (inHead) align.push(alignOf(token));
        row?.push(inlineAt(tokens, cursor));
        break;
      default:
        break;
    }
  }
  return { kind: 'table', align, header, rows };
}

interface Frame {
  readonly close: string;
  /** The runs that replace the frame in its parent once closed. */
  readonly make: (children: MarkdownInline[]) => MarkdownInline[];
  readonly children: MarkdownInline[];
}

/** Turns the children of an `inline` token into nested runs; adjacent text runs are merged. */
function readInline(tokens: readonly Token[]): MarkdownInline[] {
  const root: MarkdownInline[] = [];
  const stack: Frame[] = [];
  const current = (): MarkdownInline[] => stack[stack.length - 1]?.children ?? root;
  const text = (value: string): void => {
    if (value === '') return;
    const list = current();
    const last = list[list.length - 1];
    if (last?.kind === 'text') list[list.length - 1] = { kind: 'text', text: last.text + value };
    else list.push({ kind: 'text', text: value });
  };
  const open = (close: string, make: Frame['make']): void => {
    stack.push({ close, make, children: [] });
  };
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    if (top !== undefined && token.type === top.close) {
      stack.pop();
      current().push(...top.make(top.children));
      continue;
    }
    switch (token.type) {
      case 'text':
      case 'text_special':
        text(token.content);
        break;
      case 'softbreak':
        text(' ');
        break;
      case 'hardbreak':
        current().push({ kind: 'break' });
        break;
      case 'code_inline':
        current().push({ kind: 'code', text: token.content });
        break;
      case 'html_inline':
        if (LINE_BREAK.test(token.content)) current().push({ kind: 'break' });
        else text(token.content);
        break;
      case 'strong_open':
        open('strong_close', (children) => [{ kind: 'strong', children }]);
        break;
      case 'em_open':
        open('em_close', (children) => [{ kind: 'emphasis', children }]);
        break;
      case 's_open':
        open('s_close', (children) => [{ kind: 'strikethrough', children }]);
        break;
      case 'link_open': {
        const href = token.attrGet('href') ?? '';
        // An unsafe or empty destination keeps its text but is no link.
        open('link_close', (children) =>
          SAFE_HREF.test(href) ? [{ kind: 'link', href, children }] : children,
        );
        break;
      }
      case 'image':
        // Reports hold no images; the alternative text stands in.
        text(token.content);
        break;
      default:
        text(token.content);
        break;
    }
  }
  // Unclosed frames (not produced by markdown-it, but cheap to guard) keep their text.
  while (stack.length > 0) {
    const top = stack.pop() as Frame;
    current().push(...top.make(top.children));
  }
  return root;
}
