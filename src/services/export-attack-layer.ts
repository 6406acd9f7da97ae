/**
 * A stored post-mortem's ATT&CK techniques as a Navigator layer: the curated timeline's techniques, the Sigma
 * matches and the tool detections of its working timeline, named and ordered by the stored catalogue when there
 * is one.
 */
import type { Kysely } from 'kysely';
import {
  ATTACK_LAYER_SCORES,
  type AttackLayerScore,
  attackLayer,
  type NavigatorLayer,
} from '../core/attack-layer.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { techniqueSightings } from '../db/attack-sightings.repository.js';
import type { Database } from '../db/database.js';
import { storedAttackCatalog } from './load-attack-catalog.js';
import { readPostMortem } from './read-post-mortem.js';

/** Checks a score name from a user and narrows it. */
export function parseAttackLayerScore(value: string): AttackLayerScore {
  if ((ATTACK_LAYER_SCORES as readonly string[]).includes(value)) return value as AttackLayerScore;
  throw new DomainError('invalid_input', `--score must be one of ${ATTACK_LAYER_SCORES.join(', ')}`);
}

/** The Navigator layer of a stored post-mortem; `publicUrl` (DEBRIEF_PUBLIC_URL) adds links back to it. */
export async function exportAttackLayer(
  db: Kysely<Database>,
  id: PostMortemId,
  options: { readonly score: string; readonly publicUrl?: string | undefined },
): Promise<NavigatorLayer> {
  const score = parseAttackLayerScore(options.score);
  const { document } = await readPostMortem(db, id);
  const catalog = await storedAttackCatalog(db);
  const sightings = await techniqueSightings(db, id);
  const publicUrl = /^https?:\/\/\S+$/.test(options.publicUrl ?? '') ? options.publicUrl : undefined;
  return attackLayer(document, {
    score,
    sightings,
    ...(catalog ? { catalog } : {}),
    ...(publicUrl ? { publicUrl } : {}),
  });
}
