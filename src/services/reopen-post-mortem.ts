/**
 * `debrief review reopen ID`: an approved or published post-mortem goes back to draft to be changed. Its frozen
 * versions stay as they are; the next completed approval round freezes version N+1.
 */
import type { Kysely } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import { checkReviewAction } from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { findLatestReportVersion } from '../db/report-version.repository.js';
import { checkBaseVersion, storeReviewRevision } from './store-review-revision.js';
import type { ReviewContext } from './submit-for-review.js';

/** Reopens a post-mortem as a draft; answers the stored version and the report version it is a draft after. */
export async function reopenPostMortem(
  db: Kysely<Database>,
  id: PostMortemId,
  context: ReviewContext,
): Promise<{ id: string; version: number; status: 'draft'; draftAfter?: number }> {
  return db.transaction().execute(async (trx) => {
    const stored = await getPostMortem(trx, id);
    checkBaseVersion(stored, context.baseVersion);
    checkReviewAction(id, stored.document.status, 'reopen');
    const document = await storeReviewRevision(
      trx,
      stored,
      { ...stored.document, status: 'draft' },
      { now: context.now, origin: `review reopen by ${context.actor}` },
    );
    const latest = await findLatestReportVersion(trx, id);
    return {
      id,
      version: document.version,
      status: 'draft',
      ...(latest ? { draftAfter: latest.number } : {}),
    };
  });
}
