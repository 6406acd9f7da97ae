/**
 * `debrief review publish ID`: an approved post-mortem becomes published (approved → published) and its latest
 * frozen version gets its publication time. A published post-mortem is read-only: edits are refused until it is
 * reopened, except the follow-through of its recommendations (core/sign-off.ts `applyEditRules`).
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { checkReviewAction } from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { findLatestReportVersion, markReportVersionPublished } from '../db/report-version.repository.js';
import { reviewedContentHash } from './evaluate-sign-off.js';
import { checkBaseVersion, storeReviewRevision } from './store-review-revision.js';
import type { ReviewContext } from './submit-for-review.js';

/** Publishes an approved post-mortem; answers the stored version and the report version published. */
export async function publishPostMortem(
  db: Kysely<Database>,
  id: PostMortemId,
  context: ReviewContext,
): Promise<{ id: string; version: number; reportVersion: number; contentHash: string; publishedAt: string }> {
  return db.transaction().execute(async (trx) => {
    const stored = await getPostMortem(trx, id);
    checkBaseVersion(stored, context.baseVersion);
    checkReviewAction(id, stored.document.status, 'publish');
    const latest = await findLatestReportVersion(trx, id);
    // Approved without a frozen version of this content: imported that way, or changed since (not through Debrief).
    if (latest === undefined || latest.contentHash !== reviewedContentHash(stored.document)) {
      throw new DomainError(
        'invalid_state',
        `${id} has no approved version of its current content: reopen it ("debrief review reopen ${id}"), submit it and have it approved`,
        { id },
      );
    }
    const document = await storeReviewRevision(
      trx,
      stored,
      { ...stored.document, status: 'published' },
      { now: context.now, origin: `review publish by ${context.actor}` },
    );
    // Set once: a version published before keeps its first publication time.
    const first = await markReportVersionPublished(trx, id, latest.number, context.now);
    return {
      id,
      version: document.version,
      reportVersion: latest.number,
      contentHash: latest.contentHash,
      publishedAt: first ? context.now : (latest.publishedAt ?? context.now),
    };
  });
}
