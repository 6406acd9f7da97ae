/**
 * The lateral-movement graph: hosts as boxes left to right by first seen, movements as arrows labelled with how
 * (network logon, remote service creation, SSH…) and when, drawn as SVG (`role="img"` with a label saying how many
 * hosts and movements), followed by the same edges as a table for screen readers and for reading details.
 * Patient zero (recorded, else suggested) is highlighted in both.
 */
import { useId } from 'react';
import { formatInstant, plural } from '../indicators/format.js';
import type { LateralGraph as Graph } from './attack-api.js';
import { layoutLateral, NODE_HEIGHT, NODE_WIDTH } from './lateral-layout.js';

/** Props: the graph, and the host to highlight as patient zero. */
export interface LateralGraphProps {
  readonly graph: Graph;
  readonly patientZero?: string | undefined;
}

/** How an edge moved: its kinds with their counts (`network logon ×2, SSH login`). */
export function edgeHow(kinds: Readonly<Record<string, number>>): string {
  return Object.entries(kinds)
    .map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind))
    .join(', ');
}

/** A host name cut to fit its box. */
function clip(text: string, max = 18): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The graph drawing and its table. */
export function LateralGraph({ graph, patientZero }: LateralGraphProps) {
  const marker = useId().replaceAll(':', '');
  if (graph.nodes.length === 0) {
    return (
      <p>No lateral movement found in the events (network logons, remote services, SSH, admin ports).</p>
    );
  }
  const layout = layoutLateral(graph);
  const hosts = plural(graph.nodes.length, 'host');
  const moves = plural(graph.edges.length, 'movement');
  const label = `Lateral movement graph: ${hosts}, ${moves}${patientZero ? `; patient zero ${patientZero}` : ''}`;
  return (
    <div className="lateral">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide drawing scrolls sideways; keyboard users need focus to scroll it. */}
      <section className="lateral-canvas" aria-label="Lateral movement drawing" tabIndex={0}>
        <svg
          role="img"
          aria-label={label}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          className="lateral-svg"
        >
          <defs>
            <marker
              id={marker}
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="lateral-arrow" />
            </marker>
          </defs>
          {layout.edges.map((e) => (
            <g key={`${e.from}>${e.to}`} className="lateral-edge" data-from={e.from} data-to={e.to}>
              <path d={e.path} markerEnd={`url(#${marker})`} />
              <text x={e.labelX} y={e.labelY} textAnchor="middle">
                {clip(edgeHow(e.edge.kinds), 28)} · {formatInstant(e.edge.first).slice(11, 16)}
              </text>
            </g>
          ))}
          {layout.nodes.map((n) => (
            <g
              key={n.id}
              className={`lateral-node${n.id === patientZero ? ' patient-zero' : ''}${n.kind === 'address' ? ' address' : ''}`}
              data-host={n.id}
            >
              <title>{`${n.id} (${n.kind}), first seen ${formatInstant(n.firstSeen)}`}</title>
              <rect
                x={n.x - NODE_WIDTH / 2}
                y={n.y - NODE_HEIGHT / 2}
                width={NODE_WIDTH}
                height={NODE_HEIGHT}
                rx="6"
              />
              <text x={n.x} y={n.y + 5} textAnchor="middle">
                {clip(n.id)}
              </text>
            </g>
          ))}
        </svg>
      </section>
      <table className="ws-table lateral-table">
        <caption>Lateral movements ({graph.edges.length})</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">How</th>
            <th scope="col">First</th>
            <th scope="col">Last</th>
            <th scope="col">Accounts</th>
            <th scope="col">Events</th>
          </tr>
        </thead>
        <tbody>
          {graph.edges.map((e) => (
            <tr key={`${e.from}>${e.to}`}>
              <td>
                {e.from}
                {e.from === patientZero ? <span className="badge pz-badge"> patient zero</span> : null}
              </td>
              <td>
                {e.to}
                {e.to === patientZero ? <span className="badge pz-badge"> patient zero</span> : null}
              </td>
              <td>
                {edgeHow(e.kinds)} ({e.count})
              </td>
              <td>{formatInstant(e.first)}</td>
              <td>{formatInstant(e.last)}</td>
              <td>{e.users.join(', ') || '—'}</td>
              <td>{e.events.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
