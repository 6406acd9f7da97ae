/**
 * Background jobs: the ingest of uploaded evidence runs in the server, not in the request that uploaded it. A job
 * is queued with what to do, claimed by one server process, beats a heartbeat while it runs (with its progress),
 * and ends done (with its result) or failed (with the reason). When a server stops mid-job, the heartbeat goes
 * stale and the next server takes the job over; the ingest resumes where it stopped (it never stores a record
 * twice), so a restart loses nothing.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database, DatabaseHandle } from '../db/database.js';
import { findEvidence } from '../db/evidence.repository.js';
import {
  beatJob,
  claimJob,
  findJob,
  finishJob,
  insertJob,
  type JobRow,
  listJobRows,
} from '../db/job.repository.js';
import { type FileSummary, ingestStoredEvidence } from './ingest-evidence.js';
import { limitsFrom, type ParsingOptions } from './ingest-options.js';
import { scanIndicators } from './scan-indicators.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What an ingest job does. */
export interface IngestJobParams {
  readonly evidenceId: string;
  readonly parsing: ParsingOptions;
  /** Scan the new events for indicators afterwards (as `debrief ingest` does unless --no-indicators). */
  readonly indicators: boolean;
}

/** How far a job got. */
export interface JobProgress {
  readonly phase: 'parsing' | 'indicators';
  readonly member?: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly accepted: number;
  readonly rejected: number;
}

export interface JobView {
  readonly id: string;
  readonly kind: 'ingest';
  readonly postMortemId: string;
  readonly status: JobStatus;
  readonly params: IngestJobParams;
  readonly progress?: JobProgress;
  /** The ingest summary (rejected records: the first 20 per source; all of them through the rejects route). */
  readonly result?: FileSummary & { readonly indicators?: number };
  readonly error?: string;
  readonly attempts: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

function present(row: JobRow): JobView {
  return {
    id: row.id,
    kind: 'ingest',
    postMortemId: row.post_mortem_id,
    status: row.status as JobStatus,
    params: JSON.parse(row.params) as IngestJobParams,
    ...(row.progress === null ? {} : { progress: JSON.parse(row.progress) as JobProgress }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as JobView['result'] & object }),
    ...(row.error === null ? {} : { error: row.error }),
    attempts: row.attempts,
    createdBy: row.created_by,
    createdAt: row.created_at,
    ...(row.started_at === null ? {} : { startedAt: row.started_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}

/** Queues the ingest of registered evidence; `not_found` when the post-mortem has no such evidence. */
export async function queueIngestJob(
  db: Kysely<Database>,
  postMortemId: string,
  params: IngestJobParams,
  by: string,
  now: string,
): Promise<JobView> {
  if ((await findEvidence(db, postMortemId as PostMortemId, params.evidenceId)) === undefined) {
    throw new DomainError('not_found', `evidence ${params.evidenceId} does not exist in ${postMortemId}`);
  }
  const row: JobRow = {
    id: `J-${randomBytes(5).toString('hex')}`,
    kind: 'ingest',
    post_mortem_id: postMortemId,
    status: 'queued',
    params: JSON.stringify(params),
    progress: null,
    result: null,
    error: null,
    attempts: 0,
    owner: null,
    heartbeat_at: null,
    created_by: by,
    created_at: now,
    started_at: null,
    finished_at: null,
  };
  await insertJob(db, row);
  return present(row);
}

/** A job by id; `not_found` otherwise. */
export async function getJob(db: Kysely<Database>, id: string): Promise<JobView> {
  const row = await findJob(db, id);
  if (row === undefined) throw new DomainError('not_found', `no job ${id}`);
  return present(row);
}

/** The latest jobs of a post-mortem, newest first. */
export async function listJobs(db: Kysely<Database>, postMortemId: string, limit = 50): Promise<JobView[]> {
  return (await listJobRows(db, postMortemId, limit)).map(present);
}

/** A running job whose heartbeat is older than this was abandoned (its server stopped). */
export const JOB_STALE_AFTER_MS = 2 * 60_000;
const HEARTBEAT_MS = 15_000;
const PROGRESS_EVERY_MS = 1_000;

export interface JobRunnerContext {
  readonly handle: DatabaseHandle;
  readonly blobs: BlobStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => string;
  readonly parseWorker?: URL;
  readonly log?: { info: (o: object, m: string) => void; error: (o: object, m: string) => void };
  /** True once the server is shutting down: a job cut short is left running, for the next server to resume. */
  readonly isStopping?: () => boolean;
}

/** This process, as recorded on the jobs it claims. */
const OWNER = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

function trimmed(summary: FileSummary): FileSummary {
  return { ...summary, sources: summary.sources.map((s) => ({ ...s, rejects: s.rejects.slice(0, 20) })) };
}

/** Claims and runs the next job, if any; resolves to it once it ended (undefined when there was none). */
export async function runNextJob(ctx: JobRunnerContext): Promise<JobView | undefined> {
  const { db } = ctx.handle;
  const now = ctx.now();
  const staleBefore = new Date(Date.parse(now) - JOB_STALE_AFTER_MS).toISOString();
  const row = await claimJob(db, OWNER, now, staleBefore);
  if (row === undefined) return undefined;
  const params = JSON.parse(row.params) as IngestJobParams;
  let progress: JobProgress = { phase: 'parsing', bytesDone: 0, bytesTotal: 0, accepted: 0, rejected: 0 };
  let written = 0;
  const beat = () => beatJob(db, row.id, OWNER, ctx.now(), JSON.stringify(progress)).catch(() => undefined);
  const timer = setInterval(beat, HEARTBEAT_MS);
  ctx.log?.info({ job: row.id, postMortem: row.post_mortem_id, attempt: row.attempts }, 'job started');
  try {
    const summary = await ingestStoredEvidence(
      ctx.handle,
      ctx.blobs,
      row.post_mortem_id as PostMortemId,
      params.evidenceId,
      { ...params.parsing, limits: limitsFrom(ctx.env), details: {} },
      {
        actor: row.created_by,
        now: ctx.now,
        ...(ctx.parseWorker === undefined ? {} : { parseWorker: ctx.parseWorker }),
        onProgress: (p) => {
          progress = {
            phase: 'parsing',
            member: p.member,
            bytesDone: p.bytesDone,
            bytesTotal: p.bytesTotal,
            accepted: p.accepted,
            rejected: p.rejected,
          };
          if (Date.now() - written >= PROGRESS_EVERY_MS) {
            written = Date.now();
            void beat();
          }
        },
      },
    );
    let indicators: number | undefined;
    if (params.indicators && summary.outcome !== 'failed') {
      progress = { ...progress, phase: 'indicators' };
      await beat();
      indicators = (await scanIndicators(db, row.post_mortem_id as PostMortemId, {})).indicators;
    }
    const failed = summary.outcome === 'failed';
    await finishJob(db, row.id, OWNER, {
      status: failed ? 'failed' : 'done',
      result: JSON.stringify({ ...trimmed(summary), ...(indicators === undefined ? {} : { indicators }) }),
      ...(failed
        ? { error: summary.error ?? summary.sources.find((s) => s.error)?.error ?? 'ingest failed' }
        : {}),
      now: ctx.now(),
    });
  } catch (error) {
    if (ctx.isStopping?.()) {
      ctx.log?.info({ job: row.id }, 'job interrupted by shutdown; the next start resumes it');
      return undefined;
    }
    await finishJob(db, row.id, OWNER, { status: 'failed', error: (error as Error).message, now: ctx.now() });
    ctx.log?.error({ job: row.id, error: (error as Error).message }, 'job failed');
  } finally {
    clearInterval(timer);
  }
  return getJob(db, row.id);
}

/**
 * Runs jobs in the background: all that are waiting, then again every `everyMs` (and at once when `wake` is
 * called, e.g. after an upload queued one). `stop` claims nothing more and returns at once: a job in hand is cut
 * short when the process ends, stays `running`, and the next server resumes it once its heartbeat is stale.
 */
export function startJobRunner(
  ctx: JobRunnerContext,
  everyMs: number,
): { wake: () => void; stop: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const context = { ...ctx, isStopping: () => stopped };
  const drain = () => {
    if (running || stopped) return;
    running = (async () => {
      while (!stopped && (await runNextJob(context)) !== undefined) {
        // One job after the other.
      }
    })()
      .catch((error: Error) => ctx.log?.error({ error: error.message }, 'job runner failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(drain, everyMs);
  drain();
  return {
    wake: drain,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    /** Resolves once the runner has nothing in hand (tests). */
    idle: async () => {
      while (running) await running;
    },
  };
}
