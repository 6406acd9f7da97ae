/**
 * Accounts and how people prove who they are:
 * - local accounts with scrypt password hashes (services/passwords.ts), one global role each (core/access.ts);
 * - the first-run setup token: while no account exists, the server prints a one-time token that creates the
 *   first admin (there is no default password);
 * - sessions for browsers: a random cookie value whose SHA-256 is stored, with a CSRF token, expiring;
 * - login throttling per account and per address, kept in the database so every server process shares it;
 * - admin-driven password reset: an admin issues a one-time reset token, the user sets a new password with it.
 * API tokens are in services/api-tokens.ts, self-service and second factors in account-self-service.ts and
 * second-factor.ts.
 *
 * Secrets are returned once to the caller and never stored or logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isRole, type Principal, type Role } from '../core/access.js';
import { DomainError } from '../core/errors.js';
import {
  clearThrottle,
  consumeOneTimeToken,
  countActiveAdmins,
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findSessionWithUser,
  findThrottle,
  findUserById,
  findUserByName,
  insertOneTimeToken,
  insertSession,
  insertUser,
  listUserRows,
  putThrottle,
  retireOneTimeTokens,
  type UserRow,
  updateUser,
} from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { checkPasswordPolicy, decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { offersSecondFactor, type SecondFactorProof, verifySecondFactor } from './second-factor.js';

type Db = Kysely<Database>;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const secret = (): string => randomBytes(32).toString('base64url');
export const addMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** How long things live, and the throttling thresholds. */
export const ACCOUNT_LIMITS = {
  sessionHours: 12,
  setupTokenHours: 24,
  resetTokenHours: 24,
  /** Failed logins for one account within the window before it is locked for `lockMinutes`. */
  accountFailures: 5,
  /** Failed logins from one address within the window before it is locked. */
  addressFailures: 20,
  windowMinutes: 15,
  lockMinutes: 15,
  /** Sensitive operations made with a session need a sign-in or re-authentication this recent (ASVS 3.7.1). */
  recentAuthMinutes: 10,
} as const;

/** An account as shown (never with its password hash). */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email?: string;
  readonly role: Role;
  readonly disabled: boolean;
  /** `password`, `sso` or both. */
  readonly signIn: ('password' | 'sso')[];
  readonly createdAt: string;
}

export function presentUser(row: UserRow): UserView {
  const signIn: ('password' | 'sso')[] = [];
  if (row.password_hash !== null) signIn.push('password');
  if (row.oidc_subject !== null) signIn.push('sso');
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    ...(row.email === null ? {} : { email: row.email }),
    role: isRole(row.role) ? row.role : 'viewer',
    disabled: row.disabled === 1,
    signIn,
    createdAt: row.created_at,
  };
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/** Lowercases and checks a user name. */
export function normalizeUsername(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!USERNAME.test(name)) {
    throw new DomainError(
      'invalid_input',
      `invalid user name "${raw}": use 2 to 64 lowercase letters, digits, dots, dashes, underscores or @, starting with a letter or digit`,
    );
  }
  return name;
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw new DomainError(
      'invalid_input',
      `unknown role "${role}": use admin, lead, analyst, contributor, viewer or auditor`,
    );
  }
  return role;
}

export interface NewUser {
  readonly username: string;
  readonly displayName?: string;
  readonly email?: string;
  readonly role: string;
  /** Absent: the account signs in only through single sign-on, or after a reset token. */
  readonly password?: string;
  readonly oidc?: { readonly issuer: string; readonly subject: string };
}

/** Creates an account. */
export async function createUser(db: Db, input: NewUser, now: string): Promise<UserView> {
  const username = normalizeUsername(input.username);
  const role = checkRole(input.role);
  if (input.password !== undefined) checkPasswordPolicy(input.password, username);
  const row: UserRow = {
    id: `U-${randomBytes(5).toString('hex')}`,
    username,
    display_name: input.displayName?.trim() || username,
    email: input.email?.trim() || null,
    role,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
    oidc_issuer: input.oidc?.issuer ?? null,
    oidc_subject: input.oidc?.subject ?? null,
    disabled: 0,
    created_at: now,
    updated_at: now,
    totp_secret: null,
    totp_pending: null,
    totp_last_step: null,
  };
  try {
    await insertUser(db, row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('invalid_input', `user "${username}" already exists`);
    }
    throw error;
  }
  return presentUser(row);
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await listUserRows(db)).map(presentUser);
}

/** Finds an account by user name or id; `not_found` otherwise. */
export async function requireUser(db: Db, nameOrId: string): Promise<UserRow> {
  const row = nameOrId.startsWith('U-')
    ? await findUserById(db, nameOrId)
    : await findUserByName(db, nameOrId.trim().toLowerCase());
  if (row === undefined) throw new DomainError('not_found', `no user "${nameOrId}"`);
  return row;
}

/** Changes role, name, e-mail or disables an account; the last active admin cannot be demoted or disabled. */
export async function modifyUser(
  db: Db,
  nameOrId: string,
  changes: {
    readonly role?: string;
    readonly displayName?: string;
    readonly email?: string;
    readonly disabled?: boolean;
  },
  now: string,
): Promise<UserView> {
  return db.transaction().execute(async (trx) => {
    const row = await requireUser(trx, nameOrId);
    const role = changes.role === undefined ? undefined : checkRole(changes.role);
    const losesAdmin =
      row.role === 'admin' &&
      row.disabled === 0 &&
      ((role !== undefined && role !== 'admin') || changes.disabled === true);
    if (losesAdmin && (await countActiveAdmins(trx)) <= 1) {
      throw new DomainError(
        'invalid_input',
        `"${row.username}" is the last active admin: make another admin first`,
      );
    }
    await updateUser(trx, row.id, {
      ...(role === undefined ? {} : { role }),
      ...(changes.displayName === undefined
        ? {}
        : { display_name: changes.displayName.trim() || row.username }),
      ...(changes.email === undefined ? {} : { email: changes.email.trim() || null }),
      ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
      updated_at: now,
    });
    if (changes.disabled === true || (role !== undefined && role !== row.role))
      await deleteSessionsOf(trx, row.id);
    return presentUser((await findUserById(trx, row.id)) as UserRow);
  });
}

// First-run setup

/** Is there no account yet? */
export async function needsSetup(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * While no account exists, issues a new setup token (the old ones stop working) and returns it; undefined once
 * an account exists. The caller prints it: it is never stored, only its hash.
 */
export async function issueSetupToken(db: Db, now: string): Promise<string | undefined> {
  if (!(await needsSetup(db))) return undefined;
  const token = secret();
  await db.transaction().execute(async (trx) => {
    await retireOneTimeTokens(trx, 'setup', null, now);
    await insertOneTimeToken(trx, {
      token_hash: sha256(token),
      purpose: 'setup',
      user_id: null,
      created_at: now,
      expires_at: addMinutes(now, ACCOUNT_LIMITS.setupTokenHours * 60),
      used_at: null,
    });
  });
  return token;
}

/** Creates the first admin with the setup token. */
export async function completeSetup(
  db: Db,
  token: string,
  input: {
    readonly username: string;
    readonly password: string;
    readonly displayName?: string;
    readonly email?: string;
  },
  now: string,
): Promise<UserView> {
  // Policy first, so a weak password does not use up the token.
  checkPasswordPolicy(input.password, normalizeUsername(input.username));
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, sha256(token), 'setup', now);
    if (used === undefined || (await countUsers(trx)) > 0) {
      throw new DomainError(
        'invalid_input',
        'the setup token is wrong, expired or already used; restart the server to print a new one (only while no account exists)',
      );
    }
    const { password: _password, ...account } = input;
    const user = await createUser(trx, { ...account, role: 'admin' }, now);
    await updateUser(trx, user.id, { password_hash: passwordHash });
    return { ...user, signIn: ['password'] };
  });
}

// Login, sessions, throttling

export interface SessionGrant {
  /** The cookie value: give it to the browser, never log it. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly user: UserView;
}

const LOGIN_REFUSED = 'wrong user name or password';

async function throttled(db: Db, key: string, now: string): Promise<string | undefined> {
  const row = await findThrottle(db, key);
  return row?.locked_until !== null && row?.locked_until !== undefined && row.locked_until > now
    ? row.locked_until
    : undefined;
}

async function recordFailure(db: Db, key: string, threshold: number, now: string): Promise<void> {
  const row = await findThrottle(db, key);
  const fresh = row === undefined || addMinutes(row.first_failure_at, ACCOUNT_LIMITS.windowMinutes) <= now;
  const failures = fresh ? 1 : row.failures + 1;
  await putThrottle(db, {
    key,
    failures,
    first_failure_at: fresh ? now : row.first_failure_at,
    locked_until: failures >= threshold ? addMinutes(now, ACCOUNT_LIMITS.lockMinutes) : null,
  });
}

/** When a failed login (or re-authentication) for this account or address locks them out, or undefined. */
export async function lockedUntil(db: Db, username: string, ip: string | undefined, now: string) {
  for (const key of [`user:${username}`, ...(ip === undefined ? [] : [`ip:${ip}`])]) {
    const until = await throttled(db, key, now);
    if (until !== undefined) return until;
  }
  return undefined;
}

/** Counts a failed proof of identity (password or one-time code) against the account and the address. */
export async function recordLoginFailure(
  db: Db,
  username: string,
  ip: string | undefined,
  now: string,
): Promise<void> {
  await recordFailure(db, `user:${username}`, ACCOUNT_LIMITS.accountFailures, now);
  if (ip !== undefined) await recordFailure(db, `ip:${ip}`, ACCOUNT_LIMITS.addressFailures, now);
}

/** The answer to a password that was right for an account with a second factor, when no code came with it. */
export const MFA_REQUIRED =
  'a one-time code is required: send code (6 digits) or recoveryCode with the password';
const MFA_REFUSED = 'the one-time code is wrong or already used (or the recovery code is): try the next code';

/** The outcome of a login attempt, for the audit trail. */
export type LoginResult =
  | { readonly ok: true; readonly grant: SessionGrant; readonly secondFactor?: 'totp' | 'recovery-code' }
  | {
      readonly ok: false;
      readonly reason: 'throttled' | 'refused';
      readonly userId?: string;
      readonly message: string;
      /** The password was right but the account's second factor is missing or wrong. */
      readonly mfa?: 'totp';
    };

/**
 * Checks a password and opens a session. Unknown user, wrong password and disabled account give the same
 * answer (and take the same time); too many failures lock the account or the address for a while.
 */
export async function login(
  db: Db,
  input: {
    readonly username: string;
    readonly password: string;
    readonly ip?: string;
    readonly userAgent?: string;
  } & SecondFactorProof,
  now: string,
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const until = await lockedUntil(db, username, input.ip, now);
  if (until !== undefined) {
    return { ok: false, reason: 'throttled', message: `too many failed logins: try again after ${until}` };
  }
  const row = await findUserByName(db, username);
  const matches = await verifyPassword(input.password, row?.password_hash ?? (await decoyHash()));
  if (row === undefined || row.password_hash === null || !matches || row.disabled === 1) {
    await recordLoginFailure(db, username, input.ip, now);
    return { ok: false, reason: 'refused', ...(row ? { userId: row.id } : {}), message: LOGIN_REFUSED };
  }
  let secondFactor: 'totp' | 'recovery-code' | undefined;
  if (row.totp_secret !== null) {
    // A missing code counts as a failure too: the password alone must not be guessable without limit here.
    secondFactor = await verifySecondFactor(db, row, input, now);
    if (secondFactor === undefined) {
      await recordLoginFailure(db, username, input.ip, now);
      const message = offersSecondFactor(input) ? MFA_REFUSED : MFA_REQUIRED;
      return { ok: false, reason: 'refused', userId: row.id, message, mfa: 'totp' };
    }
  }
  await clearThrottle(db, `user:${username}`);
  const grant = await openSession(db, row, input, now);
  return { ok: true, grant, ...(secondFactor === undefined ? {} : { secondFactor }) };
}

/** Opens a session for an account that proved who it is (password or single sign-on). */
export async function openSession(
  db: Db,
  row: UserRow,
  client: { readonly ip?: string; readonly userAgent?: string },
  now: string,
): Promise<SessionGrant> {
  const token = secret();
  const csrfToken = secret();
  const expiresAt = addMinutes(now, ACCOUNT_LIMITS.sessionHours * 60);
  await deleteExpiredSessions(db, now);
  await insertSession(db, {
    id_hash: sha256(token),
    user_id: row.id,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
    ip: client.ip ?? null,
    user_agent: client.userAgent?.slice(0, 200) ?? null,
    public_id: randomBytes(8).toString('hex'),
    authenticated_at: now,
  });
  return { token, csrfToken, expiresAt, user: presentUser(row) };
}

/** What the server keeps of the session a request came with (for re-authentication and session lists). */
export interface SessionState {
  /** SHA-256 of the cookie: names the session in the database, never shown. */
  readonly idHash: string;
  readonly publicId: string;
  readonly createdAt: string;
  readonly authenticatedAt: string;
  /** Can the account re-authenticate with a password (no: single sign-on only)? */
  readonly hasPassword: boolean;
}

/** The principal of a session cookie and its CSRF token, or undefined (unknown, expired, account disabled). */
export async function authenticateSession(
  db: Db,
  token: string,
  now: string,
): Promise<
  { readonly principal: Principal; readonly csrfToken: string; readonly session: SessionState } | undefined
> {
  const session = await findSessionWithUser(db, sha256(token));
  if (session === undefined || session.expires_at <= now) return undefined;
  if (session.disabled === 1 || !isRole(session.role)) return undefined;
  return {
    principal: { userId: session.user_id, username: session.username, role: session.role, via: 'session' },
    csrfToken: session.csrf_token,
    session: {
      idHash: session.id_hash,
      publicId: session.public_id,
      createdAt: session.created_at,
      authenticatedAt: session.authenticated_at,
      hasPassword: session.password_hash !== null,
    },
  };
}

/**
 * Refuses a sensitive operation (ASVS 3.7.1) when the session proved who it is more than
 * `recentAuthMinutes` ago. Accounts without a password cannot re-authenticate here: signing in again through
 * single sign-on makes a new session, recent by construction.
 */
export function checkRecentAuthentication(session: SessionState, now: string): void {
  if (addMinutes(session.authenticatedAt, ACCOUNT_LIMITS.recentAuthMinutes) > now) return;
  const minutes = ACCOUNT_LIMITS.recentAuthMinutes;
  throw new DomainError(
    'reauthentication_required',
    session.hasPassword
      ? `this needs a sign-in within the last ${minutes} minutes: confirm your password (and one-time code) with POST /api/auth/reauthenticate, then retry`
      : `this needs a sign-in within the last ${minutes} minutes: sign in again through single sign-on, then retry`,
    { reauthenticate: session.hasPassword ? 'password' : 'sso' },
  );
}

/** Ends a session. */
export async function logout(db: Db, token: string): Promise<void> {
  await deleteSession(db, sha256(token));
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Password reset

/** An admin issues a one-time reset token for an account (old ones stop working); the caller hands it over. */
export async function issueResetToken(
  db: Db,
  nameOrId: string,
  now: string,
): Promise<{ token: string; user: UserView; expiresAt: string }> {
  const row = await requireUser(db, nameOrId);
  const token = secret();
  const expiresAt = addMinutes(now, ACCOUNT_LIMITS.resetTokenHours * 60);
  await db.transaction().execute(async (trx) => {
    await retireOneTimeTokens(trx, 'reset', row.id, now);
    await insertOneTimeToken(trx, {
      token_hash: sha256(token),
      purpose: 'reset',
      user_id: row.id,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    });
  });
  return { token, user: presentUser(row), expiresAt };
}

/** Sets a new password with a reset token; every session of the account ends. */
export async function redeemResetToken(
  db: Db,
  token: string,
  password: string,
  now: string,
): Promise<UserView> {
  return db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, sha256(token), 'reset', now);
    const row = used?.user_id ? await findUserById(trx, used.user_id) : undefined;
    if (row === undefined) {
      throw new DomainError(
        'invalid_input',
        'the reset token is wrong, expired or already used: ask an admin for a new one',
      );
    }
    checkPasswordPolicy(password, row.username);
    await updateUser(trx, row.id, { password_hash: await hashPassword(password), updated_at: now });
    await deleteSessionsOf(trx, row.id);
    await clearThrottle(trx, `user:${row.username}`);
    return presentUser(row);
  });
}
