/**
 * Reads one stored post-mortem. Every read of a document goes through here, so access rules and the audit of
 * reads of restricted post-mortems (team server issue) have one place to live.
 */
import type { Kysely } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { getPostMortem, type StoredPostMortem } from '../db/post-mortem.repository.js';

/** The stored post-mortem; throws `not_found`. */
export async function readPostMortem(db: Kysely<Database>, id: PostMortemId): Promise<StoredPostMortem> {
  return getPostMortem(db, id);
}
