/**
 * Changes a stored post-mortem inside a caller's transaction: read the current version, apply a change, check
 * the result is still a valid document, and write the next version. Used where a post-mortem changes together
 * with other rows (registering evidence adds its reference; promoting an event adds a timeline entry), so both
 * commit or neither does.
 */
import type { Transaction } from 'kysely';
import { validatePostMortemValue } from '../contract/post-mortem-file.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import { applyEditRules } from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem, updatePostMortem } from '../db/post-mortem.repository.js';
import { contentHash } from './import-post-mortem.js';

/** The outcome of a change: the version now stored, and whether anything changed. */
export interface ModifyResult {
  readonly version: number;
  readonly changed: boolean;
  readonly document: PostMortem;
}

/** Applies `change` to the stored post-mortem and stores the result as the next version. */
export async function modifyPostMortem(
  trx: Transaction<Database>,
  id: PostMortemId,
  change: (doc: PostMortem) => PostMortem,
  options: { readonly now: string; readonly origin: string },
): Promise<ModifyResult> {
  const stored = await getPostMortem(trx, id);
  const next = change(stored.document);
  // The change is code, not user input, but a document that stops validating must never be stored.
  const checked = validatePostMortemValue(next);
  if (!checked.document) {
    const first = checked.problems.find((p) => p.level === 'error');
    throw new DomainError(
      'internal',
      `the change would make ${id} invalid: ${first?.path}: ${first?.message}`,
    );
  }
  const hash = contentHash(checked.document);
  const current = stored.document.version;
  if (hash === stored.contentHash) return { version: current, changed: false, document: stored.document };
  // Review and sign-off: a published post-mortem refuses a change of its reviewed content (recommendation
  // follow-through still goes through), an approved or in-review one becomes a draft again.
  const edited = applyEditRules(stored.document, checked.document);
  const document = {
    ...edited,
    version: current + 1,
    created: stored.document.created,
    updated: options.now,
  };
  const written = await updatePostMortem(
    trx,
    {
      document,
      contentHash: edited === checked.document ? hash : contentHash(edited),
      origin: options.origin,
    },
    current,
  );
  if (!written) {
    throw new DomainError(
      'version_conflict',
      `${id} was changed by someone else at the same time; try again`,
      { id },
    );
  }
  return { version: document.version, changed: true, document };
}
