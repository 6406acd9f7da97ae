/**
 * The insights dashboards (`/insights`, roles with `insights:read`): learning across post-mortems from
 * `GET /api/insights?since=`, drawn as charts with data tables (insights/InsightsDashboard.tsx). The since date
 * lives in the URL query (`/insights?since=2026-01-01`) so a view can be shared.
 */
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../auth.js';
import { InsightsDashboard } from '../insights/InsightsDashboard.js';
import { type Insights, isValidSince, sinceOf } from '../insights/insights-data.js';
import { useInsights } from '../insights/use-insights.js';
import { Loading } from '../shell/Layout.js';
import '../styles/insights.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The since filter: a labelled date field that writes the URL, and a way back to all time. */
function SinceFilter(props: {
  readonly since: string | undefined;
  readonly onChange: (since: string) => void;
}) {
  const { since, onChange } = props;
  return (
    <search className="insight-filter">
      <div className="field">
        <label htmlFor="insights-since">Since</label>
        <input
          id="insights-since"
          type="date"
          aria-describedby="insights-since-help"
          value={isValidSince(since) ? since : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      <p id="insights-since-help" className="insight-help">
        Only post-mortems created on or after this date.
      </p>
      {since !== undefined && (
        <button type="button" className="button secondary" onClick={() => onChange('')}>
          Show all time
        </button>
      )}
    </search>
  );
}

/** What the figures cover: how many post-mortems, since when, and how many restricted ones are left unnamed. */
function Scope({ insights }: { readonly insights: Insights }) {
  return (
    <p className="insight-scope" role="status">
      {plural(insights.postMortems, 'post-mortem')}
      {insights.since === null ? '' : ` created since ${insights.since}`}.
      {insights.restricted > 0 &&
        ` ${plural(insights.restricted, 'restricted post-mortem is', 'restricted post-mortems are')} counted in these figures but never named.`}
    </p>
  );
}

function EmptyInsights({
  since,
  onAllTime,
}: {
  readonly since: string | undefined;
  readonly onAllTime: () => void;
}) {
  const auth = useAuth();
  if (since !== undefined)
    return (
      <div className="empty-state">
        <p>No post-mortem was created since {since}. Choose an earlier date, or look at all time.</p>
        <button type="button" className="button secondary" onClick={onAllTime}>
          Show all time
        </button>
      </div>
    );
  return (
    <div className="empty-state">
      <p>
        No post-mortems yet. Insights appear once post-mortems have curated timelines, root causes and
        recommendations.
      </p>
      {auth.can('post-mortem:create') ? (
        <Link to="/new" className="button primary">
          New post-mortem
        </Link>
      ) : (
        <p>Those you are given access to will be counted here.</p>
      )}
    </div>
  );
}

/** The insights route. */
export function InsightsPage() {
  const [params, setParams] = useSearchParams();
  const since = sinceOf(params);
  const [load, retry] = useInsights(since);
  const setSince = (next: string) => {
    const out = new URLSearchParams(params);
    if (next === '') out.delete('since');
    else out.set('since', next);
    setParams(out);
  };

  return (
    <section className="page insights-page">
      <h1>Insights</h1>
      <p className="insight-intro">
        What the post-mortems teach together: how long incidents take, which causes and techniques recur, and
        whether recommendations get done.
      </p>
      <SinceFilter since={since} onChange={setSince} />
      {load.state === 'loading' && <Loading what="Loading the insights…" />}
      {load.state === 'error' && (
        <div className="error-state">
          <p role="alert">The insights could not be loaded: {load.message}</p>
          <button type="button" className="button secondary" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {load.state === 'ready' &&
        (load.data.postMortems === 0 ? (
          <EmptyInsights since={since} onAllTime={() => setSince('')} />
        ) : (
          <>
            <Scope insights={load.data} />
            <InsightsDashboard insights={load.data} />
          </>
        ))}
    </section>
  );
}
