/**
 * Recommendation completion: one stacked bar for all post-mortems, then one per post-mortem (most open first,
 * the first `TOP_COMPLETION`), each split into verified, done, risk-accepted or rejected, and open. A legend names
 * the colours; the table alternative lists every post-mortem with its counts and overdue actions.
 */
import { Link } from 'react-router';
import { ChartCard, clip } from './ChartCard.js';
import {
  COMPLETION_PARTS,
  type Completion,
  type Insights,
  overallCompletion,
  percent,
  postMortemName,
  TOP_COMPLETION,
} from './insights-data.js';

const WIDTH = 1000;
const LABEL_WIDTH = 170;
const ROW = 28;
const PAD = 6;

function label(row: Completion): string {
  return row.title === null ? postMortemName(row.postMortem) : `${row.postMortem} ${row.title}`;
}

function describe(row: Completion): string {
  return `${label(row)}: ${row.total} recommendations, ${row.verified} verified, ${row.done} done, ${row.closedOther} risk-accepted or rejected, ${row.open} open`;
}

/** The completion chart, framed with its heading, legend and table. */
export function CompletionChart({ insights }: { readonly insights: Insights }) {
  const r = insights.recommendations;
  if (r.total === 0)
    return (
      <ChartCard
        title="Recommendation completion"
        wide
        empty="No recommendations yet. Add them in the Recommendations section of a post-mortem to follow their completion here."
      />
    );
  const overall = overallCompletion(insights);
  const rows = [overall, ...(insights.completionByPostMortem ?? []).slice(0, TOP_COMPLETION)];
  const span = WIDTH - LABEL_WIDTH - 8;
  const height = rows.length * ROW + PAD * 2 + 8;
  const chart = (
    <>
      <svg
        role="img"
        aria-label={`Recommendation completion: ${describe(overall)}; then per post-mortem, most open first`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="bar-chart"
        style={{ aspectRatio: `${WIDTH} / ${height}`, maxWidth: `${WIDTH}px` }}
      >
        {rows.map((row, i) => {
          // The overall bar is set apart from the per-post-mortem bars by a gap.
          const y = PAD + i * ROW + (i > 0 ? 8 : 0);
          let x = LABEL_WIDTH;
          return (
            <g key={row.postMortem ?? 'restricted'} className="completion-row">
              <title>{describe(row)}</title>
              <text
                x={LABEL_WIDTH - 8}
                y={y + ROW / 2}
                className={i === 0 ? 'bar-label overall' : 'bar-label'}
                textAnchor="end"
                dominantBaseline="middle"
              >
                {clip(i === 0 ? 'All post-mortems' : postMortemName(row.postMortem), 24)}
              </text>
              {COMPLETION_PARTS.map((part) => {
                const value = row[part.key];
                const w = row.total === 0 ? 0 : (value / row.total) * span;
                const rect = (
                  <rect
                    key={part.key}
                    className={`bar ${part.className}`}
                    x={x}
                    y={y + 4}
                    width={w}
                    height={ROW - 8}
                  />
                );
                x += w;
                return value > 0 ? rect : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-label="Legend">
        {COMPLETION_PARTS.map((part) => (
          <li key={part.key}>
            <span className={`swatch ${part.className}`} aria-hidden="true" /> {part.label}
          </li>
        ))}
      </ul>
    </>
  );
  const table = (
    <table className="insight-table" aria-label="Recommendation completion per post-mortem">
      <thead>
        <tr>
          <th scope="col">Post-mortem</th>
          <th scope="col">Total</th>
          <th scope="col">Verified</th>
          <th scope="col">Done</th>
          <th scope="col">Risk-accepted or rejected</th>
          <th scope="col">Open</th>
          <th scope="col">Overdue</th>
        </tr>
      </thead>
      <tbody>
        {[overall, ...(insights.completionByPostMortem ?? [])].map((row, i) => (
          <tr key={row.postMortem ?? 'restricted'}>
            <th scope="row">
              {i === 0 || row.postMortem === null ? (
                postMortemName(row.postMortem)
              ) : (
                <Link to={`/post-mortems/${encodeURIComponent(row.postMortem)}`}>{label(row)}</Link>
              )}
            </th>
            <td>{row.total}</td>
            <td>{row.verified}</td>
            <td>{row.done}</td>
            <td>{row.closedOther}</td>
            <td>{row.open}</td>
            <td>{row.overdue}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartCard
      title="Recommendation completion"
      wide
      summary={`${r.total} recommendations: ${percent(r.completionRate)} completed, ${percent(r.verificationRate)} of the done ones verified${r.medianDaysToClose === null ? '' : `, median ${r.medianDaysToClose.toFixed(1)} days to close`}.`}
      chart={chart}
      table={table}
    />
  );
}
