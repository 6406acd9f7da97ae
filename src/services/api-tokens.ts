/**
 * API tokens `dbt_<id>_<secret>` for scripts and other tools: only the SHA-256 of the secret is stored; scoped
 * (`read`, `write`, `admin`: never more than the account's role allows, core/access.ts), expiring, revocable; the
 * last use is recorded to the minute. The token is returned once to its creator and never stored or logged.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isRole, type Principal, type Scope } from '../core/access.js';
import { DomainError } from '../core/errors.js';
import {
  type ApiTokenRow,
  findApiToken,
  findApiTokenWithUser,
  findUserById,
  insertApiToken,
  listApiTokenRows,
  listUserRows,
  revokeApiToken,
  touchApiToken,
} from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { addMinutes, requireUser, sameSecret, secret, sha256 } from './accounts.js';

type Db = Kysely<Database>;

export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly scopes: Scope[];
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

function presentToken(row: ApiTokenRow, username: string): TokenView {
  return {
    id: row.id,
    name: row.name,
    user: username,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: row.created_at,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    ...(row.last_used_at === null ? {} : { lastUsedAt: row.last_used_at }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}

const TOKEN = /^dbt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Creates a token for an account; the returned `token` is shown once. */
export async function createApiToken(
  db: Db,
  input: {
    readonly user: string;
    readonly name: string;
    readonly scopes: readonly Scope[];
    readonly expiresInDays?: number;
  },
  now: string,
): Promise<{ token: string; view: TokenView }> {
  const owner = await requireUser(db, input.user);
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    throw new DomainError('invalid_input', 'a token needs a name of 1 to 100 characters');
  if (input.scopes.length === 0)
    throw new DomainError('invalid_input', 'a token needs at least one scope: read, write or admin');
  if (
    input.expiresInDays !== undefined &&
    !(Number.isInteger(input.expiresInDays) && input.expiresInDays > 0 && input.expiresInDays <= 3650)
  ) {
    throw new DomainError('invalid_input', 'a token expires after 1 to 3650 days');
  }
  const id = randomBytes(6).toString('hex');
  const value = secret();
  const row: ApiTokenRow = {
    id,
    user_id: owner.id,
    name,
    secret_hash: sha256(value),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_at: now,
    expires_at: input.expiresInDays === undefined ? null : addMinutes(now, input.expiresInDays * 24 * 60),
    last_used_at: null,
    revoked_at: null,
  };
  await insertApiToken(db, row);
  return { token: `dbt_${id}_${value}`, view: presentToken(row, owner.username) };
}

/** The principal of a bearer token, or undefined (malformed, unknown, revoked, expired, account disabled). */
export async function authenticateToken(db: Db, bearer: string, now: string): Promise<Principal | undefined> {
  const match = TOKEN.exec(bearer);
  if (match === null) return undefined;
  const [, id = '', value = ''] = match;
  const row = await findApiTokenWithUser(db, id);
  if (row === undefined || !sameSecret(row.secret_hash, sha256(value))) return undefined;
  if (row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
  if (row.disabled === 1 || !isRole(row.role)) return undefined;
  // Last use to the minute: one write per token per minute at most, not one per request.
  if (row.last_used_at === null || row.last_used_at.slice(0, 16) !== now.slice(0, 16))
    await touchApiToken(db, id, now);
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    via: 'token',
    tokenId: id,
    scopes: JSON.parse(row.scopes) as Scope[],
  };
}

/** Tokens of one account, or of all (admins). */
export async function listApiTokens(db: Db, user?: string): Promise<TokenView[]> {
  const users = new Map((await listUserRows(db)).map((u) => [u.id, u.username]));
  const owner = user === undefined ? undefined : await requireUser(db, user);
  return (await listApiTokenRows(db, owner?.id)).map((row) =>
    presentToken(row, users.get(row.user_id) ?? row.user_id),
  );
}

/** Revokes a token; `onlyOf` limits it to one account's tokens (a user revoking their own). */
export async function revokeToken(db: Db, id: string, now: string, onlyOf?: string): Promise<TokenView> {
  const row = await findApiToken(db, id);
  if (row === undefined || (onlyOf !== undefined && row.user_id !== onlyOf)) {
    throw new DomainError('not_found', `no API token "${id}"`);
  }
  await revokeApiToken(db, id, now);
  const owner = await findUserById(db, row.user_id);
  return presentToken((await findApiToken(db, id)) as ApiTokenRow, owner?.username ?? row.user_id);
}
