/**
 * What a signed-in person does to their own account (OWASP ASVS 2.1.5/2.1.6, 2.8, 3.3.4, 3.7.1): change the
 * password, re-authenticate before sensitive operations, turn the second factor off, see and end their sessions.
 *
 * A wrong password or one-time code here counts toward the same throttle as a failed login (per account and per
 * address), so a stolen session cannot be used to guess the password or the code without limit.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import {
  clearThrottle,
  deleteOtherSessionsOf,
  deleteSessionOf,
  findUserById,
  listSessionsOf,
  type SessionRow,
  touchSessionAuthenticated,
  type UserRow,
  updateUser,
} from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { lockedUntil, MFA_REQUIRED, recordLoginFailure, type SessionState } from './accounts.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import {
  offersSecondFactor,
  removeSecondFactor,
  type SecondFactorProof,
  verifySecondFactor,
} from './second-factor.js';

type Db = Kysely<Database>;

/** Who is asking, and from where (the address is throttled too). */
export interface SelfServiceCaller {
  readonly userId: string;
  readonly ip?: string | undefined;
}

async function ownAccount(db: Db, userId: string): Promise<UserRow> {
  const row = await findUserById(db, userId);
  if (row === undefined) throw new DomainError('not_found', `no user "${userId}"`);
  return row;
}

async function notLocked(db: Db, row: UserRow, ip: string | undefined, now: string): Promise<void> {
  const until = await lockedUntil(db, row.username, ip, now);
  if (until !== undefined)
    throw new DomainError('rate_limited', `too many failed attempts: try again after ${until}`);
}

/** Counts the failure, then refuses: 403, since the caller is signed in but did not prove it again. */
async function refuse(
  db: Db,
  row: UserRow,
  ip: string | undefined,
  now: string,
  message: string,
  details?: Record<string, unknown>,
): Promise<never> {
  await recordLoginFailure(db, row.username, ip, now);
  throw new DomainError('forbidden', message, details);
}

function requirePassword(row: UserRow): string {
  if (row.password_hash === null) {
    throw new DomainError(
      'invalid_input',
      `${row.username} signs in through single sign-on and has no password here: sign in again through single sign-on instead`,
    );
  }
  return row.password_hash;
}

/**
 * Changes your own password after checking the current one (ASVS 2.1.5/2.1.6): the same policy as everywhere;
 * every other session of the account ends, the caller's stays (and counts as freshly authenticated).
 */
export async function changeOwnPassword(
  db: Db,
  caller: SelfServiceCaller,
  session: Pick<SessionState, 'idHash'>,
  input: { readonly currentPassword: string; readonly newPassword: string },
  now: string,
): Promise<{ readonly endedSessions: number }> {
  const row = await ownAccount(db, caller.userId);
  const hash = requirePassword(row);
  await notLocked(db, row, caller.ip, now);
  if (!(await verifyPassword(input.currentPassword, hash)))
    await refuse(db, row, caller.ip, now, 'the current password is wrong');
  if (input.newPassword === input.currentPassword)
    throw new DomainError('invalid_input', 'the new password is the current one: choose another');
  checkPasswordPolicy(input.newPassword, row.username);
  const newHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await updateUser(trx, row.id, { password_hash: newHash, updated_at: now });
    const endedSessions = await deleteOtherSessionsOf(trx, row.id, session.idHash);
    await touchSessionAuthenticated(trx, session.idHash, now);
    await clearThrottle(trx, `user:${row.username}`);
    return { endedSessions };
  });
}

/**
 * Proves again who is behind a session (ASVS 3.7.1): the password, and the one-time code when the account has a
 * second factor. Sensitive operations are then allowed for `ACCOUNT_LIMITS.recentAuthMinutes`.
 */
export async function reauthenticate(
  db: Db,
  caller: SelfServiceCaller,
  session: Pick<SessionState, 'idHash'>,
  input: { readonly password: string } & SecondFactorProof,
  now: string,
): Promise<{ readonly authenticatedAt: string }> {
  const row = await ownAccount(db, caller.userId);
  const hash = requirePassword(row);
  await notLocked(db, row, caller.ip, now);
  if (!(await verifyPassword(input.password, hash)))
    await refuse(db, row, caller.ip, now, 'the password is wrong');
  if (row.totp_secret !== null && (await verifySecondFactor(db, row, input, now)) === undefined) {
    await refuse(
      db,
      row,
      caller.ip,
      now,
      offersSecondFactor(input) ? 'the one-time code is wrong or already used' : MFA_REQUIRED,
      { mfa: 'totp' },
    );
  }
  await touchSessionAuthenticated(db, session.idHash, now);
  await clearThrottle(db, `user:${row.username}`);
  return { authenticatedAt: now };
}

/** Turns your second factor off, with a current code or a recovery code as proof. */
export async function disableOwnSecondFactor(
  db: Db,
  caller: SelfServiceCaller,
  proof: SecondFactorProof,
  now: string,
): Promise<void> {
  const row = await ownAccount(db, caller.userId);
  if (row.totp_secret === null) throw new DomainError('invalid_input', 'no second factor is active');
  await notLocked(db, row, caller.ip, now);
  if ((await verifySecondFactor(db, row, proof, now)) === undefined) {
    await refuse(db, row, caller.ip, now, 'the one-time code (or recovery code) is wrong or already used', {
      mfa: 'totp',
    });
  }
  await removeSecondFactor(db, row.id, now);
}

/** A session as its owner sees it: named by its public id, never by its cookie or the cookie's hash. */
export interface SessionView {
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When it last proved who it is: the sign-in, or the latest re-authentication. */
  readonly authenticatedAt: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** Is it the session of this request? */
  readonly current: boolean;
}

function presentSession(row: SessionRow, currentIdHash: string | undefined): SessionView {
  return {
    id: row.public_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    authenticatedAt: row.authenticated_at,
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.user_agent === null ? {} : { userAgent: row.user_agent }),
    current: row.id_hash === currentIdHash,
  };
}

/** Your unexpired sessions, newest first, the calling one marked `current`. */
export async function listOwnSessions(
  db: Db,
  userId: string,
  currentIdHash: string | undefined,
  now: string,
): Promise<SessionView[]> {
  return (await listSessionsOf(db, userId, now)).map((row) => presentSession(row, currentIdHash));
}

/** Ends one of your sessions; another account's session id is `not_found`, like an unknown one. */
export async function endOwnSession(db: Db, userId: string, sessionId: string): Promise<void> {
  if (!(await deleteSessionOf(db, userId, sessionId)))
    throw new DomainError(
      'not_found',
      `no session "${sessionId}" of yours: GET /api/auth/sessions lists them`,
    );
}

/** Ends every session of yours but the calling one; returns how many ended. */
export async function endOtherOwnSessions(db: Db, userId: string, currentIdHash: string): Promise<number> {
  return deleteOtherSessionsOf(db, userId, currentIdHash);
}
