/**
 * Reading the frozen versions of a post-mortem: the stamp a report prints (`versionStampOf`: the latest frozen
 * version, its hash and approvers, and whether the current document is a draft after it), a frozen document by
 * number (`frozenDocument`, for `debrief render ID --version N` and `debrief diff`), and the review overview of
 * `debrief review versions` (every version, the current round and the gate).
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import type { ApprovalProgress, SignOffGateResult, Waiver } from '../core/sign-off.js';
import type { PostMortemStatus } from '../core/vocabulary.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import {
  findLatestReportVersion,
  findReportVersion,
  listReportVersions,
  type ReportVersion,
  type ReportVersionSummary,
} from '../db/report-version.repository.js';
import { evaluateSignOff, reviewedContentHash } from './evaluate-sign-off.js';

type Db = Kysely<Database>;

/** What a report states about its version. */
export interface VersionStamp {
  readonly id: string;
  readonly status: PostMortemStatus;
  /** The reviewed-content hash of the current document (`sha256:...`). */
  readonly currentHash: string;
  /** The latest frozen version, when there is one. */
  readonly latest?: {
    readonly number: number;
    /** `sha256:` + hex of the frozen document's reviewed content. */
    readonly contentHash: string;
    readonly approvedAt: string;
    /** Approver names, in the order they approved. */
    readonly approvers: readonly string[];
    readonly published: boolean;
    readonly publishedAt?: string;
  };
  /**
   * The latest version's number when the current document is not that version: its reviewed content changed
   * since, or it was reopened (draft or in review again). Absent when there is no frozen version yet.
   */
  readonly draftAfter?: number;
}

/** The version stamp of a stored post-mortem (`not_found` when missing). */
export async function versionStampOf(db: Db, id: PostMortemId): Promise<VersionStamp> {
  const stored = await getPostMortem(db, id);
  const latest = await findLatestReportVersion(db, id);
  const currentHash = reviewedContentHash(stored.document);
  const status = stored.document.status;
  if (latest === undefined) return { id, status, currentHash };
  const same = latest.contentHash === currentHash && (status === 'approved' || status === 'published');
  return {
    id,
    status,
    currentHash,
    latest: {
      number: latest.number,
      contentHash: latest.contentHash,
      approvedAt: latest.approvedAt,
      approvers: latest.approvers.map((a) => a.name),
      published: latest.publishedAt !== undefined,
      ...(latest.publishedAt ? { publishedAt: latest.publishedAt } : {}),
    },
    ...(same ? {} : { draftAfter: latest.number }),
  };
}

/** The frozen document of version `number`; `not_found` names the versions there are. */
export async function frozenDocument(db: Db, id: PostMortemId, number: number): Promise<PostMortem> {
  await getPostMortem(db, id);
  const version = await findReportVersion(db, id, number);
  if (version === undefined) throw await noSuchVersion(db, id, number);
  return version.document;
}

/** A frozen version with its document and the stored JSON text; `not_found` when there is none. */
export async function getReportVersion(db: Db, id: PostMortemId, number: number): Promise<ReportVersion> {
  await getPostMortem(db, id);
  const version = await findReportVersion(db, id, number);
  if (version === undefined) throw await noSuchVersion(db, id, number);
  return version;
}

async function noSuchVersion(db: Db, id: string, number: number): Promise<DomainError> {
  const numbers = (await listReportVersions(db, id)).map((v) => v.number);
  return new DomainError(
    'not_found',
    `${id} has no approved version ${number} (${numbers.length === 0 ? 'none yet: "debrief review submit" starts the review' : `versions: ${numbers.join(', ')}`})`,
    { id, number },
  );
}

/** The review of a post-mortem at a glance: its status, the frozen versions, the current round and gate. */
export interface ReviewOverview {
  readonly id: string;
  readonly status: PostMortemStatus;
  /** The stored version (revision) of the document. */
  readonly revision: number;
  readonly currentHash: string;
  readonly versions: readonly ReportVersionSummary[];
  readonly draftAfter?: number;
  readonly round: ApprovalProgress;
  readonly waivers: readonly Waiver[];
  readonly gate: SignOffGateResult;
}

/** The review overview at `now` (the gate's compliance deadlines are judged then). */
export async function reviewOverviewOf(db: Db, id: PostMortemId, now: string): Promise<ReviewOverview> {
  const state = await evaluateSignOff(db, id, now);
  const stamp = await versionStampOf(db, id);
  return {
    id,
    status: state.stored.document.status,
    revision: state.stored.document.version,
    currentHash: state.contentHash,
    versions: await listReportVersions(db, id),
    ...(stamp.draftAfter === undefined ? {} : { draftAfter: stamp.draftAfter }),
    round: state.progress,
    waivers: state.waivers,
    gate: state.gate,
  };
}
