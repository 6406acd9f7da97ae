/**
 * The recommendation lifecycle: proposed → accepted (owner and due date) → in-progress → done → verified (proof it
 * works), or risk-accepted (approver, rationale, expiry), or rejected (reason). A change is checked against the
 * allowed moves and what the new status needs, and recorded (who, when, from, to, which fields, why).
 */
import { rpn } from './fmea.js';
import type { PostMortem, Recommendation, RiskAcceptance, Verification } from './model.js';
import { rpnReductionByRecommendation } from './root-cause-checks.js';
import type { Priority, RecommendationStatus } from './vocabulary.js';

/** Where each status may go. Going back (reopening) needs a reason. */
export const TRANSITIONS: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  proposed: ['accepted', 'rejected', 'risk-accepted'],
  accepted: ['in-progress', 'done', 'rejected', 'risk-accepted', 'proposed'],
  'in-progress': ['done', 'rejected', 'risk-accepted', 'accepted'],
  done: ['verified', 'in-progress'],
  verified: ['in-progress'],
  'risk-accepted': ['accepted', 'in-progress'],
  rejected: ['proposed'],
};

/** Moves that undo progress: they need a `why`. */
const BACKWARD = new Set([
  'accepted→proposed',
  'in-progress→accepted',
  'done→in-progress',
  'verified→in-progress',
  'risk-accepted→accepted',
  'risk-accepted→in-progress',
  'rejected→proposed',
]);

/** The statuses where work is committed: they need an owner and a due date. */
const COMMITTED = new Set<RecommendationStatus>(['accepted', 'in-progress', 'done', 'verified']);

/** What an update may set. */
export interface RecommendationUpdate {
  readonly status?: RecommendationStatus;
  readonly owner?: string;
  readonly due?: string;
  readonly priority?: Priority;
  readonly verification?: Verification;
  readonly riskAcceptance?: RiskAcceptance;
  readonly rejectionReason?: string;
  readonly why?: string;
}

/** The updated recommendation, or every reason the update is refused. */
export type UpdateResult =
  | { readonly ok: true; readonly recommendation: Recommendation }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Applies an update as `by` at `at`. Nothing changes when nothing differs. */
export function updateRecommendation(
  rec: Recommendation,
  update: RecommendationUpdate,
  context: { readonly at: string; readonly by: string },
): UpdateResult {
  const problems: string[] = [];
  const to = update.status ?? rec.status;
  if (to !== rec.status && !TRANSITIONS[rec.status].includes(to))
    problems.push(
      `${rec.id} cannot go from ${rec.status} to ${to} (from ${rec.status}: ${TRANSITIONS[rec.status].join(', ')})`,
    );
  if (BACKWARD.has(`${rec.status}→${to}`) && !update.why?.trim())
    problems.push(`going back from ${rec.status} to ${to} needs a reason (--why)`);
  const next: Recommendation = {
    ...rec,
    status: to,
    ...(update.owner === undefined ? {} : { owner: update.owner }),
    ...(update.due === undefined ? {} : { due: update.due }),
    ...(update.priority === undefined ? {} : { priority: update.priority }),
    ...(update.verification === undefined ? {} : { verification: update.verification }),
    ...(update.riskAcceptance === undefined ? {} : { riskAcceptance: update.riskAcceptance }),
    ...(update.rejectionReason === undefined ? {} : { rejectionReason: update.rejectionReason }),
  };
  if (COMMITTED.has(to) && next.owner === undefined) problems.push(`${to} needs an owner (--owner)`);
  if (COMMITTED.has(to) && next.due === undefined) problems.push(`${to} needs a due date (--due)`);
  if (to === 'verified' && (next.verification === undefined || next.verification.evidence.length === 0))
    problems.push(
      'verified needs proof it works: --verify-method, --verify-result and --evidence (at least one)',
    );
  if (to === 'risk-accepted' && next.riskAcceptance === undefined)
    problems.push('risk-accepted needs --approver, --rationale and --expires');
  if (to === 'rejected' && !next.rejectionReason?.trim()) problems.push('rejected needs --reject-reason');
  if (problems.length > 0) return { ok: false, problems };
  const fields = (
    ['status', 'owner', 'due', 'priority', 'verification', 'riskAcceptance', 'rejectionReason'] as const
  ).filter((f) => JSON.stringify(next[f]) !== JSON.stringify(rec[f]));
  if (fields.length === 0) return { ok: true, recommendation: rec };
  return {
    ok: true,
    recommendation: {
      ...next,
      history: [
        ...rec.history,
        {
          at: context.at,
          by: context.by,
          from: rec.status,
          to,
          fields,
          ...(update.why?.trim() ? { why: update.why.trim() } : {}),
        },
      ],
    },
  };
}

/** Statuses of a recommendation still being delivered, which can be overdue. */
export const OPEN_STATUSES: ReadonlySet<RecommendationStatus> = new Set([
  'proposed',
  'accepted',
  'in-progress',
]);

/** Is a recommendation overdue on `today` (YYYY-MM-DD): still being delivered after its due date? */
export function isOverdueOn(rec: Pick<Recommendation, 'status' | 'due'>, today: string): boolean {
  return OPEN_STATUSES.has(rec.status) && rec.due !== undefined && rec.due < today;
}

/** A priority suggested from the risk a recommendation removes, and how it was worked out. */
export interface SuggestedPriority {
  readonly priority: Priority;
  readonly basis: string;
}

const byScore = (score: number, [critical, high, medium]: readonly [number, number, number]): Priority =>
  score >= critical ? 'critical' : score >= high ? 'high' : score >= medium ? 'medium' : 'low';

/**
 * The priority a recommendation's effect suggests: from the FMEA rows it addresses (the RPN reduction once they
 * are re-scored, else the RPN at stake: 300 or more critical, 150 high, 60 medium), else from impact × ease
 * (impact × (6 − effort): 20 or more critical, 12 high, 6 medium), else none.
 */
export function suggestPriority(doc: PostMortem, rec: Recommendation): SuggestedPriority | undefined {
  const reduction = rpnReductionByRecommendation(doc).get(rec.id);
  if (reduction !== undefined)
    return {
      priority: byScore(reduction, [300, 150, 60]),
      basis: `RPN reduction ${reduction} (re-scored FMEA rows)`,
    };
  const rows = doc.analysis.fmea.filter((row) => rec.addresses.includes(row.id));
  if (rows.length > 0) {
    const stake = Math.max(...rows.map((row) => rpn(row)));
    return {
      priority: byScore(stake, [300, 150, 60]),
      basis: `RPN ${stake} at stake (${rows.map((r) => r.id).join(', ')})`,
    };
  }
  if (rec.impact !== undefined && rec.effort !== undefined) {
    const score = rec.impact * (6 - rec.effort);
    return {
      priority: byScore(score, [20, 12, 6]),
      basis: `impact ${rec.impact} × ease ${6 - rec.effort} = ${score}`,
    };
  }
  return undefined;
}
