/**
 * `list_stamp`: one row whose random stamp changes, by trigger, with every change to `post_mortems` or
 * `post_mortem_members`, whoever makes it (this server, another one on the same PostgreSQL, a restore, a hand
 * edit). Equal stamps mean equal lists, so a server keeps the pages of the post-mortem list it built and sends one
 * again while the stamp is the one it was built under (db/post-mortem.repository.ts). The stamp is random rather
 * than a counter: a restored older copy can never come back to a stamp that named other contents.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialects.js';

const WATCHED = ['post_mortems', 'post_mortem_members'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const random = postgres ? sql`gen_random_uuid()::text` : sql`lower(hex(randomblob(16)))`;
  await db.schema
    .createTable('list_stamp')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('stamp', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into list_stamp (id, stamp) values (1, ${random})`.execute(db);
  if (postgres) {
    await sql`create function debrief_new_list_stamp() returns trigger language plpgsql as $$
      begin update list_stamp set stamp = gen_random_uuid()::text; return null; end $$`.execute(db);
    for (const table of WATCHED) {
      // Once per statement, after it: a statement that changes many rows changes the stamp once.
      await sql`create trigger ${sql.id(`${table}_list_stamp`)} after insert or update or delete or truncate
        on ${sql.table(table)} for each statement execute function debrief_new_list_stamp()`.execute(db);
    }
    return;
  }
  for (const table of WATCHED) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql`create trigger ${sql.id(`${table}_list_stamp_${event}`)} after ${sql.raw(event)}
        on ${sql.table(table)} begin update list_stamp set stamp = lower(hex(randomblob(16))); end`.execute(
        db,
      );
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const table of WATCHED) {
    if (postgres) await sql`drop trigger ${sql.id(`${table}_list_stamp`)} on ${sql.table(table)}`.execute(db);
    else
      for (const event of ['insert', 'update', 'delete'])
        await sql`drop trigger ${sql.id(`${table}_list_stamp_${event}`)}`.execute(db);
  }
  if (postgres) await sql`drop function debrief_new_list_stamp()`.execute(db);
  await db.schema.dropTable('list_stamp').execute();
}
