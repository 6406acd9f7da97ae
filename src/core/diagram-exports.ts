/**
 * The fishbone and the 5 Whys trees in the formats of the tools teams already use: a Mermaid flowchart, a
 * draw.io diagram (`.drawio`, mxGraph XML), and a mind map as OPML or FreeMind `.mm` (which MindMeister and XMind
 * import). Both analyses become one tree first (`DiagramNode`); each format is a pure function of the tree.
 */
import { type FlowchartEdge, type FlowchartNode, flowchart } from './mermaid.js';
import type { PostMortem } from './model.js';
import type { FishboneSubCause, FiveWhys, Why } from './model-analysis.js';

/** One node of an analysis tree: the problem at the root, then categories, causes, sub-causes or whys. */
export interface DiagramNode {
  readonly id: string;
  readonly text: string;
  readonly children: readonly DiagramNode[];
}

/** The fishbone as a tree: the effect, its categories (every one, even without causes), their causes. */
export function fishboneTree(doc: PostMortem): DiagramNode {
  const { fishbone } = doc.analysis;
  const sub = (causes: readonly FishboneSubCause[]): DiagramNode[] =>
    causes.map((c) => ({ id: c.id, text: c.text, children: sub(c.causes) }));
  const categories = [...fishbone.categories];
  for (const c of fishbone.causes) if (!categories.includes(c.category)) categories.push(c.category);
  return {
    id: 'effect',
    text: fishbone.problem ?? doc.title,
    children: categories.map((category) => ({
      id: `category-${category}`,
      text: category,
      children: fishbone.causes
        .filter((c) => c.category === category)
        .map((c) => ({ id: c.id, text: c.text, children: sub(c.causes) })),
    })),
  };
}

/** A 5 Whys analysis as a tree: the problem, then each why under the answer it asks about. */
export function fiveWhysTree(analysis: FiveWhys): DiagramNode {
  const walk = (whys: readonly Why[]): DiagramNode[] =>
    whys.map((w) => ({ id: w.id, text: w.answer, children: walk(w.whys) }));
  return { id: analysis.id, text: analysis.problem, children: walk(analysis.whys) };
}

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; they are dropped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\n/g, '&#10;')
  );
}

/** The tree as a Mermaid flowchart, root at the top. */
export function toMermaid(root: DiagramNode): string {
  const nodes: FlowchartNode[] = [];
  const edges: FlowchartEdge[] = [];
  const walk = (node: DiagramNode, parent?: string): void => {
    const key = `${nodes.length}:${node.id}`;
    nodes.push({ key, label: node.text, shape: parent === undefined ? 'stadium' : 'rounded' });
    if (parent !== undefined) edges.push({ from: parent, to: key });
    for (const child of node.children) walk(child, key);
  };
  walk(root);
  return flowchart({ direction: 'TD', nodes, edges });
}

/** The tree as an OPML 2.0 outline (mind-map tools import it). */
export function toOpml(root: DiagramNode, title: string): string {
  const outline = (node: DiagramNode, depth: number): string[] => {
    const pad = '  '.repeat(depth);
    const attrs = `text="${xmlEscape(node.text)}"`;
    if (node.children.length === 0) return [`${pad}<outline ${attrs}/>`];
    return [
      `${pad}<outline ${attrs}>`,
      ...node.children.flatMap((c) => outline(c, depth + 1)),
      `${pad}</outline>`,
    ];
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${xmlEscape(title)}</title></head>`,
    '  <body>',
    ...outline(root, 2),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** The tree as a FreeMind map (`.mm`); first-level nodes alternate right and left of the root. */
export function toFreeMind(root: DiagramNode): string {
  const node = (n: DiagramNode, depth: number, position?: 'left' | 'right'): string[] => {
    const pad = '  '.repeat(depth);
    const attrs = `TEXT="${xmlEscape(n.text)}"${position ? ` POSITION="${position}"` : ''}`;
    if (n.children.length === 0) return [`${pad}<node ${attrs}/>`];
    return [
      `${pad}<node ${attrs}>`,
      ...n.children.flatMap((c, i) =>
        node(c, depth + 1, depth === 1 ? (i % 2 === 0 ? 'right' : 'left') : undefined),
      ),
      `${pad}</node>`,
    ];
  };
  return ['<map version="1.0.1">', ...node(root, 1), '</map>', ''].join('\n');
}

/** Cell geometry of the draw.io layout. */
const CELL = { width: 200, height: 60, columnGap: 60, rowGap: 20 } as const;

/**
 * The tree as a draw.io diagram: one box per node, laid out left to right by depth, each parent centred on its
 * children, with an edge from each parent to each child. Boxes never overlap: each leaf has its own row.
 */
export function toDrawio(root: DiagramNode, title: string): string {
  const cells: string[] = [];
  let row = 0;
  let next = 2; // mxGraph ids 0 and 1 are the root cell and the default layer
  const place = (node: DiagramNode, depth: number): { id: number; y: number } => {
    const id = next++;
    const kids = node.children.map((c) => place(c, depth + 1));
    const y =
      kids.length === 0
        ? row++ * (CELL.height + CELL.rowGap)
        : ((kids[0]?.y ?? 0) + (kids.at(-1)?.y ?? 0)) / 2;
    const x = depth * (CELL.width + CELL.columnGap);
    cells.push(
      `<mxCell id="${id}" value="${xmlEscape(node.text)}" style="rounded=1;whiteSpace=wrap;html=0;" vertex="1" parent="1">` +
        `<mxGeometry x="${x}" y="${y}" width="${CELL.width}" height="${CELL.height}" as="geometry"/></mxCell>`,
    );
    for (const kid of kids) {
      cells.push(
        `<mxCell id="${next++}" style="edgeStyle=orthogonalEdgeStyle;" edge="1" parent="1" source="${id}" target="${kid.id}">` +
          '<mxGeometry relative="1" as="geometry"/></mxCell>',
      );
    }
    return { id, y };
  };
  place(root, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<mxfile host="Debrief">',
    `  <diagram id="debrief" name="${xmlEscape(title)}">`,
    '    <mxGraphModel><root>',
    '      <mxCell id="0"/>',
    '      <mxCell id="1" parent="0"/>',
    ...cells.map((c) => `      ${c}`),
    '    </root></mxGraphModel>',
    '  </diagram>',
    '</mxfile>',
    '',
  ].join('\n');
}
