/**
 * Evidence and the working timeline:
 * - `evidence`: registered files (content-addressed by SHA-256), one row per post-mortem and file;
 * - `custody_events`: the hash-chained chain of custody of each evidence item;
 * - `blobs`: content stored in the blob store (original files, and decompressed members of archives);
 * - `event_sources`: one parsed stream of an evidence item (the file, or one archive member), which is also the
 *   ingest job: status, checkpoint and counts, so an interrupted ingest resumes where it stopped;
 * - `events`: the working timeline, one row per record, keyed by post-mortem (so it can be distributed on that
 *   key) with the raw record kept by reference (content blob, offset, length);
 * - `event_rejects`: records that could not be parsed, with the reason and their first bytes;
 * - `event_marks`: stars and tags analysts put on events, apart from the bulk rows.
 * Full-text search: an FTS5 table on SQLite (fed per batch by the event writer; see 0003), a generated tsvector with
 * a GIN index on PostgreSQL.
 * Both split words at `/` and `\` (so path components are words) and keep `.`, `-`, `@` and `:` inside them.
 */
import { type Kysely, sql } from 'kysely';
import { bigintType, dialectOf } from '../dialects.js';

/** The text indexed for full-text search of an event, as an SQL expression over the `events` columns. */
export const SEARCH_TEXT_SQL = `coalesce(message, '') || ' ' || coalesce(command_line, '') || ' ' || coalesce(url, '') || ' ' || coalesce(file_path, '') || ' ' || coalesce(host, '') || ' ' || coalesce(user_name, '') || ' ' || coalesce(process_name, '') || ' ' || coalesce(src_ip, '') || ' ' || coalesce(dst_ip, '') || ' ' || coalesce(dns_question, '') || ' ' || coalesce(action, '')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const big = bigintType(dialect);

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evidence')
    .addColumn('post_mortem_id', 'text', (c) => c.notNull().references('post_mortems.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('collected_by', 'text')
    .addColumn('collected_at', 'text')
    .addColumn('source_system', 'text')
    .addColumn('timezone', 'text')
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('custody_count', 'integer', (c) => c.notNull())
    .addColumn('custody_head', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_pk', ['post_mortem_id', 'id'])
    .addUniqueConstraint('evidence_sha256_unique', ['post_mortem_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('custody_events')
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('custody_events_pk', ['post_mortem_id', 'evidence_id', 'seq'])
    .addForeignKeyConstraint('custody_events_evidence_fk', ['post_mortem_id', 'evidence_id'], 'evidence', [
      'post_mortem_id',
      'id',
    ])
    .execute();

  await db.schema
    .createTable('event_sources')
    .addColumn('id', 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey(),
    )
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('member', 'text', (c) => c.notNull())
    .addColumn('member_index', 'integer', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ordinal_base', big, (c) => c.notNull())
    .addColumn('records_done', big, (c) => c.notNull())
    .addColumn('accepted', big, (c) => c.notNull())
    .addColumn('rejected', big, (c) => c.notNull())
    .addColumn('first_ts', big)
    .addColumn('last_ts', big)
    .addColumn('assumed_times', big, (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addUniqueConstraint('event_sources_member_unique', ['post_mortem_id', 'evidence_id', 'member'])
    .addForeignKeyConstraint('event_sources_evidence_fk', ['post_mortem_id', 'evidence_id'], 'evidence', [
      'post_mortem_id',
      'id',
    ])
    .execute();

  const events = db.schema.createTable('events');
  const withId =
    dialect === 'postgres'
      ? events.addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity())
      : events.addColumn('id', 'integer', (c) => c.primaryKey());
  let table = withId
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('ordinal', big, (c) => c.notNull())
    .addColumn('ts', big, (c) => c.notNull())
    .addColumn('ts_text', 'text', (c) => c.notNull())
    .addColumn('ts_assumed', 'integer', (c) => c.notNull())
    .addColumn('raw_offset', big, (c) => c.notNull())
    .addColumn('raw_length', 'integer', (c) => c.notNull())
    .addColumn('line', big);
  for (const column of [
    'kind',
    'category',
    'type',
    'action',
    'outcome',
    'code',
    'provider',
    'dataset',
    'host',
    'host_ip',
    'user_name',
    'user_domain',
    'src_ip',
    'dst_ip',
    'process_name',
    'command_line',
    'executable',
    'parent_name',
    'parent_command_line',
    'file_path',
    'file_hash',
    'url',
    'dns_question',
    'labels',
  ]) {
    table = table.addColumn(column, 'text');
  }
  for (const column of ['severity', 'src_port', 'dst_port', 'pid', 'parent_pid'])
    table = table.addColumn(column, big);
  table = table.addColumn('message', 'text', (c) => c.notNull());
  if (dialect === 'postgres') {
    table = table
      .addColumn('search', sql`tsvector`, (c) =>
        c
          .generatedAlwaysAs(sql.raw(`to_tsvector('simple', translate(${SEARCH_TEXT_SQL}, '/\\', '  '))`))
          .stored(),
      )
      .addPrimaryKeyConstraint('events_pk', ['post_mortem_id', 'id']);
  }
  await table.execute();
  await db.schema
    .createIndex('events_timeline')
    .on('events')
    .columns(['post_mortem_id', 'ts', 'id'])
    .execute();
  await db.schema.createIndex('events_source').on('events').columns(['source_id', 'ordinal']).execute();

  if (dialect === 'postgres') {
    await sql`CREATE INDEX events_search ON events USING gin (search)`.execute(db);
  } else {
    // Contentless FTS5: the index only, the text lives in `events`. `.`, `-`, `_`, `@` and `:` are part of
    // words, so IP addresses, domains, e-mail addresses and file names match as a whole.
    await sql
      .raw(
        `CREATE VIRTUAL TABLE events_fts USING fts5(doc, content='', contentless_delete=1, tokenize="unicode61 tokenchars '.-_@:'")`,
      )
      .execute(db);
    // Inserts are indexed by the event writer, one INSERT ... SELECT per batch (cheaper than a trigger per row).
    await sql
      .raw(
        `CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN DELETE FROM events_fts WHERE rowid = old.id; END`,
      )
      .execute(db);
  }

  await db.schema
    .createTable('event_rejects')
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('ordinal', big, (c) => c.notNull())
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('line', big)
    .addColumn('raw_offset', big, (c) => c.notNull())
    .addColumn('raw_length', big, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('sample', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_rejects_pk', ['source_id', 'ordinal'])
    .execute();

  await db.schema
    .createTable('event_marks')
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('event_id', big, (c) => c.notNull())
    .addColumn('starred', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_marks_pk', ['post_mortem_id', 'event_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['event_marks', 'event_rejects']) await db.schema.dropTable(table).execute();
  if (dialectOf(db) === 'sqlite') await sql`DROP TABLE IF EXISTS events_fts`.execute(db);
  for (const table of ['events', 'event_sources', 'custody_events', 'evidence', 'blobs']) {
    await db.schema.dropTable(table).execute();
  }
}
