/**
 * The obligations of one regulatory regime as a table: what is owed to whom, the status in words and colour
 * (met, missed, due, not applicable, not computable), the deadline, a live countdown for open deadlines, and why.
 * The countdown ticks every second for the eye (hidden from screen readers) next to a per-minute text that
 * screen readers read when they reach it; status changes are announced by the section, not here.
 */
import type { ComplianceReport, ObligationResult, ObligationStatus } from '../../core/compliance.js';
import { countdownText, deadlineMs, minuteText, urgencyOf } from './countdown.js';

/** The status of an obligation in words. */
export const OBLIGATION_STATUS_LABELS: Readonly<Record<ObligationStatus, string>> = {
  met: 'Met',
  missed: 'Missed',
  due: 'Due',
  'not-applicable': 'Not applicable',
  'not-computable': 'Not computable',
};

/** A shown state in words. */
export function stateLabel(state: ObligationStatus | 'overdue'): string {
  return state === 'overdue' ? 'Overdue' : OBLIGATION_STATUS_LABELS[state];
}

/** The state shown for an obligation at `now`: its status, or `overdue` once an open deadline passed. */
export function shownState(
  result: ObligationResult,
  report: Pick<ComplianceReport, 'at'>,
  now: number,
): ObligationStatus | 'overdue' {
  if (result.status !== 'due') return result.status;
  const deadline = deadlineMs(result, report);
  return deadline !== undefined && deadline - now <= 0 ? 'overdue' : 'due';
}

/** Still owed: due, or missed and not submitted yet (the countdown then says how late it is). */
function isOpen(result: ObligationResult): boolean {
  return (result.status === 'due' || result.status === 'missed') && result.submittedAt === undefined;
}

function Countdown({ msLeft }: { readonly msLeft: number }) {
  const urgency = urgencyOf(msLeft);
  return (
    <span className={`countdown countdown-${urgency}`}>
      <span aria-hidden="true">{countdownText(msLeft)}</span>
      <span className="visually-hidden">{minuteText(msLeft)}</span>
    </span>
  );
}

/** The obligations of one regime. */
export function ObligationTable({
  regimeName,
  results,
  report,
  now,
}: {
  readonly regimeName: string;
  readonly results: readonly ObligationResult[];
  readonly report: ComplianceReport;
  readonly now: number;
}) {
  return (
    <table className="ws-table compliance-table">
      <caption>{regimeName}</caption>
      <thead>
        <tr>
          <th scope="col">Obligation</th>
          <th scope="col">Status</th>
          <th scope="col">Deadline</th>
          <th scope="col">Time</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => {
          const state = shownState(result, report, now);
          const deadline = deadlineMs(result, report);
          return (
            <tr key={`${result.regime}/${result.obligation}`} className={`obligation obligation-${state}`}>
              <th scope="row">
                {result.title}
                <span className="obligation-meta">
                  {result.obligation} · {result.recipient} · {result.provision}
                </span>
              </th>
              <td>
                <span className={`badge obligation-status status-${state}`}>{stateLabel(state)}</span>
                {result.approximate ? <span className="badge warn">approximate</span> : null}
                {result.uncertain ? <span className="badge warn">to verify</span> : null}
                {result.proposed ? <span className="badge">proposed rule</span> : null}
              </td>
              <td>
                {result.due === undefined ? (
                  <span className="muted">{result.period}</span>
                ) : (
                  <>
                    <time dateTime={result.due}>{result.due}</time>
                    <span className="obligation-meta">{result.period}</span>
                  </>
                )}
              </td>
              <td>
                {isOpen(result) && deadline !== undefined ? (
                  <Countdown msLeft={deadline - now} />
                ) : result.submittedAt !== undefined ? (
                  <span>
                    Submitted <time dateTime={result.submittedAt}>{result.submittedAt}</time>
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="obligation-reason">
                {result.reason}
                {result.notes.length > 0 ? (
                  <ul className="obligation-notes">
                    {result.notes.map((note) => (
                      <li key={note}>{note}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
