/**
 * Reading the working timeline: filtered, time-ordered pages with keyset pagination (stable and fast at any
 * depth), counts per time bucket for the histogram, single events with the location of their raw record, the
 * rejected records, and the marks (stars, tags) analysts put on events.
 */
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { SearchQuery } from '../core/search-query.js';
import type { Database } from './database.js';
import { type DialectName, eventLabel, searchCondition } from './dialects.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Which events to show. Text filters are case-insensitive; `*` in them is a wildcard. */
export interface TimelineFilter {
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  readonly host?: string;
  readonly user?: string;
  /** Matches the source, destination or host address. */
  readonly ip?: string;
  readonly action?: string;
  readonly evidenceId?: string;
  readonly search?: SearchQuery;
  readonly starred?: boolean;
  readonly tag?: string;
  /** Events in which this indicator was seen (case-insensitive value). */
  readonly ioc?: string;
  /** Events a Sigma rule matched: any rule, a rule id, or a level and the levels above it. */
  readonly sigma?: { readonly rule: string } | { readonly levels: readonly string[] } | 'any';
  /** Events whose tool labels name this ATT&CK technique (`threat.technique.id`); `T1059` includes `T1059.001`. */
  readonly technique?: string;
  /** Events whose detection title (`rule.name` label) contains this text, case-insensitive. */
  readonly rule?: string;
  /** Events whose detection level (`rule.level` label) is one of these. */
  readonly ruleLevels?: readonly string[];
}

/** The position after the last event of a page. */
export interface TimelineCursor {
  readonly ts: number;
  readonly id: number;
}

/** An event as the timeline shows it. */
export interface TimelineEventRow {
  readonly id: number;
  readonly evidenceId: string;
  readonly member: string;
  readonly format: string;
  readonly contentSha256: string;
  readonly ordinal: number;
  readonly ts: number;
  readonly tsText: string;
  readonly tsAssumed: boolean;
  readonly rawOffset: number;
  readonly rawLength: number;
  readonly line?: number;
  readonly fields: Readonly<Record<string, string | number>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly message: string;
  readonly starred: boolean;
  readonly tags: readonly string[];
}

/** Columns copied into `fields` when present (names as in the table). */
const FIELD_COLUMNS = [
  'kind',
  'category',
  'type',
  'action',
  'outcome',
  'code',
  'provider',
  'dataset',
  'severity',
  'host',
  'host_ip',
  'user_name',
  'user_domain',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'process_name',
  'command_line',
  'pid',
  'executable',
  'parent_name',
  'parent_pid',
  'parent_command_line',
  'file_path',
  'file_hash',
  'url',
  'dns_question',
] as const;

/** Text matched literally by LIKE ... ESCAPE with a backslash: the escape character and the wildcards escaped. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

function like(value: string): { op: '=' | 'like'; value: string } {
  if (!value.includes('*')) return { op: '=', value: value.toLowerCase() };
  return {
    op: 'like',
    value: value
      .toLowerCase()
      .replace(/[\\%_]/g, '\\$&')
      .replace(/\*/g, '%'),
  };
}

function textFilter(
  eb: ExpressionBuilder<Database & { s: Database['event_sources'] }, 'events' | 's'>,
  column: 'events.host' | 'events.user_name' | 'events.action',
  value: string,
) {
  const { op, value: pattern } = like(value);
  const lowered = sql<string>`lower(${sql.ref(column)})`;
  return op === '=' ? eb(lowered, '=', pattern) : eb(lowered, 'like', sql<string>`${pattern} escape '\\'`);
}

/**
 * The events of a post-mortem that match `filter`, joined with their source (`s`) and marks (`m`). With `joins`
 * 'filter', only the joins the filter itself needs are made, so counts and bounds without such filters read the
 * timeline index alone (1M events: the unfiltered histogram takes about 0.5 s instead of 1.1 s).
 */
function baseQuery(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  filter: TimelineFilter,
  joins: 'all' | 'filter' = 'all',
): Selectable {
  const source = joins === 'all' || filter.evidenceId !== undefined;
  const marks = joins === 'all' || filter.starred === true || filter.tag !== undefined;
  let from = db.selectFrom('events') as unknown as Selectable;
  // The tables a query does not join are never referenced by it (see the conditions above).
  if (source)
    from = from.innerJoin('event_sources as s', 's.id', 'events.source_id') as unknown as Selectable;
  if (marks)
    from = from.leftJoin('event_marks as m', (join) =>
      join.onRef('m.post_mortem_id', '=', 'events.post_mortem_id').onRef('m.event_id', '=', 'events.id'),
    ) as unknown as Selectable;
  let query = from.where('events.post_mortem_id', '=', postMortemId);
  if (filter.from !== undefined) query = query.where('events.ts', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('events.ts', '<', filter.to);
  if (filter.host !== undefined) {
    const host = filter.host;
    query = query.where((eb) => textFilter(eb, 'events.host', host));
  }
  if (filter.user !== undefined) {
    const user = filter.user;
    query = query.where((eb) => textFilter(eb, 'events.user_name', user));
  }
  if (filter.action !== undefined) {
    const action = filter.action;
    query = query.where((eb) => textFilter(eb, 'events.action', action));
  }
  if (filter.ip !== undefined) {
    const ip = filter.ip;
    query = query.where((eb) =>
      eb.or([eb('events.src_ip', '=', ip), eb('events.dst_ip', '=', ip), eb('events.host_ip', '=', ip)]),
    );
  }
  if (filter.evidenceId !== undefined) query = query.where('s.evidence_id', '=', filter.evidenceId);
  if (filter.ioc !== undefined) {
    const value = filter.ioc.toLowerCase();
    query = query.where(
      'events.id',
      'in',
      db
        .selectFrom('indicator_sightings as x')
        .innerJoin('indicators as i', 'i.id', 'x.indicator_id')
        .select('x.event_id')
        .where('i.post_mortem_id', '=', postMortemId)
        .where(sql<string>`lower(i.value)`, '=', value),
    );
  }
  if (filter.sigma !== undefined) {
    const sigma = filter.sigma;
    let matched = db
      .selectFrom('sigma_matches as g')
      .select('g.event_id')
      .where('g.post_mortem_id', '=', postMortemId);
    if (sigma !== 'any')
      matched =
        'rule' in sigma
          ? matched.where('g.rule_id', '=', sigma.rule)
          : matched.where('g.level', 'in', sigma.levels);
    query = query.where('events.id', 'in', matched);
  }
  if (filter.search !== undefined) query = query.where(searchCondition(dialect, filter.search));
  if (filter.technique !== undefined) {
    // `,T1059.001,T1105,` contains `,T1059,` for the technique itself and `,T1059.` for its sub-techniques.
    const ids = sql<string>`(',' || replace(upper(coalesce(${eventLabel(dialect, 'threat.technique.id')}, '')), ' ', '') || ',')`;
    const id = escapeLike(filter.technique.toUpperCase());
    const patterns = [`%,${id},%`, ...(id.includes('.') ? [] : [`%,${id}.%`])];
    query = query.where((eb) => eb.or(patterns.map((p) => eb(ids, 'like', sql<string>`${p} escape '\\'`))));
  }
  if (filter.rule !== undefined) {
    const pattern = `%${escapeLike(filter.rule.toLowerCase())}%`;
    const name = sql<string>`lower(coalesce(${eventLabel(dialect, 'rule.name')}, ''))`;
    query = query.where(name, 'like', sql<string>`${pattern} escape '\\'`);
  }
  if (filter.ruleLevels !== undefined) {
    const levels = filter.ruleLevels;
    query = query.where(sql<string>`lower(${eventLabel(dialect, 'rule.level')})`, 'in', levels);
  }
  if (filter.starred === true) query = query.where('m.starred', '=', 1);
  if (filter.tag !== undefined) {
    // Tags are a JSON array of strings; a quoted exact match inside it is a tag match.
    const pattern = `%${JSON.stringify(filter.tag).replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where('m.tags', 'like', sql<string>`${pattern} escape '\\'`);
  }
  return query;
}

type Selectable = SelectQueryBuilder<
  Database & { s: Database['event_sources']; m: Database['event_marks'] },
  'events' | 's' | 'm',
  object
>;

function selectColumns(query: Selectable) {
  return query.select([
    'events.id',
    's.evidence_id',
    's.member',
    's.format',
    's.content_sha256',
    'events.ordinal',
    'events.ts',
    'events.ts_text',
    'events.ts_assumed',
    'events.raw_offset',
    'events.raw_length',
    'events.line',
    'events.labels',
    'events.message',
    'm.starred',
    'm.tags',
    ...FIELD_COLUMNS.map((c) => `events.${c}` as const),
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectColumns>['execute']>>[number];

function rowToEvent(row: Row): TimelineEventRow {
  const fields: Record<string, string | number> = {};
  const record = row as unknown as Record<string, string | number | null>;
  for (const column of FIELD_COLUMNS) {
    const value = record[column];
    if (value !== null && value !== undefined) fields[column] = value;
  }
  return {
    id: row.id,
    evidenceId: row.evidence_id,
    member: row.member,
    format: row.format,
    contentSha256: row.content_sha256,
    ordinal: row.ordinal,
    ts: row.ts,
    tsText: row.ts_text,
    tsAssumed: row.ts_assumed === 1,
    rawOffset: row.raw_offset,
    rawLength: row.raw_length,
    ...(row.line === null ? {} : { line: row.line }),
    fields,
    ...(row.labels === null ? {} : { labels: JSON.parse(row.labels) as Record<string, string> }),
    message: row.message,
    starred: row.starred === 1,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as string[]),
  };
}

/** One page of events in time order, after `cursor`; `next` is set when more follow. */
export async function queryEvents(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  filter: TimelineFilter,
  page: { readonly limit: number; readonly after?: TimelineCursor },
): Promise<{ items: TimelineEventRow[]; next?: TimelineCursor }> {
  let query = baseQuery(db, dialect, postMortemId, filter);
  const after = page.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('events.ts', '>', after.ts),
        eb.and([eb('events.ts', '=', after.ts), eb('events.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await selectColumns(query as unknown as Selectable)
    .orderBy('events.ts')
    .orderBy('events.id')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(rowToEvent);
  const last = items.at(-1);
  return rows.length > page.limit && last ? { items, next: { ts: last.ts, id: last.id } } : { items };
}

/** Every matching event in time order, streamed in pages (for exports). */
export async function* streamEvents(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  filter: TimelineFilter,
): AsyncGenerator<TimelineEventRow> {
  let after: TimelineCursor | undefined;
  for (;;) {
    const page = await queryEvents(db, dialect, postMortemId, filter, {
      limit: 5_000,
      ...(after ? { after } : {}),
    });
    yield* page.items;
    if (!page.next) return;
    after = page.next;
  }
}

/** The number of matching events and the first and last time. */
export async function eventBounds(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  filter: TimelineFilter,
): Promise<{ count: number; first?: number; last?: number }> {
  const row = await baseQuery(db, dialect, postMortemId, filter, 'filter')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.min<number | null>('events.ts').as('first'),
      eb.fn.max<number | null>('events.ts').as('last'),
    ])
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return count === 0 ? { count } : { count, first: Number(row.first), last: Number(row.last) };
}

/** Matching events counted per time bucket of `bucketMs`, in time order. */
export async function eventHistogram(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  filter: TimelineFilter,
  bucketMs: number,
): Promise<{ start: number; count: number }[]> {
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new Error(`invalid bucket size ${bucketMs}`);
  // A literal, not a parameter: PostgreSQL must see the same expression in SELECT and GROUP BY.
  const bucket = sql<number>`(events.ts - (events.ts % ${sql.lit(bucketMs)}))`;
  const rows = await baseQuery(db, dialect, postMortemId, filter, 'filter')
    .select((eb) => [bucket.as('start'), eb.fn.countAll<number | string>().as('count')])
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  return rows.map((r) => ({ start: Number(r.start), count: Number(r.count) }));
}

/** The event with this evidence ordinal, or undefined. */
export async function findEventByOrdinal(
  db: Db,
  dialect: DialectName,
  postMortemId: PostMortemId,
  evidenceId: string,
  ordinal: number,
): Promise<TimelineEventRow | undefined> {
  const query = baseQuery(db, dialect, postMortemId, { evidenceId }).where('events.ordinal', '=', ordinal);
  const row = await selectColumns(query as unknown as Selectable).executeTakeFirst();
  return row ? rowToEvent(row) : undefined;
}

/** A rejected record, as stored. */
export interface RejectRow {
  readonly evidenceId: string;
  readonly member: string;
  readonly format: string;
  readonly ordinal: number;
  readonly line?: number;
  readonly offset: number;
  readonly length: number;
  readonly reason: string;
  readonly sample: string;
}

/** Rejected records of a post-mortem (optionally of one evidence item), in file order. */
export async function listRejects(
  db: Db,
  postMortemId: PostMortemId,
  options: { readonly evidenceId?: string; readonly limit: number; readonly offset: number },
): Promise<{ items: RejectRow[]; total: number }> {
  let query = db
    .selectFrom('event_rejects as r')
    .innerJoin('event_sources as s', 's.id', 'r.source_id')
    .where('r.post_mortem_id', '=', postMortemId);
  if (options.evidenceId !== undefined) query = query.where('s.evidence_id', '=', options.evidenceId);
  const { total } = await query
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .select([
      's.evidence_id',
      's.member',
      's.format',
      'r.ordinal',
      'r.line',
      'r.raw_offset',
      'r.raw_length',
      'r.reason',
      'r.sample',
    ])
    .orderBy('s.evidence_id')
    .orderBy('r.ordinal')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      evidenceId: r.evidence_id,
      member: r.member,
      format: r.format,
      ordinal: r.ordinal,
      ...(r.line === null ? {} : { line: r.line }),
      offset: r.raw_offset,
      length: r.raw_length,
      reason: r.reason,
      sample: r.sample,
    })),
  };
}

/** Sets the star and tags of an event (replacing both). */
export async function putMark(
  db: Db,
  mark: {
    readonly postMortemId: PostMortemId;
    readonly eventId: number;
    readonly starred: boolean;
    readonly tags: readonly string[];
    readonly actor: string;
    readonly now: string;
  },
): Promise<void> {
  const values = {
    starred: mark.starred ? 1 : 0,
    tags: JSON.stringify([...new Set(mark.tags)].sort()),
    updated_at: mark.now,
    updated_by: mark.actor,
  };
  await db
    .insertInto('event_marks')
    .values({ post_mortem_id: mark.postMortemId, event_id: mark.eventId, ...values })
    .onConflict((oc) => oc.columns(['post_mortem_id', 'event_id']).doUpdateSet(values))
    .execute();
}

/** An event whose labels say the tool it came from starred or tagged it, with its current marks (if any). */
export interface SourceMarkedEvent {
  readonly id: number;
  readonly labels: string;
  readonly starred: boolean;
  readonly tags: readonly string[];
}

/**
 * The events of one evidence item whose labels carry `source.starred` or `source.tags`, after event id `afterId`,
 * in id order, at most `limit`, each with the marks it has now.
 */
export async function sourceMarkedEvents(
  db: Db,
  postMortemId: PostMortemId,
  evidenceId: string,
  afterId: number,
  limit: number,
): Promise<SourceMarkedEvent[]> {
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('event_sources as s', 's.id', 'e.source_id')
    .leftJoin('event_marks as m', (join) =>
      join.onRef('m.event_id', '=', 'e.id').on('m.post_mortem_id', '=', postMortemId),
    )
    .select(['e.id', 'e.labels', 'm.starred', 'm.tags'])
    .where('e.post_mortem_id', '=', postMortemId)
    .where('s.evidence_id', '=', evidenceId)
    .where('e.id', '>', afterId)
    // A cheap filter on the JSON text; the caller reads the labels themselves.
    .where((eb) =>
      eb.or([eb('e.labels', 'like', '%"source.starred"%'), eb('e.labels', 'like', '%"source.tags"%')]),
    )
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    labels: r.labels ?? '{}',
    starred: r.starred === 1,
    tags: r.tags === null ? [] : (JSON.parse(r.tags) as string[]),
  }));
}
