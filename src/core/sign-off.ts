/**
 * Review and sign-off rules (issue 9, section 4), pure: which review actions each status allows, who approves,
 * when the approvals of a round are complete, the approval gate (a clean blameless lint and no missed, unexplained
 * compliance obligation, unless waived), what normal edits do to the review status, and the canonical content a
 * frozen version's hash is computed from (services hash it with SHA-256).
 *
 * Vocabulary:
 * - the named approvers are the document's people with the review role `approver`;
 * - a review round starts when the post-mortem is submitted (draft → in-review); only decisions recorded since
 *   count, the latest decision of each approver winning;
 * - the reviewed content is the document without what storage stamps (version, created, updated), without the
 *   workflow fields (status, review.approvals), and without the follow-through state of recommendations
 *   (status, owner, due, priority, verification, risk acceptance, rejection reason, history, tracker): tracking
 *   a recommendation after publication is not a change of the approved text.
 */
import { ENGLISH_RULES, type LintFinding, type LintRule, lintPostMortem } from './blameless.js';
import { evaluateCompliance, type ObligationResult } from './compliance.js';
import { DomainError } from './errors.js';
import type { Approval, Person, PostMortem, Recommendation } from './model.js';
import type { PostMortemStatus } from './vocabulary.js';

/** What a waiver can set aside. */
export const SIGN_OFF_GATES = ['blameless-lint', 'compliance'] as const;
/** One condition of approval: the blameless lint, or the compliance obligations. */
export type SignOffGate = (typeof SIGN_OFF_GATES)[number];

/** A recorded decision to approve although a gate does not pass: which gate, why, who, when. */
export interface Waiver {
  readonly gate: SignOffGate;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** The review actions. */
export const REVIEW_ACTIONS = ['submit', 'approve', 'request-changes', 'waive', 'publish', 'reopen'] as const;
/** A step of the review workflow (`debrief review ACTION`). */
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The statuses each action starts from. */
export const REVIEW_ACTION_FROM: Readonly<Record<ReviewAction, readonly PostMortemStatus[]>> = {
  submit: ['draft'],
  approve: ['in-review'],
  'request-changes': ['in-review'],
  waive: ['draft', 'in-review'],
  publish: ['approved'],
  reopen: ['approved', 'published'],
};

/** What to run to get a post-mortem out of each status, for error messages. */
const NEXT_STEP: Readonly<Record<PostMortemStatus, string>> = {
  draft: 'submit it first with "debrief review submit ID"',
  'in-review': 'it is waiting for its approvers ("debrief review versions ID" shows who)',
  approved: 'reopen it with "debrief review reopen ID" to change it, or publish it',
  published: 'it is published and read-only: reopen it with "debrief review reopen ID" to change it',
};

/** Throws `invalid_state` when `action` is not allowed from the post-mortem's status. */
export function checkReviewAction(id: string, status: PostMortemStatus, action: ReviewAction): void {
  const from = REVIEW_ACTION_FROM[action];
  if (from.includes(status)) return;
  throw new DomainError(
    'invalid_state',
    `cannot ${action} ${id}: it is ${status}, and ${action} needs ${from.join(' or ')}; ${NEXT_STEP[status].replace('ID', id)}`,
    { id, status, action },
  );
}

/** The named approvers: the people with the review role `approver`, in document order. */
export function approversOf(doc: Pick<PostMortem, 'people'>): Person[] {
  return doc.people.filter((p) => p.roles.includes('approver'));
}

/** Where a round stands: every approver's latest decision since the round started. */
export interface ApprovalProgress {
  /** Person ids of the named approvers. */
  readonly approvers: readonly string[];
  readonly approved: readonly string[];
  readonly changesRequested: readonly string[];
  readonly pending: readonly string[];
  /** The decisions that count (the latest per approver, in the order they were made). */
  readonly decisions: readonly Approval[];
  /** Every named approver approved (and there is at least one). */
  readonly complete: boolean;
}

/**
 * The progress of the round whose decisions are `approvals[since..]` (`since`: how many approvals the document
 * held when it was submitted). Decisions of people who are not (or no longer) approvers do not count.
 */
export function approvalProgress(
  doc: Pick<PostMortem, 'people' | 'review'>,
  since: number,
): ApprovalProgress {
  const approvers = approversOf(doc).map((p) => p.id);
  const latest = new Map<string, Approval>();
  for (const approval of doc.review.approvals.slice(since)) {
    if (!approvers.includes(approval.person)) continue;
    // Re-inserting keeps the order of the latest decisions.
    latest.delete(approval.person);
    latest.set(approval.person, approval);
  }
  const by = (decision: Approval['decision']) =>
    approvers.filter((id) => latest.get(id)?.decision === decision);
  const approved = by('approved');
  return {
    approvers,
    approved,
    changesRequested: by('changes-requested'),
    pending: approvers.filter((id) => !latest.has(id)),
    decisions: [...latest.values()],
    complete: approvers.length > 0 && approved.length === approvers.length,
  };
}

/** The fields of a recommendation that follow-through changes (`debrief action update`, `debrief track`). */
export const FOLLOW_THROUGH_FIELDS = [
  'status',
  'owner',
  'due',
  'priority',
  'verification',
  'riskAcceptance',
  'rejectionReason',
  'history',
  'tracker',
] as const satisfies readonly (keyof Recommendation)[];

/** The reviewed content of a document: what approval vouches for (see the module comment). */
export function reviewedContent(doc: PostMortem): Record<string, unknown> {
  const {
    version: _version,
    created: _created,
    updated: _updated,
    status: _status,
    review,
    recommendations,
    ...rest
  } = doc;
  const { approvals: _approvals, ...session } = review;
  const tracked = new Set<string>(FOLLOW_THROUGH_FIELDS);
  return {
    ...rest,
    review: session,
    recommendations: recommendations.map((r) =>
      Object.fromEntries(Object.entries(r).filter(([key]) => !tracked.has(key))),
    ),
  };
}

/**
 * JSON with object keys sorted at every level and `undefined` left out: the same value always gives the same
 * text, whatever order its keys were written in.
 */
export function canonicalJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : sorted(item)));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      const inner = (v as Record<string, unknown>)[key];
      if (inner !== undefined) out[key] = sorted(inner);
    }
    return out;
  };
  return JSON.stringify(sorted(value));
}

/** The text a frozen version's content hash is the SHA-256 of: the canonical JSON of the reviewed content. */
export function contentHashInput(doc: PostMortem): string {
  return canonicalJson(reviewedContent(doc));
}

/** A missed obligation is explained when a lesson or a "went poorly" item names it as `regime/obligation`. */
export function explanationKey(result: Pick<ObligationResult, 'regime' | 'obligation'>): string {
  return `${result.regime}/${result.obligation}`;
}

function isExplained(doc: PostMortem, result: ObligationResult): boolean {
  const key = explanationKey(result).toLowerCase();
  const texts = [...doc.lessons.map((l) => l.text), ...doc.evaluation.wentPoorly];
  return texts.some((text) => text.toLowerCase().includes(key));
}

/** The state of one gate. */
export interface GateState {
  readonly gate: SignOffGate;
  /** Nothing found. */
  readonly clean: boolean;
  /** The waiver that sets it aside, when it is not clean. */
  readonly waiver?: Waiver;
}

/** The approval gate of a document at one instant. */
export interface SignOffGateResult {
  /** Blameless-language findings (`debrief lint`, internal audience, default rules). */
  readonly lint: readonly LintFinding[];
  /** Compliance obligations missed at the instant and not explained. */
  readonly unexplained: readonly ObligationResult[];
  readonly gates: readonly GateState[];
  /** Every gate is clean or waived: approval may go ahead. */
  readonly passed: boolean;
}

/**
 * Evaluates the approval gate at `at`: the blameless lint of the reviewed prose (approval comments are the
 * approvers' words, not the report's, so they are left out) and the compliance obligations missed without an
 * explanation. `waivers` are those recorded for the current content; the latest one per gate counts.
 */
export function evaluateSignOffGate(
  doc: PostMortem,
  options: {
    readonly at: string;
    readonly waivers?: readonly Waiver[];
    readonly rules?: readonly LintRule[];
  },
): SignOffGateResult {
  const prose: PostMortem = { ...doc, review: { ...doc.review, approvals: [] } };
  const lint = lintPostMortem(prose, { audience: 'internal', rules: options.rules ?? ENGLISH_RULES.rules });
  const unexplained = evaluateCompliance(doc, { at: options.at }).results.filter(
    (r) => r.status === 'missed' && !isExplained(doc, r),
  );
  const gates = SIGN_OFF_GATES.map((gate): GateState => {
    const clean = gate === 'blameless-lint' ? lint.length === 0 : unexplained.length === 0;
    const waiver = clean ? undefined : options.waivers?.filter((w) => w.gate === gate).at(-1);
    return waiver ? { gate, clean, waiver } : { gate, clean };
  });
  return { lint, unexplained, gates, passed: gates.every((g) => g.clean || g.waiver !== undefined) };
}

/** Why the gate blocks approval, in one sentence, or undefined when it passes. */
export function gateRefusal(id: string, gate: SignOffGateResult): string | undefined {
  if (gate.passed) return undefined;
  const parts: string[] = [];
  for (const g of gate.gates) {
    if (g.clean || g.waiver) continue;
    parts.push(
      g.gate === 'blameless-lint'
        ? `the blameless lint has ${gate.lint.length} finding${gate.lint.length === 1 ? '' : 's'} ("debrief lint ${id}")`
        : `${gate.unexplained.map(explanationKey).join(', ')} ${gate.unexplained.length === 1 ? 'was' : 'were'} missed without an explanation (name it as regime/obligation in a lesson or a "went poorly" item)`,
    );
  }
  return (
    `${id} cannot be approved: ${parts.join('; and ')}; fix it, or record a waiver with ` +
    `"debrief review waive ${id} --gate GATE --reason TEXT"`
  );
}

/**
 * What a normal edit (import, replace, the services that change one part) does to the review workflow:
 * - a published post-mortem refuses changes of its reviewed content (`invalid_state`); follow-through of its
 *   recommendations still goes through;
 * - an in-review or approved one whose reviewed content changes goes back to draft: a new draft after the last
 *   approved version, to be submitted again;
 * - the status and the approvals change only through the review actions: an edit that changes them is refused
 *   (an edit may say `draft` when its change makes the post-mortem a draft anyway).
 * Returns the document to store.
 */
export function applyEditRules(stored: PostMortem, next: PostMortem): PostMortem {
  const id = stored.id;
  const contentChanged = contentHashInput(stored) !== contentHashInput(next);
  if (stored.status === 'published' && contentChanged) {
    throw new DomainError(
      'invalid_state',
      `${id} is published and read-only: run "debrief review reopen ${id}" first to change it ` +
        '(recommendation follow-through, "debrief action update" and "debrief track", still works)',
      { id, status: stored.status },
    );
  }
  if (canonicalJson(stored.review.approvals) !== canonicalJson(next.review.approvals)) {
    throw new DomainError(
      'invalid_state',
      `the approvals of ${id} are recorded by "debrief review approve" and "debrief review request-changes": ` +
        'leave review.approvals as they are',
      { id },
    );
  }
  const status: PostMortemStatus =
    contentChanged && (stored.status === 'in-review' || stored.status === 'approved')
      ? 'draft'
      : stored.status;
  if (next.status !== stored.status && next.status !== status) {
    throw new DomainError(
      'invalid_state',
      `the status of ${id} changes through "debrief review submit|approve|publish|reopen", not by editing it ` +
        `(it is ${stored.status}; leave "status: ${stored.status}")`,
      { id, status: stored.status },
    );
  }
  return next.status === status ? next : { ...next, status };
}
