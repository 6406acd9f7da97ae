/**
 * Account self-service (OWASP ASVS 2.8, 3.3.4, 3.7.1):
 * - `sessions.public_id`: a random id to show and name a session by (`GET /api/auth/sessions`), unrelated to the
 *   cookie and to its stored hash, so listing sessions discloses nothing that signs in;
 * - `sessions.authenticated_at`: when the session last proved who it is (sign-in, re-authentication); sensitive
 *   operations need it recent. Existing sessions get their creation time;
 * - `users.totp_secret`, `users.totp_pending`, `users.totp_last_step`: the active and the enrolling TOTP secret
 *   (RFC 6238, base32) and the last time step accepted, so one code cannot be used twice;
 * - `recovery_codes`: the SHA-256 of each one-time recovery code, and when it was used.
 */
import { type Kysely, sql } from 'kysely';
import { bigintType, dialectOf } from '../dialects.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema.alterTable('sessions').addColumn('public_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('authenticated_at', 'text').execute();
  // Existing sessions: a fresh random public id each, and authenticated when they were created.
  const random = postgres
    ? sql`substr(md5(random()::text || id_hash), 1, 16)`
    : sql`lower(hex(randomblob(8)))`;
  await sql`update sessions set public_id = ${random}, authenticated_at = created_at`.execute(db);
  if (postgres) {
    await sql`alter table sessions alter column public_id set not null`.execute(db);
    await sql`alter table sessions alter column authenticated_at set not null`.execute(db);
  }
  // SQLite cannot add NOT NULL to a column after the fact; the repository always writes both.
  await db.schema.createIndex('sessions_public_id').on('sessions').column('public_id').unique().execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('totp_last_step', bigintType(dialectOf(db)))
    .execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropIndex('sessions_public_id').execute();
  for (const column of ['totp_secret', 'totp_pending', 'totp_last_step'])
    await db.schema.alterTable('users').dropColumn(column).execute();
  for (const column of ['public_id', 'authenticated_at'])
    await db.schema.alterTable('sessions').dropColumn(column).execute();
}
