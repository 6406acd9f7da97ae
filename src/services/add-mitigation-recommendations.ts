/** Adds the ATT&CK mitigations of a stored post-mortem's techniques as proposed recommendations. */
import type { Kysely } from 'kysely';
import type { AttackCatalog } from '../core/attack-catalog.js';
import { mitigationDrafts } from '../core/attack-path.js';
import type { PostMortemId } from '../core/ids.js';
import type { Recommendation } from '../core/model.js';
import type { Database } from '../db/database.js';
import { modifyPostMortem } from './modify-post-mortem.js';

/**
 * Adds every draft no recommendation names yet (by its mitigation id), with the id `R-<mitigation>`; returns the
 * recommendations added and the version stored.
 */
export async function addMitigationRecommendations(
  db: Kysely<Database>,
  id: PostMortemId,
  catalog: AttackCatalog,
  context: { readonly now: string },
): Promise<{ added: Recommendation[]; version: number }> {
  let added: Recommendation[] = [];
  const result = await db.transaction().execute((trx) =>
    modifyPostMortem(
      trx,
      id,
      (doc) => {
        const used = new Set(doc.recommendations.map((r) => r.id));
        added = mitigationDrafts(doc, catalog)
          .filter((d) => d.recommendedBy === undefined)
          .map((d) => {
            let recId = `R-${d.mitigation}`;
            for (let n = 2; used.has(recId); n++) recId = `R-${d.mitigation}-${n}`;
            used.add(recId);
            return { id: recId, ...d.draft, addresses: [], history: [] };
          });
        return { ...doc, recommendations: [...doc.recommendations, ...added] };
      },
      { now: context.now, origin: 'attack mitigations --add' },
    ),
  );
  return { added, version: result.version };
}
