/**
 * Where the working timeline shows ATT&CK techniques: Sigma matches (their rules' `attack.tNNNN` tags) and
 * events labelled `threat.technique.id` by the tool that produced them (Hayabusa, Chainsaw, Timesketch...).
 * Both are counted in the database, grouped by the stored technique list, so only a few rows come back however
 * many events there are; the lists are split here.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { type TechniqueSightings, techniqueIdsIn } from '../core/attack-layer.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from './database.js';
import { dialectOf } from './dialects.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The label key tools' ATT&CK technique ids are stored under (comma-separated). */
export const TECHNIQUE_LABEL = 'threat.technique.id';

interface LabelGroup {
  ids: string | null;
  events: number;
  first_ts: number | null;
}

/**
 * Events of a post-mortem per distinct `threat.technique.id` label value, with their count and first time. The
 * LIKE test runs first, so the JSON of events without the key is never parsed.
 */
export async function techniqueLabelCounts(db: Db, postMortemId: PostMortemId): Promise<LabelGroup[]> {
  // The key is a constant written into the SQL, not a parameter: PostgreSQL matches the GROUP BY expression
  // with the selected one by its text, and two parameters are two different expressions to it.
  const value =
    dialectOf(db) === 'postgres'
      ? sql<string | null>`(labels::jsonb ->> ${sql.lit(TECHNIQUE_LABEL)})`
      : sql<string | null>`json_extract(labels, ${sql.lit(`$."${TECHNIQUE_LABEL}"`)})`;
  const rows = await db
    .selectFrom('events')
    .select((eb) => [
      value.as('ids'),
      eb.fn.countAll<number>().as('events'),
      eb.fn.min<number>('ts').as('first_ts'),
    ])
    .where('post_mortem_id', '=', postMortemId)
    .where('labels', 'like', `%"${TECHNIQUE_LABEL}"%`)
    .groupBy(value)
    .execute();
  return rows.map((r) => ({
    ids: r.ids,
    events: Number(r.events),
    first_ts: r.first_ts === null ? null : Number(r.first_ts),
  }));
}

/** A technique's sightings while they are counted. */
interface Tally {
  sigmaMatches: number;
  sigmaRules: string[];
  toolDetections: number;
  firstTs?: number;
}

/** Every technique the working timeline of a post-mortem shows, with its Sigma matches and tool detections. */
export async function techniqueSightings(
  db: Db,
  postMortemId: PostMortemId,
): Promise<Map<string, TechniqueSightings>> {
  const out = new Map<string, Tally>();
  const at = (technique: string): Tally => {
    const found = out.get(technique);
    if (found) return found;
    const fresh: Tally = { sigmaMatches: 0, sigmaRules: [], toolDetections: 0 };
    out.set(technique, fresh);
    return fresh;
  };
  const earliest = (s: Tally, ts: number | null) => {
    if (ts !== null && (s.firstTs === undefined || ts < s.firstTs)) s.firstTs = ts;
  };
  const sigma = await db
    .selectFrom('sigma_matches')
    .select((eb) => [
      'title',
      'techniques',
      eb.fn.countAll<number>().as('matches'),
      eb.fn.min<number>('ts').as('first_ts'),
    ])
    .where('post_mortem_id', '=', postMortemId)
    .where('techniques', '!=', '[]')
    .groupBy(['title', 'techniques'])
    .execute();
  for (const row of sigma) {
    for (const technique of JSON.parse(row.techniques) as string[]) {
      const s = at(technique);
      s.sigmaMatches += Number(row.matches);
      if (!s.sigmaRules.includes(row.title)) s.sigmaRules.push(row.title);
      earliest(s, row.first_ts === null ? null : Number(row.first_ts));
    }
  }
  for (const group of await techniqueLabelCounts(db, postMortemId)) {
    for (const technique of techniqueIdsIn(group.ids ?? '')) {
      const s = at(technique);
      s.toolDetections += group.events;
      earliest(s, group.first_ts);
    }
  }
  for (const s of out.values()) s.sigmaRules.sort();
  return out;
}
