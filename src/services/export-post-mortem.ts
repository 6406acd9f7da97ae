/** Exports a stored post-mortem as its canonical YAML or JSON file. */
import type { Kysely } from 'kysely';
import { type FileFormat, serializePostMortem } from '../contract/post-mortem-file.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { readPostMortem } from './read-post-mortem.js';

/** The stored document as file text; importing that text again changes nothing. */
export async function exportPostMortem(
  db: Kysely<Database>,
  id: PostMortemId,
  format: FileFormat,
): Promise<string> {
  const stored = await readPostMortem(db, id);
  return serializePostMortem(stored.document, format);
}
