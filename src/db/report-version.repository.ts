/**
 * Storage of the frozen report versions and the gate waivers of review and sign-off (migration 0013).
 *
 * A frozen version is immutable: this file can insert one and set its publication instant once, nothing else
 * (no update of its document, hash, approvers or waivers, no delete). Rows never leave this file: callers get
 * `ReportVersion` and `Waiver`.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { postMortemSchema } from '../contract/post-mortem.schema.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import { SIGN_OFF_GATES, type SignOffGate, type Waiver } from '../core/sign-off.js';
import { POST_MORTEM_STATUSES, type PostMortemStatus } from '../core/vocabulary.js';
import type { Database, ReportVersionsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An approver of a frozen version, as recorded when it was frozen. */
export interface VersionApprover {
  /** Person id. */
  readonly person: string;
  readonly name: string;
  /** When they approved (ISO 8601). */
  readonly at: string;
  readonly comment?: string;
}

/** A frozen version without its document. */
export interface ReportVersionSummary {
  readonly postMortemId: string;
  readonly number: number;
  /** The stored revision of the post-mortem it froze. */
  readonly revision: number;
  /** `sha256:` + hex. */
  readonly contentHash: string;
  readonly approvers: readonly VersionApprover[];
  readonly approvedAt: string;
  readonly publishedAt?: string;
  readonly waivers: readonly Waiver[];
}

/** A frozen version with its document and the exact JSON text stored (what the hash can be checked against). */
export interface ReportVersion extends ReportVersionSummary {
  readonly document: PostMortem;
  readonly documentJson: string;
}

const approversSchema = z.array(
  z.object({ person: z.string(), name: z.string(), at: z.string(), comment: z.string().optional() }),
);
const waiversSchema = z.array(
  z.object({ gate: z.enum(SIGN_OFF_GATES), reason: z.string(), by: z.string(), at: z.string() }),
);

/** JSON read back from the database is checked like any other input. */
function parsed<T>(schema: z.ZodType<T>, text: string, what: string): T {
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new DomainError('internal', `stored ${what} is not valid: ${(error as Error).message}`);
  }
}

function rowToSummary(row: Omit<Selectable<ReportVersionsTable>, 'document'>): ReportVersionSummary {
  const what = `report version ${row.number} of ${row.post_mortem_id}`;
  return {
    postMortemId: row.post_mortem_id,
    number: row.number,
    revision: row.revision,
    contentHash: row.content_hash,
    approvers: parsed(approversSchema, row.approvers, `${what} (approvers)`) as VersionApprover[],
    approvedAt: row.approved_at,
    ...(row.published_at === null ? {} : { publishedAt: row.published_at }),
    waivers: parsed(waiversSchema, row.waivers, `${what} (waivers)`),
  };
}

function rowToVersion(row: Selectable<ReportVersionsTable>): ReportVersion {
  return {
    ...rowToSummary(row),
    document: parsed(
      postMortemSchema,
      row.document,
      `report version ${row.number} of ${row.post_mortem_id}`,
    ) as PostMortem,
    documentJson: row.document,
  };
}

const SUMMARY_COLUMNS = [
  'post_mortem_id',
  'number',
  'revision',
  'content_hash',
  'approvers',
  'approved_at',
  'published_at',
  'waivers',
] as const;

/** What freezing writes. */
export interface ReportVersionWrite {
  readonly postMortemId: string;
  readonly number: number;
  readonly revision: number;
  readonly contentHash: string;
  /** The document's JSON text, stored as given. */
  readonly documentJson: string;
  readonly approvers: readonly VersionApprover[];
  readonly approvedAt: string;
  readonly waivers: readonly Waiver[];
}

/** Stores a new frozen version (a second one with the same number fails on the primary key). */
export async function insertReportVersion(
  trx: Transaction<Database>,
  write: ReportVersionWrite,
): Promise<void> {
  await trx
    .insertInto('report_versions')
    .values({
      post_mortem_id: write.postMortemId,
      number: write.number,
      revision: write.revision,
      content_hash: write.contentHash,
      document: write.documentJson,
      approvers: JSON.stringify(write.approvers),
      approved_at: write.approvedAt,
      published_at: null,
      waivers: JSON.stringify(write.waivers),
    })
    .execute();
}

/** Sets when a frozen version was published, once: false when it was published already (nothing changes). */
export async function markReportVersionPublished(
  trx: Transaction<Database>,
  postMortemId: string,
  number: number,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('report_versions')
    .set({ published_at: at })
    .where('post_mortem_id', '=', postMortemId)
    .where('number', '=', number)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The frozen versions of a post-mortem, oldest first, without their documents. */
export async function listReportVersions(db: Db, postMortemId: string): Promise<ReportVersionSummary[]> {
  const rows = await db
    .selectFrom('report_versions')
    .select(SUMMARY_COLUMNS)
    .where('post_mortem_id', '=', postMortemId)
    .orderBy('number', 'asc')
    .execute();
  return rows.map(rowToSummary);
}

/** The latest frozen version of a post-mortem (without its document), or undefined when it has none. */
export async function findLatestReportVersion(
  db: Db,
  postMortemId: string,
): Promise<ReportVersionSummary | undefined> {
  const row = await db
    .selectFrom('report_versions')
    .select(SUMMARY_COLUMNS)
    .where('post_mortem_id', '=', postMortemId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : rowToSummary(row);
}

/** One frozen version with its document, or undefined. */
export async function findReportVersion(
  db: Db,
  postMortemId: string,
  number: number,
): Promise<ReportVersion | undefined> {
  const row = await db
    .selectFrom('report_versions')
    .selectAll()
    .where('post_mortem_id', '=', postMortemId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row === undefined ? undefined : rowToVersion(row);
}

/** Records a waiver for the reviewed content with this hash. */
export async function insertWaiver(
  db: Db,
  postMortemId: string,
  contentHash: string,
  waiver: Waiver,
): Promise<void> {
  await db
    .insertInto('review_waivers')
    .values({
      post_mortem_id: postMortemId,
      content_hash: contentHash,
      gate: waiver.gate,
      reason: waiver.reason,
      waived_by: waiver.by,
      waived_at: waiver.at,
    })
    .execute();
}

/** The waivers recorded for the reviewed content with this hash, oldest first. */
export async function listWaivers(db: Db, postMortemId: string, contentHash: string): Promise<Waiver[]> {
  const rows = await db
    .selectFrom('review_waivers')
    .select(['gate', 'reason', 'waived_by', 'waived_at'])
    .where('post_mortem_id', '=', postMortemId)
    .where('content_hash', '=', contentHash)
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({
    gate: r.gate as SignOffGate,
    reason: r.reason,
    by: r.waived_by,
    at: r.waived_at,
  }));
}

const revisionHeadSchema = z.object({
  status: z.enum(POST_MORTEM_STATUSES),
  review: z.object({ approvals: z.array(z.unknown()) }).optional(),
});

/** The status and the number of approvals of each stored revision of a post-mortem, newest first. */
export async function* revisionReviewStates(
  db: Db,
  postMortemId: string,
): AsyncGenerator<{ version: number; status: PostMortemStatus; approvals: number }> {
  const BATCH = 20;
  let before: number | undefined;
  for (;;) {
    let query = db
      .selectFrom('post_mortem_revisions')
      .select(['version', 'document'])
      .where('post_mortem_id', '=', postMortemId);
    if (before !== undefined) query = query.where('version', '<', before);
    const rows = await query.orderBy('version', 'desc').limit(BATCH).execute();
    for (const row of rows) {
      const head = parsed(revisionHeadSchema, row.document, `revision ${row.version} of ${postMortemId}`);
      yield { version: row.version, status: head.status, approvals: head.review?.approvals.length ?? 0 };
    }
    if (rows.length < BATCH) return;
    before = rows.at(-1)?.version ?? 0;
  }
}
