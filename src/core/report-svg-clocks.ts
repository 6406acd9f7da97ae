/**
 * The response clocks as SVG: one row per clock, its name, a bar for the measured time and a vertical line for
 * its target, drawn to the clock's own scale (times range from minutes to days; the numbers are printed beside
 * each bar). A missed target is red, a met one green, a clock without a target grey; an approximate time (from
 * an uncertain entry) is hatched and marked `≈`; a clock that cannot be computed says so instead of a bar.
 */
import type { ClockBar } from './report-model.js';
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
import { humanDuration } from './time.js';

const LABEL_WIDTH = 190;
const BAR_X = SVG_MARGIN + LABEL_WIDTH + 10;
const VALUE_WIDTH = 130;
const BAR_WIDTH = SVG_WIDTH - SVG_MARGIN - VALUE_WIDTH - BAR_X;
const VALUE_X = BAR_X + BAR_WIDTH + 10;
const BAR_HEIGHT = 14;
const ROW_GAP = 10;
const LEGEND_HEIGHT = 24;
/** The longest value drawn is this share of the bar area, so the target line is visible past a met bar. */
const HEADROOM = 0.9;
/** Shared by every clocks diagram of a page (identical definitions, so a repeated id is harmless). */
const HATCH_ID = 'debrief-clock-hatch';

const STYLE =
  '.track{fill:#f3f5f7}.bar.met{fill:#0e9f6e}.bar.breached{fill:#c81e1e}.bar.none{fill:#7b8794}' +
  '.target{stroke:#1f2933;stroke-width:2;stroke-dasharray:3 2}.value.breached{fill:#c81e1e;font-weight:bold}' +
  '.hatch{fill:url(#debrief-clock-hatch)}.na{fill:#616e7c;font-style:italic}';

/** The state a bar is coloured by. */
function state(clock: ClockBar): 'breached' | 'met' | 'none' {
  if (clock.breached) return 'breached';
  return clock.targetSeconds === undefined ? 'none' : 'met';
}

/** One clock's row. */
function row(clock: ClockBar, y: number): { svg: string; height: number } {
  const label = wrapLimited(clock.label, charsFitting(LABEL_WIDTH), 3);
  const height = Math.max(2, label.length) * LINE_HEIGHT;
  const parts = [textLines(label, SVG_MARGIN, y + FONT_SIZE)];
  const barY = y + (LINE_HEIGHT - BAR_HEIGHT) / 2 + 2;
  const target = clock.targetSeconds;
  const targetText = target === undefined ? 'no target' : `target ${humanDuration(target)}`;
  if (clock.seconds === undefined) {
    parts.push(textLines(['not computable'], BAR_X, y + FONT_SIZE, { className: 'na' }));
    if (target !== undefined)
      parts.push(textLines([targetText], VALUE_X, y + FONT_SIZE, { className: 'muted' }));
    return { svg: `<g class="clock na">${parts.join('')}</g>`, height };
  }
  const seconds = Math.max(0, clock.seconds);
  const scale = (Math.max(seconds, target ?? 0) || 1) / HEADROOM;
  const length = Math.max(2, (seconds / scale) * BAR_WIDTH);
  const s = state(clock);
  parts.push(
    `<rect class="track" x="${BAR_X}" y="${coord(barY)}" width="${coord(BAR_WIDTH)}" height="${BAR_HEIGHT}" rx="3"/>`,
    `<rect class="bar ${s}" x="${BAR_X}" y="${coord(barY)}" width="${coord(length)}" height="${BAR_HEIGHT}" rx="3"/>`,
  );
  if (clock.approximate)
    parts.push(
      `<rect class="hatch" x="${BAR_X}" y="${coord(barY)}" width="${coord(length)}" height="${BAR_HEIGHT}" rx="3"/>`,
    );
  if (target !== undefined) {
    const tx = BAR_X + (target / scale) * BAR_WIDTH;
    parts.push(
      `<line class="target" x1="${coord(tx)}" y1="${coord(barY - 4)}" x2="${coord(tx)}" y2="${coord(barY + BAR_HEIGHT + 4)}"/>`,
    );
  }
  const value = `${clock.approximate ? '≈ ' : ''}${humanDuration(clock.seconds)}${s === 'breached' ? ' (missed)' : ''}`;
  parts.push(
    textLines([value], VALUE_X, y + FONT_SIZE, { className: `value ${s}` }),
    textLines([targetText], VALUE_X, y + FONT_SIZE + LINE_HEIGHT, { className: 'small muted' }),
  );
  return { svg: `<g class="clock ${s}${clock.approximate ? ' approx' : ''}">${parts.join('')}</g>`, height };
}

/** The clocks against their targets as a standalone SVG. */
export function clocksSvg(title: string, clocks: readonly ClockBar[]): string {
  if (clocks.length === 0) return emptySvg('clocks', title, 'No clocks to show.');
  const body: string[] = [
    `<defs><pattern id="${HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      '<rect width="3" height="6" fill="#fff" fill-opacity="0.55"/></pattern></defs>',
    textLines(
      ['Bar: measured time · dashed line: target · red: target missed · hatched, ≈: approximate'],
      SVG_MARGIN,
      SVG_MARGIN + 10,
      { className: 'small muted' },
    ),
  ];
  let y = SVG_MARGIN + LEGEND_HEIGHT;
  for (const clock of clocks) {
    const r = row(clock, y);
    body.push(r.svg);
    y += r.height + ROW_GAP;
  }
  return svgDocument({
    kind: 'clocks',
    title,
    width: SVG_WIDTH,
    height: y - ROW_GAP + SVG_MARGIN,
    style: STYLE,
    body,
  });
}
