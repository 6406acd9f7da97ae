/**
 * Verifies the evidence of a post-mortem: every blob is re-hashed and compared with its address (the original
 * file and any content decompressed from it), and every custody chain is checked entry by entry. When all is
 * intact, a `verified` custody entry records the check; when anything is broken, nothing is written and every
 * problem is reported precisely.
 */
import type { Kysely } from 'kysely';
import { type CustodyEntry, type CustodyFinding, verifyCustodyChain } from '../core/custody.js';
import type { PostMortemId } from '../core/ids.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import { listSourcesOfEvidence } from '../db/event-source.repository.js';
import { appendCustody, type EvidenceRecord, listCustody, listEvidence } from '../db/evidence.repository.js';
import { sha256Hex } from './add-evidence.js';
import { readPostMortem } from './read-post-mortem.js';

/** The state of one blob: intact, missing, or with content that no longer matches its digest. */
export type BlobCheck =
  | { readonly sha256: string; readonly role: string; readonly status: 'ok' }
  | { readonly sha256: string; readonly role: string; readonly status: 'missing' }
  | {
      readonly sha256: string;
      readonly role: string;
      readonly status: 'modified';
      readonly actualSha256: string;
      readonly actualSize: number;
    };

/** The verification of one evidence item. */
export interface EvidenceVerification {
  readonly evidenceId: string;
  readonly originalName: string;
  readonly sha256: string;
  readonly blobs: readonly BlobCheck[];
  readonly custodyEntries: number;
  readonly custody: readonly CustodyFinding[];
  readonly ok: boolean;
}

async function checkBlob(blobs: BlobStore, sha256: string, role: string): Promise<BlobCheck> {
  const actual = await blobs.rehash(sha256);
  if (actual === 'missing') return { sha256, role, status: 'missing' };
  if (actual.sha256 !== sha256) {
    return { sha256, role, status: 'modified', actualSha256: actual.sha256, actualSize: actual.size };
  }
  return { sha256, role, status: 'ok' };
}

/** The breaks in an evidence item's custody chain (empty when intact), checked against the anchor on its row. */
export function custodyFindings(
  postMortemId: PostMortemId,
  evidence: EvidenceRecord,
  entries: readonly CustodyEntry[],
): CustodyFinding[] {
  return verifyCustodyChain(
    { postMortemId, evidenceId: evidence.id, sha256: evidence.sha256 },
    entries,
    { count: evidence.custodyCount, head: evidence.custodyHead },
    sha256Hex,
  );
}

/** Verifies every evidence item of a post-mortem (or only `evidenceId`). */
export async function verifyEvidence(
  db: Kysely<Database>,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  context: { readonly actor: string; readonly now: string; readonly evidenceId?: string },
): Promise<EvidenceVerification[]> {
  await readPostMortem(db, postMortemId);
  const items = (await listEvidence(db, postMortemId)).filter(
    (e) => context.evidenceId === undefined || e.id === context.evidenceId,
  );
  const results: EvidenceVerification[] = [];
  for (const evidence of items) {
    const checks = [await checkBlob(blobs, evidence.sha256, 'evidence file')];
    for (const source of await listSourcesOfEvidence(db, postMortemId, evidence.id)) {
      if (source.contentSha256 !== evidence.sha256) {
        checks.push(
          await checkBlob(blobs, source.contentSha256, `decompressed ${source.member || 'content'}`),
        );
      }
    }
    const entries = await listCustody(db, postMortemId, evidence.id);
    const custody = custodyFindings(postMortemId, evidence, entries);
    const ok = custody.length === 0 && checks.every((c) => c.status === 'ok');
    if (ok) {
      await db.transaction().execute((trx) =>
        appendCustody(
          trx,
          postMortemId,
          evidence.id,
          {
            action: 'verified',
            actor: context.actor,
            at: context.now,
            details: { blobs: checks.length, entries: entries.length },
          },
          sha256Hex,
        ),
      );
    }
    results.push({
      evidenceId: evidence.id,
      originalName: evidence.originalName,
      sha256: evidence.sha256,
      blobs: checks,
      custodyEntries: entries.length,
      custody,
      ok,
    });
  }
  return results;
}
