/**
 * Indicators of compromise of each post-mortem:
 * - `indicators`: one row per post-mortem, type and value, with what the sightings add up to (first and last seen,
 *   event count, some hosts and users) and, for a known-bad indicator, where the list came from;
 * - `indicator_sightings`: which event each indicator was seen in, and when;
 * - `event_sources.indicators_scanned` and `indicators_cursor`: whether a source's events were scanned for
 *   indicators, and how far.
 */
import { type Kysely, sql } from 'kysely';
import { bigintType, dialectOf } from '../dialects.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const big = bigintType(dialect);
  const table = db.schema.createTable('indicators');
  await (dialect === 'postgres'
    ? table.addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey())
  )
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('first_ts', big)
    .addColumn('last_ts', big)
    .addColumn('event_count', big, (c) => c.notNull().defaultTo(0))
    .addColumn('hosts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('users', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('known_bad', 'text')
    .addUniqueConstraint('indicators_value', ['post_mortem_id', 'type', 'value'])
    .execute();
  const sightings = db.schema
    .createTable('indicator_sightings')
    .addColumn('indicator_id', big, (c) => c.notNull())
    .addColumn('event_id', big, (c) => c.notNull())
    // The event's time, copied: counting first and last seen then reads the sightings alone, not the events.
    .addColumn('ts', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_sightings_pk', ['indicator_id', 'event_id']);
  // SQLite: the primary key is the table (no separate rowid b-tree for millions of small rows).
  await (dialect === 'sqlite' ? sightings.modifyEnd(sql`without rowid`) : sightings).execute();
  await db.schema
    .createIndex('indicator_sightings_event')
    .on('indicator_sightings')
    .column('event_id')
    .execute();
  await db.schema
    .alterTable('event_sources')
    .addColumn('indicators_scanned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The last event id scanned, committed with the sightings of its page: an interrupted scan resumes after it.
  await db.schema
    .alterTable('event_sources')
    .addColumn('indicators_cursor', big, (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_sources').dropColumn('indicators_cursor').execute();
  await db.schema.alterTable('event_sources').dropColumn('indicators_scanned').execute();
  await db.schema.dropTable('indicator_sightings').execute();
  await db.schema.dropTable('indicators').execute();
}
