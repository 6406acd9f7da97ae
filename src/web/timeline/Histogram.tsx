/**
 * The histogram of the working timeline: matching events per time bucket as an SVG bar chart, with a brush.
 * Drag across the bars with a pointer, or use the keyboard (arrows move, Shift+arrows extend, Enter applies,
 * Escape cancels), to choose a time range; `onSelect` receives it as the `from`/`to` filters.
 */
import { type KeyboardEvent, type PointerEvent, useState } from 'react';
import { formatUtc, type TimelineHistogram } from './timeline-query.js';

const WIDTH = 1000;
const HEIGHT = 120;

const UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** The bucket size in words: `hour`, `5 minutes`, `2 days`. */
export function bucketLabel(bucketMs: number): string {
  for (const [ms, unit] of UNITS) {
    if (bucketMs >= ms && bucketMs % ms === 0) {
      const n = bucketMs / ms;
      return n === 1 ? unit : `${n} ${unit}s`;
    }
  }
  return `${bucketMs} milliseconds`;
}

/** The time range of buckets `a`..`b` (either order) as inclusive `from`/`to` instants. */
export function rangeOf(histogram: TimelineHistogram, a: number, b: number): { from: string; to: string } {
  const first = histogram.buckets[Math.min(a, b)];
  const last = histogram.buckets[Math.max(a, b)];
  if (first === undefined || last === undefined) throw new RangeError('bucket index out of range');
  // `to` is inclusive: the last millisecond of the last bucket.
  const end = new Date(Date.parse(last.start) + histogram.bucketMs - 1);
  return { from: new Date(Date.parse(first.start)).toISOString(), to: end.toISOString() };
}

interface Brush {
  readonly anchor: number;
  readonly focus: number;
}

/** Props of the histogram: the data, and what to do with a brushed range. */
export interface HistogramProps {
  readonly histogram: TimelineHistogram;
  readonly onSelect: (range: { from: string; to: string }) => void;
}

/** The bar chart with its brush. */
export function Histogram({ histogram, onSelect }: HistogramProps) {
  const [brush, setBrush] = useState<Brush | null>(null);
  const [dragging, setDragging] = useState(false);
  const { buckets } = histogram;
  const n = buckets.length;
  const max = buckets.reduce((m, b) => Math.max(m, b.count), 0);
  const barWidth = n > 0 ? WIDTH / n : WIDTH;
  const label = `Events per ${bucketLabel(histogram.bucketMs)}`;

  // The bucket under the pointer: from its position when the chart has a size, else from the bar it is on
  // (a captured pointer keeps targeting the chart, so the position is the reliable source in browsers).
  const bucketAt = (event: PointerEvent<SVGSVGElement>): number | undefined => {
    const rect = event.currentTarget.getBoundingClientRect();
    if (rect.width > 0) {
      const index = Math.floor(((event.clientX - rect.left) / rect.width) * n);
      return Math.min(n - 1, Math.max(0, index));
    }
    const index = (event.target as Element).getAttribute?.('data-index');
    return index === null || index === undefined ? undefined : Number(index);
  };

  const apply = (b: Brush) => {
    setBrush(null);
    onSelect(rangeOf(histogram, b.anchor, b.focus));
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    const index = bucketAt(event);
    if (index === undefined) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    setDragging(true);
    setBrush({ anchor: index, focus: index });
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (!dragging || brush === null) return;
    const index = bucketAt(event);
    if (index !== undefined && index !== brush.focus) setBrush({ anchor: brush.anchor, focus: index });
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    if (!dragging || brush === null) return;
    setDragging(false);
    const index = bucketAt(event) ?? brush.focus;
    apply({ anchor: brush.anchor, focus: index });
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (n === 0) return;
    const current = brush ?? { anchor: 0, focus: 0 };
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      const focus = Math.min(n - 1, Math.max(0, (brush === null ? -step : current.focus) + step));
      setBrush({ anchor: event.shiftKey && brush !== null ? current.anchor : focus, focus });
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const focus = event.key === 'Home' ? 0 : n - 1;
      setBrush({ anchor: event.shiftKey && brush !== null ? current.anchor : focus, focus });
    } else if (event.key === 'Enter' && brush !== null) {
      event.preventDefault();
      apply(brush);
    } else if (event.key === 'Escape') {
      setBrush(null);
    }
  };

  const low = brush === null ? -1 : Math.min(brush.anchor, brush.focus);
  const high = brush === null ? -1 : Math.max(brush.anchor, brush.focus);
  const selection =
    brush === null
      ? ''
      : (() => {
          const range = rangeOf(histogram, low, high);
          const count = buckets.slice(low, high + 1).reduce((sum, b) => sum + b.count, 0);
          return `${formatUtc(range.from)} to ${formatUtc(range.to)}: ${count.toLocaleString('en')} events. Enter applies, Escape cancels.`;
        })();

  return (
    <figure className="histogram">
      <svg
        role="img"
        aria-label={label}
        aria-describedby="histogram-help"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart is a keyboard-operable range selector
        tabIndex={0}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="histogram-chart"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          setDragging(false);
          setBrush(null);
        }}
        onKeyDown={onKeyDown}
      >
        <title>{label}</title>
        {buckets.map((bucket, i) => {
          const h = max === 0 ? 0 : Math.max(bucket.count > 0 ? 2 : 0, (bucket.count / max) * (HEIGHT - 4));
          const selected = i >= low && i <= high;
          return (
            <g key={bucket.start}>
              <rect
                data-index={i}
                className={selected ? 'histogram-slot selected' : 'histogram-slot'}
                x={i * barWidth}
                y={0}
                width={barWidth}
                height={HEIGHT}
              />
              <rect
                data-index={i}
                className="histogram-bar"
                x={i * barWidth + barWidth * 0.1}
                y={HEIGHT - h}
                width={barWidth * 0.8}
                height={h}
              >
                <title>{`${formatUtc(bucket.start)}: ${bucket.count.toLocaleString('en')}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <figcaption id="histogram-help" className="histogram-caption">
        <span>
          {histogram.total.toLocaleString('en')} events
          {n > 0
            ? `, ${formatUtc(buckets[0]?.start ?? '')} to ${formatUtc(buckets[n - 1]?.start ?? '')}`
            : ''}
          . Drag across the bars, or focus the chart and use the arrow keys (Shift to extend), to filter a
          time range.
        </span>
        <span aria-live="polite" className="histogram-selection">
          {selection}
        </span>
      </figcaption>
    </figure>
  );
}
