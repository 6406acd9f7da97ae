/**
 * The ATT&CK matrix of a stored post-mortem (core/attack-matrix.ts): its document, the stored catalogue and the
 * technique sightings of its working timeline.
 */
import type { Kysely } from 'kysely';
import { type AttackMatrix, attackMatrix } from '../core/attack-matrix.js';
import type { PostMortemId } from '../core/ids.js';
import { techniqueSightings } from '../db/attack-sightings.repository.js';
import type { Database } from '../db/database.js';
import { storedAttackCatalog } from './load-attack-catalog.js';
import { readPostMortem } from './read-post-mortem.js';

/** The matrix of a stored post-mortem, named by the stored catalogue when there is one. */
export async function readAttackMatrix(db: Kysely<Database>, id: PostMortemId): Promise<AttackMatrix> {
  const { document } = await readPostMortem(db, id);
  const catalog = await storedAttackCatalog(db);
  const sightings = await techniqueSightings(db, id);
  return attackMatrix(document, sightings, catalog);
}
