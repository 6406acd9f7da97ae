/**
 * Writes the revision a review action makes (submission, a decision, publication, reopening) through the same
 * storage path as every other write: the next version, recorded in the revision history, only if the stored
 * version is still the one read (optimistic concurrency). Review actions are the one way to change the status
 * and the approvals, so they bypass the edit rules of normal writes (core/sign-off.ts `applyEditRules`).
 */
import type { Transaction } from 'kysely';
import { validatePostMortemValue } from '../contract/post-mortem-file.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import type { Database } from '../db/database.js';
import { type StoredPostMortem, updatePostMortem } from '../db/post-mortem.repository.js';
import { contentHash } from './import-post-mortem.js';

/** The version check of an action made against a version the caller read (`If-Match`, `baseVersion`). */
export function checkBaseVersion(stored: StoredPostMortem, baseVersion: number | undefined): void {
  const current = stored.document.version;
  if (baseVersion === undefined || baseVersion === current) return;
  throw new DomainError(
    'version_conflict',
    `${stored.document.id} is at version ${current}, not ${baseVersion}: read it again and retry`,
    { id: stored.document.id, storedVersion: current, baseVersion },
  );
}

/** Stores `next` as the version after `stored`; `version_conflict` when someone wrote in between. */
export async function storeReviewRevision(
  trx: Transaction<Database>,
  stored: StoredPostMortem,
  next: PostMortem,
  options: { readonly now: string; readonly origin: string },
): Promise<StoredPostMortem['document']> {
  // The change is code, not user input, but a document that stops validating must never be stored.
  const checked = validatePostMortemValue(next);
  if (!checked.document) {
    const first = checked.problems.find((p) => p.level === 'error');
    throw new DomainError(
      'internal',
      `the review would make ${next.id} invalid: ${first?.path}: ${first?.message}`,
    );
  }
  const current = stored.document.version;
  const document = {
    ...checked.document,
    version: current + 1,
    created: stored.document.created,
    updated: options.now,
  };
  const written = await updatePostMortem(
    trx,
    { document, contentHash: contentHash(document), origin: options.origin },
    current,
  );
  if (!written) {
    throw new DomainError(
      'version_conflict',
      `${next.id} was changed by someone else at the same time; nothing was recorded, try again`,
      { id: next.id },
    );
  }
  return document;
}
