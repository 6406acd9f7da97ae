/**
 * Lays the lateral-movement graph out for drawing: hosts left to right in the order they were first seen (one
 * column each), staggered over three rows. A move to the next column is a gentle curve from side to side; a
 * longer move arcs above every row (below, for a move back in time), higher the further it jumps, so it never runs
 * through the hosts in between and labels of different moves do not sit on each other.
 */
import type { LateralGraph } from './attack-api.js';

/** A host placed on the canvas (centre point). */
export interface PlacedNode {
  readonly id: string;
  readonly kind: 'host' | 'address';
  readonly firstSeen: string;
  readonly x: number;
  readonly y: number;
}

/** One movement of the graph. */
export type LateralEdge = LateralGraph['edges'][number];

/** An edge as an SVG path, with where its label goes. */
export interface PlacedEdge {
  readonly edge: LateralEdge;
  readonly from: string;
  readonly to: string;
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
}

/** The laid-out graph and the canvas size. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** Node box size and spacing, in SVG units. */
export const NODE_WIDTH = 140;
export const NODE_HEIGHT = 40;
const COLUMN = 190;
const ROW = 90;
const ROWS = 3;
const MARGIN = 24;

interface Curve {
  readonly edge: LateralEdge;
  readonly from: string;
  readonly to: string;
  /** Start, control points, end (a quadratic has one control point). */
  readonly points: readonly (readonly [number, number])[];
}

/** The point at t = 0.5 of a quadratic or cubic Bézier curve (where the label goes). */
function middle(points: Curve['points']): [number, number] {
  const weights = points.length === 3 ? [0.25, 0.5, 0.25] : [0.125, 0.375, 0.375, 0.125];
  let x = 0;
  let y = 0;
  points.forEach(([px, py], i) => {
    x += (weights[i] ?? 0) * px;
    y += (weights[i] ?? 0) * py;
  });
  return [x, y];
}

/** The layout of a graph: columns by first seen (ties by name), rows cycling top, middle, bottom. */
export function layoutLateral(graph: LateralGraph): GraphLayout {
  const ordered = [...graph.nodes].sort(
    (a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen) || a.id.localeCompare(b.id),
  );
  const rows = Math.min(ROWS, Math.max(1, ordered.length));
  const placed = ordered.map((n, i) => ({ ...n, x: NODE_WIDTH / 2 + i * COLUMN, y: (i % rows) * ROW, i }));
  const at = new Map(placed.map((n) => [n.id, n]));
  const top = -NODE_HEIGHT / 2;
  const bottom = (rows - 1) * ROW + NODE_HEIGHT / 2;
  const curves: Curve[] = [];
  for (const edge of graph.edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (!a || !b || a === b) continue;
    const span = Math.abs(b.i - a.i);
    const forward = b.i > a.i;
    if (span === 1) {
      const x1 = a.x + (forward ? NODE_WIDTH / 2 : -NODE_WIDTH / 2);
      const x2 = b.x + (forward ? -NODE_WIDTH / 2 : NODE_WIDTH / 2);
      const bend = forward ? -30 : 30;
      curves.push({
        edge,
        from: edge.from,
        to: edge.to,
        points: [
          [x1, a.y],
          [(x1 + x2) / 2, (a.y + b.y) / 2 + bend],
          [x2, b.y],
        ],
      });
      continue;
    }
    // Leave from the top (bottom) of the box, climb above every row, come down onto the target.
    const lift = 40 + 28 * span;
    const y1 = forward ? a.y - NODE_HEIGHT / 2 : a.y + NODE_HEIGHT / 2;
    const y2 = forward ? b.y - NODE_HEIGHT / 2 : b.y + NODE_HEIGHT / 2;
    const c = forward ? top - lift : bottom + lift;
    // From the right part of the source's edge to the left part of the target's (mirrored going back).
    const dx = (forward ? 1 : -1) * (NODE_WIDTH / 4);
    curves.push({
      edge,
      from: edge.from,
      to: edge.to,
      points: [
        [a.x + dx, y1],
        [a.x + dx, c],
        [b.x - dx, c],
        [b.x - dx, y2],
      ],
    });
  }
  // A curve stays inside the hull of its points: frame everything, then move it all into the margin.
  const ys = [top - 20, bottom + 20, ...curves.flatMap((c) => c.points.map(([, y]) => y))];
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const shiftX = MARGIN;
  const shiftY = MARGIN - minY;
  const nodes = placed.map(
    ({ id, kind, firstSeen, x, y }): PlacedNode => ({ id, kind, firstSeen, x: x + shiftX, y: y + shiftY }),
  );
  const edges = curves.map((c): PlacedEdge => {
    const points = c.points.map(([x, y]) => [x + shiftX, y + shiftY] as const);
    const [start, ...rest] = points;
    const command = points.length === 3 ? 'Q' : 'C';
    const [labelX, labelY] = middle(points);
    return {
      edge: c.edge,
      from: c.from,
      to: c.to,
      path: `M ${start?.[0]} ${start?.[1]} ${command} ${rest.map(([x, y]) => `${x} ${y}`).join(' ')}`,
      labelX,
      labelY: labelY - 4,
    };
  });
  const width = MARGIN * 2 + NODE_WIDTH + Math.max(0, nodes.length - 1) * COLUMN;
  const height = Math.ceil(maxY - minY + 2 * MARGIN);
  return { width, height, nodes, edges };
}
