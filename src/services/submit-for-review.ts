/**
 * `debrief review submit ID`: a draft goes to review (draft → in-review), which starts a new approval round. It
 * needs at least one named approver (a person with the role `approver`). The approval gate is evaluated and
 * returned so the team sees its findings early; it does not block the submission, only the approvals.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { approversOf, checkReviewAction, type SignOffGateResult } from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { signOffStateOf } from './evaluate-sign-off.js';
import { checkBaseVersion, storeReviewRevision } from './store-review-revision.js';

/** Who acts and when; `baseVersion` makes a stale read a `version_conflict`. */
export interface ReviewContext {
  readonly now: string;
  /** For the revision history: `cli:alice`, `user:U-1 (alice)`. */
  readonly actor: string;
  readonly baseVersion?: number;
}

/** What a submission did. */
export interface SubmitResult {
  readonly id: string;
  readonly version: number;
  readonly status: 'in-review';
  /** Person ids of the named approvers. */
  readonly approvers: readonly string[];
  readonly gate: SignOffGateResult;
}

/** Submits a draft for review. */
export async function submitForReview(
  db: Kysely<Database>,
  id: PostMortemId,
  context: ReviewContext,
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const stored = await getPostMortem(trx, id);
    checkBaseVersion(stored, context.baseVersion);
    checkReviewAction(id, stored.document.status, 'submit');
    const approvers = approversOf(stored.document).map((p) => p.id);
    if (approvers.length === 0) {
      throw new DomainError(
        'invalid_state',
        `${id} names no approver: give at least one person the role "approver" (people[].roles), then submit again`,
        { id },
      );
    }
    const document = await storeReviewRevision(
      trx,
      stored,
      { ...stored.document, status: 'in-review' },
      { now: context.now, origin: `review submit by ${context.actor}` },
    );
    const state = await signOffStateOf(trx, stored, document, context.now);
    return { id, version: document.version, status: 'in-review', approvers, gate: state.gate };
  });
}
