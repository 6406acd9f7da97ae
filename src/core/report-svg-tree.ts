/**
 * A 5 Whys analysis as an SVG tree: the problem in a box at the top, each answer in a word-wrapped box under
 * the answer it explains, indented one step per level, joined to its parent by an elbow line. An indented tree
 * keeps the page width whatever the depth and the number of branches. The leaves are the root causes (as in the
 * Markdown report, `report-markdown-analysis.ts`): red border and a "Root cause" tag.
 */
import type { DiagramNode } from './diagram-exports.js';
import {
  CHAR_WIDTH,
  charsFitting,
  coord,
  emptySvg,
  FONT_SIZE,
  LINE_HEIGHT,
  SVG_MARGIN,
  SVG_WIDTH,
  svgDocument,
  textLines,
  textWidth,
  wrapLimited,
} from './report-svg-common.js';

const INDENT = 28;
const PAD = 8;
const GAP = 10;
/** Deepest level indented; deeper answers stay at this indent so their boxes keep a readable width. */
const MAX_INDENT_LEVEL = 8;
const MAX_LINES = 6;
const TAG = 'Root cause';
const TAG_HEIGHT = 14;

const STYLE =
  '.node rect{fill:#fff;stroke:#9aa5b1;stroke-width:1.2}.problem rect{fill:#e1effe;stroke:#1c64f2;stroke-width:2}' +
  '.problem text{font-weight:bold}.root rect{fill:#fde8e8;stroke:#c81e1e;stroke-width:2.5}' +
  '.tag{font-size:10px;font-weight:bold;fill:#c81e1e}.edge{fill:none;stroke:#7b8794;stroke-width:1.2}';

/** A placed box of the tree. */
export interface TreeBox {
  readonly kind: 'problem' | 'answer' | 'root';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly string[];
  /** Index of the parent box in the layout, absent for the problem. */
  readonly parent?: number;
}

/** Lays the tree out: depth-first, one box per node, each under the previous one. */
export function treeLayout(tree: DiagramNode): {
  readonly boxes: readonly TreeBox[];
  readonly height: number;
} {
  const boxes: TreeBox[] = [];
  let y = SVG_MARGIN;
  const place = (node: DiagramNode, depth: number, parent?: number): void => {
    const kind = depth === 0 ? 'problem' : node.children.length === 0 ? 'root' : 'answer';
    const x = SVG_MARGIN + Math.min(depth, MAX_INDENT_LEVEL) * INDENT;
    const room = SVG_WIDTH - SVG_MARGIN - x - 2 * PAD;
    const lines = wrapLimited(node.text, charsFitting(room), MAX_LINES);
    const tag = kind === 'root' ? TAG_HEIGHT : 0;
    const width = Math.min(room, Math.max(textWidth(lines), TAG.length * CHAR_WIDTH)) + 2 * PAD;
    const height = tag + lines.length * LINE_HEIGHT + 2 * PAD - 2;
    const index = boxes.length;
    boxes.push({ kind, x, y, width, height, lines, ...(parent === undefined ? {} : { parent }) });
    y += height + GAP;
    for (const child of node.children) place(child, depth + 1, index);
  };
  place(tree, 0);
  return { boxes, height: y - GAP + SVG_MARGIN };
}

/** The 5 Whys tree as a standalone SVG; a problem without answers says so under its box. */
export function fiveWhysSvg(title: string, tree: DiagramNode): string {
  if (tree.text.trim() === '' && tree.children.length === 0)
    return emptySvg('five-whys', title, 'No 5 Whys analysis to show.');
  const { boxes, height } = treeLayout(tree);
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const box of boxes) {
    if (box.parent !== undefined) {
      const parent = boxes[box.parent];
      if (parent !== undefined) {
        // From the parent's bottom, near its left edge, down and right into the middle of this box's left side.
        const px = parent.x + INDENT / 2;
        const cy = box.y + Math.min(box.height / 2, 14);
        edges.push(
          `<path class="edge" d="M${coord(px)} ${coord(parent.y + parent.height)}V${coord(cy)}H${coord(box.x)}"/>`,
        );
      }
    }
    const tag = box.kind === 'root' ? TAG_HEIGHT : 0;
    nodes.push(
      `<g class="node ${box.kind}"><rect x="${coord(box.x)}" y="${coord(box.y)}" width="${coord(box.width)}" height="${coord(box.height)}" rx="5"/>` +
        (tag > 0 ? textLines([TAG], box.x + PAD, box.y + PAD + 8, { className: 'tag' }) : '') +
        textLines(box.lines, box.x + PAD, box.y + PAD + tag + FONT_SIZE - 1) +
        '</g>',
    );
  }
  const extra =
    tree.children.length === 0
      ? textLines(['No answers recorded yet.'], SVG_MARGIN, height + FONT_SIZE - 4, { className: 'empty' })
      : '';
  return svgDocument({
    kind: 'five-whys',
    title,
    width: SVG_WIDTH,
    height: height + (extra === '' ? 0 : LINE_HEIGHT),
    style: STYLE,
    body: [...edges, ...nodes, ...(extra === '' ? [] : [extra])],
  });
}
