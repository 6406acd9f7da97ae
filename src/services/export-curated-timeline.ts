/** A stored post-mortem's curated timeline for Timesketch (JSON lines) or DFIR-IRIS (timeline CSV). */
import type { Kysely } from 'kysely';
import {
  CURATED_EXPORT_FORMATS,
  type CuratedExport,
  type CuratedExportFormat,
  exportCuratedTimeline,
} from '../core/curated-exports.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { storedAttackCatalog } from './load-attack-catalog.js';
import { readPostMortem } from './read-post-mortem.js';

/** Is `format` one of the curated timeline's export formats? */
export function isCuratedExportFormat(format: string): format is CuratedExportFormat {
  return (CURATED_EXPORT_FORMATS as readonly string[]).includes(format);
}

/** The curated timeline of a stored post-mortem in `format`; IRIS categories come from the stored catalogue. */
export async function exportCuratedTimelineOf(
  db: Kysely<Database>,
  id: PostMortemId,
  format: string,
): Promise<CuratedExport> {
  if (!isCuratedExportFormat(format))
    throw new DomainError('invalid_input', `format must be one of ${CURATED_EXPORT_FORMATS.join(', ')}`);
  const { document } = await readPostMortem(db, id);
  return exportCuratedTimeline(document, format, await storedAttackCatalog(db));
}
