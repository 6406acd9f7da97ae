/**
 * The working timeline as users ask for it: filters given as text (from the CLI or the API) are checked and
 * turned into a query; results come back as event views with stable public ids (`EV-0001#1532`: evidence id
 * and the record's ordinal in it) and an opaque cursor for the next page. Also the histogram (counts per time
 * bucket, bucket size chosen to give about 60 bars) and the resolution of public event ids.
 */

import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { RULE_LEVELS, ruleLevel } from '../core/rule-level.js';
import { parseSearch } from '../core/search-query.js';
import { SIGMA_LEVELS, type SigmaLevel } from '../core/sigma-rule.js';
import { parseInstant, toUtcIso } from '../core/time.js';
import type { DatabaseHandle } from '../db/database.js';
import {
  eventBounds,
  eventHistogram,
  findEventByOrdinal,
  queryEvents,
  type TimelineCursor,
  type TimelineEventRow,
  type TimelineFilter,
} from '../db/event.repository.js';
import { type Detection, detectionsOfEvents } from '../db/sigma.repository.js';
import { readPostMortem } from './read-post-mortem.js';

/** What the timeline needs of an open database: Kysely and its dialect, not the driver (the server has no more). */
export type TimelineDatabase = Pick<DatabaseHandle, 'db' | 'dialect'>;

/** Filters as text, from command-line options or query parameters. */
export interface TimelineFilterInput {
  readonly from?: string;
  readonly to?: string;
  readonly host?: string;
  readonly user?: string;
  readonly ip?: string;
  readonly action?: string;
  readonly evidence?: string;
  readonly q?: string;
  readonly starred?: boolean;
  readonly tag?: string;
  readonly ioc?: string;
  /** Events a Sigma rule matched: `true` or `any` for any rule, a level (that level and above), or a rule id. */
  readonly sigma?: string | boolean;
  /** Events a tool's detection tied to this ATT&CK technique (`T1059` includes its sub-techniques). */
  readonly technique?: string;
  /** Events whose tool detection title contains this text (case-insensitive). */
  readonly rule?: string;
  /** Events whose tool detection level is this one or above (informational, low, medium, high, critical). */
  readonly level?: string;
}

/** An event as users see it. */
export interface EventView {
  /** Stable public id: evidence id and ordinal, e.g. `EV-0001#1532`. */
  readonly id: string;
  /** UTC, millisecond precision. */
  readonly time: string;
  /** The time as the source wrote it. */
  readonly timeText: string;
  /** The source gave no offset; the time was read in an assumed zone. */
  readonly timeAssumed: boolean;
  readonly evidence: string;
  readonly member?: string;
  readonly format: string;
  readonly line?: number;
  readonly message: string;
  readonly fields: Readonly<Record<string, string | number>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly starred: boolean;
  readonly tags: readonly string[];
  /** The Sigma rules that matched the event (debrief sigma run), when any did. */
  readonly detections?: readonly Detection[];
}

/** The public id of an event. */
export function eventPublicId(row: Pick<TimelineEventRow, 'evidenceId' | 'ordinal'>): string {
  return `${row.evidenceId}#${row.ordinal}`;
}

/** An event row as a view. */
export function toEventView(row: TimelineEventRow, detections?: readonly Detection[]): EventView {
  return {
    id: eventPublicId(row),
    time: toUtcIso(row.ts),
    timeText: row.tsText,
    timeAssumed: row.tsAssumed,
    evidence: row.evidenceId,
    ...(row.member === '' ? {} : { member: row.member }),
    format: row.format,
    ...(row.line === undefined ? {} : { line: row.line }),
    message: row.message,
    fields: row.fields,
    ...(row.labels === undefined ? {} : { labels: row.labels }),
    starred: row.starred,
    tags: row.tags,
    ...(detections && detections.length > 0 ? { detections } : {}),
  };
}

/** Event rows as views, with the Sigma rules that matched each. */
export async function toEventViews(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  rows: readonly TimelineEventRow[],
): Promise<EventView[]> {
  const detections = await detectionsOfEvents(
    handle.db,
    postMortemId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toEventView(r, detections.get(r.id)));
}

const PRECISION_MS = { date: 86_400_000, minute: 60_000, second: 1_000, millisecond: 1 } as const;

/** `--from` and `--to` bounds; `--to` includes its whole unit (`--to 2026-03-14` includes that day). */
function bound(name: 'from' | 'to', text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new DomainError('invalid_input', `--${name} ${text}: ${parsed.reason}`);
  return name === 'from' ? parsed.value.epochMs : parsed.value.epochMs + PRECISION_MS[parsed.value.precision];
}

/** Checks text filters and turns them into a query filter. */
export function parseTimelineFilter(input: TimelineFilterInput): TimelineFilter {
  const filter: { -readonly [K in keyof TimelineFilter]: TimelineFilter[K] } = {};
  if (input.from !== undefined) filter.from = bound('from', input.from);
  if (input.to !== undefined) filter.to = bound('to', input.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from) {
    throw new DomainError('invalid_input', '--to must be after --from');
  }
  for (const key of ['host', 'user', 'ip', 'action', 'tag', 'ioc'] as const) {
    const value = input[key]?.trim();
    if (value) filter[key] = value;
  }
  if (input.evidence?.trim()) filter.evidenceId = input.evidence.trim();
  if (input.starred) filter.starred = true;
  if (input.sigma !== undefined && input.sigma !== false) {
    const value = input.sigma === true ? 'any' : input.sigma.trim();
    const level = SIGMA_LEVELS.indexOf(value.toLowerCase() as SigmaLevel);
    if (value === '')
      throw new DomainError('invalid_input', '--sigma takes a rule id or a level, or nothing');
    filter.sigma =
      value.toLowerCase() === 'any'
        ? 'any'
        : level >= 0
          ? { levels: SIGMA_LEVELS.slice(level) }
          : { rule: value };
  }
  const technique = input.technique?.trim();
  if (technique) {
    if (!/^T\d{4}(?:\.\d{3})?$/i.test(technique))
      throw new DomainError(
        'invalid_input',
        `--technique ${technique}: an ATT&CK technique id (T1059, T1059.001)`,
      );
    filter.technique = technique.toUpperCase();
  }
  const rule = input.rule?.trim();
  if (rule) filter.rule = rule;
  const level = input.level?.trim();
  if (level) {
    const read = ruleLevel(level);
    if (read === undefined)
      throw new DomainError('invalid_input', `--level ${level}: one of ${RULE_LEVELS.join(', ')}`);
    filter.ruleLevels = RULE_LEVELS.slice(RULE_LEVELS.indexOf(read));
  }
  if (input.q !== undefined) {
    const search = parseSearch(input.q);
    if (!search.ok) throw new DomainError('invalid_input', `--q: ${search.reason}`);
    filter.search = search.value;
  }
  return filter;
}

/** An opaque cursor for the position after an event. */
export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(`${cursor.ts}.${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): TimelineCursor {
  const m = /^(-?\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) throw new DomainError('invalid_input', `--after ${text} is not a cursor from a previous page`);
  return { ts: Number(m[1]), id: Number(m[2]) };
}

/** The most events one page may hold. */
export const MAX_TIMELINE_PAGE = 1_000;

/** One page of the working timeline. */
export async function queryTimeline(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  input: TimelineFilterInput & { readonly limit?: number; readonly after?: string },
): Promise<{ items: EventView[]; next?: string }> {
  await readPostMortem(handle.db, postMortemId);
  const limit = input.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TIMELINE_PAGE) {
    throw new DomainError('invalid_input', `--limit must be a whole number from 1 to ${MAX_TIMELINE_PAGE}`);
  }
  const filter = parseTimelineFilter(input);
  const page = await queryEvents(handle.db, handle.dialect, postMortemId, filter, {
    limit,
    ...(input.after === undefined ? {} : { after: decodeCursor(input.after) }),
  });
  return {
    items: await toEventViews(handle, postMortemId, page.items),
    ...(page.next ? { next: encodeCursor(page.next) } : {}),
  };
}

const BUCKETS_MS = [
  1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  604_800_000, 2_592_000_000,
];

/** The histogram of matching events: a bucket size giving about 60 bars, and the count per bucket. */
export async function timelineHistogram(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  input: TimelineFilterInput & { readonly bucketMs?: number },
): Promise<{ total: number; bucketMs: number; buckets: { start: string; count: number }[] }> {
  await readPostMortem(handle.db, postMortemId);
  const filter = parseTimelineFilter(input);
  const bounds = await eventBounds(handle.db, handle.dialect, postMortemId, filter);
  if (bounds.count === 0 || bounds.first === undefined || bounds.last === undefined) {
    return { total: 0, bucketMs: input.bucketMs ?? 3_600_000, buckets: [] };
  }
  const span = bounds.last - bounds.first;
  const bucketMs = input.bucketMs ?? BUCKETS_MS.find((b) => span / b <= 60) ?? 2_592_000_000;
  const rows = await eventHistogram(handle.db, handle.dialect, postMortemId, filter, bucketMs);
  return {
    total: bounds.count,
    bucketMs,
    buckets: rows.map((r) => ({ start: toUtcIso(r.start), count: r.count })),
  };
}

/** Resolves a public event id (`EV-0001#1532`) to its row; throws `not_found` or `invalid_input`. */
export async function resolveEvent(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  publicId: string,
): Promise<TimelineEventRow> {
  const m = /^(.+)#(\d+)$/.exec(publicId.trim());
  if (!m) {
    throw new DomainError(
      'invalid_input',
      `"${publicId}" is not an event id; event ids look like EV-0001#1532 (see "debrief timeline")`,
    );
  }
  const row = await findEventByOrdinal(handle.db, handle.dialect, postMortemId, m[1] as string, Number(m[2]));
  if (!row)
    throw new DomainError('not_found', `${postMortemId} has no event ${publicId}`, { event: publicId });
  return row;
}
