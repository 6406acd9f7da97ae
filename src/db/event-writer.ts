/**
 * Writes ingested events in batches, the hot path of ingest. A batch (its events, its rejected records and the
 * source's new checkpoint) is one transaction: after a crash the database holds whole batches only, and the
 * checkpoint says exactly how far the stream was stored.
 *
 * It talks to the drivers directly, with multi-row INSERT statements prepared once, because building each
 * statement through the query builder costs more than the insert itself at a million rows. This file and
 * dialects.ts are the only places that know SQLite from PostgreSQL.
 */

import type SQLite from 'better-sqlite3';
import type { EventTime, NormalizedEvent, RecordLocation } from '../core/event.js';
import type { RawConnection } from './database.js';
import { SEARCH_TEXT_SQL } from './migrations/0002-evidence-and-events.js';

/** An event to store: its ordinal in the evidence, the event, and where its raw record is. */
export interface EventToStore {
  readonly ordinal: number;
  readonly event: NormalizedEvent;
  readonly where: RecordLocation;
}

/** A rejected record to store. */
export interface RejectToStore {
  readonly ordinal: number;
  readonly where: RecordLocation;
  readonly reason: string;
  readonly sample: string;
}

/** A source's progress after a batch. */
export interface Checkpoint {
  readonly recordsDone: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  readonly assumedTimes: number;
  readonly heartbeatAt: string;
}

export interface EventBatch {
  readonly postMortemId: string;
  readonly sourceId: number;
  /**
   * The events as groups of flat rows (see `pushEventRow`): `EVENT_ROW_WIDTH` values per row in `EVENT_COLUMNS`
   * order, at most `ROWS_PER_GROUP` rows per group. The shape crosses from a parse worker thread cheaply and each
   * group binds straight into one insert statement.
   */
  readonly rows: readonly (readonly Value[])[];
  readonly rejects: readonly RejectToStore[];
  readonly checkpoint: Checkpoint;
}

export interface EventWriter {
  /** Stores a batch atomically. */
  write(batch: EventBatch): Promise<void>;
}

/** Column order of every event insert. */
export const EVENT_COLUMNS = [
  'post_mortem_id',
  'source_id',
  'ordinal',
  'ts',
  'ts_text',
  'ts_assumed',
  'raw_offset',
  'raw_length',
  'line',
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
  'severity',
  'src_port',
  'dst_port',
  'pid',
  'parent_pid',
  'message',
] as const;

const REJECT_COLUMNS = [
  'source_id',
  'ordinal',
  'post_mortem_id',
  'line',
  'raw_offset',
  'raw_length',
  'reason',
  'sample',
] as const;

/** A value bound to a statement. */
export type Value = string | number | null;

/** Values per event row. */
export const EVENT_ROW_WIDTH = EVENT_COLUMNS.length;

/**
 * Rows per group, and so per SQLite INSERT statement: many rows per call amortize the cost of crossing into the
 * driver. Groups also keep the arrays small: V8 fills a small array of mixed values some 20 times faster than a
 * batch-sized one (about 100,000 values), which a parse worker spent a quarter of its time on.
 */
export const ROWS_PER_GROUP = 64;
const GROUP_VALUES = ROWS_PER_GROUP * EVENT_ROW_WIDTH;

/** How many rows `groups` hold. */
export function rowCount(groups: readonly (readonly Value[])[]): number {
  let values = 0;
  for (const group of groups) values += group.length;
  return values / EVENT_ROW_WIDTH;
}

/** Appends an event's row, in `EVENT_COLUMNS` order, to the last group of `groups` (a new one when it is full). */
export function pushEventRow(
  groups: Value[][],
  postMortemId: string,
  sourceId: number,
  item: EventToStore,
): void {
  let out = groups[groups.length - 1];
  if (out === undefined || out.length >= GROUP_VALUES) {
    out = [];
    groups.push(out);
  }
  const e = item.event;
  const time: EventTime = e.time;
  out.push(
    postMortemId,
    sourceId,
    item.ordinal,
    time.epochMs,
    time.text,
    time.assumed ? 1 : 0,
    item.where.offset,
    item.where.length,
    item.where.line ?? null,
    e.kind ?? null,
    e.category ?? null,
    e.type ?? null,
    e.action ?? null,
    e.outcome ?? null,
    e.code ?? null,
    e.provider ?? null,
    e.dataset ?? null,
    e.hostName ?? null,
    e.hostIp ?? null,
    e.userName ?? null,
    e.userDomain ?? null,
    e.sourceIp ?? null,
    e.destinationIp ?? null,
    e.processName ?? null,
    e.processCommandLine ?? null,
    e.processExecutable ?? null,
    e.parentName ?? null,
    e.parentCommandLine ?? null,
    e.filePath ?? null,
    e.fileHash ?? null,
    e.url ?? null,
    e.dnsQuestion ?? null,
    e.labels === undefined ? null : JSON.stringify(e.labels),
    e.severity ?? null,
    e.sourcePort ?? null,
    e.destinationPort ?? null,
    e.processPid ?? null,
    e.parentPid ?? null,
    e.message,
  );
}

function pushReject(out: Value[], batch: EventBatch, r: RejectToStore): void {
  out.push(
    batch.sourceId,
    r.ordinal,
    batch.postMortemId,
    r.where.line ?? null,
    r.where.offset,
    r.where.length,
    r.reason,
    r.sample,
  );
}

function checkpointValues(c: Checkpoint, sourceId: number): Value[] {
  return [
    c.recordsDone,
    c.accepted,
    c.rejected,
    c.firstTs,
    c.lastTs,
    c.assumedTimes,
    c.heartbeatAt,
    sourceId,
  ];
}

const CHECKPOINT_SQL = (p: (i: number) => string): string =>
  `UPDATE event_sources SET records_done = ${p(1)}, accepted = ${p(2)}, rejected = ${p(3)}, first_ts = ${p(4)}, last_ts = ${p(5)}, assumed_times = ${p(6)}, heartbeat_at = ${p(7)} WHERE id = ${p(8)}`;

function insertSql(
  table: string,
  columns: readonly string[],
  rows: number,
  p: (i: number) => string,
): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map(() => p(++n)).join(',')})`);
  return `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`;
}

/** Row groups per PostgreSQL INSERT statement (512 rows; a statement takes at most 65,535 values). */
const POSTGRES_GROUPS_PER_STATEMENT = 8;
const POSTGRES_REJECTS_PER_STATEMENT = 500;

function sqliteWriter(sqlite: Extract<RawConnection, { dialect: 'sqlite' }>['sqlite']): EventWriter {
  const q = () => '?';
  // One statement per group size: full groups use the first; a batch's last group may be shorter.
  const inserts = new Map<number, SQLite.Statement>();
  const insertOf = (rows: number): SQLite.Statement => {
    let statement = inserts.get(rows);
    if (statement === undefined) {
      statement = sqlite.prepare(insertSql('events', EVENT_COLUMNS, rows, q));
      inserts.set(rows, statement);
    }
    return statement;
  };
  insertOf(ROWS_PER_GROUP);
  const reject = sqlite.prepare(insertSql('event_rejects', REJECT_COLUMNS, 1, q));
  const checkpoint = sqlite.prepare(CHECKPOINT_SQL(q));
  const lastId = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM events').pluck();
  // The full-text index is fed per batch, in the batch's transaction, with one INSERT ... SELECT over the rows just
  // stored: a third cheaper than a trigger firing per row (see docs/ingest.md, Storage).
  const index = sqlite.prepare(
    `INSERT INTO events_fts (rowid, doc) SELECT id, ${SEARCH_TEXT_SQL} FROM events WHERE id > ?`,
  );
  const run = sqlite.transaction((batch: EventBatch) => {
    const before = lastId.get() as number;
    for (const group of batch.rows) {
      if (group.length > 0) insertOf(group.length / EVENT_ROW_WIDTH).run(group);
    }
    if (batch.rows.length > 0) index.run(before);
    const values: Value[] = [];
    for (const r of batch.rejects) {
      values.length = 0;
      pushReject(values, batch, r);
      reject.run(values);
    }
    checkpoint.run(checkpointValues(batch.checkpoint, batch.sourceId));
  });
  return {
    write: async (batch) => {
      run(batch);
    },
  };
}

function postgresWriter(pool: Extract<RawConnection, { dialect: 'postgres' }>['pool']): EventWriter {
  const dollar = (i: number) => `$${i}`;
  return {
    write: async (batch) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (let i = 0; i < batch.rows.length; i += POSTGRES_GROUPS_PER_STATEMENT) {
          const values = batch.rows.slice(i, i + POSTGRES_GROUPS_PER_STATEMENT).flat();
          if (values.length === 0) continue;
          const text = insertSql('events', EVENT_COLUMNS, values.length / EVENT_ROW_WIDTH, dollar);
          await client.query({ text, values });
        }
        for (let i = 0; i < batch.rejects.length; i += POSTGRES_REJECTS_PER_STATEMENT) {
          const slice = batch.rejects.slice(i, i + POSTGRES_REJECTS_PER_STATEMENT);
          const values: Value[] = [];
          for (const r of slice) pushReject(values, batch, r);
          await client.query({
            text: insertSql('event_rejects', REJECT_COLUMNS, slice.length, dollar),
            values,
          });
        }
        await client.query({
          text: CHECKPOINT_SQL(dollar),
          values: checkpointValues(batch.checkpoint, batch.sourceId),
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** A writer for the open database. */
export function eventWriter(raw: RawConnection): EventWriter {
  return raw.dialect === 'sqlite' ? sqliteWriter(raw.sqlite) : postgresWriter(raw.pool);
}
