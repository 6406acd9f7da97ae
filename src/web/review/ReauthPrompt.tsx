/**
 * The answer to `401 reauthentication_required` (a sensitive operation after a sign-in older than the server
 * allows): the server's message, a clear hint, and for password accounts a form that confirms the password (and
 * one-time code) with `POST /api/auth/reauthenticate`, then retries the operation. Single sign-on accounts are
 * told to sign in again through single sign-on.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.js';
import { reauthenticate } from './review-api.js';

/** Is this error the server asking for a recent sign-in? */
export function needsReauthentication(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'reauthentication_required';
}

/** The prompt; `onConfirmed` retries what was refused. */
export function ReauthPrompt({
  error,
  onConfirmed,
  onCancel,
}: {
  readonly error: ApiError;
  readonly onConfirmed: () => void;
  readonly onCancel: () => void;
}) {
  const base = useId();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const viaPassword =
    error.details?.reauthenticate === undefined || error.details.reauthenticate === 'password';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await reauthenticate(password, code);
      setPassword('');
      onConfirmed();
    } catch (failure) {
      setProblem(
        failure instanceof ApiError ? failure.message : 'the password could not be checked; try again',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="reauth" aria-label="Confirm it is you">
      <p role="alert" className="error">
        {error.message}
      </p>
      {viaPassword ? (
        <form onSubmit={(e) => void submit(e)} aria-label="Confirm your password">
          <p className="hint">
            This action needs a recent sign-in. Confirm your password (and one-time code if you use one); the
            action is then sent again.
          </p>
          <div className="field">
            <label htmlFor={`${base}-password`}>Password</label>
            <input
              id={`${base}-password`}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${base}-code`}>One-time code (if you use one)</label>
            <input
              id={`${base}-code`}
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          {problem ? (
            <p role="alert" className="error">
              {problem}
            </p>
          ) : null}
          <div className="ws-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Checking…' : 'Confirm and retry'}
            </button>
            <button type="button" className="button secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="hint">
          This action needs a recent sign-in: sign out, sign in again through single sign-on, and retry.
        </p>
      )}
    </section>
  );
}
