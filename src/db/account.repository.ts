/**
 * Accounts, sessions, API tokens, one-time tokens, login throttling and post-mortem membership (see
 * src/services/accounts.ts for what they mean). Secrets never reach this layer: only their hashes.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  ApiTokensTable,
  Database,
  LoginThrottleTable,
  OneTimeTokensTable,
  RecoveryCodesTable,
  SessionsTable,
  UsersTable,
} from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type OneTimeTokenRow = Selectable<OneTimeTokensTable>;
export type ThrottleRow = Selectable<LoginThrottleTable>;
export type RecoveryCodeRow = Selectable<RecoveryCodesTable>;

// Users

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByName(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserByOidc(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
}

/** Accounts whose e-mail address is `email`, ignoring case (single sign-on links by a verified address). */
export async function findUsersByEmail(db: Db, email: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('id')
    .execute();
}

/** Links an account to a single-sign-on identity (issuer and subject); `null` removes the link. */
export async function linkUserOidc(
  db: Db,
  id: string,
  identity: { readonly issuer: string; readonly subject: string } | null,
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ oidc_issuer: identity?.issuer ?? null, oidc_subject: identity?.subject ?? null, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function listUserRows(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<
    Pick<UserRow, 'display_name' | 'email' | 'role' | 'password_hash' | 'disabled' | 'updated_at'>
  >,
): Promise<boolean> {
  const result = await db.updateTable('users').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// Sessions

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (password changed, account disabled). */
export async function deleteSessionsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** The unexpired sessions of a user, newest first. */
export async function listSessionsOf(db: Db, userId: string, now: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('public_id')
    .execute();
}

/** Ends one session of a user, named by its public id; false when the user has no such session. */
export async function deleteSessionOf(db: Db, userId: string, publicId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user but one (the caller's); returns how many ended. */
export async function deleteOtherSessionsOf(db: Db, userId: string, keepIdHash: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id_hash', '!=', keepIdHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records that a session proved who it is again (re-authentication). */
export async function touchSessionAuthenticated(db: Db, idHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ authenticated_at: at }).where('id_hash', '=', idHash).execute();
}

// Second factor (TOTP) and recovery codes

/** Keeps a TOTP secret being enrolled (replacing an earlier pending one), or forgets it (null). */
export async function setPendingTotp(
  db: Db,
  userId: string,
  secret: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_pending: secret, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Makes the pending secret the active one, with the time step of the code that confirmed it. */
export async function activateTotp(
  db: Db,
  userId: string,
  secret: string,
  step: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_pending: null, totp_last_step: step, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Removes the second factor: secrets, last step and recovery codes. */
export async function clearTotp(db: Db, userId: string, at: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_pending: null, totp_last_step: null, updated_at: at })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

/**
 * Accepts a TOTP time step if it is later than the last one accepted: one conditional update, so two requests
 * with the same code cannot both pass. False when the step was already used (or an earlier one).
 */
export async function advanceTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a user's recovery codes. */
export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  rows: readonly RecoveryCodeRow[],
): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length > 0)
    await db
      .insertInto('recovery_codes')
      .values([...rows])
      .execute();
}

/** Uses a recovery code once: true if it was the user's and unused (a conditional update: once only). */
export async function consumeRecoveryCode(
  db: Db,
  userId: string,
  codeHash: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** How many recovery codes a user has left. */
export async function countRecoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// API tokens

export async function insertApiToken(db: Db, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A token with its account's name, role and state: one query per authenticated request. */
export async function findApiTokenWithUser(
  db: Db,
  id: string,
): Promise<(ApiTokenRow & { username: string; role: string; disabled: number }) | undefined> {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .select(['u.username', 'u.role', 'u.disabled'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** A session with its account's name, role and state (and whether it has a password: re-authentication). */
export async function findSessionWithUser(
  db: Db,
  idHash: string,
): Promise<
  | (SessionRow & { username: string; role: string; disabled: number; password_hash: string | null })
  | undefined
> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.username', 'u.role', 'u.disabled', 'u.password_hash'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function listApiTokenRows(db: Db, userId?: string): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll();
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function revokeApiToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

// One-time tokens

export async function insertOneTimeToken(db: Db, row: OneTimeTokenRow): Promise<void> {
  await db.insertInto('one_time_tokens').values(row).execute();
}

/** Marks a one-time token used if it is unused and unexpired; returns it, or undefined (nothing changed). */
export async function consumeOneTimeToken(
  db: Db,
  tokenHash: string,
  purpose: string,
  now: string,
): Promise<OneTimeTokenRow | undefined> {
  const row = await db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (row === undefined || row.used_at !== null || row.expires_at <= now) return undefined;
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? row : undefined;
}

/** Retires every unused token of a purpose (and user): a new setup or reset token replaces the old ones. */
export async function retireOneTimeTokens(
  db: Db,
  purpose: string,
  userId: string | null,
  now: string,
): Promise<void> {
  let query = db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null);
  query = userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
  await query.execute();
}

// Login throttling

export async function findThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putThrottle(db: Db, row: ThrottleRow): Promise<void> {
  const { key, ...rest } = row;
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet(rest))
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

// Membership

export async function addMember(
  db: Db,
  row: { post_mortem_id: string; user_id: string; added_at: string; added_by: string },
): Promise<boolean> {
  const result = await db
    .insertInto('post_mortem_members')
    .values(row)
    .onConflict((oc) => oc.columns(['post_mortem_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMember(db: Db, postMortemId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('post_mortem_members')
    .where('post_mortem_id', '=', postMortemId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The members of a post-mortem with their accounts. */
export async function listMemberRows(
  db: Db,
  postMortemId: string,
): Promise<(UserRow & { added_at: string; added_by: string })[]> {
  return db
    .selectFrom('post_mortem_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .select(['m.added_at', 'm.added_by'])
    .where('m.post_mortem_id', '=', postMortemId)
    .orderBy('u.username')
    .execute();
}

/** Whether a post-mortem exists, is restricted, and the user is a member: one query per request. */
export async function postMortemAccessRow(
  db: Db,
  postMortemId: string,
  userId: string,
): Promise<{ restricted: number; member: number } | undefined> {
  const row = await db
    .selectFrom('post_mortems as p')
    .leftJoin('post_mortem_members as m', (join) =>
      join.onRef('m.post_mortem_id', '=', 'p.id').on('m.user_id', '=', userId),
    )
    .select(['p.restricted', 'm.user_id'])
    .where('p.id', '=', postMortemId)
    .executeTakeFirst();
  return row === undefined ? undefined : { restricted: row.restricted, member: row.user_id === null ? 0 : 1 };
}
