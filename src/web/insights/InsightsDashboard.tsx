/**
 * The dashboards drawn from one answer of `GET /api/insights`: clock trends, recurring causes, ATT&CK techniques,
 * recommendation completion and overdue actions by owner, each a chart with its data table. Restricted
 * post-mortems count in every figure but are never named (the API leaves their ids out; the page says how many).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type Bar, BarChart } from './BarChart.js';
import { ChartCard } from './ChartCard.js';
import { ClockTrendChart } from './ClockTrendChart.js';
import { CompletionChart } from './CompletionChart.js';
import { clockSeries, type Insights, TOP_TECHNIQUES } from './insights-data.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A bar chart card with a two- or three-column table of the same bars. */
function BarCard(props: {
  readonly title: string;
  readonly summary: string;
  readonly label: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
  readonly tableBars?: readonly Bar[];
  readonly labelHeader: string;
  readonly valueHeader: string;
  readonly empty: string;
  readonly tone?: 'accent' | 'warn';
  readonly extra?: { readonly header: string; readonly cell: (bar: Bar) => ReactNode };
}) {
  if (props.bars.length === 0) return <ChartCard title={props.title} empty={props.empty} />;
  return (
    <ChartCard
      title={props.title}
      summary={props.summary}
      chart={
        <BarChart bars={props.bars} label={props.label} unit={props.unit} tone={props.tone ?? 'accent'} />
      }
      table={
        <table className="insight-table" aria-label={props.title}>
          <thead>
            <tr>
              <th scope="col">{props.labelHeader}</th>
              <th scope="col">{props.valueHeader}</th>
              {props.extra && <th scope="col">{props.extra.header}</th>}
            </tr>
          </thead>
          <tbody>
            {(props.tableBars ?? props.bars).map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
                {props.extra && <td>{props.extra.cell(bar)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** A list of bars described for the chart's label: `misconfiguration 3, process 2`. */
function listed(bars: readonly Bar[]): string {
  return bars.map((b) => `${b.label} ${b.value}`).join(', ');
}

/** Every chart of the insights, grouped under h2 headings. */
export function InsightsDashboard({ insights }: { readonly insights: Insights }) {
  const series = clockSeries(insights.clockPoints ?? []);
  const causes = insights.rootCauseCategories.map((c) => ({
    key: c.category,
    label: c.category,
    value: c.count,
  }));
  const factors = insights.contributingFactorCategories.map((c) => ({
    key: c.category,
    label: c.category,
    value: c.count,
  }));
  const techniques = insights.techniques.map((t) => ({
    key: t.technique,
    label: t.technique,
    value: t.postMortems,
  }));
  const top = techniques.slice(0, TOP_TECHNIQUES);
  const overdue = insights.overdueByOwner.map((o) => ({ key: o.owner, label: o.owner, value: o.overdue }));
  const overdueDocs = new Map(insights.overdueByOwner.map((o) => [o.owner, o.postMortems]));

  return (
    <>
      <section className="insight-group" aria-labelledby="insights-clocks">
        <h2 id="insights-clocks">Clock trends</h2>
        {series.length === 0 ? (
          <p className="insight-empty">
            No clock measured yet. Mark the compromise, detection, containment, recovery and resolution
            milestones on the curated timelines to see how long incidents take.
          </p>
        ) : (
          <div className="insight-grid">
            {series.map((s) => (
              <ClockTrendChart key={s.clock} series={s} trends={insights.clockTrends} />
            ))}
          </div>
        )}
      </section>

      <section className="insight-group" aria-labelledby="insights-causes">
        <h2 id="insights-causes">Causes and techniques</h2>
        <div className="insight-grid">
          <BarCard
            title="Recurring root causes"
            summary="Root causes by category, most frequent first; the table says how many post-mortems share each."
            label={`Root causes by category, most frequent first: ${listed(causes)}`}
            unit="root causes"
            bars={causes}
            labelHeader="Category"
            valueHeader="Root causes"
            empty="No root causes recorded yet. Categorise root causes in the analysis of each post-mortem to see which recur."
            extra={{
              header: 'Post-mortems',
              cell: (bar) =>
                insights.rootCauseCategories.find((c) => c.category === bar.key)?.postMortems ?? 0,
            }}
          />
          <BarCard
            title="Contributing factors"
            summary="Contributing-factor categories by how often they were recorded, most frequent first."
            label={`Contributing-factor categories, most frequent first: ${listed(factors)}`}
            unit="factors"
            bars={factors}
            labelHeader="Category"
            valueHeader="Factors"
            empty="No contributing factors recorded yet."
          />
          <BarCard
            title="ATT&CK techniques seen"
            summary={`The ${Math.min(TOP_TECHNIQUES, techniques.length)} techniques seen in the most post-mortems (the table lists all ${techniques.length}).`}
            label={`Top ${top.length} ATT&CK techniques by post-mortems: ${listed(top)}`}
            unit="post-mortems"
            bars={top}
            tableBars={techniques}
            labelHeader="Technique"
            valueHeader="Post-mortems"
            empty="No ATT&CK techniques recorded yet. Tag timeline entries or the analysis with technique ids."
          />
        </div>
      </section>

      <section className="insight-group" aria-labelledby="insights-follow-through">
        <h2 id="insights-follow-through">Follow-through</h2>
        <div className="insight-grid">
          <CompletionChart insights={insights} />
          <BarCard
            title="Overdue recommendations by owner"
            summary="Open recommendations past their due date, by owner, most first."
            label={`Overdue recommendations by owner: ${listed(overdue)}`}
            unit="overdue"
            tone="warn"
            bars={overdue}
            labelHeader="Owner"
            valueHeader="Overdue"
            empty="Nothing overdue. Every open recommendation is within its due date."
            extra={{
              header: 'Post-mortems',
              cell: (bar) => {
                const ids = overdueDocs.get(bar.key) ?? [];
                return ids.length === 0
                  ? 'Not named (restricted)'
                  : ids.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <Link to={`/post-mortems/${encodeURIComponent(id)}`}>{id}</Link>
                      </span>
                    ));
              },
            }}
          />
        </div>
        {insights.onThisDay.length > 0 && (
          <section className="insight-card" aria-labelledby="insights-on-this-day">
            <h3 id="insights-on-this-day">On this day</h3>
            <ul>
              {insights.onThisDay.map((d) => (
                <li key={d.id}>
                  <Link to={`/post-mortems/${encodeURIComponent(d.id)}`}>
                    {d.id} {d.title}
                  </Link>{' '}
                  — detected {plural(d.yearsAgo, 'year')} ago today; {plural(d.openActions, 'action')} still
                  open.
                </li>
              ))}
            </ul>
          </section>
        )}
      </section>
    </>
  );
}
