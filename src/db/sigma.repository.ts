/** Stored Sigma rules (loaded once, for every post-mortem) and the matches of a run, per post-mortem. */
import type { Kysely, Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A stored rule. */
export interface StoredSigmaRule {
  readonly id: string;
  readonly title: string;
  readonly level: string | null;
  readonly origin: string;
  readonly source: string;
  readonly yaml: string;
  readonly problem: string | null;
  readonly loadedAt: string;
  readonly loadedBy: string;
}

/** Rows sent per INSERT (PostgreSQL takes at most 65,535 parameters a statement). */
const CHUNK = 500;

/** Stores rules, replacing those with the same id; `replaceAll` first removes every stored rule. */
export async function saveSigmaRules(
  db: Db,
  rules: readonly StoredSigmaRule[],
  replaceAll: boolean,
): Promise<void> {
  if (replaceAll) await db.deleteFrom('sigma_rules').execute();
  for (let i = 0; i < rules.length; i += CHUNK) {
    const rows = rules.slice(i, i + CHUNK).map((r) => ({
      rule_id: r.id,
      title: r.title,
      level: r.level,
      origin: r.origin,
      source: r.source,
      yaml: r.yaml,
      problem: r.problem,
      loaded_at: r.loadedAt,
      loaded_by: r.loadedBy,
    }));
    // A rule loaded again replaces the stored one (callers run this in a transaction).
    await db
      .deleteFrom('sigma_rules')
      .where(
        'rule_id',
        'in',
        rows.map((r) => r.rule_id),
      )
      .execute();
    await db.insertInto('sigma_rules').values(rows).execute();
  }
}

/** Every stored rule, by id. */
/** Whether any Sigma rule is stored. */
export async function hasSigmaRules(db: Db): Promise<boolean> {
  return (await db.selectFrom('sigma_rules').select('origin').limit(1).executeTakeFirst()) !== undefined;
}

export async function listSigmaRules(db: Db): Promise<StoredSigmaRule[]> {
  const rows = await db.selectFrom('sigma_rules').selectAll().orderBy('rule_id').execute();
  return rows.map((r) => ({
    id: r.rule_id,
    title: r.title,
    level: r.level,
    origin: r.origin,
    source: r.source,
    yaml: r.yaml,
    problem: r.problem,
    loadedAt: r.loaded_at,
    loadedBy: r.loaded_by,
  }));
}

/** A match to store. */
export interface SigmaMatchRow {
  readonly eventId: number;
  readonly ruleId: string;
  readonly ts: number;
  readonly title: string;
  readonly level: string | null;
  readonly author: string | null;
  readonly techniques: readonly string[];
}

/** Removes the matches of the given rules (all rules when undefined) from a post-mortem. */
export async function clearSigmaMatches(
  db: Db,
  postMortemId: PostMortemId,
  ruleIds: readonly string[] | undefined,
): Promise<void> {
  if (ruleIds === undefined) {
    await db.deleteFrom('sigma_matches').where('post_mortem_id', '=', postMortemId).execute();
    return;
  }
  for (let i = 0; i < ruleIds.length; i += CHUNK)
    await db
      .deleteFrom('sigma_matches')
      .where('post_mortem_id', '=', postMortemId)
      .where('rule_id', 'in', ruleIds.slice(i, i + CHUNK))
      .execute();
}

/** Stores matches (a match already stored is kept as it is). */
export async function insertSigmaMatches(
  db: Db,
  postMortemId: PostMortemId,
  matches: readonly SigmaMatchRow[],
): Promise<void> {
  for (let i = 0; i < matches.length; i += CHUNK) {
    const rows = matches.slice(i, i + CHUNK).map((m) => ({
      post_mortem_id: postMortemId,
      event_id: m.eventId,
      rule_id: m.ruleId,
      ts: m.ts,
      title: m.title,
      level: m.level,
      author: m.author,
      techniques: JSON.stringify(m.techniques),
    }));
    await db
      .insertInto('sigma_matches')
      .values(rows)
      .onConflict((oc) => oc.columns(['post_mortem_id', 'event_id', 'rule_id']).doNothing())
      .execute();
  }
}

/** The events of a source at the given ordinals: ordinal → id and time. */
export async function eventsAtOrdinals(
  db: Db,
  sourceId: number,
  ordinals: readonly number[],
): Promise<Map<number, { id: number; ts: number }>> {
  const out = new Map<number, { id: number; ts: number }>();
  for (let i = 0; i < ordinals.length; i += CHUNK) {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'ordinal', 'ts'])
      .where('source_id', '=', sourceId)
      .where('ordinal', 'in', ordinals.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(Number(r.ordinal), { id: Number(r.id), ts: Number(r.ts) });
  }
  return out;
}

/** A rule's match on an event, as event views show it. */
export interface Detection {
  readonly rule: string;
  readonly title: string;
  readonly level: string | null;
  readonly techniques: readonly string[];
}

/** The detections of some events of a post-mortem, by event id. */
export async function detectionsOfEvents(
  db: Db,
  postMortemId: PostMortemId,
  eventIds: readonly number[],
): Promise<Map<number, Detection[]>> {
  const out = new Map<number, Detection[]>();
  for (let i = 0; i < eventIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('sigma_matches')
      .select(['event_id', 'rule_id', 'title', 'level', 'techniques'])
      .where('post_mortem_id', '=', postMortemId)
      .where('event_id', 'in', eventIds.slice(i, i + CHUNK))
      .orderBy('rule_id')
      .execute();
    for (const r of rows) {
      const list = out.get(Number(r.event_id)) ?? [];
      list.push({
        rule: r.rule_id,
        title: r.title,
        level: r.level,
        techniques: JSON.parse(r.techniques) as string[],
      });
      out.set(Number(r.event_id), list);
    }
  }
  return out;
}

/** Matches per rule in a post-mortem: count, first and last time. */
export async function matchSummary(db: Db, postMortemId: PostMortemId) {
  return db
    .selectFrom('sigma_matches')
    .select((eb) => [
      'rule_id',
      'title',
      'level',
      'author',
      'techniques',
      eb.fn.countAll<number>().as('events'),
      eb.fn.min('ts').as('first_ts'),
      eb.fn.max('ts').as('last_ts'),
    ])
    .where('post_mortem_id', '=', postMortemId)
    .groupBy(['rule_id', 'title', 'level', 'author', 'techniques'])
    .execute();
}
