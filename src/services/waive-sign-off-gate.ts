/**
 * `debrief review waive ID --gate blameless-lint|compliance --reason TEXT`: records the decision to approve
 * although a gate does not pass, with its reason, who and when. A waiver holds for the reviewed content it was
 * made for: once the content changes, the gate is evaluated afresh and needs a new waiver. The waivers that let
 * a version through are frozen with it. Recording one is audited by the transports like every write.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import {
  checkReviewAction,
  SIGN_OFF_GATES,
  type SignOffGate,
  type SignOffGateResult,
  type Waiver,
} from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { insertWaiver } from '../db/report-version.repository.js';
import { signOffStateOf } from './evaluate-sign-off.js';
import { checkBaseVersion } from './store-review-revision.js';
import type { ReviewContext } from './submit-for-review.js';

/** The longest reason kept. */
export const WAIVER_REASON_MAX = 2000;

/** Is `value` a gate name? */
export function isSignOffGate(value: string): value is SignOffGate {
  return (SIGN_OFF_GATES as readonly string[]).includes(value);
}

/** Records a waiver of `gate` for the current content; answers the gate evaluated with it. */
export async function waiveSignOffGate(
  db: Kysely<Database>,
  id: PostMortemId,
  request: { readonly gate: string; readonly reason: string },
  context: ReviewContext,
): Promise<{ id: string; contentHash: string; waiver: Waiver; gate: SignOffGateResult }> {
  if (!isSignOffGate(request.gate))
    throw new DomainError(
      'invalid_input',
      `--gate must be ${SIGN_OFF_GATES.join(' or ')}, not "${request.gate}"`,
    );
  const reason = request.reason.trim();
  if (reason.length < 10 || reason.length > WAIVER_REASON_MAX)
    throw new DomainError(
      'invalid_input',
      `a waiver needs a reason of 10 to ${WAIVER_REASON_MAX} characters that says why approval may go ahead`,
    );
  const gate = request.gate;
  return db.transaction().execute(async (trx) => {
    const stored = await getPostMortem(trx, id);
    checkBaseVersion(stored, context.baseVersion);
    checkReviewAction(id, stored.document.status, 'waive');
    const before = await signOffStateOf(trx, stored, stored.document, context.now);
    if (before.gate.gates.find((g) => g.gate === gate)?.clean) {
      throw new DomainError('invalid_state', `the ${gate} gate of ${id} passes: there is nothing to waive`, {
        id,
        gate,
      });
    }
    const waiver: Waiver = { gate, reason, by: context.actor, at: context.now };
    await insertWaiver(trx, id, before.contentHash, waiver);
    const after = await signOffStateOf(trx, stored, stored.document, context.now);
    return { id, contentHash: before.contentHash, waiver, gate: after.gate };
  });
}
