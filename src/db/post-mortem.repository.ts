/**
 * Storage of post-mortems: the current document with queryable columns, and the revision history.
 * Rows never leave this file: callers get `StoredPostMortem` and `PostMortemSummary`.
 */
import { type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { postMortemSchema } from '../contract/post-mortem.schema.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import { instantOf, toUtcIso } from '../core/time.js';
import type { PostMortemStatus, PostMortemType, Severity } from '../core/vocabulary.js';
import type { Database, PostMortemsTable } from './database.js';
import { type DialectName, dialectOf, postMortemArrayHas } from './dialects.js';

/** A post-mortem as stored: the document (version and timestamps stamped in) and its content hash. */
export interface StoredPostMortem {
  readonly document: PostMortem & {
    readonly version: number;
    readonly created: string;
    readonly updated: string;
  };
  readonly contentHash: string;
}

/** The list view of a post-mortem: its identity, with the stored version and timestamps (UTC). */
export type PostMortemSummary = Pick<
  PostMortem,
  'id' | 'title' | 'status' | 'severity' | 'types' | 'restricted' | 'tags'
> & { readonly version: number; readonly created: string; readonly updated: string };

/** A document ready to store: version and timestamps already decided by the service. */
export interface PostMortemWrite {
  readonly document: StoredPostMortem['document'];
  readonly contentHash: string;
  readonly origin: string;
}

type Db = Kysely<Database> | Transaction<Database>;

function rowToStored(
  row: Pick<Selectable<PostMortemsTable>, 'id' | 'document' | 'content_hash'>,
): StoredPostMortem {
  // JSON read back from the database is validated like any other input: a hand-edited row must not crash later.
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.document);
  } catch (error) {
    throw new DomainError(
      'internal',
      `stored post-mortem ${row.id} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const result = postMortemSchema.safeParse(parsed);
  if (!result.success || result.data.version === undefined || !result.data.created || !result.data.updated) {
    throw new DomainError(
      'internal',
      `stored post-mortem ${row.id} does not match the schema; restore it from its revision history`,
    );
  }
  return {
    document: result.data as StoredPostMortem['document'],
    contentHash: row.content_hash,
  };
}

/** What a summary needs: never the document itself. */
const SUMMARY_COLUMNS = [
  'id',
  'title',
  'status',
  'severity',
  'types',
  'restricted',
  'tags',
  'version',
  'created_at',
  'updated_at',
] as const;

function rowToSummary(
  row: Pick<Selectable<PostMortemsTable>, (typeof SUMMARY_COLUMNS)[number]>,
): PostMortemSummary {
  return {
    // Ids in the table were validated when stored.
    id: row.id as PostMortemId,
    title: row.title,
    status: row.status as PostMortemStatus,
    severity: row.severity as Severity,
    types: JSON.parse(row.types) as PostMortemType[],
    restricted: row.restricted === 1,
    tags: JSON.parse(row.tags) as string[],
    version: row.version,
    created: row.created_at,
    updated: row.updated_at,
  };
}

/** An instant as stored in a column: UTC, so that text order is time order whatever the written offset. */
function utc(instant: string): string {
  return toUtcIso(instantOf(instant).epochMs);
}

function toRow(write: PostMortemWrite): PostMortemsTable {
  const doc = write.document;
  return {
    id: doc.id,
    title: doc.title,
    status: doc.status,
    severity: doc.severity,
    types: JSON.stringify(doc.types),
    restricted: doc.restricted ? 1 : 0,
    tags: JSON.stringify(doc.tags),
    version: doc.version,
    created_at: utc(doc.created),
    updated_at: utc(doc.updated),
    document: JSON.stringify(doc),
    content_hash: write.contentHash,
  };
}

/** The stored post-mortem with this id, or undefined. */
export async function findPostMortem(db: Db, id: PostMortemId): Promise<StoredPostMortem | undefined> {
  const head = await db
    .selectFrom('post_mortems')
    .select(['content_hash', 'version', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (head === undefined) return undefined;
  const key = `${id}\n${head.version}\n${head.updated_at}\n${head.content_hash}`;
  const cached = STORED_CACHE.get(key);
  if (cached !== undefined) return cached;
  const row = await db
    .selectFrom('post_mortems')
    .select(['id', 'document', 'content_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const stored = rowToStored(row);
  // Only what was read back unchanged is kept (a write meanwhile gives another key).
  if (row.content_hash === head.content_hash && stored.document.version === head.version) {
    STORED_CACHE.set(key, deepFreeze(stored));
    if (STORED_CACHE.size > STORED_CACHE_SIZE)
      STORED_CACHE.delete(STORED_CACHE.keys().next().value as string);
  }
  return stored;
}

/**
 * Validated documents by id, version, update time and content hash: a stored version never changes, so reading it
 * again needs neither the document column nor the schema check (the API reads the same few documents over and
 * over). Immutable values, bounded, oldest out first; several processes stay correct since the key comes from the
 * row read each time.
 */
const STORED_CACHE = new Map<string, StoredPostMortem>();

/** Freezes a value and everything in it: a cached document shared by callers must never change under them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
const STORED_CACHE_SIZE = 200;

/** The error for a post-mortem that does not exist, or that the caller may not see: the same answer. */
export function postMortemNotFound(id: string): DomainError {
  return new DomainError('not_found', `post-mortem ${id} does not exist; list them with "debrief list"`, {
    id,
  });
}

/** The stored post-mortem with this id; throws `not_found`. */
export async function getPostMortem(db: Db, id: PostMortemId): Promise<StoredPostMortem> {
  const found = await findPostMortem(db, id);
  if (!found) throw postMortemNotFound(id);
  return found;
}

export interface ListOptions {
  readonly limit: number;
  readonly offset: number;
  /** Only what one caller may see; absent: every post-mortem. */
  readonly visibleTo?: VisibleTo;
  /** Only the post-mortems that match every filter given. */
  readonly filters?: ListFilters;
}

/** Filters of the list; each one given narrows it (tags: every tag listed must be present). */
export interface ListFilters {
  readonly status?: string;
  readonly severity?: string;
  readonly type?: string;
  readonly tags?: readonly string[];
  /** Last updated on or after this UTC day (`YYYY-MM-DD`). */
  readonly updatedFrom?: string;
  /** Last updated on or before this UTC day (`YYYY-MM-DD`). */
  readonly updatedTo?: string;
}

/**
 * What one caller may see: the unrestricted post-mortems when `open` (not for contributors), and those they are a
 * member of (core/access.ts decides; the repository only filters).
 */
export interface VisibleTo {
  readonly open: boolean;
  /** The caller's account: the post-mortems it is a member of are visible (read in the same query). */
  readonly userId: string;
}

/** Post-mortems, most recently updated first, and the total count. */
export async function listPostMortemSummaries(
  db: Db,
  options: ListOptions,
): Promise<{ items: PostMortemSummary[]; total: number }> {
  // The count is its own query: a window count would read every visible row instead of stopping at the page
  // (312 µs against 119 + 26 µs for 200 post-mortems).
  const dialect = dialectOf(db);
  const rows = await filtered(
    visible(db.selectFrom('post_mortems').select(SUMMARY_COLUMNS), options.visibleTo),
    options.filters,
    dialect,
  )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'asc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  if (options.filters === undefined) {
    return { items: rows.map(rowToSummary), total: await countPostMortems(db, options.visibleTo) };
  }
  const counted = await filtered(
    visible(
      db.selectFrom('post_mortems').select((eb) => eb.fn.countAll<number | string>().as('count')),
      options.visibleTo,
    ),
    options.filters,
    dialect,
  ).executeTakeFirstOrThrow();
  return { items: rows.map(rowToSummary), total: Number(counted.count) };
}

/**
 * The same page as `listPostMortemSummaries`, as JSON text the database builds: the API sends it as it comes, so a
 * page costs one query and no row objects (SQLite: 87 µs against 268 µs for rows, mapping and `JSON.stringify`, 50
 * summaries of 200; the `list` test checks both give the same summaries on both databases).
 *
 * Pages are kept, per database, under the list stamp they were read with (migration 0011: it changes with every
 * change to the post-mortems or their members, by whomever): while the stamp is the same, the same page is the
 * answer, and it costs one read of the stamp.
 */
export async function listPostMortemSummariesJson(
  db: Kysely<Database>,
  options: ListOptions,
): Promise<{ itemsJson: string; total: number }> {
  const to = options.visibleTo;
  const request = `${options.limit}\n${options.offset}\n${to === undefined ? '*' : `${to.open}\n${to.userId}`}\n${JSON.stringify(options.filters ?? {})}`;
  let pages = PAGE_CACHE.get(db);
  if (pages === undefined) {
    pages = new Map();
    PAGE_CACHE.set(db, pages);
  }
  const { stamp } = await db
    .selectFrom('list_stamp')
    .select('stamp')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const cached = pages.get(`${stamp}\n${request}`);
  if (cached !== undefined) return cached;

  const page = filtered(
    visible(db.selectFrom('post_mortems').select(SUMMARY_COLUMNS), to),
    options.filters,
    dialectOf(db),
  )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'asc')
    .limit(options.limit)
    .offset(options.offset)
    .as('p');
  const items = dialectOf(db) === 'postgres' ? POSTGRES_SUMMARIES : SQLITE_SUMMARIES;
  const row = await db
    .selectFrom(page)
    .select(items.as('items'))
    .select(
      filtered(
        visible(
          db.selectFrom('post_mortems').select((eb) => eb.fn.countAll<number | string>().as('count')),
          to,
        ),
        options.filters,
        dialectOf(db),
      ).as('total'),
    )
    // The stamp of what this statement read (one snapshot), which may be newer than the one read above.
    .select(db.selectFrom('list_stamp').select('stamp').where('id', '=', 1).as('stamp'))
    .executeTakeFirstOrThrow();
  const result = { itemsJson: row.items, total: Number(row.total) };
  if (row.stamp !== null) {
    pages.set(`${row.stamp}\n${request}`, result);
    if (pages.size > PAGE_CACHE_SIZE) pages.delete(pages.keys().next().value as string);
  }
  return result;
}

/** Pages of the list by database, stamp and request; the oldest go first (a changed stamp leaves them unused). */
const PAGE_CACHE = new WeakMap<object, Map<string, { itemsJson: string; total: number }>>();
const PAGE_CACHE_SIZE = 128;

// The summaries of page `p` as a JSON array, in list order, the keys and values of `rowToSummary`.
const SQLITE_SUMMARIES = sql<string>`coalesce(json_group_array(json_object(
  'id', p.id, 'title', p.title, 'status', p.status, 'severity', p.severity, 'types', json(p.types),
  'restricted', json(case when p.restricted = 0 then 'false' else 'true' end), 'tags', json(p.tags),
  'version', p.version, 'created', p.created_at, 'updated', p.updated_at
) order by p.updated_at desc, p.id asc), '[]')`;
const POSTGRES_SUMMARIES = sql<string>`coalesce(json_agg(json_build_object(
  'id', p.id, 'title', p.title, 'status', p.status, 'severity', p.severity, 'types', p.types::json,
  'restricted', p.restricted <> 0, 'tags', p.tags::json,
  'version', p.version, 'created', p.created_at, 'updated', p.updated_at
) order by p.updated_at desc, p.id asc)::text, '[]')`;

/** Narrows a query on post_mortems to what a caller may see. */
/** The list filters as conditions (values bound as parameters). */
function filtered<Q extends SelectQueryBuilder<Database, 'post_mortems', object>>(
  query: Q,
  filters: ListFilters | undefined,
  dialect: DialectName,
): Q {
  if (filters === undefined) return query;
  let q = query as SelectQueryBuilder<Database, 'post_mortems', object>;
  if (filters.status !== undefined) q = q.where('status', '=', filters.status);
  if (filters.severity !== undefined) q = q.where('severity', '=', filters.severity);
  if (filters.type !== undefined) q = q.where(postMortemArrayHas(dialect, 'types', filters.type));
  for (const tag of filters.tags ?? []) q = q.where(postMortemArrayHas(dialect, 'tags', tag));
  const day = sql<string>`substr(post_mortems.updated_at, 1, 10)`;
  if (filters.updatedFrom !== undefined) q = q.where(day, '>=', filters.updatedFrom);
  if (filters.updatedTo !== undefined) q = q.where(day, '<=', filters.updatedTo);
  return q as Q;
}

function visible<Q extends SelectQueryBuilder<Database, 'post_mortems', object>>(
  query: Q,
  to: VisibleTo | undefined,
): Q {
  if (to === undefined) return query;
  return query.where((eb) => {
    const member = eb(
      'id',
      'in',
      eb.selectFrom('post_mortem_members').select('post_mortem_id').where('user_id', '=', to.userId),
    );
    return to.open ? eb.or([eb('restricted', '=', 0), member]) : member;
  }) as Q;
}

/** How many post-mortems are stored (or visible to a caller). */
export async function countPostMortems(db: Db, visibleTo?: VisibleTo): Promise<number> {
  const { count } = await visible(
    db.selectFrom('post_mortems').select((eb) => eb.fn.countAll<number | string>().as('count')),
    visibleTo,
  ).executeTakeFirstOrThrow();
  return Number(count);
}

/** Stores a new post-mortem and its first revision. */
export async function insertPostMortem(trx: Transaction<Database>, write: PostMortemWrite): Promise<void> {
  await trx.insertInto('post_mortems').values(toRow(write)).execute();
  await insertRevision(trx, write);
}

/**
 * Replaces the stored document if its version is still `expectedVersion`, and records the revision.
 * Returns false, writing nothing, when another writer got there first.
 */
export async function updatePostMortem(
  trx: Transaction<Database>,
  write: PostMortemWrite,
  expectedVersion: number,
): Promise<boolean> {
  const { id, ...columns } = toRow(write);
  const result = await trx
    .updateTable('post_mortems')
    .set(columns)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await insertRevision(trx, write);
  return true;
}

async function insertRevision(trx: Transaction<Database>, write: PostMortemWrite): Promise<void> {
  await trx
    .insertInto('post_mortem_revisions')
    .values({
      post_mortem_id: write.document.id,
      version: write.document.version,
      document: JSON.stringify(write.document),
      content_hash: write.contentHash,
      recorded_at: utc(write.document.updated),
      origin: write.origin,
    })
    .execute();
}

export interface RevisionSummary {
  readonly version: number;
  readonly recordedAt: string;
  readonly origin: string;
  readonly contentHash: string;
}

/** The stored version of a post-mortem and when it was stored: a cheap read for change notifications. */
export async function readPostMortemVersion(
  db: Db,
  id: PostMortemId,
): Promise<{ readonly version: number; readonly updatedAt: string } | undefined> {
  const row = await db
    .selectFrom('post_mortems')
    .select(['version', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : { version: row.version, updatedAt: row.updated_at };
}

/** The revision history of a post-mortem, oldest first. */
export async function listRevisions(db: Db, id: PostMortemId): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom('post_mortem_revisions')
    .select(['version', 'recorded_at', 'origin', 'content_hash'])
    .where('post_mortem_id', '=', id)
    .orderBy('version', 'asc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    recordedAt: r.recorded_at,
    origin: r.origin,
    contentHash: r.content_hash,
  }));
}

/** The post-mortem an outside incident opened, if any. */
export async function findIncidentLink(
  db: Db,
  source: string,
  externalId: string,
): Promise<{ post_mortem_id: string } | undefined> {
  return db
    .selectFrom('incident_links')
    .select('post_mortem_id')
    .where('source', '=', source)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/** Links an outside incident to a post-mortem; false when the incident is linked already (nothing changed). */
export async function insertIncidentLink(
  db: Db,
  row: {
    source: string;
    external_id: string;
    post_mortem_id: string;
    created_at: string;
    created_by: string;
  },
): Promise<boolean> {
  const result = await db
    .insertInto('incident_links')
    .values(row)
    .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
