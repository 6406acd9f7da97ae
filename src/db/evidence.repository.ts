/**
 * Storage of evidence items, the blobs behind them, and their custody chains. Rows never leave this file.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type CustodyAction,
  type CustodyEntry,
  type CustodyEntryContent,
  chainEntry,
  type Sha256,
} from '../core/custody.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database, EvidenceTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A registered evidence item. */
export interface EvidenceRecord {
  readonly postMortemId: PostMortemId;
  readonly id: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly originalName: string;
  readonly description?: string;
  readonly collectedBy?: string;
  readonly collectedAt?: string;
  readonly sourceSystem?: string;
  /** IANA zone declared for times without offset. */
  readonly timezone?: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly custodyCount: number;
  readonly custodyHead: string;
}

function rowToEvidence(row: Selectable<EvidenceTable>): EvidenceRecord {
  const optional = (key: keyof EvidenceRecord, value: string | null) =>
    value === null ? {} : { [key]: value };
  return {
    postMortemId: row.post_mortem_id as PostMortemId,
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.media_type,
    originalName: row.original_name,
    ...optional('description', row.description),
    ...optional('collectedBy', row.collected_by),
    ...optional('collectedAt', row.collected_at),
    ...optional('sourceSystem', row.source_system),
    ...optional('timezone', row.timezone),
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
    custodyCount: row.custody_count,
    custodyHead: row.custody_head,
  } as EvidenceRecord;
}

/** Records a blob in the database (a no-op when it is already there). */
export async function insertBlob(
  db: Db,
  blob: {
    readonly sha256: string;
    readonly size: number;
    readonly origin: 'evidence' | 'derived';
    readonly storedAt: string;
  },
): Promise<void> {
  await db
    .insertInto('blobs')
    .values({ sha256: blob.sha256, size: blob.size, origin: blob.origin, stored_at: blob.storedAt })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** The evidence item of a post-mortem with this id, or undefined. */
export async function findEvidence(
  db: Db,
  postMortemId: PostMortemId,
  id: string,
): Promise<EvidenceRecord | undefined> {
  const row = await db
    .selectFrom('evidence')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToEvidence(row) : undefined;
}

/** The evidence item of a post-mortem with this id; throws `not_found`. */
export async function getEvidence(db: Db, postMortemId: PostMortemId, id: string): Promise<EvidenceRecord> {
  const found = await findEvidence(db, postMortemId, id);
  if (!found) {
    throw new DomainError(
      'not_found',
      `${postMortemId} has no evidence ${id}; list it with "debrief evidence list ${postMortemId}"`,
      { postMortemId, evidenceId: id },
    );
  }
  return found;
}

/** The evidence item of a post-mortem with this content, or undefined. */
export async function findEvidenceBySha256(
  db: Db,
  postMortemId: PostMortemId,
  sha256: string,
): Promise<EvidenceRecord | undefined> {
  const row = await db
    .selectFrom('evidence')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? rowToEvidence(row) : undefined;
}

/** Every evidence item of a post-mortem, in registration order. */
export async function listEvidence(db: Db, postMortemId: PostMortemId): Promise<EvidenceRecord[]> {
  const rows = await db
    .selectFrom('evidence')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .orderBy('registered_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToEvidence);
}

/** Stores a new evidence item; its custody chain starts empty at `genesis`. */
export async function insertEvidence(
  trx: Transaction<Database>,
  evidence: Omit<EvidenceRecord, 'custodyCount' | 'custodyHead'>,
  genesis: string,
): Promise<void> {
  await trx
    .insertInto('evidence')
    .values({
      post_mortem_id: evidence.postMortemId,
      id: evidence.id,
      sha256: evidence.sha256,
      size: evidence.size,
      media_type: evidence.mediaType,
      original_name: evidence.originalName,
      description: evidence.description ?? null,
      collected_by: evidence.collectedBy ?? null,
      collected_at: evidence.collectedAt ?? null,
      source_system: evidence.sourceSystem ?? null,
      timezone: evidence.timezone ?? null,
      registered_at: evidence.registeredAt,
      registered_by: evidence.registeredBy,
      custody_count: 0,
      custody_head: genesis,
    })
    .execute();
}

/**
 * Appends a custody entry. The count is incremented first (`UPDATE … RETURNING`), which locks the evidence row
 * on PostgreSQL and the database on SQLite, so two concurrent appends get consecutive numbers.
 */
export async function appendCustody(
  trx: Transaction<Database>,
  postMortemId: PostMortemId,
  evidenceId: string,
  entry: Omit<CustodyEntryContent, 'seq'>,
  sha256: Sha256,
): Promise<CustodyEntry> {
  const claimed = await trx
    .updateTable('evidence')
    .set((eb) => ({ custody_count: eb('custody_count', '+', 1) }))
    .where('post_mortem_id', '=', postMortemId)
    .where('id', '=', evidenceId)
    .returning(['custody_count', 'custody_head'])
    .executeTakeFirst();
  if (!claimed) throw new DomainError('not_found', `${postMortemId} has no evidence ${evidenceId}`);
  const chained = chainEntry(claimed.custody_head, { ...entry, seq: claimed.custody_count }, sha256);
  await trx
    .insertInto('custody_events')
    .values({
      post_mortem_id: postMortemId,
      evidence_id: evidenceId,
      seq: chained.seq,
      action: chained.action,
      actor: chained.actor,
      at: chained.at,
      reason: chained.reason ?? null,
      details: JSON.stringify(chained.details),
      prev_hash: chained.prevHash,
      hash: chained.hash,
    })
    .execute();
  await trx
    .updateTable('evidence')
    .set({ custody_head: chained.hash })
    .where('post_mortem_id', '=', postMortemId)
    .where('id', '=', evidenceId)
    .execute();
  return chained;
}

/** The custody entries of an evidence item, in sequence order. */
export async function listCustody(
  db: Db,
  postMortemId: PostMortemId,
  evidenceId: string,
): Promise<CustodyEntry[]> {
  const rows = await db
    .selectFrom('custody_events')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .where('evidence_id', '=', evidenceId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    action: row.action as CustodyAction,
    actor: row.actor,
    at: row.at,
    ...(row.reason === null ? {} : { reason: row.reason }),
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}
