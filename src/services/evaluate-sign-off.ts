/**
 * Where the review of a stored post-mortem stands: its reviewed-content hash, the approval round (which decisions
 * count), the waivers recorded for the current content, and the approval gate at an instant. The review
 * services share it, and `debrief review versions` shows it.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import {
  type ApprovalProgress,
  approvalProgress,
  contentHashInput,
  evaluateSignOffGate,
  type SignOffGateResult,
  type Waiver,
} from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { getPostMortem, type StoredPostMortem } from '../db/post-mortem.repository.js';
import { listWaivers, revisionReviewStates } from '../db/report-version.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/** `sha256:` + the hex SHA-256 of the reviewed content's canonical JSON (core/sign-off.ts `contentHashInput`). */
export function reviewedContentHash(doc: PostMortem): string {
  return `sha256:${createHash('sha256').update(contentHashInput(doc)).digest('hex')}`;
}

/**
 * How many approvals the document held when the current review round started: the round is the run of
 * `in-review` revisions up to now, started by the submission. Outside a round, every approval is past history.
 */
export async function roundStartOf(db: Db, doc: PostMortem): Promise<number> {
  if (doc.status !== 'in-review') return doc.review.approvals.length;
  let start = doc.review.approvals.length;
  for await (const revision of revisionReviewStates(db, doc.id)) {
    if (revision.status !== 'in-review') break;
    start = revision.approvals;
  }
  return Math.min(start, doc.review.approvals.length);
}

/** The review state of a stored post-mortem at `now`. */
export interface SignOffState {
  readonly stored: StoredPostMortem;
  /** The reviewed-content hash of the current document (`sha256:...`). */
  readonly contentHash: string;
  /** Index in `review.approvals` where the current round starts. */
  readonly roundStart: number;
  readonly progress: ApprovalProgress;
  /** Waivers recorded for the current content, oldest first. */
  readonly waivers: readonly Waiver[];
  readonly gate: SignOffGateResult;
}

/** Reads the post-mortem (`not_found` when missing) and evaluates its review state at `now`. */
export async function evaluateSignOff(db: Db, id: PostMortemId, now: string): Promise<SignOffState> {
  const stored = await getPostMortem(db, id);
  return signOffStateOf(db, stored, stored.document, now);
}

/** The review state of `doc` (the stored document, or the one about to be stored in its place). */
export async function signOffStateOf(
  db: Db,
  stored: StoredPostMortem,
  doc: PostMortem,
  now: string,
): Promise<SignOffState> {
  const contentHash = reviewedContentHash(doc);
  const roundStart = await roundStartOf(db, stored.document);
  const waivers = await listWaivers(db, doc.id, contentHash);
  return {
    stored,
    contentHash,
    roundStart,
    progress: approvalProgress(doc, roundStart),
    waivers,
    gate: evaluateSignOffGate(doc, { at: now, waivers }),
  };
}
