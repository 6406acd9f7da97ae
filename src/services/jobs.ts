/**
 * Background jobs: the ingest of uploaded evidence, and Sigma runs over a post-mortem's events, run in the server,
 * not in the request that asked for them (a Sigma run over a million events takes minutes). A job
 * is queued with what to do, claimed by one server process, beats a heartbeat while it runs (with its progress),
 * and ends done (with its result) or failed (with the reason). When a server stops mid-job, the heartbeat goes
 * stale and the next server takes the job over; the ingest resumes where it stopped (it never stores a record
 * twice), a Sigma run starts again (its matches replace those of the run cut short), so a restart loses nothing.
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
import { hasSigmaRules } from '../db/sigma.repository.js';
import { type FileSummary, ingestStoredEvidence } from './ingest-evidence.js';
import { limitsFrom, type ParsingOptions } from './ingest-options.js';
import { readPostMortem } from './read-post-mortem.js';
import { scanIndicators } from './scan-indicators.js';
import { noSigmaRules, runSigma, type SigmaRunSummary } from './sigma.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_KINDS = ['ingest', 'sigma'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** What an ingest job does. */
export interface IngestJobParams {
  readonly evidenceId: string;
  readonly parsing: ParsingOptions;
  /** Scan the new events for indicators afterwards (as `debrief ingest` does unless --no-indicators). */
  readonly indicators: boolean;
}

/** What a Sigma job does: run the stored rules over every event of the post-mortem (nothing to choose yet). */
export type SigmaJobParams = Readonly<Record<string, never>>;

/** How far a Sigma job got. */
export interface SigmaJobProgress {
  readonly phase: 'sigma';
  readonly eventsDone: number;
  readonly eventsTotal: number;
}

/** How far an ingest job got. */
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
  readonly kind: JobKind;
  readonly postMortemId: string;
  readonly status: JobStatus;
  readonly params: IngestJobParams | SigmaJobParams;
  readonly progress?: JobProgress | SigmaJobProgress;
  /**
   * Ingest: its summary (rejected records: the first 20 per source; all of them through the rejects route).
   * Sigma: the run's summary, as `debrief sigma run --json`.
   */
  readonly result?: (FileSummary & { readonly indicators?: number }) | SigmaRunSummary;
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
    kind: row.kind as JobKind,
    postMortemId: row.post_mortem_id,
    status: row.status as JobStatus,
    params: JSON.parse(row.params) as JobView['params'],
    ...(row.progress === null ? {} : { progress: JSON.parse(row.progress) as JobView['progress'] & object }),
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
  return insertNewJob(db, 'ingest', postMortemId, params, by, now);
}

/**
 * Queues a Sigma run of the stored rules over every event of the post-mortem; `not_found` when no rules are
 * loaded (checked now, so the caller hears it at once rather than from a failed job).
 */
export async function queueSigmaJob(
  db: Kysely<Database>,
  postMortemId: string,
  by: string,
  now: string,
): Promise<JobView> {
  await readPostMortem(db, postMortemId as PostMortemId);
  if (!(await hasSigmaRules(db))) throw noSigmaRules();
  return insertNewJob(db, 'sigma', postMortemId, {}, by, now);
}

async function insertNewJob(
  db: Kysely<Database>,
  kind: JobKind,
  postMortemId: string,
  params: JobView['params'],
  by: string,
  now: string,
): Promise<JobView> {
  const row: JobRow = {
    id: `J-${randomBytes(5).toString('hex')}`,
    kind,
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
  let progress: JobProgress | SigmaJobProgress | undefined;
  let written = 0;
  const beat = () =>
    beatJob(db, row.id, OWNER, ctx.now(), progress === undefined ? null : JSON.stringify(progress)).catch(
      () => undefined,
    );
  const beatSoon = () => {
    if (Date.now() - written >= PROGRESS_EVERY_MS) {
      written = Date.now();
      void beat();
    }
  };
  const timer = setInterval(beat, HEARTBEAT_MS);
  ctx.log?.info(
    { job: row.id, kind: row.kind, postMortem: row.post_mortem_id, attempt: row.attempts },
    'job started',
  );
  try {
    const outcome =
      row.kind === 'sigma'
        ? await runSigmaJob(ctx, row, (p) => {
            progress = p;
            beatSoon();
          })
        : await runIngestJob(ctx, row, (p) => {
            progress = p;
            if (p.phase === 'indicators') void beat();
            else beatSoon();
          });
    await finishJob(db, row.id, OWNER, {
      status: outcome.error === undefined ? 'done' : 'failed',
      result: JSON.stringify(outcome.result),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
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

/** What a job ended with: its result, and the reason when it failed. */
interface JobOutcome {
  readonly result: NonNullable<JobView['result']>;
  readonly error?: string;
}

async function runIngestJob(
  ctx: JobRunnerContext,
  row: JobRow,
  report: (progress: JobProgress) => void,
): Promise<JobOutcome> {
  const params = JSON.parse(row.params) as IngestJobParams;
  let last: JobProgress = { phase: 'parsing', bytesDone: 0, bytesTotal: 0, accepted: 0, rejected: 0 };
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
        last = {
          phase: 'parsing',
          member: p.member,
          bytesDone: p.bytesDone,
          bytesTotal: p.bytesTotal,
          accepted: p.accepted,
          rejected: p.rejected,
        };
        report(last);
      },
    },
  );
  let indicators: number | undefined;
  if (params.indicators && summary.outcome !== 'failed') {
    report({ ...last, phase: 'indicators' });
    indicators = (
      await scanIndicators(ctx.handle.db, row.post_mortem_id as PostMortemId, { raw: ctx.handle.raw })
    ).indicators;
  }
  const result = { ...trimmed(summary), ...(indicators === undefined ? {} : { indicators }) };
  if (summary.outcome !== 'failed') return { result };
  return { result, error: summary.error ?? summary.sources.find((s) => s.error)?.error ?? 'ingest failed' };
}

async function runSigmaJob(
  ctx: JobRunnerContext,
  row: JobRow,
  report: (progress: SigmaJobProgress) => void,
): Promise<JobOutcome> {
  const result = await runSigma(ctx.handle, ctx.blobs, row.post_mortem_id as PostMortemId, {
    limits: limitsFrom(ctx.env),
    onProgress: (eventsDone, eventsTotal) => report({ phase: 'sigma', eventsDone, eventsTotal }),
  });
  return { result };
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
