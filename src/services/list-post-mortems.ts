/** Lists stored post-mortems, most recently updated first. */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import {
  type ListFilters,
  listPostMortemSummaries,
  listPostMortemSummariesJson,
  type PostMortemSummary,
  type VisibleTo,
} from '../db/post-mortem.repository.js';

export type { ListFilters };

/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 500;

/** One page of stored post-mortem summaries, most recently updated first; `total` counts all of them. */
export interface PostMortemPage {
  readonly items: readonly PostMortemSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** One page of post-mortem summaries (those a caller may see, when `visibleTo` says who). */
export async function listPostMortems(
  db: Kysely<Database>,
  page: PageRequest = {},
  visibleTo?: VisibleTo,
): Promise<PostMortemPage> {
  const { limit, offset } = checkedPage(page);
  const { items, total } = await listPostMortemSummaries(db, {
    limit,
    offset,
    ...(visibleTo ? { visibleTo } : {}),
    ...filtersOf(page),
  });
  return { items, total, limit, offset };
}

/** The same page as `listPostMortems`, as the JSON text of a `PostMortemPage` (built by the database). */
export async function listPostMortemsJson(
  db: Kysely<Database>,
  page: PageRequest = {},
  visibleTo?: VisibleTo,
): Promise<string> {
  const { limit, offset } = checkedPage(page);
  const { itemsJson, total } = await listPostMortemSummariesJson(db, {
    limit,
    offset,
    ...(visibleTo ? { visibleTo } : {}),
    ...filtersOf(page),
  });
  return `{"items":${itemsJson},"total":${total},"limit":${limit},"offset":${offset}}`;
}

interface PageRequest extends ListFilters {
  readonly limit?: number;
  readonly offset?: number;
}

/** The filters of a request, when it has any (`total` then counts the matches only). */
function filtersOf(page: PageRequest): { filters?: ListFilters } {
  const filters: ListFilters = {
    ...(page.status === undefined ? {} : { status: page.status }),
    ...(page.severity === undefined ? {} : { severity: page.severity }),
    ...(page.type === undefined ? {} : { type: page.type }),
    ...(page.tags === undefined || page.tags.length === 0 ? {} : { tags: page.tags }),
    ...(page.updatedFrom === undefined ? {} : { updatedFrom: page.updatedFrom }),
    ...(page.updatedTo === undefined ? {} : { updatedTo: page.updatedTo }),
  };
  return Object.keys(filters).length === 0 ? {} : { filters };
}

function checkedPage(page: PageRequest): { limit: number; offset: number } {
  const limit = page.limit ?? 100;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('invalid_input', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw new DomainError('invalid_input', 'offset must be 0 or more');
  return { limit, offset };
}
