/**
 * One incident clock over time: each incident is a point placed at the day its clock ended, its height the
 * duration in a readable unit (minutes, hours or days, said on the axis), joined by a line in time order so a
 * trend shows. The table alternative lists every point, then the median and 90th percentile per quarter and
 * severity that `debrief insights` reports.
 */
import { humanDuration } from '../../core/time.js';
import { ChartCard } from './ChartCard.js';
import { type ClockSeries, dayOf, type Insights, inUnit, postMortemName } from './insights-data.js';

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 56;
const RIGHT = 16;
const TOP = 26;
const BOTTOM = 34;

/** Props: one clock's series and the quarterly trends of the same clock. */
export interface ClockTrendChartProps {
  readonly series: ClockSeries;
  readonly trends: Insights['clockTrends'];
}

/** A nice round top for the y axis, at or above `max`. */
function niceTop(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= max) ?? 10;
  return step * magnitude;
}

/** The chart of one clock, framed with its heading and data tables. */
export function ClockTrendChart({ series, trends }: ClockTrendChartProps) {
  const { points, unit, label } = series;
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const top = niceTop(Math.max(...points.map((p) => p.seconds / unit.seconds)));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xOf = (ms: number) =>
    last === first ? LEFT + plotW / 2 : LEFT + ((ms - first) / (last - first)) * plotW;
  const yOf = (seconds: number) => TOP + plotH - (Math.max(0, seconds / unit.seconds) / top) * plotH;
  // A post-mortem has one point per clock; restricted ones have no id, so they are numbered.
  let restricted = 0;
  const coords = points.map((p) => ({
    p,
    key: p.postMortem ?? `restricted-${++restricted}`,
    x: xOf(Date.parse(p.at)),
    y: yOf(p.seconds),
  }));
  const from = dayOf(points[0]?.at ?? '');
  const to = dayOf(points.at(-1)?.at ?? '');
  const ticks = [0, top / 2, top];
  const quarterly = trends.filter((t) => t.clock === series.clock);
  const description = `${label} per incident in ${unit.name}, ${points.length} incident${points.length === 1 ? '' : 's'} from ${from} to ${to}`;

  const chart = (
    <svg
      role="img"
      aria-label={description}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="trend-chart"
      style={{ aspectRatio: `${WIDTH} / ${HEIGHT}`, maxWidth: `${WIDTH}px` }}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            className="grid-line"
            x1={LEFT}
            x2={WIDTH - RIGHT}
            y1={yOf(tick * unit.seconds)}
            y2={yOf(tick * unit.seconds)}
          />
          <text
            className="axis-label"
            x={LEFT - 6}
            y={yOf(tick * unit.seconds)}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {tick}
          </text>
        </g>
      ))}
      <text className="axis-label" x={2} y={12}>
        {unit.name}
      </text>
      <text
        className="axis-label"
        x={to === from ? LEFT + plotW / 2 : LEFT}
        y={HEIGHT - 10}
        textAnchor={to === from ? 'middle' : 'start'}
      >
        {from}
      </text>
      {to !== from && (
        <text className="axis-label" x={WIDTH - RIGHT} y={HEIGHT - 10} textAnchor="end">
          {to}
        </text>
      )}
      {coords.length > 1 && (
        <polyline className="trend-line" points={coords.map(({ x, y }) => `${x},${y}`).join(' ')} />
      )}
      {coords.map(({ p, key, x, y }) => (
        <circle key={key} className="trend-point" cx={x} cy={y} r={5}>
          <title>{`${postMortemName(p.postMortem)}: ${humanDuration(p.seconds)} (ended ${dayOf(p.at)}, ${p.severity})`}</title>
        </circle>
      ))}
    </svg>
  );

  const table = (
    <>
      <table className="insight-table" aria-label={`${label} per incident`}>
        <thead>
          <tr>
            <th scope="col">Post-mortem</th>
            <th scope="col">Ended</th>
            <th scope="col">Severity</th>
            <th scope="col">Duration</th>
            <th scope="col">In {unit.name}</th>
          </tr>
        </thead>
        <tbody>
          {coords.map(({ p, key }) => (
            <tr key={key}>
              <td>{postMortemName(p.postMortem)}</td>
              <td>{dayOf(p.at)}</td>
              <td>{p.severity}</td>
              <td>{humanDuration(p.seconds)}</td>
              <td>{inUnit(p.seconds, unit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {quarterly.length > 0 && (
        <table className="insight-table" aria-label={`${label} per quarter and severity`}>
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col">Severity</th>
              <th scope="col">Incidents</th>
              <th scope="col">Median</th>
              <th scope="col">90th percentile</th>
            </tr>
          </thead>
          <tbody>
            {quarterly.map((t) => (
              <tr key={`${t.quarter}-${t.severity}`}>
                <td>{t.quarter}</td>
                <td>{t.severity}</td>
                <td>{t.count}</td>
                <td>{humanDuration(t.medianSeconds)}</td>
                <td>{humanDuration(t.p90Seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );

  return (
    <ChartCard
      title={label}
      summary={`Each point is one incident, placed on the day the clock ended; height in ${unit.name}.`}
      chart={chart}
      table={table}
    />
  );
}
