/**
 * The curated timeline: the document's `timeline` entries as a vertical visual timeline with the milestones
 * marked, and the incident clocks against their targets (`GET /api/post-mortems/:id/clocks`, as
 * `debrief metrics --json`), a breached clock in red.
 */
import { useEffect, useState } from 'react';
import { CLOCK_DEFINITIONS, type Clock, type Clocks, isMeasured } from '../../core/clocks.js';
import type { TimelineEntry } from '../../core/model.js';
import { humanDuration } from '../../core/time.js';
import { CLOCK_NAMES } from '../../core/vocabulary.js';
import { ApiError, apiGet } from '../api.js';
import type { SectionProps } from './sections.js';

/** The milestone of an entry in words: `detection (internal-control)`, `notification to the regulator`. */
export function milestoneText(milestone: NonNullable<TimelineEntry['milestone']>): string {
  const extra =
    milestone.kind === 'detection'
      ? ` by ${milestone.source}`
      : milestone.kind === 'notification'
        ? ` to ${milestone.recipient}`
        : '';
  return `${milestone.kind}${extra}${milestone.detail ? `: ${milestone.detail}` : ''}`;
}

/** The curated timeline section. */
export function CuratedSection({ postMortemId, doc }: SectionProps) {
  const entries = doc.timeline;
  return (
    <section className="ws-section" aria-labelledby="curated-heading">
      <h2 id="curated-heading">Curated timeline</h2>
      <ClocksPanel postMortemId={postMortemId} version={doc.version} />
      <h3>Entries</h3>
      {entries.length === 0 ? (
        <p className="muted">
          No entries yet. Promote events from the working timeline, or add entries to the document.
        </p>
      ) : (
        <ol className="curated-timeline">
          {entries.map((entry) => (
            <li key={entry.id} className={entry.milestone ? 'curated-entry milestone' : 'curated-entry'}>
              <span className="curated-dot" aria-hidden="true" />
              <div className="curated-body">
                <p className="curated-when">
                  <time dateTime={entry.at}>{entry.at}</time>
                  <span className="muted"> · {entry.id}</span>
                  {entry.phase ? <span className="badge">{entry.phase}</span> : null}
                  {entry.uncertain ? <span className="badge warn">uncertain</span> : null}
                </p>
                {entry.milestone ? (
                  <p className="milestone-marker">
                    <strong>Milestone:</strong> {milestoneText(entry.milestone)}
                  </p>
                ) : null}
                <p className="prose">{entry.text}</p>
                {entry.host || entry.user || entry.actor ? (
                  <p className="muted">
                    {[
                      entry.actor && `actor ${entry.actor}`,
                      entry.host && `host ${entry.host}`,
                      entry.user && `user ${entry.user}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                ) : null}
                {entry.attack.length > 0 || entry.tags.length > 0 ? (
                  <p className="curated-tags">
                    {[...entry.attack, ...entry.tags].map((t) => (
                      <span key={t} className="badge">
                        {t}
                      </span>
                    ))}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ClocksPanel({
  postMortemId,
  version,
}: {
  readonly postMortemId: string;
  readonly version?: number;
}) {
  const [clocks, setClocks] = useState<Clocks | undefined>();
  const [error, setError] = useState<string | undefined>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the document moves the clocks
  useEffect(() => {
    let live = true;
    apiGet<Clocks>(`/post-mortems/${encodeURIComponent(postMortemId)}/clocks`)
      .then((answer) => {
        if (live) setClocks(answer);
      })
      .catch((cause: unknown) => {
        if (live) setError(cause instanceof ApiError ? cause.message : 'the clocks could not be loaded');
      });
    return () => {
      live = false;
    };
  }, [postMortemId, version]);

  if (error) return <p role="alert">{error}</p>;
  if (clocks === undefined) return <p className="loading">Loading the clocks…</p>;
  return (
    <table className="ws-table clocks">
      <caption>Clocks against targets</caption>
      <thead>
        <tr>
          <th scope="col">Clock</th>
          <th scope="col">Value</th>
          <th scope="col">Target</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {CLOCK_NAMES.map((name) => {
          const clock = clocks[name];
          return clock === undefined ? null : (
            <ClockRow key={name} label={CLOCK_DEFINITIONS[name].label} clock={clock} />
          );
        })}
      </tbody>
    </table>
  );
}

function ClockRow({ label, clock }: { readonly label: string; readonly clock: Clock }) {
  const target = clock.target
    ? `${humanDuration(clock.target.seconds)}${clock.target.source === 'default' ? ' (default)' : ''}`
    : 'none';
  if (!isMeasured(clock)) {
    return (
      <tr className="clock missing">
        <th scope="row">{label}</th>
        <td>—</td>
        <td>{target}</td>
        <td className="muted">{clock.reason}</td>
      </tr>
    );
  }
  const value = `${clock.approximate ? '≈ ' : ''}${humanDuration(clock.seconds)}`;
  const status = clock.breached
    ? `Breached, over by ${humanDuration(clock.seconds - (clock.target?.seconds ?? 0))}`
    : clock.target
      ? 'Within target'
      : 'No target';
  return (
    <tr className={clock.breached ? 'clock breached' : 'clock'}>
      <th scope="row">{label}</th>
      <td>{value}</td>
      <td>{target}</td>
      <td className={clock.breached ? 'clock-status breached' : 'clock-status'}>{status}</td>
    </tr>
  );
}
