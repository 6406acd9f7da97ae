/**
 * A horizontal bar chart drawn by hand in SVG: one labelled bar per item, in the order given (most frequent
 * first), its value written at the end of the bar. Used for recurring causes, techniques and overdue by owner.
 */
import { clip } from './ChartCard.js';

/** One bar: its label and its value; `key` must be unique. */
export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
}

/** Props of the bar chart. */
export interface BarChartProps {
  readonly bars: readonly Bar[];
  /** The accessible description of the whole chart. */
  readonly label: string;
  /** What a value counts, for the tooltips: `post-mortems`. */
  readonly unit: string;
  /** A class for the bars' colour (`bar-accent`, `bar-warn`). */
  readonly tone?: 'accent' | 'warn';
}

const WIDTH = 640;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 44;
const ROW = 28;
const PAD = 6;

/** The chart; the caller frames it in a `ChartCard` with the table alternative. */
export function BarChart({ bars, label, unit, tone = 'accent' }: BarChartProps) {
  const max = bars.reduce((m, b) => Math.max(m, b.value), 0);
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW + PAD * 2;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${height}`}
      className="bar-chart"
      style={{ aspectRatio: `${WIDTH} / ${height}`, maxWidth: `${WIDTH}px` }}
    >
      {bars.map((bar, i) => {
        const y = PAD + i * ROW;
        const w = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * span);
        return (
          <g key={bar.key} className="bar-row">
            <title>{`${bar.label}: ${bar.value} ${unit}`}</title>
            <text
              x={LABEL_WIDTH - 8}
              y={y + ROW / 2}
              className="bar-label"
              textAnchor="end"
              dominantBaseline="middle"
            >
              {clip(bar.label, 26)}
            </text>
            <rect className={`bar bar-${tone}`} x={LABEL_WIDTH} y={y + 4} width={w} height={ROW - 8} rx={3} />
            <text x={LABEL_WIDTH + w + 6} y={y + ROW / 2} className="bar-value" dominantBaseline="middle">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
