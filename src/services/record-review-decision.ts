/**
 * `debrief review approve|request-changes ID --as PERSON`: records a named approver's decision in the document
 * (`review.approvals`) as a new revision, against the version read (optimistic concurrency). An approval needs
 * the approval gate to pass (a clean blameless lint, no missed and unexplained obligation) or a waiver of each
 * gate that does not. When every named approver has approved in the current round, the same transaction makes
 * the post-mortem `approved` and freezes a new report version: the document, the SHA-256 of its reviewed
 * content, the approvers and the time, and the waivers that let it through.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { Approval, PostMortem } from '../core/model.js';
import {
  type ApprovalProgress,
  approversOf,
  checkReviewAction,
  gateRefusal,
  type SignOffGateResult,
} from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import {
  findLatestReportVersion,
  insertReportVersion,
  type ReportVersionSummary,
} from '../db/report-version.repository.js';
import { signOffStateOf } from './evaluate-sign-off.js';
import { checkBaseVersion, storeReviewRevision } from './store-review-revision.js';
import type { ReviewContext } from './submit-for-review.js';

/** One decision to record. */
export interface ReviewDecision {
  /** Person id of the approver deciding. */
  readonly person: string;
  readonly decision: Approval['decision'];
  readonly comment?: string;
}

/** What recording a decision did. */
export interface DecisionResult {
  readonly id: string;
  readonly version: number;
  readonly status: PostMortem['status'];
  readonly progress: ApprovalProgress;
  readonly gate: SignOffGateResult;
  /** The version frozen by this decision, when it was the last approval needed. */
  readonly frozen?: ReportVersionSummary;
}

/** Records an approver's decision; freezes a version when it completes the round. */
export async function recordReviewDecision(
  db: Kysely<Database>,
  id: PostMortemId,
  decision: ReviewDecision,
  context: ReviewContext,
): Promise<DecisionResult> {
  const action = decision.decision === 'approved' ? 'approve' : 'request-changes';
  return db.transaction().execute(async (trx) => {
    const stored = await getPostMortem(trx, id);
    checkBaseVersion(stored, context.baseVersion);
    checkReviewAction(id, stored.document.status, action);
    const approvers = approversOf(stored.document);
    const approver = approvers.find((p) => p.id === decision.person);
    if (approver === undefined) {
      throw new DomainError(
        'forbidden',
        `${decision.person} is not a named approver of ${id} (approvers: ${approvers.map((p) => `${p.id} ${p.name}`).join(', ')})`,
        { id, person: decision.person },
      );
    }
    const approval: Approval = {
      person: approver.id,
      at: context.now,
      decision: decision.decision,
      ...(decision.comment?.trim() ? { comment: decision.comment.trim() } : {}),
    };
    const next: PostMortem = {
      ...stored.document,
      review: { ...stored.document.review, approvals: [...stored.document.review.approvals, approval] },
    };
    const state = await signOffStateOf(trx, stored, next, context.now);
    if (decision.decision === 'approved') {
      const refusal = gateRefusal(id, state.gate);
      if (refusal !== undefined)
        throw new DomainError('invalid_state', refusal, { id, gate: gateDetails(state.gate) });
    }
    const freeze = decision.decision === 'approved' && state.progress.complete;
    const document = await storeReviewRevision(trx, stored, freeze ? { ...next, status: 'approved' } : next, {
      now: context.now,
      origin: `review ${action} ${approver.id} by ${context.actor}`,
    });
    const result = {
      id,
      version: document.version,
      status: document.status,
      progress: state.progress,
      gate: state.gate,
    };
    if (!freeze) return result;
    const latest = await findLatestReportVersion(trx, id);
    const names = new Map(approvers.map((p) => [p.id, p.name]));
    const frozen: ReportVersionSummary = {
      postMortemId: id,
      number: (latest?.number ?? 0) + 1,
      revision: document.version,
      contentHash: state.contentHash,
      approvers: state.progress.decisions.map((d) => ({
        person: d.person,
        name: names.get(d.person) ?? d.person,
        at: d.at,
        ...(d.comment ? { comment: d.comment } : {}),
      })),
      approvedAt: context.now,
      waivers: state.gate.gates.flatMap((g) => (g.waiver ? [g.waiver] : [])),
    };
    await insertReportVersion(trx, { ...frozen, documentJson: JSON.stringify(document) });
    return { ...result, frozen };
  });
}

/** The gate as error details: what each gate found, in a few words. */
export function gateDetails(gate: SignOffGateResult): Record<string, unknown> {
  return {
    passed: gate.passed,
    lintFindings: gate.lint.length,
    unexplainedObligations: gate.unexplained.map((r) => `${r.regime}/${r.obligation}`),
    waived: gate.gates.filter((g) => g.waiver).map((g) => g.gate),
  };
}
