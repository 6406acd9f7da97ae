/**
 * Writes ingested events in batches, the hot path of ingest. A batch (its events, its rejected records and the
 * source's new checkpoint) is one transaction: after a crash the database holds whole batches only, and the
 * checkpoint says exactly how far the stream was stored.
 *
 * It talks to the drivers directly, with multi-row INSERT statements prepared once, because building each
 * statement through the query builder costs more than the insert itself at a million rows. This file and
 * dialects.ts are the only places that know SQLite from PostgreSQL.
 */
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
   * The events as flat rows, `EVENT_ROW_WIDTH` values each in `EVENT_COLUMNS` order (see `pushEventRow`): the
   * shape that crosses from a parse worker thread cheaply and binds straight into the insert statements.
   */
  readonly rows: readonly Value[];
  readonly rejects: readonly RejectToStore[];
  readonly checkpoint: Checkpoint;
}

export interface EventWriter {
  /** Stores a batch atomically. */
  write(batch: EventBatch): Promise<void>;
}

/** Column order of every event insert. */
const EVENT_COLUMNS = [
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

/** Appends an event's row, in `EVENT_COLUMNS` order, to `out`. */
export function pushEventRow(out: Value[], postMortemId: string, sourceId: number, item: EventToStore): void {
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

/** Rows per INSERT statement: many rows per call amortize the cost of crossing into the driver. */
const SQLITE_ROWS_PER_STATEMENT = 64;
const POSTGRES_ROWS_PER_STATEMENT = 500;

function sqliteWriter(sqlite: Extract<RawConnection, { dialect: 'sqlite' }>['sqlite']): EventWriter {
  const q = () => '?';
  const many = sqlite.prepare(insertSql('events', EVENT_COLUMNS, SQLITE_ROWS_PER_STATEMENT, q));
  const one = sqlite.prepare(insertSql('events', EVENT_COLUMNS, 1, q));
  const reject = sqlite.prepare(insertSql('event_rejects', REJECT_COLUMNS, 1, q));
  const checkpoint = sqlite.prepare(CHECKPOINT_SQL(q));
  const lastId = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM events').pluck();
  // The full-text index is fed per batch, in the batch's transaction, with one INSERT ... SELECT over the rows just
  // stored: a third cheaper than a trigger firing per row (see docs/ingest.md, Storage).
  const index = sqlite.prepare(
    `INSERT INTO events_fts (rowid, doc) SELECT id, ${SEARCH_TEXT_SQL} FROM events WHERE id > ?`,
  );
  const width = EVENT_ROW_WIDTH;
  const run = sqlite.transaction((batch: EventBatch) => {
    const before = lastId.get() as number;
    const rows = batch.rows;
    const count = rows.length / width;
    let i = 0;
    for (; i + SQLITE_ROWS_PER_STATEMENT <= count; i += SQLITE_ROWS_PER_STATEMENT) {
      many.run(rows.slice(i * width, (i + SQLITE_ROWS_PER_STATEMENT) * width));
    }
    for (; i < count; i++) one.run(rows.slice(i * width, (i + 1) * width));
    if (count > 0) index.run(before);
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
        const step = POSTGRES_ROWS_PER_STATEMENT * EVENT_ROW_WIDTH;
        for (let i = 0; i < batch.rows.length; i += step) {
          const values = batch.rows.slice(i, i + step);
          const text = insertSql('events', EVENT_COLUMNS, values.length / EVENT_ROW_WIDTH, dollar);
          await client.query({ text, values });
        }
        for (let i = 0; i < batch.rejects.length; i += POSTGRES_ROWS_PER_STATEMENT) {
          const slice = batch.rejects.slice(i, i + POSTGRES_ROWS_PER_STATEMENT);
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
