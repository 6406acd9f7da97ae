/**
 * Reading the evidence registry of a post-mortem: the items with what was parsed from them, one item with its
 * whole chain of custody, and the records ingest could not parse. The CLI (`debrief evidence list|show|rejects`)
 * and the REST API answer with exactly these, so the two cannot drift apart.
 */
import type { Kysely } from 'kysely';
import type { CustodyEntry } from '../core/custody.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { listRejects, type RejectRow } from '../db/event.repository.js';
import { listSourcesOfEvidence, type SourceRecord } from '../db/event-source.repository.js';
import { type EvidenceRecord, getEvidence, listCustody, listEvidence } from '../db/evidence.repository.js';
import { readPostMortem } from './read-post-mortem.js';

/** An evidence item and the sources (the file, or each archive member) parsed from it. */
export type EvidenceItem = EvidenceRecord & { readonly sources: readonly SourceRecord[] };

/** An evidence item with its chain of custody, oldest entry first. */
export type EvidenceDetail = EvidenceItem & { readonly custody: readonly CustodyEntry[] };

/** A page of rejected records and how many there are in all. */
export interface RejectPage {
  readonly items: readonly RejectRow[];
  readonly total: number;
}

/** The evidence of a post-mortem in registration order; throws `not_found` for an unknown post-mortem. */
export async function listEvidenceItems(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
): Promise<EvidenceItem[]> {
  await readPostMortem(db, postMortemId);
  const items: EvidenceItem[] = [];
  // One query per item: a post-mortem holds tens of evidence items, not thousands.
  for (const item of await listEvidence(db, postMortemId))
    items.push({ ...item, sources: await listSourcesOfEvidence(db, postMortemId, item.id) });
  return items;
}

/** One evidence item with its custody log and sources; throws `not_found`. */
export async function showEvidence(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  evidenceId: string,
): Promise<EvidenceDetail> {
  const item = await getEvidence(db, postMortemId, evidenceId);
  const custody = await listCustody(db, postMortemId, evidenceId);
  const sources = await listSourcesOfEvidence(db, postMortemId, evidenceId);
  return { ...item, custody, sources };
}

/**
 * The records ingest rejected (of one evidence item when `evidenceId` is given), by evidence and place in the
 * file; throws `not_found` for an unknown post-mortem or evidence item.
 */
export async function listEvidenceRejects(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  page: { readonly limit: number; readonly offset: number; readonly evidenceId?: string },
): Promise<RejectPage> {
  await readPostMortem(db, postMortemId);
  // An unknown evidence id is a mistake to report, not an item without rejects.
  if (page.evidenceId !== undefined) await getEvidence(db, postMortemId, page.evidenceId);
  return listRejects(db, postMortemId, page);
}
