/**
 * The audit trail (core/audit.ts): appending, verifying, exporting.
 *
 * Appending reads the head and inserts the next entry in one transaction; two processes appending at once
 * collide on the sequence number and the loser retries on the new head, so the chain never forks.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Principal } from '../core/access.js';
import {
  AUDIT_GENESIS,
  type AuditEntry,
  type AuditEntryContent,
  type AuditOutcome,
  auditVerifier,
  chainAuditEntry,
} from '../core/audit.js';
import { DomainError } from '../core/errors.js';
import type { ChainFinding } from '../core/hash-chain.js';
import {
  type AuditRow,
  auditRowsAfter,
  insertAuditRow,
  lastAuditRow,
  readAuditAnchor,
} from '../db/audit.repository.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';

type Db = Kysely<Database>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** How an actor is written in the trail. */
export function actorOf(principal: Principal | undefined): string {
  if (principal === undefined) return 'anonymous';
  return principal.via === 'token'
    ? `token:${principal.tokenId} (${principal.username})`
    : `user:${principal.userId} (${principal.username})`;
}

/** What to record (the sequence number and chain come from the trail). */
export type AuditRecord = Omit<AuditEntryContent, 'seq'>;

function rowOf(entry: AuditEntry): AuditRow {
  return {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    post_mortem_id: entry.postMortemId ?? null,
    source: entry.source ?? null,
    outcome: entry.outcome,
    details: JSON.stringify(entry.details),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function entryOf(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ...(row.target === null ? {} : { target: row.target }),
    ...(row.post_mortem_id === null ? {} : { postMortemId: row.post_mortem_id }),
    ...(row.source === null ? {} : { source: row.source }),
    outcome: row.outcome as AuditOutcome,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Appends one entry; returns it with its sequence number and hash. */
export async function appendAudit(db: Db, record: AuditRecord): Promise<AuditEntry> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const last = await lastAuditRow(trx);
        const entry = chainAuditEntry(
          last?.hash ?? AUDIT_GENESIS,
          { ...record, seq: (last?.seq ?? 0) + 1 },
          sha256,
        );
        await insertAuditRow(trx, rowOf(entry));
        return entry;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 20) throw error;
    }
  }
}

export interface AuditVerification {
  readonly entries: number;
  readonly intact: boolean;
  readonly findings: readonly ChainFinding[];
}

const PAGE = 5_000;

/** Re-hashes the whole trail in order and checks it against the anchor. */
export async function verifyAudit(db: Db): Promise<AuditVerification> {
  const anchor = (await readAuditAnchor(db)) ?? { count: 0, head: AUDIT_GENESIS };
  const verifier = auditVerifier(anchor, sha256);
  let after = 0;
  let entries = 0;
  for (;;) {
    const rows = await auditRowsAfter(db, after, PAGE);
    for (const row of rows) verifier.push(entryOf(row));
    entries += rows.length;
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) break;
    after = last.seq;
  }
  const findings = verifier.finish();
  return { entries, intact: findings.length === 0, findings };
}

export interface AuditFilter {
  readonly postMortemId?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Every entry matching the filter, in order, a page at a time (for exports of any size). */
export async function* auditEntries(db: Db, filter: AuditFilter = {}): AsyncGenerator<AuditEntry> {
  for (const bound of [filter.from, filter.to]) {
    if (bound !== undefined && Number.isNaN(Date.parse(bound))) {
      throw new DomainError(
        'invalid_input',
        `"${bound}" is not a date: use ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00:00Z`,
      );
    }
  }
  const from = filter.from === undefined ? undefined : new Date(filter.from).toISOString();
  const to = filter.to === undefined ? undefined : new Date(filter.to).toISOString();
  let after = 0;
  for (;;) {
    const rows = await auditRowsAfter(db, after, PAGE, { ...filter, from, to });
    for (const row of rows) yield entryOf(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = last.seq;
  }
}

/** A page of entries (newest last) for the API. */
export async function auditPage(
  db: Db,
  after: number,
  limit: number,
  filter: AuditFilter = {},
): Promise<AuditEntry[]> {
  return (await auditRowsAfter(db, after, limit, filter)).map(entryOf);
}
