/**
 * The two pages that set a password with a one-time token, outside a session:
 * - `/setup`: first run only. The server prints a setup token while no account exists; it creates the first
 *   admin (`POST /api/auth/setup`) and signs in. Once an account exists the page says so and links to sign-in.
 * - `/reset`: an admin issued a reset token (`debrief user reset` or the accounts API); the user chooses a new
 *   password (`POST /api/auth/reset`), which ends their other sessions, and then signs in.
 * Both check the two passwords match and have the server's minimum length before sending, and show the server's
 * message when it refuses (a wrong or expired token, a password on the breached list).
 */
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError, apiGet, apiSend } from '../api.js';
import { useAuth } from '../auth.js';
import '../styles/shell.css';

/** The server's minimum password length (docs/security.md). */
export const MIN_PASSWORD_LENGTH = 12;

/** What is wrong with a new password and its confirmation, or undefined when they can be sent. */
export function passwordProblem(password: string, confirmation: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `The password needs ${MIN_PASSWORD_LENGTH} characters or more (a passphrase of a few words works well).`;
  }
  if (password !== confirmation) return 'The two passwords differ: type the same password twice.';
  return undefined;
}

function messageOf(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  if (error.status === 429) return `Too many attempts: ${error.message}`;
  return error.message;
}

function Field(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: string;
  readonly autoComplete: string;
  readonly required?: boolean;
  readonly hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        required={props.required ?? false}
        value={props.value}
        aria-describedby={props.hint === undefined ? undefined : `${id}-hint`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The card both pages are drawn in. */
function Card({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** The new password typed twice. */
function NewPassword(props: {
  readonly password: string;
  readonly confirmation: string;
  readonly onPassword: (value: string) => void;
  readonly onConfirmation: (value: string) => void;
}) {
  return (
    <>
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`${MIN_PASSWORD_LENGTH} characters or more; a passphrase of a few words works well.`}
        value={props.password}
        onChange={props.onPassword}
      />
      <Field
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        required
        value={props.confirmation}
        onChange={props.onConfirmation}
      />
    </>
  );
}

/** First-run setup (`/setup`): the first admin account, with the token the server printed. */
export function SetupPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [required, setRequired] = useState<boolean | undefined>();
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    apiGet<{ setupRequired: boolean }>('/ready', undefined, { expect401: true })
      .then((ready) => live && setRequired(ready.setupRequired))
      .catch(
        (failure: unknown) => live && setError(messageOf(failure, 'The server did not answer; try again.')),
      );
    return () => {
      live = false;
    };
  }, []);

  if (auth.status === 'signed-in') return <Navigate to="/" replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, confirmation);
    if (problem !== undefined) return setError(problem);
    setBusy(true);
    setError(undefined);
    const body = {
      token: token.trim(),
      username: username.trim(),
      password,
      ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }),
      ...(email.trim() === '' ? {} : { email: email.trim() }),
    };
    apiSend('POST', '/auth/setup', body, { expect401: true })
      .then(() => auth.refresh())
      .then(() => navigate('/', { replace: true }))
      .catch((failure: unknown) => setError(messageOf(failure, 'Setting up failed unexpectedly; try again.')))
      .finally(() => setBusy(false));
  };

  if (required === false) {
    return (
      <Card title="Debrief is set up">
        <p>An account exists already, so first-run setup is closed.</p>
        <p>
          <Link to="/login">Sign in</Link>, or ask an admin for an account or a password reset token.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Set up Debrief">
      <p>
        No account exists yet. Paste the one-time setup token the server printed when it started, and create
        the first admin account.
      </p>
      <form onSubmit={submit} aria-describedby={error === undefined ? undefined : 'setup-error'}>
        <Field label="Setup token" autoComplete="off" required value={token} onChange={setToken} />
        <Field label="Username" autoComplete="username" required value={username} onChange={setUsername} />
        <Field label="Display name" autoComplete="name" value={displayName} onChange={setDisplayName} />
        <Field label="E-mail" type="email" autoComplete="email" value={email} onChange={setEmail} />
        <NewPassword
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={setConfirmation}
        />
        {error === undefined ? null : (
          <p id="setup-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || required === undefined}>
          Create the admin account
        </button>
      </form>
    </Card>
  );
}

/** Choosing a password with an admin's reset token (`/reset`). */
export function ResetPage() {
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, confirmation);
    if (problem !== undefined) return setError(problem);
    setBusy(true);
    setError(undefined);
    apiSend('POST', '/auth/reset', { token: token.trim(), password }, { expect401: true })
      .then(() => setDone(true))
      .catch((failure: unknown) => setError(messageOf(failure, 'The password could not be set; try again.')))
      .finally(() => setBusy(false));
  };

  if (done) {
    return (
      <Card title="Password set">
        <p role="status">Your new password is set and your other sessions ended.</p>
        <p>
          <Link to="/login">Sign in</Link> with it.
        </p>
      </Card>
    );
  }
  return (
    <Card title="Choose a password">
      <p>Paste the one-time token an admin gave you, and choose a password.</p>
      <form onSubmit={submit} aria-describedby={error === undefined ? undefined : 'reset-error'}>
        <Field label="Reset token" autoComplete="off" required value={token} onChange={setToken} />
        <NewPassword
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={setConfirmation}
        />
        {error === undefined ? null : (
          <p id="reset-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          Set the password
        </button>
      </form>
    </Card>
  );
}
