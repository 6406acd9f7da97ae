/**
 * Indicators of a post-mortem and their sightings: which sources still need a scan, the events to scan, keeping
 * one row per indicator (ids for the sightings), recounting what the sightings add up to, known-bad marks.
 */

import type SQLite from 'better-sqlite3';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { Database, RawConnection } from './database.js';
import { dialectOf } from './dialects.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per statement: at most 6 parameters each, well under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const CHUNK = 2_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sources whose events are stored and not scanned for indicators yet. */
export async function sourcesToScan(
  db: Db,
  postMortemId: PostMortemId,
): Promise<{ id: number; accepted: number; indicators_cursor: number }[]> {
  return db
    .selectFrom('event_sources')
    .select(['id', 'accepted', 'indicators_cursor'])
    .where('post_mortem_id', '=', postMortemId)
    .where('status', '=', 'done')
    .where('indicators_scanned', '=', 0)
    .orderBy('id')
    .execute();
}

/** The columns indicators come from, for a page of a source's events after `afterId`. */
export async function eventsToScan(
  db: Db,
  postMortemId: PostMortemId,
  sourceId: number,
  afterId: number,
  limit: number,
) {
  // Each page must start where the last ended, not re-read the source. SQLite walks the table's rowid (`+source_id`
  // keeps the planner off the events_source index, through which every page read and sorted the whole source:
  // 70-200 ms a page at 1M events instead of 10 ms); PostgreSQL walks its primary key (post-mortem, id).
  const query = db.selectFrom('events').where(sql<number>`+source_id`, '=', sourceId);
  return (dialectOf(db) === 'postgres' ? query.where('post_mortem_id', '=', postMortemId) : query)
    .select([
      'id',
      'ts',
      'host',
      'user_name',
      'message',
      'command_line',
      'url',
      'dns_question',
      'src_ip',
      'dst_ip',
      'host_ip',
      'file_hash',
    ])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The ids of indicators by `type\u0000value`, creating the rows that do not exist yet. Looked up per type, so the
 * unique index (post-mortem, type, value) answers each lookup.
 */
export async function ensureIndicators(
  db: Db,
  postMortemId: PostMortemId,
  keys: readonly { type: string; value: string }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const key = (type: string, value: string) => `${type}\u0000${value}`;
  const byType = new Map<string, Set<string>>();
  for (const k of keys) {
    const values = byType.get(k.type) ?? new Set<string>();
    values.add(k.value);
    byType.set(k.type, values);
  }
  for (const [type, values] of byType) {
    for (const part of chunks([...values])) {
      const rows = await db
        .selectFrom('indicators')
        .select(['id', 'value'])
        .where('post_mortem_id', '=', postMortemId)
        .where('type', '=', type)
        .where('value', 'in', part)
        .execute();
      for (const r of rows) ids.set(key(type, r.value), Number(r.id));
      const missing = part.filter((v) => !ids.has(key(type, v)));
      if (missing.length === 0) continue;
      const inserted = await db
        .insertInto('indicators')
        .values(missing.map((value) => ({ post_mortem_id: postMortemId, type, value, known_bad: null })))
        .onConflict((oc) => oc.columns(['post_mortem_id', 'type', 'value']).doNothing())
        .returning(['id', 'value'])
        .execute();
      for (const r of inserted) ids.set(key(type, r.value), Number(r.id));
    }
  }
  return ids;
}

/** Records sightings; one already recorded is kept once. */
export async function insertSightings(
  db: Db,
  pairs: readonly { indicator_id: number; event_id: number; ts: number }[],
): Promise<void> {
  for (const part of chunks(pairs)) {
    await db
      .insertInto('indicator_sightings')
      .values(part)
      .onConflict((oc) => oc.columns(['indicator_id', 'event_id']).doNothing())
      .execute();
  }
}

/** What one page of a scan adds to an indicator. */
export interface IndicatorIncrement {
  readonly id: number;
  readonly count: number;
  readonly first: number;
  readonly last: number;
  readonly hosts: ReadonlySet<string>;
  readonly users: ReadonlySet<string>;
}

/** Hosts or users kept per indicator. */
const NAMES_KEPT = 20;

/** A stored JSON list of names with `more` merged in (at most NAMES_KEPT), unchanged when nothing is new. */
function mergeNames(stored: string | undefined, more: ReadonlySet<string>): string {
  const list = JSON.parse(stored ?? '[]') as string[];
  if (list.length >= NAMES_KEPT || [...more].every((m) => list.includes(m))) return stored ?? '[]';
  return JSON.stringify([...new Set([...list, ...more])].slice(0, NAMES_KEPT));
}

/**
 * Adds a page's sightings to the indicators' counts, first and last seen, and merges in hosts and users (at most
 * 20 of each kept). One statement per chunk: UPDATE ... FROM (VALUES ...), which SQLite and PostgreSQL both read
 * (their VALUES columns are column1, column2...); the casts give PostgreSQL the types of the parameters.
 */
export async function addToIndicators(db: Db, increments: readonly IndicatorIncrement[]): Promise<void> {
  for (const part of chunks(increments)) {
    const current = await db
      .selectFrom('indicators')
      .select(['id', 'hosts', 'users'])
      .where(
        'id',
        'in',
        part.map((p) => p.id),
      )
      .execute();
    const byId = new Map(current.map((r) => [Number(r.id), r]));
    const values = sql.join(
      part.map((p) => {
        const row = byId.get(p.id);
        return sql`(cast(${p.id} as bigint), cast(${p.count} as bigint), cast(${p.first} as bigint), cast(${p.last} as bigint), ${mergeNames(row?.hosts, p.hosts)}, ${mergeNames(row?.users, p.users)})`;
      }),
    );
    await sql`update indicators set event_count = event_count + v.column2, first_ts = case when first_ts is null or v.column3 < first_ts then v.column3 else first_ts end, last_ts = case when last_ts is null or v.column4 > last_ts then v.column4 else last_ts end, hosts = v.column5, users = v.column6 from (values ${values}) as v where indicators.id = v.column1`.execute(
      db,
    );
  }
}

/** Records how far a source's scan got (committed with its page). */
export async function advanceScan(db: Db, sourceId: number, cursor: number): Promise<void> {
  await db
    .updateTable('event_sources')
    .set({ indicators_cursor: cursor })
    .where('id', '=', sourceId)
    .execute();
}

/** Marks a source as scanned. */
export async function markSourceScanned(db: Db, sourceId: number): Promise<void> {
  await db.updateTable('event_sources').set({ indicators_scanned: 1 }).where('id', '=', sourceId).execute();
}

/** Marks indicators as known-bad (creating those not seen yet); returns how many were already seen in events. */
export async function markKnownBad(
  db: Db,
  postMortemId: PostMortemId,
  items: readonly { type: string; value: string }[],
  source: string,
): Promise<number> {
  const ids = await ensureIndicators(db, postMortemId, items);
  const all = [...new Set(ids.values())];
  for (const part of chunks(all)) {
    await db.updateTable('indicators').set({ known_bad: source }).where('id', 'in', part).execute();
  }
  let seen = 0;
  for (const part of chunks(all)) {
    const row = await db
      .selectFrom('indicators')
      .select(sql<number>`count(*)`.as('n'))
      .where('id', 'in', part)
      .where('event_count', '>', 0)
      .executeTakeFirst();
    seen += Number(row?.n ?? 0);
  }
  return seen;
}

/** A stored indicator as lists show it. */
export interface IndicatorRow {
  readonly type: string;
  readonly value: string;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  readonly eventCount: number;
  readonly hosts: readonly string[];
  readonly users: readonly string[];
  readonly knownBad: string | null;
}

/** The indicators of a post-mortem, most seen first. */
export async function listIndicators(
  db: Db,
  postMortemId: PostMortemId,
  filter: { readonly type?: string; readonly knownBad?: boolean } = {},
): Promise<IndicatorRow[]> {
  let query = db.selectFrom('indicators').selectAll().where('post_mortem_id', '=', postMortemId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.knownBad) query = query.where('known_bad', 'is not', null);
  const rows = await query.orderBy('event_count', 'desc').orderBy('type').orderBy('value').execute();
  return rows.map((r) => ({
    type: r.type,
    value: r.value,
    firstTs: r.first_ts === null ? null : Number(r.first_ts),
    lastTs: r.last_ts === null ? null : Number(r.last_ts),
    eventCount: Number(r.event_count),
    hosts: JSON.parse(r.hosts) as string[],
    users: JSON.parse(r.users) as string[],
    knownBad: r.known_bad,
  }));
}

/** What a scan writes for one page: indicator ids (created when new), sightings, and what they add up to. */
export interface IndicatorWrites {
  ensure(
    postMortemId: PostMortemId,
    keys: readonly { type: string; value: string }[],
  ): Promise<Map<string, number>>;
  sightings(pairs: readonly { indicator_id: number; event_id: number; ts: number }[]): Promise<void>;
  add(increments: readonly IndicatorIncrement[]): Promise<void>;
}

/**
 * The scan's writes, inside the page's transaction `db`. On SQLite with its connection at hand, through statements
 * prepared once per connection, a row each: the query builder compiled (and SQLite prepared) a new multi-row
 * statement for every chunk, which took much of the scan's time and grew the process's native memory. Same rows,
 * same counts either way (tested).
 */
export function indicatorWrites(db: Db, raw?: RawConnection): IndicatorWrites {
  if (raw?.dialect === 'sqlite') return sqliteIndicatorWrites(raw.sqlite);
  return {
    ensure: (postMortemId, keys) => ensureIndicators(db, postMortemId, keys),
    sightings: (pairs) => insertSightings(db, pairs),
    add: (increments) => addToIndicators(db, increments),
  };
}

const prepared = new WeakMap<SQLite.Database, IndicatorWrites>();

function sqliteIndicatorWrites(sqlite: SQLite.Database): IndicatorWrites {
  const cached = prepared.get(sqlite);
  if (cached !== undefined) return cached;
  const find = sqlite
    .prepare('SELECT id FROM indicators WHERE post_mortem_id = ? AND type = ? AND value = ?')
    .pluck();
  const create = sqlite
    .prepare(
      'INSERT INTO indicators (post_mortem_id, type, value, known_bad) VALUES (?, ?, ?, NULL) ON CONFLICT (post_mortem_id, type, value) DO NOTHING RETURNING id',
    )
    .pluck();
  const sighting = sqlite.prepare(
    'INSERT INTO indicator_sightings (indicator_id, event_id, ts) VALUES (?, ?, ?) ON CONFLICT (indicator_id, event_id) DO NOTHING',
  );
  const names = sqlite.prepare('SELECT hosts, users FROM indicators WHERE id = ?');
  const update = sqlite.prepare(
    'UPDATE indicators SET event_count = event_count + ?, first_ts = CASE WHEN first_ts IS NULL OR ? < first_ts THEN ? ELSE first_ts END, last_ts = CASE WHEN last_ts IS NULL OR ? > last_ts THEN ? ELSE last_ts END, hosts = ?, users = ? WHERE id = ?',
  );
  const writes: IndicatorWrites = {
    ensure: async (postMortemId, keys) => {
      const ids = new Map<string, number>();
      for (const { type, value } of keys) {
        const key = `${type}\u0000${value}`;
        if (ids.has(key)) continue;
        // Found, else created; found after all when another writer created it in between.
        const id = (find.get(postMortemId, type, value) ??
          create.get(postMortemId, type, value) ??
          find.get(postMortemId, type, value)) as number | undefined;
        if (id === undefined)
          throw new Error(`indicator ${type} ${value} could be neither found nor created`);
        ids.set(key, Number(id));
      }
      return ids;
    },
    sightings: async (pairs) => {
      for (const p of pairs) sighting.run(p.indicator_id, p.event_id, p.ts);
    },
    add: async (increments) => {
      for (const p of increments) {
        const row = names.get(p.id) as { hosts: string; users: string } | undefined;
        update.run(
          p.count,
          p.first,
          p.first,
          p.last,
          p.last,
          mergeNames(row?.hosts, p.hosts),
          mergeNames(row?.users, p.users),
          p.id,
        );
      }
    },
  };
  prepared.set(sqlite, writes);
  return writes;
}
