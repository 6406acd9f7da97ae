/**
 * Patient zero (`GET /api/post-mortems/:id/patient-zero`): the suggestion from the events with its justification
 * and the candidates, what the post-mortem records, and for editors "Confirm" (records the suggestion as it is)
 * and an override form (host, account, time, and the reason, which is required) — both `POST` the same path.
 * A patient zero names the first compromised host or account, not a person at fault.
 */
import { type FormEvent, useId, useState } from 'react';
import { apiSend } from '../api.js';
import { formatInstant } from '../indicators/format.js';
import { messageOf } from '../indicators/use-api-get.js';
import { type PatientZeroAnswer, type PatientZeroRecorded, postMortemPath } from './attack-api.js';

/** Props: the answer, whether the viewer may record, and what to do once recorded (read both again). */
export interface PatientZeroProps {
  readonly postMortemId: string;
  readonly answer: PatientZeroAnswer;
  readonly canEdit: boolean;
  readonly onRecorded: () => void;
}

/** The body of an override: the fields given, and the reason. */
export function overrideBody(form: {
  readonly host: string;
  readonly user: string;
  readonly at: string;
  readonly why: string;
}): Record<string, string> {
  const body: Record<string, string> = {};
  for (const key of ['host', 'user', 'at'] as const)
    if (form[key].trim() !== '') body[key] = form[key].trim();
  body.why = form.why.trim();
  return body;
}

function Who({ host, user, at }: { readonly host?: string; readonly user?: string; readonly at?: string }) {
  return (
    <dl className="pz-who">
      <dt>Host</dt>
      <dd>{host ?? '—'}</dd>
      <dt>Account</dt>
      <dd>{user ?? '—'}</dd>
      <dt>Time</dt>
      <dd>{formatInstant(at)}</dd>
    </dl>
  );
}

/** The suggestion, what is recorded, and the confirm and override controls. */
export function PatientZero({ postMortemId, answer, canEdit, onRecorded }: PatientZeroProps) {
  const { suggestion, recorded } = answer;
  const [form, setForm] = useState({ host: '', user: '', at: '', why: '' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const ids = { host: useId(), user: useId(), at: useId(), why: useId() };

  const send = async (body: Record<string, string>) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const answered = await apiSend<PatientZeroRecorded>(
        'POST',
        postMortemPath(postMortemId, 'patient-zero'),
        body,
      );
      setDone(`Patient zero recorded (version ${answered.version}).`);
      onRecorded();
    } catch (cause) {
      setError(messageOf(cause, 'patient zero could not be recorded; try again later'));
    } finally {
      setBusy(false);
    }
  };
  const override = (event: FormEvent) => {
    event.preventDefault();
    if (form.why.trim() === '') {
      setError('say why you override the suggestion (the reason is recorded with it)');
      return;
    }
    void send(overrideBody(form));
  };
  const field = (key: keyof typeof form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <div className="pz">
      <div className="pz-columns">
        <div>
          <h4>Suggested</h4>
          {suggestion.host === undefined ? null : (
            <Who host={suggestion.host} user={suggestion.user} at={suggestion.at} />
          )}
          <p className="pz-justification">{suggestion.justification}</p>
          {canEdit && suggestion.host !== undefined ? (
            <button type="button" className="button primary" disabled={busy} onClick={() => void send({})}>
              Confirm
            </button>
          ) : null}
        </div>
        <div>
          <h4>Recorded</h4>
          {recorded === null ? (
            <p>Nothing recorded yet.</p>
          ) : (
            <>
              <Who host={recorded.host} user={recorded.user} at={recorded.at} />
              <p className="pz-justification">{recorded.justification}</p>
              {recorded.confirmedBy ? <p className="hint">Confirmed by {recorded.confirmedBy}.</p> : null}
            </>
          )}
        </div>
      </div>
      {suggestion.candidates.length > 0 ? (
        <table className="ws-table pz-candidates">
          <caption>Patient zero candidates ({suggestion.candidates.length})</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Host</th>
              <th scope="col">Account</th>
              <th scope="col">Why</th>
              <th scope="col">Event</th>
            </tr>
          </thead>
          <tbody>
            {suggestion.candidates.map((c) => (
              <tr key={`${c.event} ${c.reason}`}>
                <td>{formatInstant(c.at)}</td>
                <td>{c.host ?? '—'}</td>
                <td>{c.user ?? '—'}</td>
                <td>{c.reason}</td>
                <td>{c.event}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canEdit ? (
        <form className="pz-override" onSubmit={override} aria-label="Override patient zero">
          <h4>Override</h4>
          <p className="hint">
            Give the host, account or time you found instead, and why. Empty fields keep the suggestion.
          </p>
          <div className="pz-fields">
            <div className="field">
              <label htmlFor={ids.host}>Host</label>
              <input id={ids.host} value={form.host} onChange={(e) => field('host', e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.user}>Account</label>
              <input id={ids.user} value={form.user} onChange={(e) => field('user', e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.at}>Time (ISO 8601, e.g. 2026-02-23T08:00:00Z)</label>
              <input id={ids.at} value={form.at} onChange={(e) => field('at', e.target.value)} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.why}>Why (required)</label>
            <textarea
              id={ids.why}
              rows={3}
              required
              value={form.why}
              onChange={(e) => field('why', e.target.value)}
            />
          </div>
          <button type="submit" className="button secondary" disabled={busy}>
            Record override
          </button>
        </form>
      ) : null}
      {busy ? (
        <p className="loading" role="status">
          Recording…
        </p>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
