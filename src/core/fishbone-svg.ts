/**
 * The fishbone (Ishikawa) diagram as SVG, by a pure function: the effect in a box at the head on the right, a
 * horizontal spine, one slanted rib per category, alternately above and below the spine, and the causes of each
 * category stacked beside its rib (sub-causes indented under their cause). Text is set in a monospace font so its
 * width is known without a browser; every label gets its own box, and no two boxes overlap (`fishboneLayout`,
 * tested). Used by `debrief diagram --format svg`, and by the HTML report and the web UI to come.
 */
import { type DiagramNode, xmlEscape } from './diagram-exports.js';
import { wrapWords } from './mermaid.js';

/** A placed label: its box and its wrapped lines. */
export interface LabelBox {
  readonly kind: 'effect' | 'category' | 'cause';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly string[];
}

/** A straight line of the drawing. */
export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Where everything goes. */
export interface FishboneLayout {
  readonly width: number;
  readonly height: number;
  readonly labels: readonly LabelBox[];
  readonly spine: Segment;
  readonly ribs: readonly Segment[];
}

const FONT_SIZE = 12;
/** Width of one character of the 12 px monospace font (0.6 em), and the line height. */
const CHAR = 7.2;
const LINE = 16;
const PAD = 6;
const MARGIN = 20;
const WRAP = 34;
const INDENT = 2;
const RIB_SLANT = 60;
const COLUMN_GAP = 30;
const SPINE_GAP = 24;

/** Text wrapped into lines (whitespace, line breaks included, collapsed first); at least one line. */
function wrap(text: string, width: number): string[] {
  const lines = wrapWords(text.replace(/\s+/g, ' ').trim(), width);
  return lines.length === 0 ? [''] : lines;
}

/** A label box sized for its lines, at the origin (the layout places it). */
function box(kind: LabelBox['kind'], lines: readonly string[]): LabelBox {
  const longest = Math.max(1, ...lines.map((l) => l.length));
  return { kind, x: 0, y: 0, width: longest * CHAR + 2 * PAD, height: lines.length * LINE + 2 * PAD, lines };
}

/** The causes of a category as indented, wrapped lines: one block per cause or sub-cause. */
function causeBlocks(node: DiagramNode, depth = 0): string[][] {
  const prefix = depth === 0 ? '' : `${' '.repeat(INDENT * (depth - 1))}– `;
  const wrapped = wrap(node.text, Math.max(12, WRAP - prefix.length));
  const lines = wrapped.map((l, i) => (i === 0 ? prefix + l : ' '.repeat(prefix.length) + l));
  return [lines, ...node.children.flatMap((c) => causeBlocks(c, depth + 1))];
}

/** Lays out the fishbone tree (`fishboneTree`): the effect at the root, categories, then causes. */
export function fishboneLayout(tree: DiagramNode): FishboneLayout {
  const categories = tree.children;
  const top = categories.filter((_, i) => i % 2 === 0);
  const bottom = categories.filter((_, i) => i % 2 === 1);
  // Each category is a column: its label, then its cause blocks; a column is as wide as its widest box.
  const column = (category: DiagramNode) => {
    const label = box('category', wrap(category.text, WRAP));
    const blocks = category.children.flatMap((c) => causeBlocks(c)).map((lines) => box('cause', lines));
    const width = Math.max(label.width, ...blocks.map((b) => b.width));
    const height = label.height + blocks.reduce((h, b) => h + b.height + PAD, 0);
    return { label, blocks, width, height };
  };
  const topColumns = top.map(column);
  const bottomColumns = bottom.map(column);
  const topHeight = Math.max(0, ...topColumns.map((c) => c.height));
  const bottomHeight = Math.max(0, ...bottomColumns.map((c) => c.height));
  const spineY = MARGIN + topHeight + SPINE_GAP;
  const labels: LabelBox[] = [];
  const ribs: Segment[] = [];
  const place = (columns: typeof topColumns, above: boolean): number => {
    let x = MARGIN;
    for (const c of columns) {
      // Above the spine the category label is at the top and causes stack down towards the spine; below, mirrored.
      let y = above ? spineY - SPINE_GAP - c.height : spineY + SPINE_GAP;
      const stack = above ? [c.label, ...c.blocks] : [...c.blocks, c.label];
      for (const b of stack) {
        labels.push({ ...b, x, y });
        y += b.height + (b.kind === 'category' ? 0 : PAD);
      }
      // The rib runs from the category label's far corner to the spine, right of the column's boxes.
      const ribX = x + c.width + RIB_SLANT / 2;
      const end = above ? spineY - SPINE_GAP - c.height : spineY + SPINE_GAP + c.height;
      ribs.push({ x1: ribX - RIB_SLANT / 2, y1: end, x2: ribX + RIB_SLANT / 2, y2: spineY });
      x += c.width + RIB_SLANT + COLUMN_GAP;
    }
    return x;
  };
  const right = Math.max(place(topColumns, true), place(bottomColumns, false), MARGIN + 200);
  const effect = box('effect', wrap(tree.text, WRAP));
  const effectY = spineY - effect.height / 2;
  labels.push({ ...effect, x: right, y: effectY });
  const height = Math.max(spineY + SPINE_GAP + bottomHeight, effectY + effect.height) + MARGIN;
  return {
    width: right + effect.width + MARGIN,
    height,
    labels,
    spine: { x1: MARGIN, y1: spineY, x2: right, y2: spineY },
    ribs,
  };
}

/** The fishbone as a standalone SVG document. */
export function fishboneSvg(tree: DiagramNode, title: string): string {
  const layout = fishboneLayout(tree);
  const n = (v: number): number => Math.round(v * 10) / 10;
  const line = (s: Segment, cls: string) =>
    `<line class="${cls}" x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}"/>`;
  const text = (b: LabelBox) =>
    `<g class="${b.kind}"><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="4"/>` +
    b.lines
      .map(
        (l, i) =>
          `<text x="${n(b.x + PAD)}" y="${n(b.y + PAD + (i + 1) * LINE - 4)}" xml:space="preserve">${xmlEscape(l)}</text>`,
      )
      .join('') +
    '</g>';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(layout.width)}" height="${n(layout.height)}" viewBox="0 0 ${n(layout.width)} ${n(layout.height)}" role="img" aria-label="${xmlEscape(title)}">`,
    `<title>${xmlEscape(title)}</title>`,
    `<style>text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:${FONT_SIZE}px;fill:#1f2933}` +
      'rect{fill:#fff;stroke:#9aa5b1}.effect rect{fill:#fde8e8;stroke:#c81e1e}.category rect{fill:#e1effe;stroke:#1c64f2}' +
      '.cause rect{stroke:none;fill:none}line{stroke:#3e4c59;stroke-width:2}line.rib{stroke-width:1.5}</style>',
    line(layout.spine, 'spine'),
    ...layout.ribs.map((r) => line(r, 'rib')),
    ...layout.labels.map(text),
    '</svg>',
    '',
  ].join('\n');
}
