/**
 * Sign-in: user name and password, the one-time code when the account has a second factor (the server says so
 * with `details.mfa`), and single sign-on when the server has it configured. `?next=` is honoured only for
 * paths of this application (shell/next-path.ts). On first run (no account yet) it moves on to `/setup`.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, apiGet } from '../api.js';
import { secondFactorRequired, useAuth } from '../auth.js';
import { nextParamFor, safeNextRoute } from '../shell/next-path.js';
import '../styles/shell.css';

interface OidcStatus {
  readonly enabled: boolean;
  readonly loginUrl?: string;
}

/** What to tell the user about a refused sign-in. */
function messageOf(error: unknown, codeAsked: boolean): string {
  if (!(error instanceof ApiError)) return 'Signing in failed unexpectedly; try again.';
  if (error.code === 'network') return error.message;
  if (secondFactorRequired(error)) {
    return codeAsked
      ? 'The one-time code was not accepted. Enter the current code from your authenticator app.'
      : 'This account has a second factor: enter the one-time code from your authenticator app.';
  }
  if (error.status === 429) return `Too many attempts: ${error.message}`;
  if (error.status === 400) return 'Enter your user name and password (a one-time code is 6 digits).';
  return error.message;
}

/** The sign-in page (`/login`). */
export function LoginPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const nextRoute = safeNextRoute(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<OidcStatus | undefined>();
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    apiGet<OidcStatus>('/auth/oidc', undefined, { expect401: true })
      .then((status) => {
        if (live) setOidc(status);
      })
      .catch(() => {
        // Without an answer, no single sign-on button: the password form still works.
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    // First run: no account exists, so nobody can sign in yet; the setup page creates the first admin.
    let live = true;
    apiGet<{ setupRequired: boolean }>('/ready', undefined, { expect401: true })
      .then((ready) => {
        if (live && ready.setupRequired) void navigate('/setup', { replace: true });
      })
      .catch(() => {
        // Not ready or unreachable: signing in reports the problem when tried.
      });
    return () => {
      live = false;
    };
  }, [navigate]);

  useEffect(() => {
    if (needsCode) codeInput.current?.focus();
  }, [needsCode]);

  if (auth.status === 'signed-in') return <Navigate to={nextRoute} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    auth
      .signIn(username.trim(), password, needsCode ? code.trim() : undefined)
      .then(() => navigate(nextRoute, { replace: true }))
      .catch((failure: unknown) => {
        if (secondFactorRequired(failure)) setNeedsCode(true);
        setError(messageOf(failure, needsCode && code.trim() !== ''));
      })
      .finally(() => setBusy(false));
  };

  const ssoHref =
    oidc?.enabled === true && oidc.loginUrl !== undefined
      ? `${oidc.loginUrl}?next=${encodeURIComponent(nextParamFor(nextRoute))}`
      : undefined;

  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <h1>Sign in to Debrief</h1>
        <form
          onSubmit={submit}
          noValidate={false}
          aria-describedby={error === undefined ? undefined : 'login-error'}
        >
          <div className="field">
            <label htmlFor="login-username">Username</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {needsCode && (
            <div className="field">
              <label htmlFor="login-code">One-time code</label>
              <input
                id="login-code"
                ref={codeInput}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                aria-describedby="login-code-hint"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
              <p id="login-code-hint" className="hint">
                The 6 digits your authenticator app shows now.
              </p>
            </div>
          )}
          {error !== undefined && (
            <p id="login-error" className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            Sign in
          </button>
        </form>
        {ssoHref !== undefined && (
          <>
            <p className="separator">or</p>
            <a className="button secondary sso" href={ssoHref}>
              Sign in with single sign-on
            </a>
          </>
        )}
      </div>
    </main>
  );
}
