/** Background jobs (see src/services/jobs.ts): queue, claim, heartbeat, finish. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, JobsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export type JobRow = Selectable<JobsTable>;

export async function insertJob(db: Db, row: JobRow): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobRows(db: Db, postMortemId: string, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Claims the oldest job that is queued, or running with a heartbeat older than `staleBefore` (its server
 * stopped): only one process wins the update. Returns the claimed row, or undefined when there is nothing to do.
 */
export async function claimJob(
  db: Db,
  owner: string,
  now: string,
  staleBefore: string,
): Promise<JobRow | undefined> {
  const candidates = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'heartbeat_at'])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(5)
    .execute();
  for (const candidate of candidates) {
    let update = db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        owner,
        heartbeat_at: now,
        started_at: eb.fn.coalesce('started_at', eb.val(now)),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', candidate.id)
      .where('status', '=', candidate.status);
    update =
      candidate.heartbeat_at === null
        ? update.where('heartbeat_at', 'is', null)
        : update.where('heartbeat_at', '=', candidate.heartbeat_at);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return findJob(db, candidate.id);
  }
  return undefined;
}

/** Records progress and the heartbeat of a job this owner runs. */
export async function beatJob(
  db: Db,
  id: string,
  owner: string,
  now: string,
  /** Null: no progress to record yet (the heartbeat alone). */
  progress: string | null,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set(progress === null ? { heartbeat_at: now } : { heartbeat_at: now, progress })
    .where('id', '=', id)
    .where('owner', '=', owner)
    .execute();
}

/** Ends a job: done with its result, or failed with the reason. */
export async function finishJob(
  db: Db,
  id: string,
  owner: string,
  outcome: { status: 'done' | 'failed'; result?: string; error?: string; now: string },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      finished_at: outcome.now,
      heartbeat_at: outcome.now,
    })
    .where('id', '=', id)
    .where('owner', '=', owner)
    .execute();
}
