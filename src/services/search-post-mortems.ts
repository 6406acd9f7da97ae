/**
 * Full-text search across stored post-mortems (`debrief search`). Restricted ones are counted, never shown; a
 * caller named by `visibleTo` (the API) searches only what they may see, members' restricted ones included.
 */
import type { Kysely } from 'kysely';
import { type SearchHit, searchDocuments } from '../core/document-search.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import { parseSearch } from '../core/search-query.js';
import type { Database } from '../db/database.js';
import type { VisibleTo } from '../db/post-mortem.repository.js';
import { allPostMortems } from './all-post-mortems.js';

export async function searchPostMortems(
  db: Kysely<Database>,
  text: string,
  visibleTo?: VisibleTo,
): Promise<{ readonly hits: readonly SearchHit[]; readonly restrictedMatches: number }> {
  const query = parseSearch(text);
  if (!query.ok) throw new DomainError('invalid_input', `search: ${query.reason}`);
  if (visibleTo !== undefined) {
    const visible: PostMortem[] = [];
    for await (const { document } of allPostMortems(db, visibleTo)) visible.push(document);
    return { hits: searchDocuments(visible, query.value), restrictedMatches: 0 };
  }
  const open: PostMortem[] = [];
  const restricted: PostMortem[] = [];
  for await (const { document } of allPostMortems(db))
    (document.restricted ? restricted : open).push(document);
  return {
    hits: searchDocuments(open, query.value),
    restrictedMatches: searchDocuments(restricted, query.value).length,
  };
}
