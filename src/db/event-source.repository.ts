/**
 * Event sources: one parsed stream of an evidence item (the file itself, or one member of an archive). A source
 * is also the ingest job for that stream: its status, its checkpoint (records stored so far, in file order) and
 * its counts, updated in the same transaction as each batch of events, so an interrupted ingest resumes exactly
 * where it stopped.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { Database, EventSourcesTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The status of a source: parsing, finished, or stopped by an error. */
export type SourceStatus = 'running' | 'done' | 'failed';

/** Parse options recorded with a source, so a resumed ingest parses exactly as the first attempt did. */
export interface SourceOptions {
  readonly zone: string;
  readonly mapping: Readonly<Record<string, string>>;
  readonly preset?: string;
  readonly year?: number;
  readonly referenceDate?: string;
}

/** An event source and its ingest progress. */
export interface SourceRecord {
  readonly id: number;
  readonly postMortemId: PostMortemId;
  readonly evidenceId: string;
  /** '' for the whole file, else the archive member's path. */
  readonly member: string;
  readonly memberIndex: number;
  /** The blob holding the (decompressed) content that events point into. */
  readonly contentSha256: string;
  readonly format: string;
  readonly options: SourceOptions;
  readonly status: SourceStatus;
  readonly ordinalBase: number;
  readonly recordsDone: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly firstTs?: number;
  readonly lastTs?: number;
  readonly assumedTimes: number;
  readonly startedAt: string;
  readonly owner: string;
  readonly heartbeatAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
}

function rowToSource(row: Selectable<EventSourcesTable>): SourceRecord {
  return {
    id: row.id,
    postMortemId: row.post_mortem_id as PostMortemId,
    evidenceId: row.evidence_id,
    member: row.member,
    memberIndex: row.member_index,
    contentSha256: row.content_sha256,
    format: row.format,
    options: JSON.parse(row.options) as SourceOptions,
    status: row.status as SourceStatus,
    ordinalBase: row.ordinal_base,
    recordsDone: row.records_done,
    accepted: row.accepted,
    rejected: row.rejected,
    ...(row.first_ts === null ? {} : { firstTs: row.first_ts }),
    ...(row.last_ts === null ? {} : { lastTs: row.last_ts }),
    assumedTimes: row.assumed_times,
    startedAt: row.started_at,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/** The sources of an evidence item, in member order. */
export async function listSourcesOfEvidence(
  db: Db,
  postMortemId: PostMortemId,
  evidenceId: string,
): Promise<SourceRecord[]> {
  const rows = await db
    .selectFrom('event_sources')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .where('evidence_id', '=', evidenceId)
    .orderBy('member_index')
    .execute();
  return rows.map(rowToSource);
}

/** Every source of a post-mortem, by evidence and member. */
export async function listSources(db: Db, postMortemId: PostMortemId): Promise<SourceRecord[]> {
  const rows = await db
    .selectFrom('event_sources')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .orderBy('evidence_id')
    .orderBy('member_index')
    .execute();
  return rows.map(rowToSource);
}

/** A source by id, or undefined. */
export async function findSource(db: Db, id: number): Promise<SourceRecord | undefined> {
  const row = await db.selectFrom('event_sources').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToSource(row) : undefined;
}

/** Creates a source in status `running` with an empty checkpoint; returns it. */
export async function createSource(
  db: Db,
  source: {
    readonly postMortemId: PostMortemId;
    readonly evidenceId: string;
    readonly member: string;
    readonly memberIndex: number;
    readonly contentSha256: string;
    readonly format: string;
    readonly options: SourceOptions;
    readonly ordinalBase: number;
    readonly owner: string;
    readonly now: string;
  },
): Promise<SourceRecord> {
  const inserted = await db
    .insertInto('event_sources')
    .values({
      post_mortem_id: source.postMortemId,
      evidence_id: source.evidenceId,
      member: source.member,
      member_index: source.memberIndex,
      content_sha256: source.contentSha256,
      format: source.format,
      options: JSON.stringify(source.options),
      status: 'running',
      ordinal_base: source.ordinalBase,
      records_done: 0,
      accepted: 0,
      rejected: 0,
      first_ts: null,
      last_ts: null,
      assumed_times: 0,
      started_at: source.now,
      owner: source.owner,
      heartbeat_at: source.now,
      finished_at: null,
      error: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToSource(inserted);
}

/** Marks a source finished (`done`) or stopped (`failed`, with the error). */
export async function finishSource(
  db: Db,
  id: number,
  outcome: { readonly status: 'done' | 'failed'; readonly now: string; readonly error?: string },
): Promise<void> {
  await db
    .updateTable('event_sources')
    .set({
      status: outcome.status,
      finished_at: outcome.now,
      heartbeat_at: outcome.now,
      error: outcome.error ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes over a source for a new attempt (after a crash or a failure): status back to `running` under a new
 * owner. Conditional on the owner seen, so two processes cannot both take over the same source.
 */
export async function takeOverSource(
  db: Db,
  id: number,
  from: { readonly owner: string; readonly heartbeatAt: string },
  to: { readonly owner: string; readonly now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('event_sources')
    .set({ status: 'running', owner: to.owner, heartbeat_at: to.now, error: null, finished_at: null })
    .where('id', '=', id)
    .where('owner', '=', from.owner)
    .where('heartbeat_at', '=', from.heartbeatAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
