/**
 * A report diagram's data in a form any document can hold without drawing: a table of plain-text cells, or a
 * tree for nested lists. Word, Confluence and Notion use it where they cannot show the diagram itself (no
 * Mermaid, no SVG renderer), so the reader still gets every value the diagram shows.
 */
import type { DiagramNode } from './diagram-exports.js';
import type { ClockBar, ReportDiagram } from './report-model.js';
import { humanDuration } from './time.js';

/** A diagram as a table (timeline, attack path, clocks) or a tree (fishbone, 5 Whys). All text is plain. */
export type DiagramData =
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly headers: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'tree'; readonly title: string; readonly root: DiagramNode };

/** The data of a diagram, ready to render as a table or a nested list. */
export function diagramData(diagram: ReportDiagram): DiagramData {
  switch (diagram.kind) {
    case 'timeline':
      return {
        kind: 'table',
        title: diagram.title,
        headers: ['Day', 'Time', 'Event'],
        rows: diagram.sections.flatMap((section) =>
          section.periods.flatMap((period) =>
            period.events.map((event) => [section.name, period.period, event]),
          ),
        ),
      };
    case 'fishbone':
    case 'five-whys':
      return { kind: 'tree', title: diagram.title, root: diagram.tree };
    case 'attack-path':
      return {
        kind: 'table',
        title: diagram.title,
        headers: ['Step', 'Technique', 'Tactics', 'First seen (UTC)'],
        rows: diagram.steps.map((step, i) => [
          String(i + 1),
          step.name === undefined ? step.technique : `${step.technique} ${step.name}`,
          step.tactics.length === 0 ? '—' : step.tactics.join(', '),
          step.at,
        ]),
      };
    case 'clocks':
      return {
        kind: 'table',
        title: diagram.title,
        headers: ['Clock', 'Value', 'Target', 'Status'],
        rows: diagram.clocks.map((clock) => [
          clock.label,
          clock.seconds === undefined
            ? 'not computable'
            : `${clock.approximate ? '≈ ' : ''}${humanDuration(clock.seconds)}`,
          clock.targetSeconds === undefined ? 'no target' : humanDuration(clock.targetSeconds),
          clockStatus(clock),
        ]),
      };
    default:
      return diagram satisfies never;
  }
}

function clockStatus(clock: ClockBar): string {
  if (clock.seconds === undefined) return '—';
  if (clock.targetSeconds === undefined) return 'no target set';
  return clock.breached ? 'BREACHED' : 'within target';
}
