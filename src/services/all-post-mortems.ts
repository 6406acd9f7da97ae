/** Every stored post-mortem document, page by page (for what reads them all: insights, search, actions). */
import type { Kysely } from 'kysely';
import type { PostMortem } from '../core/model.js';
import type { Database } from '../db/database.js';
import {
  getPostMortem,
  listPostMortemSummaries,
  type PostMortemSummary,
  type VisibleTo,
} from '../db/post-mortem.repository.js';

/** Each stored post-mortem (or each one a caller may see) with its summary, most recently updated first. */
export async function* allPostMortems(
  db: Kysely<Database>,
  visibleTo?: VisibleTo,
): AsyncGenerator<{ summary: PostMortemSummary; document: PostMortem }> {
  for (let offset = 0; ; offset += 500) {
    const page = await listPostMortemSummaries(db, {
      limit: 500,
      offset,
      ...(visibleTo ? { visibleTo } : {}),
    });
    for (const summary of page.items)
      yield { summary, document: (await getPostMortem(db, summary.id)).document };
    if (page.items.length === 0 || offset + page.items.length >= page.total) return;
  }
}
