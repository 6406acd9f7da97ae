/**
 * Compliance: the regulatory notification obligations of the regimes the post-mortem lists
 * (`GET /api/post-mortems/:id/compliance`, as `debrief compliance --json`), one table per regime, with a live
 * countdown to every open deadline (ticking each second, in words and colour). The answer is read again every
 * minute and whenever the document changes. Screen readers get the time left to the minute where they read it,
 * and a polite announcement only when an obligation's state changes (due → overdue, due → met).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComplianceReport, ObligationResult } from '../../core/compliance.js';
import { ApiError, apiGet } from '../api.js';
import { ObligationTable, shownState, stateLabel } from '../compliance/ObligationTable.js';
import { useNow } from '../compliance/use-now.js';
import type { SectionProps } from './sections.js';
import '../styles/compliance.css';

/** How often the obligations are read again from the server. */
export const COMPLIANCE_REFRESH_MS = 60_000;

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly report: ComplianceReport };

/** The results grouped by regime, in the answer's order. */
function byRegime(results: readonly ObligationResult[]): [string, ObligationResult[]][] {
  const groups = new Map<string, ObligationResult[]>();
  for (const result of results) {
    const group = groups.get(result.regimeName) ?? [];
    group.push(result);
    groups.set(result.regimeName, group);
  }
  return [...groups];
}

/** The compliance section. */
export function ComplianceSection({ postMortemId, doc }: SectionProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [announcement, setAnnouncement] = useState('');
  const now = useNow(1000);
  const previous = useRef<Map<string, string> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const report = await apiGet<ComplianceReport>(
        `/post-mortems/${encodeURIComponent(postMortemId)}/compliance`,
      );
      setLoaded({ status: 'ready', report });
    } catch (error) {
      const message =
        error instanceof ApiError ? error.message : 'the compliance deadlines could not be loaded; try again';
      // A failed refresh keeps the last answer on screen and says so.
      setLoaded((current) => (current.status === 'ready' ? current : { status: 'error', message: message }));
      if (error instanceof ApiError) setAnnouncement(`Could not refresh the deadlines: ${message}`);
    }
  }, [postMortemId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the document is read again.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), COMPLIANCE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, doc.version]);

  // Announce state changes only (never the ticking): compare each obligation's shown state with the last one.
  const report = loaded.status === 'ready' ? loaded.report : undefined;
  const states = new Map<string, string>(
    report === undefined
      ? []
      : report.results.map((r) => [`${r.regimeName}: ${r.title}`, stateLabel(shownState(r, report, now))]),
  );
  const signature = [...states].map(([k, v]) => `${k}=${v}`).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for the states.
  useEffect(() => {
    const before = previous.current;
    previous.current = states;
    if (before === undefined || states.size === 0) return;
    const changes = [...states]
      .filter(([key, state]) => before.has(key) && before.get(key) !== state)
      .map(([key, state]) => `${key} is now ${state.toLowerCase()}`);
    if (changes.length > 0) setAnnouncement(`${changes.join('. ')}.`);
  }, [signature]);

  return (
    <section className="ws-section" aria-labelledby="compliance-heading">
      <h2 id="compliance-heading">Compliance</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {loaded.status === 'loading' ? (
        <p className="loading" role="status">
          Loading the notification deadlines…
        </p>
      ) : null}
      {loaded.status === 'error' ? (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      ) : null}
      {report === undefined ? null : (
        <ComplianceReportView report={report} now={now} regimes={doc.compliance.regimes} />
      )}
    </section>
  );
}

function ComplianceReportView({
  report,
  now,
  regimes,
}: {
  readonly report: ComplianceReport;
  readonly now: number;
  readonly regimes: readonly string[];
}) {
  const counts = { met: 0, missed: 0, due: 0, overdue: 0 };
  for (const result of report.results) {
    const state = shownState(result, report, now);
    if (state === 'met' || state === 'missed' || state === 'due' || state === 'overdue') counts[state] += 1;
  }
  return (
    <>
      <p className="compliance-summary">
        {regimes.length === 0
          ? 'No regime is listed for this post-mortem (compliance.regimes in the document).'
          : `${counts.due} open, ${counts.overdue + counts.missed} overdue or missed, ${counts.met} met.`}{' '}
        <span className="muted">
          Read at <time dateTime={report.at}>{report.at}</time>, again every minute; regime table{' '}
          {report.tableVersion}. A planning aid built from public sources, not legal advice.
        </span>
      </p>
      {byRegime(report.results).map(([regimeName, results]) => (
        <ObligationTable
          key={regimeName}
          regimeName={regimeName}
          results={results}
          report={report}
          now={now}
        />
      ))}
      {report.unmatchedNotifications.length > 0 ? (
        <>
          <h3>Notifications matching no obligation</h3>
          <ul>
            {report.unmatchedNotifications.map((n) => (
              <li key={`${n.index}-${n.id}`}>
                {n.id}: {n.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
