/**
 * Single sign-on with OpenID Connect (openid-client): the authorization code flow with PKCE, `state` and `nonce`.
 *
 * - Configuration comes from the environment (`oidcConfigFrom`); the provider is discovered on the first sign-in
 *   (not at start, so an unreachable provider never stops the server) and kept once discovery succeeds.
 * - The per-login secrets (state, nonce, PKCE verifier) and the page to return to travel in a short-lived
 *   httpOnly cookie signed with HMAC-SHA256. Its key is random and kept in the settings table, so every server
 *   process sharing the database accepts the cookie another one issued; no table of pending logins to clean up.
 *   The cookie is only signed, not encrypted: it holds the browser's own one-time values, which are worthless
 *   without the authorization code the provider sends to that same browser.
 * - Accounts are matched by issuer and subject; failing that, once, by a verified e-mail address (then the
 *   subject is linked); failing that, created with `DEBRIEF_OIDC_AUTO_CREATE`'s role when it is set
 *   (services/match-oidc-account.ts).
 *
 * Tokens never leave this file: only the identity (subject, e-mail, names) is used, and no error carries a token.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { isRole, type Role } from '../core/access.js';
import { DomainError, isDomainError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { findSetting, putSettingIfAbsent } from '../db/settings.repository.js';
import { openSession, type SessionGrant, sameSecret } from './accounts.js';
import { matchOidcAccount, type OidcIdentity, type OidcMatch, oidcRefusal } from './match-oidc-account.js';

type Db = Kysely<Database>;

/** Where the browser starts a single sign-on, and where the provider sends it back. */
export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** How long a started sign-in may take at the provider. */
export const OIDC_STATE_SECONDS = 10 * 60;

const DEFAULT_SCOPES = 'openid email profile';
const STATE_KEY_SETTING = 'oidc.state_key';
const DOCS = 'see docs/operations.md, "Single sign-on (OpenID Connect)"';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Single sign-on settings (from `DEBRIEF_OIDC_*` and `DEBRIEF_PUBLIC_URL`). */
export interface OidcConfig {
  /** The provider's issuer URL; its metadata is discovered at `/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The server's external base URL, without a trailing slash. */
  readonly publicUrl: string;
  /** `${publicUrl}/api/auth/oidc/callback`: the redirect URI to register at the provider. */
  readonly redirectUri: string;
  /** Create an account with this role at the first sign-in; absent, only existing accounts may sign in. */
  readonly autoCreateRole?: Role;
  /** Space-separated scopes to request; always includes `openid`. */
  readonly scopes: string;
}

function httpsOrLoopback(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError(
      'invalid_input',
      `${name} must be a URL such as https://sso.example.com, not "${raw}"`,
    );
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new DomainError(
      'invalid_input',
      `${name} must be an https:// URL (http:// only on this machine: localhost, 127.0.0.1 or [::1]), not "${raw}"`,
    );
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new DomainError(
      'invalid_input',
      `${name} must not carry a query, a fragment or credentials: "${raw}"`,
    );
  }
  return url;
}

/**
 * Reads the single sign-on configuration from the environment: undefined when `DEBRIEF_OIDC_ISSUER` is unset,
 * `invalid_input` naming what is missing or wrong when it is set but incomplete.
 */
export function oidcConfigFrom(env: Readonly<Record<string, string | undefined>>): OidcConfig | undefined {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const issuer = value('DEBRIEF_OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  const required = ['DEBRIEF_OIDC_CLIENT_ID', 'DEBRIEF_OIDC_CLIENT_SECRET', 'DEBRIEF_PUBLIC_URL'];
  const missing = required.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    throw new DomainError(
      'invalid_input',
      `single sign-on is configured only in part: DEBRIEF_OIDC_ISSUER is set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not (${DOCS})`,
      { missing },
    );
  }
  const issuerUrl = httpsOrLoopback('DEBRIEF_OIDC_ISSUER', issuer);
  const publicUrl = httpsOrLoopback('DEBRIEF_PUBLIC_URL', value('DEBRIEF_PUBLIC_URL') ?? '').href.replace(
    /\/+$/,
    '',
  );
  const role = value('DEBRIEF_OIDC_AUTO_CREATE')?.toLowerCase();
  if (role !== undefined && !isRole(role)) {
    throw new DomainError(
      'invalid_input',
      `DEBRIEF_OIDC_AUTO_CREATE must be the role of accounts created at their first sign-in (lead, analyst, contributor, viewer or auditor), or unset, not "${role}"`,
    );
  }
  if (role === 'admin') {
    throw new DomainError(
      'invalid_input',
      'DEBRIEF_OIDC_AUTO_CREATE=admin would make everyone the provider knows an admin: choose viewer (for instance) and promote people with "debrief user modify NAME --role admin"',
    );
  }
  const scopes = (value('DEBRIEF_OIDC_SCOPES') ?? DEFAULT_SCOPES).split(/\s+/);
  if (!scopes.includes('openid')) {
    throw new DomainError(
      'invalid_input',
      `DEBRIEF_OIDC_SCOPES must include openid (default: "${DEFAULT_SCOPES}"), not "${scopes.join(' ')}"`,
    );
  }
  return {
    // As configured: discovery checks that the provider names itself exactly so.
    issuer: issuerUrl.href,
    clientId: value('DEBRIEF_OIDC_CLIENT_ID') ?? '',
    clientSecret: value('DEBRIEF_OIDC_CLIENT_SECRET') ?? '',
    publicUrl,
    redirectUri: `${publicUrl}${OIDC_CALLBACK_PATH}`,
    ...(role === undefined ? {} : { autoCreateRole: role }),
    scopes: scopes.join(' '),
  };
}

/** A configured provider: the settings and its discovered metadata. */
export interface OidcClient {
  readonly config: OidcConfig;
  /** The provider's discovered configuration (`remote_unavailable` when it cannot be reached). */
  configuration(): Promise<oidc.Configuration>;
}

function insecureAllowed(config: OidcConfig): boolean {
  // httpsOrLoopback accepted http:// only for a provider on this machine (a test or a local provider).
  return new URL(config.issuer).protocol === 'http:';
}

/** Prepares single sign-on with a provider; discovery happens at the first use and is kept once it succeeds. */
export function createOidcClient(config: OidcConfig): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const discover = async (): Promise<oidc.Configuration> => {
    try {
      return await oidc.discovery(
        new URL(config.issuer),
        config.clientId,
        config.clientSecret,
        // client_secret_basic: the default method of OpenID Connect client registration.
        oidc.ClientSecretBasic(config.clientSecret),
        { timeout: 10, ...(insecureAllowed(config) ? { execute: [oidc.allowInsecureRequests] } : {}) },
      );
    } catch (error) {
      throw new DomainError(
        'remote_unavailable',
        `the single sign-on provider ${config.issuer} cannot be reached or did not describe itself (${reasonOf(error)}): check DEBRIEF_OIDC_ISSUER and try again`,
      );
    }
  };
  return {
    config,
    configuration() {
      discovered ??= discover().catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
      return discovered;
    },
  };
}

// The signed login-state cookie

const pendingSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  next: z.string(),
  expiresAt: z.string(),
});
type PendingLogin = z.infer<typeof pendingSchema>;

async function stateKey(db: Db): Promise<Buffer> {
  const stored =
    (await findSetting(db, STATE_KEY_SETTING)) ??
    (await putSettingIfAbsent(db, STATE_KEY_SETTING, randomBytes(32).toString('base64url')));
  return Buffer.from(stored, 'base64url');
}

const macOf = (key: Buffer, payload: string): string =>
  createHmac('sha256', key).update(`debrief-oidc-state.v1.${payload}`).digest('base64url');

async function seal(db: Db, pending: PendingLogin): Promise<string> {
  const payload = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${payload}.${macOf(await stateKey(db), payload)}`;
}

const refused = oidcRefusal;

async function unseal(db: Db, cookie: string | undefined, now: string): Promise<PendingLogin> {
  const restart = 'start again from the sign-in page';
  if (cookie === undefined || cookie === '') {
    throw refused(
      'state',
      `this single sign-on answer belongs to no sign-in started in this browser (it took longer than ${OIDC_STATE_SECONDS / 60} minutes, or cookies are blocked): ${restart}`,
    );
  }
  const [payload = '', mac = ''] = cookie.split('.');
  if (!sameSecret(mac, macOf(await stateKey(db), payload))) {
    throw refused('state', `the single sign-on state cookie is not one this server issued: ${restart}`);
  }
  let parsed: ReturnType<typeof pendingSchema.safeParse>;
  try {
    parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw refused('state', `the single sign-on state cookie cannot be read: ${restart}`);
  }
  if (!parsed.success) throw refused('state', `the single sign-on state cookie cannot be read: ${restart}`);
  if (parsed.data.expiresAt <= now) {
    throw refused(
      'state',
      `the single sign-on took longer than ${OIDC_STATE_SECONDS / 60} minutes: ${restart}`,
    );
  }
  return parsed.data;
}

/** Only a path on this server (printable ASCII, no `//` or `\`): never an open redirect. */
export function localPath(next: unknown): string {
  return typeof next === 'string' &&
    next.length <= 1000 &&
    /^\/(?![/\\])[\x21-\x7e]*$/.test(next) &&
    !next.includes('\\')
    ? next
    : '/';
}

/** Where to send the browser, and the state cookie to set for the callback. */
export interface OidcLoginStart {
  readonly authorizationUrl: string;
  /** The cookie value (signed); set it httpOnly, SameSite=Lax, for `maxAgeSeconds`. */
  readonly stateCookie: string;
  readonly maxAgeSeconds: number;
}

/** Starts a sign-in: the provider's authorization URL and the signed state the callback checks it against. */
export async function beginOidcLogin(
  db: Db,
  client: OidcClient,
  next: unknown,
  now: string,
): Promise<OidcLoginStart> {
  const configuration = await client.configuration();
  const pending: PendingLogin = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    next: localPath(next),
    expiresAt: new Date(Date.parse(now) + OIDC_STATE_SECONDS * 1000).toISOString(),
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: client.config.redirectUri,
    scope: client.config.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return {
    authorizationUrl: url.href,
    stateCookie: await seal(db, pending),
    maxAgeSeconds: OIDC_STATE_SECONDS,
  };
}

// The callback

/** Why a provider exchange failed, without tokens: the OAuth error code or the check that failed. */
function reasonOf(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    return error.error_description ? `${error.error}: ${error.error_description}` : error.error;
  }
  if (error instanceof oidc.ClientError) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return error.code ? `${cause} (${error.code})` : cause;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function isNetworkFailure(error: unknown): boolean {
  return (
    (error instanceof TypeError && error.message === 'fetch failed') ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

function providerFailure(error: unknown): Error {
  if (isDomainError(error)) return error;
  if (isNetworkFailure(error)) {
    return new DomainError(
      'remote_unavailable',
      `the single sign-on provider cannot be reached (${reasonOf(error)}): try again`,
    );
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return refused('provider', `the single sign-on provider refused the sign-in (${reasonOf(error)})`);
  }
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.ClientError) {
    return refused(
      'provider',
      `the single sign-on answer did not pass its checks (${reasonOf(error)}): start again`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

async function identityOf(
  configuration: oidc.Configuration,
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
): Promise<OidcIdentity> {
  const idToken = tokens.claims();
  if (idToken === undefined)
    throw refused('provider', 'the single sign-on provider sent no ID token: start again');
  let claims: Record<string, unknown> = idToken;
  // Providers that conform strictly put the profile and e-mail claims in the UserInfo answer, not the ID token.
  if (idToken.email === undefined && configuration.serverMetadata().userinfo_endpoint !== undefined) {
    const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    claims = { ...userInfo, ...idToken };
  }
  const email = text(claims.email);
  const name = text(claims.name);
  const preferredUsername = text(claims.preferred_username);
  return {
    issuer: configuration.serverMetadata().issuer,
    subject: idToken.sub,
    ...(email === undefined ? {} : { email }),
    // Only a literal true: some providers send "true" strings or omit the claim for unverified addresses.
    emailVerified: claims.email_verified === true,
    ...(name === undefined ? {} : { name }),
    ...(preferredUsername === undefined ? {} : { preferredUsername }),
  };
}

/** The provider's answer as the browser brought it back. */
export interface OidcCallback {
  /** The callback's query string (`?code=...&state=...`, or `?error=...`). */
  readonly query: string;
  /** The state cookie `beginOidcLogin` issued, if the browser sent it. */
  readonly stateCookie: string | undefined;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** A successful single sign-on: the session to give the browser, and where it goes next. */
export interface OidcSignIn {
  readonly grant: SessionGrant;
  readonly next: string;
  readonly match: OidcMatch;
  readonly subject: string;
}

/**
 * Finishes a sign-in: checks the state cookie, exchanges the code (PKCE, state and nonce checked), finds, links or
 * creates the account and opens a session. Refusals are `unauthenticated` with `details.reason` (`state`,
 * `provider`, `no_account`, `disabled`, `ambiguous`, `linked_elsewhere`); an unreachable provider is
 * `remote_unavailable`.
 */
export async function completeOidcLogin(
  db: Db,
  client: OidcClient,
  callback: OidcCallback,
  now: string,
): Promise<OidcSignIn> {
  const pending = await unseal(db, callback.stateCookie, now);
  const configuration = await client.configuration();
  // The registered redirect URI with the provider's parameters: what the browser was sent to, whatever proxy
  // sits in front of this server.
  const answered = new URL(client.config.redirectUri);
  answered.search = callback.query;
  let identity: OidcIdentity;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, answered, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    identity = await identityOf(configuration, tokens);
  } catch (error) {
    throw providerFailure(error);
  }
  const { row, match } = await matchOidcAccount(db, identity, client.config.autoCreateRole, now);
  if (row.disabled === 1) {
    throw refused('disabled', `the account ${row.username} is disabled: ask an admin to enable it`, {
      subject: identity.subject,
      user: row.id,
    });
  }
  const grant = await openSession(
    db,
    row,
    {
      ...(callback.ip === undefined ? {} : { ip: callback.ip }),
      ...(callback.userAgent === undefined ? {} : { userAgent: callback.userAgent }),
    },
    now,
  );
  return { grant, next: localPath(pending.next), match, subject: identity.subject };
}
