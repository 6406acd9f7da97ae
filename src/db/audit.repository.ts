/**
 * The audit trail's rows. Appending takes the head inside the caller's transaction; the primary key on `seq`
 * makes two processes appending at once collide instead of forking the chain (the service retries).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditLogTable, Database } from './database.js';
import { findSetting, putSetting } from './settings.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AuditRow = Selectable<AuditLogTable>;

/** Where the count and head hash of the trail are kept (the anchor). */
const ANCHOR_KEY = 'audit.anchor';

export interface AuditAnchor {
  readonly count: number;
  readonly head: string;
}

export async function readAuditAnchor(db: Db): Promise<AuditAnchor | undefined> {
  const value = await findSetting(db, ANCHOR_KEY);
  return value === undefined ? undefined : (JSON.parse(value) as AuditAnchor);
}

/** The last entry's sequence number and hash, or undefined when the trail is empty. */
export async function lastAuditRow(db: Db): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts an entry and moves the anchor to it (in the caller's transaction). */
export async function insertAuditRow(db: Db, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
  await putSetting(db, ANCHOR_KEY, JSON.stringify({ count: row.seq, head: row.hash }));
}

/** A page of entries in sequence order after `afterSeq`, optionally of one post-mortem or from a time on. */
export async function auditRowsAfter(
  db: Db,
  afterSeq: number,
  limit: number,
  filter: { readonly postMortemId?: string; readonly from?: string; readonly to?: string } = {},
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq);
  if (filter.postMortemId !== undefined) query = query.where('post_mortem_id', '=', filter.postMortemId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  return query.orderBy('seq').limit(limit).execute();
}

/**
 * Who made the newest successful change to a post-mortem recorded at or after `since` (reads of restricted
 * post-mortems and break-glass accesses are not changes), as the audit trail names them (`user:U-1 (alice)`).
 */
export async function lastChangeActor(
  db: Db,
  postMortemId: string,
  since: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('actor')
    .where('post_mortem_id', '=', postMortemId)
    .where('outcome', '=', 'ok')
    .where('at', '>=', since)
    .where('action', 'not like', 'read.%')
    .where('action', 'not like', 'break-glass%')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.actor;
}
