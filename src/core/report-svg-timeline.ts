/**
 * The report's timeline diagram as SVG: a vertical timeline (it fits an A4 page however many events there are),
 * one band per UTC day, then for each period its time left of the line, a dot on the line and its events to
 * the right, word-wrapped. An event written `Label: detail` (how the report names milestones) shows its label
 * in bold; an approximate event (`≈ ` in front) gets a hollow dot.
 */

import { xmlEscape } from './diagram-exports.js';
import type { TimelineSection } from './mermaid.js';
import {
  charsFitting,
  coord,
  emptySvg,
  FONT_SIZE,
  LINE_HEIGHT,
  SVG_MARGIN,
  SVG_WIDTH,
  svgDocument,
  textLines,
  wrapLimited,
} from './report-svg-common.js';

const TIME_RIGHT = SVG_MARGIN + 72;
const AXIS_X = TIME_RIGHT + 18;
const TEXT_X = AXIS_X + 18;
const TEXT_CHARS = charsFitting(SVG_WIDTH - SVG_MARGIN - TEXT_X);
const DAY_HEIGHT = 24;
const EVENT_GAP = 8;
/** Lines one event may take before it is cut (the timeline table holds the full text). */
const MAX_EVENT_LINES = 4;
/** Longest text before `: ` taken as a milestone label. */
const MAX_LABEL = 40;

const STYLE =
  '.axis{stroke:#9aa5b1;stroke-width:2}.day rect{fill:#e1effe}.day text{font-weight:bold;fill:#1a3f73}' +
  '.dot{fill:#1c64f2;stroke:#fff;stroke-width:2}.dot.approx{fill:#fff;stroke:#1c64f2;stroke-width:2}' +
  '.time{fill:#3e4c59;font-variant-numeric:tabular-nums}';

/** One event's lines, with the milestone label (if any) in bold on the first line. */
function eventText(event: string, y: number): { svg: string; lines: number; approximate: boolean } {
  const approximate = event.startsWith('≈');
  const lines = wrapLimited(event, TEXT_CHARS, MAX_EVENT_LINES);
  const colon = event.indexOf(': ');
  const label = colon > 0 && colon <= MAX_LABEL ? event.slice(0, colon + 1) : '';
  const first = lines[0] ?? '';
  let svg: string;
  if (label !== '' && first.startsWith(label)) {
    // The label and the rest of the first line as two tspans of one text element: no width guessing needed.
    svg =
      `<text x="${coord(TEXT_X)}" y="${coord(y)}"><tspan class="bold">${xmlEscape(label)}</tspan>` +
      `${xmlEscape(first.slice(label.length))}</text>` +
      textLines(lines.slice(1), TEXT_X, y + LINE_HEIGHT);
  } else svg = textLines(lines, TEXT_X, y);
  return { svg, lines: lines.length, approximate };
}

/** The timeline (days → periods → events) as a standalone SVG. */
export function timelineSvg(title: string, sections: readonly TimelineSection[]): string {
  const days = sections
    .map((s) => ({ ...s, periods: s.periods.filter((p) => p.events.length > 0) }))
    .filter((s) => s.periods.length > 0);
  if (days.length === 0) return emptySvg('timeline', title, 'No dated events to show on the timeline.');
  const body: string[] = [];
  const axes: string[] = [];
  let y = SVG_MARGIN;
  for (const day of days) {
    body.push(
      `<g class="day"><rect x="${SVG_MARGIN}" y="${coord(y)}" width="${SVG_WIDTH - 2 * SVG_MARGIN}" height="${DAY_HEIGHT}" rx="4"/>` +
        textLines([day.name], SVG_MARGIN + 8, y + DAY_HEIGHT / 2 + FONT_SIZE / 2 - 2) +
        '</g>',
    );
    y += DAY_HEIGHT + EVENT_GAP + 4;
    const axisTop = y - 4;
    for (const period of day.periods) {
      const baseline = y + FONT_SIZE;
      body.push(textLines([period.period], TIME_RIGHT, baseline, { className: 'time', anchor: 'end' }));
      period.events.forEach((event, i) => {
        const text = eventText(event, y + FONT_SIZE);
        // One dot per period at its first event; further events of the same minute get a smaller one.
        const r = i === 0 ? 5 : 3;
        body.push(
          `<circle class="dot${text.approximate ? ' approx' : ''}" cx="${AXIS_X}" cy="${coord(y + FONT_SIZE / 2 + 1)}" r="${r}"/>`,
          text.svg,
        );
        y += text.lines * LINE_HEIGHT + EVENT_GAP;
      });
    }
    axes.push(
      `<line class="axis" x1="${AXIS_X}" y1="${coord(axisTop)}" x2="${AXIS_X}" y2="${coord(y - EVENT_GAP)}"/>`,
    );
    y += 6;
  }
  const height = y + SVG_MARGIN - 6;
  // Axes first, so the dots are drawn over them.
  return svgDocument({
    kind: 'timeline',
    title,
    width: SVG_WIDTH,
    height,
    style: STYLE,
    body: [...axes, ...body],
  });
}
