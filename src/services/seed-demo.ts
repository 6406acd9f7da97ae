/**
 * Loads the demo post-mortem on the first start of an empty database, once: after that (or when the database
 * already held post-mortems), a marker in the settings keeps it from coming back, even if it is deleted.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { countPostMortems } from '../db/post-mortem.repository.js';
import { findSetting, putSetting } from '../db/settings.repository.js';
import { importPostMortem } from './import-post-mortem.js';
import { demoPostMortemPath } from './package-paths.js';
import { readValidPostMortemFile } from './read-post-mortem-file.js';

const DEMO_MARKER = 'demo_seeded';

/** Whether the demo post-mortem was loaded, or why not: seeded before, or the database was not empty. */
export type SeedOutcome =
  | { readonly outcome: 'loaded'; readonly id: string }
  | { readonly outcome: 'skipped'; readonly reason: 'already-seeded' | 'not-empty' };

/** Loads the demo if this database never had one and holds no post-mortem. */
export async function seedDemo(
  db: Kysely<Database>,
  options: { readonly now: string; readonly path?: string },
): Promise<SeedOutcome> {
  if ((await findSetting(db, DEMO_MARKER)) !== undefined)
    return { outcome: 'skipped', reason: 'already-seeded' };
  if ((await countPostMortems(db)) > 0) {
    await putSetting(db, DEMO_MARKER, `skipped ${options.now}`);
    return { outcome: 'skipped', reason: 'not-empty' };
  }
  const document = await readValidPostMortemFile(options.path ?? demoPostMortemPath());
  try {
    await importPostMortem(db, document, { now: options.now, origin: 'demo' });
  } catch (error) {
    // Another process seeding at the same moment is not a failure: the demo is there either way.
    if (!(error instanceof DomainError && error.code === 'version_conflict')) throw error;
  }
  await putSetting(db, DEMO_MARKER, `loaded ${options.now}`);
  return { outcome: 'loaded', id: document.id };
}
