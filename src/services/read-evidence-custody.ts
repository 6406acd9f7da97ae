/**
 * The evidence registry's custody log of a post-mortem, as the regulator and auditor pack shows it: every item's
 * hash, size, who collected and registered it, its custody entries and whether their hash chain is intact.
 * Read-only: unlike `verifyEvidence`, it appends nothing to the log (rendering a report is not an action on the
 * evidence) and does not re-hash the stored files.
 */
import type { Kysely } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { EvidenceCustody } from '../core/report-custody.js';
import type { Database } from '../db/database.js';
import { listCustody, listEvidence } from '../db/evidence.repository.js';
import { custodyFindings } from './verify-evidence.js';

/** Every registered evidence item of the post-mortem with its custody log, in registry order. */
export async function readEvidenceCustody(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
): Promise<EvidenceCustody[]> {
  const out: EvidenceCustody[] = [];
  for (const evidence of await listEvidence(db, postMortemId)) {
    const entries = await listCustody(db, postMortemId, evidence.id);
    const findings = custodyFindings(postMortemId, evidence, entries);
    out.push({
      evidenceId: evidence.id,
      sha256: evidence.sha256,
      size: evidence.size,
      ...(evidence.collectedBy === undefined ? {} : { collectedBy: evidence.collectedBy }),
      ...(evidence.collectedAt === undefined ? {} : { collectedAt: evidence.collectedAt }),
      registeredBy: evidence.registeredBy,
      registeredAt: evidence.registeredAt,
      entries: entries.map((e) => ({
        seq: e.seq,
        action: e.action,
        actor: e.actor,
        at: e.at,
        ...(e.reason === undefined ? {} : { reason: e.reason }),
      })),
      chainOk: findings.length === 0,
      problems: findings.map((f) => f.message),
    });
  }
  return out;
}
