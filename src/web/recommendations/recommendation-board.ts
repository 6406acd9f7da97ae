/**
 * The recommendations board's logic, apart from the screen: the columns (one per lifecycle status), which moves
 * each card offers and what a move needs (core/recommendation-lifecycle.ts decides), overdue marking, filters,
 * the id of a new recommendation, and the lifecycle change over REST (`PATCH .../recommendations/:rid` with the
 * ETag as `If-Match`; the answer's recommendation and version are laid onto the document the board shows).
 */
import type { PostMortem, Recommendation } from '../../core/model.js';
import { isOverdueOn, TRANSITIONS } from '../../core/recommendation-lifecycle.js';
import { type Priority, RECOMMENDATION_STATUSES, type RecommendationStatus } from '../../core/vocabulary.js';
import { apiSendWithEtag } from '../api.js';

/** The board's columns, in lifecycle order. */
export const BOARD_COLUMNS = RECOMMENDATION_STATUSES;

/** The heading of each column. */
export const STATUS_LABELS: Readonly<Record<RecommendationStatus, string>> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  done: 'Done',
  verified: 'Verified',
  'risk-accepted': 'Risk accepted',
  rejected: 'Rejected',
};

/** Moves that undo progress (core's BACKWARD set, which is not exported): the server wants a reason. */
const BACKWARD: ReadonlySet<string> = new Set([
  'accepted→proposed',
  'in-progress→accepted',
  'done→in-progress',
  'verified→in-progress',
  'risk-accepted→accepted',
  'risk-accepted→in-progress',
  'rejected→proposed',
]);

/** Statuses where work is committed: they need an owner and a due date. */
const COMMITTED: ReadonlySet<RecommendationStatus> = new Set(['accepted', 'in-progress', 'done', 'verified']);

/** Where a recommendation may move from its status (core's TRANSITIONS). */
export function movesFrom(status: RecommendationStatus): readonly RecommendationStatus[] {
  return TRANSITIONS[status];
}

/** What a move needs the user to give, beyond the new status. */
export interface MoveNeeds {
  readonly why: boolean;
  readonly owner: boolean;
  readonly due: boolean;
  readonly verification: boolean;
  readonly riskAcceptance: boolean;
  readonly rejectionReason: boolean;
}

/** What moving `rec` to `to` needs (so a simple move is one click and the others open a form). */
export function moveNeeds(rec: Recommendation, to: RecommendationStatus): MoveNeeds {
  return {
    why: BACKWARD.has(`${rec.status}→${to}`),
    owner: COMMITTED.has(to) && rec.owner === undefined,
    due: COMMITTED.has(to) && rec.due === undefined,
    verification: to === 'verified',
    riskAcceptance: to === 'risk-accepted',
    rejectionReason: to === 'rejected',
  };
}

/** Does the move need a form (anything beyond the status)? */
export function needsForm(needs: MoveNeeds): boolean {
  return Object.values(needs).some(Boolean);
}

/** The body of `PATCH .../recommendations/:rid` (docs/api.md). */
export interface RecommendationPatch {
  readonly status?: RecommendationStatus;
  readonly owner?: string;
  readonly due?: string;
  readonly priority?: Priority;
  readonly why?: string;
  readonly verification?: { readonly method: string; readonly result: string; readonly evidence: string[] };
  readonly riskAcceptance?: {
    readonly approver: string;
    readonly rationale: string;
    readonly expires: string;
  };
  readonly rejectionReason?: string;
}

/** The answer of the PATCH route. */
interface PatchAnswer {
  readonly postMortem: string;
  readonly version: number;
  readonly recommendation: Recommendation;
}

/**
 * Sends a lifecycle change with `If-Match` (when the ETag is known) and returns the document with the changed
 * recommendation and the new version, and the new ETag. A refusal is the server's `ApiError` (its message names
 * every missing part).
 */
export async function patchRecommendation(
  doc: PostMortem,
  etag: string | undefined,
  recommendationId: string,
  body: RecommendationPatch,
): Promise<{ readonly doc: PostMortem; readonly etag: string | undefined }> {
  const path = `/post-mortems/${encodeURIComponent(doc.id)}/recommendations/${encodeURIComponent(recommendationId)}`;
  const answer = await apiSendWithEtag<PatchAnswer>(
    'PATCH',
    path,
    body,
    etag === undefined ? {} : { ifMatch: etag },
  );
  const { recommendation, version } = answer.data;
  return {
    doc: {
      ...doc,
      version,
      recommendations: doc.recommendations.map((r) => (r.id === recommendation.id ? recommendation : r)),
    },
    etag: answer.etag,
  };
}

/** Today as `YYYY-MM-DD` in UTC (due dates are calendar days). */
export function todayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Is the recommendation overdue today (still open after its due date)? */
export function isOverdue(rec: Recommendation, today: string): boolean {
  return isOverdueOn(rec, today);
}

/** The owner's name: a person id of the document becomes the person's name. */
export function ownerName(doc: PostMortem, owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  return doc.people.find((p) => p.id === owner)?.name ?? owner;
}

/** The board's filters. */
export interface BoardFilter {
  /** An owner as stored (person id or name); empty for everyone. */
  readonly owner: string;
  readonly overdueOnly: boolean;
}

/** The recommendations the filters let through. */
export function filterRecommendations(
  recs: readonly Recommendation[],
  filter: BoardFilter,
  today: string,
): Recommendation[] {
  return recs.filter(
    (rec) =>
      (filter.owner === '' || rec.owner === filter.owner) && (!filter.overdueOnly || isOverdue(rec, today)),
  );
}

/** The distinct owners of the recommendations, in order of first appearance. */
export function ownersOf(recs: readonly Recommendation[]): string[] {
  return [...new Set(recs.flatMap((rec) => (rec.owner === undefined ? [] : [rec.owner])))];
}

/** Every `id` in the document (ids are unique across the whole document). */
function idsOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) idsOf(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string') into.add(inner);
      else idsOf(inner, into);
    }
  }
  return into;
}

/** The next free recommendation id: `R-01`, `R-02`… past the highest used, skipping any id the document holds. */
export function nextRecommendationId(doc: PostMortem): string {
  const used = idsOf(doc, new Set());
  const numbers = doc.recommendations.map((r) => /^R-(\d+)$/.exec(r.id)?.[1]).map(Number);
  let n = Math.max(0, ...numbers.filter((x) => Number.isFinite(x))) + 1;
  while (used.has(`R-${String(n).padStart(2, '0')}`)) n += 1;
  return `R-${String(n).padStart(2, '0')}`;
}
