/**
 * The post-mortem list's filters: read from and written to the page's URL query (so a filtered list can be
 * bookmarked and shared), sent to `GET /api/post-mortems`, and applied to the page that comes back.
 *
 * URL and API parameters: `status`, `severity`, `type`, `tag` (repeated), `from` and `to` (YYYY-MM-DD, on the
 * last update), `offset`. The server validates `limit` and `offset` and leaves other parameters alone; the same
 * filters are applied here to the page it answers, so the list is right whether or not the server filters.
 */
import type { z } from 'zod';
import type { postMortemSummarySchema } from '../../contract/api.js';
import {
  POST_MORTEM_STATUSES,
  POST_MORTEM_TYPES,
  type PostMortemStatus,
  type PostMortemType,
  SEVERITIES,
  type Severity,
} from '../../core/vocabulary.js';
import type { Query } from '../api.js';

/** One row of `GET /api/post-mortems`. */
export type PostMortemSummary = z.infer<typeof postMortemSummarySchema>;

/** The list's filters. */
export interface ListFilters {
  readonly status?: PostMortemStatus;
  readonly severity?: Severity;
  readonly type?: PostMortemType;
  readonly tags: readonly string[];
  /** YYYY-MM-DD: updated on or after this day (UTC). */
  readonly from?: string;
  /** YYYY-MM-DD: updated on or before this day (UTC). */
  readonly to?: string;
}

/** How many summaries a page holds. */
export const PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The filters a URL query names (unknown values are ignored). */
export function filtersFromParams(params: URLSearchParams): ListFilters {
  const from = params.get('from');
  const to = params.get('to');
  const status = oneOf(POST_MORTEM_STATUSES, params.get('status'));
  const severity = oneOf(SEVERITIES, params.get('severity'));
  const type = oneOf(POST_MORTEM_TYPES, params.get('type'));
  return {
    ...(status === undefined ? {} : { status }),
    ...(severity === undefined ? {} : { severity }),
    ...(type === undefined ? {} : { type }),
    tags: [...new Set(params.getAll('tag').flatMap(splitTags))],
    ...(from !== null && DAY.test(from) ? { from } : {}),
    ...(to !== null && DAY.test(to) ? { to } : {}),
  };
}

/** Tags typed in one box: separated by commas. */
export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Is any filter set? */
export function hasFilters(filters: ListFilters): boolean {
  return (
    filters.status !== undefined ||
    filters.severity !== undefined ||
    filters.type !== undefined ||
    filters.tags.length > 0 ||
    filters.from !== undefined ||
    filters.to !== undefined
  );
}

/** The query of `GET /api/post-mortems` for these filters and this page. */
export function listQuery(filters: ListFilters, offset: number): Query {
  return {
    limit: PAGE_SIZE,
    offset,
    status: filters.status,
    severity: filters.severity,
    type: filters.type,
    tag: filters.tags,
    from: filters.from,
    to: filters.to,
  };
}
