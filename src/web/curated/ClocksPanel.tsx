/**
 * The incident clocks of a post-mortem against their targets (`GET /api/post-mortems/:id/clocks`, as
 * `debrief metrics --json`), a breached clock in red. Read again whenever the document's version changes (a
 * save in the curated timeline moves the milestones the clocks count between).
 */
import { useEffect, useState } from 'react';
import { CLOCK_DEFINITIONS, type Clock, type Clocks, isMeasured } from '../../core/clocks.js';
import { humanDuration } from '../../core/time.js';
import { CLOCK_NAMES } from '../../core/vocabulary.js';
import { ApiError, apiGet } from '../api.js';

/** The clocks table "Clocks against targets". */
export function ClocksPanel({
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
        if (!live) return;
        setClocks(answer);
        setError(undefined);
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
