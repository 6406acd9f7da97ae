/**
 * Resolves the `FILE|ID` argument of `metrics`, `render` and friends: an existing file is read and validated;
 * anything else is looked up by id in the database (opened only then, so working on a file needs no database).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { postMortemIdSchema } from '../contract/schema-primitives.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { readValidPostMortemFile } from './read-post-mortem-file.js';

/** A post-mortem resolved from a `FILE|ID` argument, and whether it came from a file or the database. */
export interface LoadedPostMortem {
  readonly document: PostMortem;
  readonly from: 'file' | 'database';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads a post-mortem from a file path (relative to `cwd`) or, failing that, by id from the database.
 * @param database opens the database; called only when `ref` is not a file
 */
export async function loadPostMortem(
  ref: string,
  options: { readonly cwd: string; readonly database: () => Promise<Kysely<Database>> },
): Promise<LoadedPostMortem> {
  const path = resolve(options.cwd, ref);
  if (await isFile(path)) return { document: await readValidPostMortemFile(path, ref), from: 'file' };
  if (/[/\\]/.test(ref) || /\.(ya?ml|json)$/i.test(ref)) {
    throw new DomainError('file_unreadable', `cannot read ${ref}: no such file`);
  }
  const id = postMortemIdSchema.safeParse(ref);
  if (!id.success) {
    throw new DomainError('not_found', `no file named ${ref}, and "${ref}" is not a post-mortem id either`);
  }
  try {
    const stored = await getPostMortem(await options.database(), id.data);
    return { document: stored.document, from: 'database' };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') {
      throw new DomainError(
        'not_found',
        `no file named ${ref} and no post-mortem ${ref} in the database; list them with "debrief list"`,
        { id: ref },
      );
    }
    throw error;
  }
}
