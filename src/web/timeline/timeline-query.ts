/**
 * The working timeline's filters as they live in the page URL (`?q=…&host=…`) and as the API reads them
 * (`GET /api/post-mortems/:id/timeline`, docs/api.md). The URL is the single source of truth: the explorer reads
 * the filters from it, so a filtered view can be bookmarked and shared, and the back button undoes a filter.
 */
import type { z } from 'zod';
import type {
  eventDetailSchema,
  timelineEventSchema,
  timelineHistogramSchema,
  timelinePageSchema,
} from '../../contract/timeline-api.js';

/** An event of the working timeline, as the API sends it. */
export type TimelineEvent = z.output<typeof timelineEventSchema>;
/** One page of the working timeline: `{ items, next? }`. */
export type TimelinePage = z.output<typeof timelinePageSchema>;
/** Matching events per time bucket: `{ total, bucketMs, buckets }`. */
export type TimelineHistogram = z.output<typeof timelineHistogramSchema>;
/** One event with its raw record. */
export type EventDetail = z.output<typeof eventDetailSchema>;

/** The filters the explorer offers, in the order the filter bar shows them (all API query parameters). */
export const FILTER_KEYS = [
  'q',
  'from',
  'to',
  'host',
  'user',
  'ip',
  'action',
  'tag',
  'ioc',
  'evidence',
  'starred',
] as const;
/** The name of one filter (also its URL and API query parameter). */
export type FilterKey = (typeof FILTER_KEYS)[number];
/** The filters in force: only the non-empty ones are present. */
export type TimelineFilters = Readonly<Partial<Record<FilterKey, string>>>;

/** Events per page: the API allows up to 1000; 200 keeps a page small to parse and render. */
export const PAGE_SIZE = 200;

/** Reads the filters from the page URL's query; unknown and empty parameters are left out. */
export function filtersFromSearch(search: URLSearchParams): TimelineFilters {
  const filters: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  // The API takes starred=true; anything else means "all events".
  if (filters.starred !== undefined && filters.starred !== 'true') delete filters.starred;
  return filters;
}

/** Writes the filters into a copy of the page URL's query, keeping unrelated parameters. */
export function searchWithFilters(search: URLSearchParams, filters: TimelineFilters): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The API query string (without `?`) of the filters, plus the page size and cursor for a page request. */
export function timelineQuery(filters: TimelineFilters, page?: { limit: number; after?: string }): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  if (page) {
    query.set('limit', String(page.limit));
    if (page.after !== undefined) query.set('after', page.after);
  }
  return query.toString();
}

/** A stable key for a set of filters: the explorer starts over when it changes. */
export function filtersKey(filters: TimelineFilters): string {
  return timelineQuery(filters);
}

/** The path of an event under the API; the `#` of an event id must travel as `%23`. */
export function eventPath(
  postMortemId: string,
  eventId: string,
  action?: 'star' | 'tags' | 'promote',
): string {
  const base = `/api/post-mortems/${encodeURIComponent(postMortemId)}/events/${encodeURIComponent(eventId)}`;
  return action === undefined ? base : `${base}/${action}`;
}

/** The host, user and action of an event, from its normalized fields (empty when the source had none). */
export function eventColumns(event: TimelineEvent): { host: string; user: string; action: string } {
  const text = (key: string) => {
    const value = event.fields[key];
    return value === undefined ? '' : String(value);
  };
  return { host: text('host'), user: text('user_name'), action: text('action') };
}

/** An instant as UTC text to the second (`2026-03-14 09:12:03Z`), the way the rows show it. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
