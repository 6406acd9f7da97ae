/**
 * What the report's SVG diagrams share: the page width they are drawn for (an A4 page less its margins), text
 * measured without a browser (a conservative average character width, so labels never overflow their boxes),
 * word wrapping, the standalone `<svg>` frame with its accessible title, and the drawing of an empty diagram.
 * Every piece of text goes through `xmlEscape`, so user text can never become markup.
 */
import { xmlEscape } from './diagram-exports.js';
import { wrapWords } from './mermaid.js';

/** Width every report diagram is drawn at: an A4 page (210 mm) less 2 × 18 mm margins at 96 dpi is ~657 px. */
export const SVG_WIDTH = 700;
/** Outer margin inside the drawing. */
export const SVG_MARGIN = 16;
/** Body text size in px, and the width of one character of it: 0.6 em, wide enough for DejaVu Sans. */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = FONT_SIZE * 0.6;
/** Distance between two baselines of body text. */
export const LINE_HEIGHT = 16;

/** The font stack of every diagram: the fonts Chromium has on Debian first. */
const FONT_FAMILY = "'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif";

/** Rounds a coordinate to one decimal, so the output is short and the same on every platform. */
export function coord(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** How many characters of body text fit in `width` px (at least 8, so a narrow box still takes a word). */
export function charsFitting(width: number, charWidth = CHAR_WIDTH): number {
  return Math.max(8, Math.floor(width / charWidth));
}

/** Text wrapped into lines of at most `chars` characters, whitespace collapsed; at least one line. */
export function wrapText(text: string, chars: number): string[] {
  const lines = wrapWords(text.replace(/\s+/g, ' ').trim(), chars);
  return lines.length === 0 ? [''] : lines;
}

/** Wrapped text, cut after `maxLines` lines with `…` (a diagram is a summary; the tables hold the full text). */
export function wrapLimited(text: string, chars: number, maxLines: number): string[] {
  const lines = wrapText(text, chars);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = `${[...last].slice(0, Math.max(1, chars - 1)).join('')}…`;
  return kept;
}

/** Width in px of the longest of `lines` at the body font size. */
export function textWidth(lines: readonly string[], charWidth = CHAR_WIDTH): number {
  return Math.max(0, ...lines.map((l) => [...l].length)) * charWidth;
}

/** One `<text>` element per line, first baseline at `y`; every line escaped. */
export function textLines(
  lines: readonly string[],
  x: number,
  y: number,
  options: {
    readonly className?: string;
    readonly anchor?: 'start' | 'middle' | 'end';
    readonly lineHeight?: number;
  } = {},
): string {
  const cls = options.className === undefined ? '' : ` class="${options.className}"`;
  const anchor =
    options.anchor === undefined || options.anchor === 'start' ? '' : ` text-anchor="${options.anchor}"`;
  const step = options.lineHeight ?? LINE_HEIGHT;
  return lines
    .map(
      (line, i) =>
        `<text${cls}${anchor} x="${coord(x)}" y="${coord(y + i * step)}">${xmlEscape(line)}</text>`,
    )
    .join('');
}

/**
 * A standalone SVG document: `role="img"`, an `aria-label` and a `<title>` (screen readers and tooltips), the
 * shared text styles plus `style`, then `body`. `width` and `height` set the natural size; the `viewBox` lets a
 * page scale it down to its column.
 */
export function svgDocument(spec: {
  readonly kind: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly style: string;
  readonly body: readonly string[];
}): string {
  const w = coord(spec.width);
  const h = coord(spec.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="debrief-diagram debrief-${spec.kind}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${xmlEscape(spec.title)}">`,
    `<title>${xmlEscape(spec.title)}</title>`,
    `<style>${scopeCss(
      `text{font-family:${FONT_FAMILY};font-size:${FONT_SIZE}px;fill:#1f2933}` +
        '.muted{fill:#616e7c}.small{font-size:10px}.bold{font-weight:bold}.empty{fill:#616e7c;font-style:italic}' +
        spec.style,
      `svg.debrief-${spec.kind}`,
    )}</style>`,
    ...spec.body,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Prefixes every selector of a flat stylesheet (`selector{declarations}`, no at-rules) with `scope`: an SVG
 * inlined in an HTML page shares the page's styles, so its rules must reach its own elements only.
 */
export function scopeCss(css: string, scope: string): string {
  return css.replace(/([^{}]+)\{/g, (_, selectors: string) => {
    const scoped = selectors
      .split(',')
      .map((s) => s.trim())
      .map((s) => (s === 'svg' ? scope : `${scope} ${s}`))
      .join(',');
    return `${scoped}{`;
  });
}

/** A diagram with nothing to draw: a small drawing that says so, instead of an empty or broken picture. */
export function emptySvg(kind: string, title: string, message: string): string {
  const lines = wrapText(message, charsFitting(SVG_WIDTH - 2 * SVG_MARGIN));
  return svgDocument({
    kind,
    title,
    width: SVG_WIDTH,
    height: 2 * SVG_MARGIN + lines.length * LINE_HEIGHT,
    style: '',
    body: [textLines(lines, SVG_MARGIN, SVG_MARGIN + FONT_SIZE, { className: 'empty' })],
  });
}
