/**
 * Test accounts: an account of a role with an API token (no password, so no slow scrypt), optionally a member of
 * some post-mortems. `authorization(token)` is the header the server wants.
 */
import type { Kysely } from 'kysely';
import type { Role, Scope } from '../src/core/access.js';
import type { Database } from '../src/db/database.js';
import { addPostMortemMember } from '../src/services/access.js';
import { createUser, type UserView } from '../src/services/accounts.js';
import { createApiToken } from '../src/services/api-tokens.js';

const NOW = '2026-11-22T12:00:00.000Z';

export interface TestAccount {
  readonly user: UserView;
  readonly token: string;
  readonly headers: { readonly authorization: string };
}

export async function createAccount(
  db: Kysely<Database>,
  username: string,
  role: Role,
  options: { readonly memberOf?: readonly string[]; readonly scopes?: readonly Scope[] } = {},
): Promise<TestAccount> {
  const user = await createUser(db, { username, role }, NOW);
  for (const id of options.memberOf ?? []) await addPostMortemMember(db, id, username, 'test', NOW);
  const { token } = await createApiToken(
    db,
    { user: username, name: 'test', scopes: options.scopes ?? ['admin'] },
    NOW,
  );
  return { user, token, headers: { authorization: `Bearer ${token}` } };
}
