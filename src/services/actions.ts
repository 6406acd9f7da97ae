/**
 * Recommendations across post-mortems (`debrief actions`) and their lifecycle changes (`debrief action update`).
 */
import type { Kysely } from 'kysely';
import { parsePostMortemId } from '../contract/schema-primitives.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem, Recommendation } from '../core/model.js';
import {
  isOverdueOn,
  OPEN_STATUSES,
  type RecommendationUpdate,
  suggestPriority,
  updateRecommendation,
} from '../core/recommendation-lifecycle.js';
import { parseDuration } from '../core/time.js';
import type { TrackerAction } from '../core/tracker-csv.js';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '../core/vocabulary.js';
import type { Database } from '../db/database.js';
import { getPostMortem, postMortemNotFound, type VisibleTo } from '../db/post-mortem.repository.js';
import { allPostMortems } from './all-post-mortems.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { readPostMortem } from './read-post-mortem.js';

/** A recommendation with the post-mortem it belongs to, as `debrief actions` lists it. */
export interface ActionRow {
  readonly postMortem: string;
  readonly postMortemTitle: string;
  readonly id: string;
  readonly title: string;
  readonly status: RecommendationStatus;
  readonly priority: string;
  /** The owner as written, and the person's name when it is a person id. */
  readonly owner: string | null;
  readonly ownerName: string | null;
  readonly due: string | null;
  readonly overdue: boolean;
  /** Days from today to the due date (negative when past). */
  readonly daysLeft: number | null;
  /** The priority the recommendation's effect suggests, and how (docs/follow-through.md). */
  readonly suggestedPriority: string | null;
  readonly priorityBasis: string | null;
}

export interface ActionFilter {
  readonly postMortem?: string;
  /** A person id, a person's name or an owner name (case-insensitive). */
  readonly owner?: string;
  readonly status?: readonly string[];
  readonly overdue?: boolean;
  /** `7d`, `2w` or an ISO 8601 duration: open actions due within that time from today (overdue ones included). */
  readonly dueWithin?: string;
}

/** A filter from query or option values, leaving out what was not given (one status or several). */
export function actionFilterOf(values: {
  readonly postMortem?: string | undefined;
  readonly owner?: string | undefined;
  readonly status?: string | readonly string[] | undefined;
  readonly overdue?: boolean | undefined;
  readonly dueWithin?: string | undefined;
}): ActionFilter {
  const { postMortem, owner, status, overdue, dueWithin } = values;
  return {
    ...(postMortem === undefined ? {} : { postMortem }),
    ...(owner === undefined ? {} : { owner }),
    ...(status === undefined ? {} : { status: typeof status === 'string' ? [status] : status }),
    ...(overdue ? { overdue: true } : {}),
    ...(dueWithin === undefined ? {} : { dueWithin }),
  };
}

function days(text: string): number {
  const short = /^(\d+)([dw])$/.exec(text.trim());
  if (short) return Number(short[1]) * (short[2] === 'w' ? 7 : 1);
  const iso = parseDuration(text.trim().toUpperCase());
  if (!iso.ok)
    throw new DomainError(
      'invalid_input',
      `--due-within "${text}": use 7d, 2w or an ISO duration such as P14D`,
    );
  return Math.floor(iso.value / 86_400);
}

/** Every recommendation matching the filter, soonest due first (undated last). */
export async function listActions(
  db: Kysely<Database>,
  filter: ActionFilter,
  context: { readonly now: string; readonly visibleTo?: VisibleTo },
): Promise<ActionRow[]> {
  for (const s of filter.status ?? [])
    if (!(RECOMMENDATION_STATUSES as readonly string[]).includes(s))
      throw new DomainError(
        'invalid_input',
        `--status ${s} is not a status (${RECOMMENDATION_STATUSES.join(', ')})`,
      );
  const today = context.now.slice(0, 10);
  const horizon = filter.dueWithin === undefined ? undefined : days(filter.dueWithin);
  const rows: ActionRow[] = [];
  let named = false;
  for await (const { summary, document } of allPostMortems(db, context.visibleTo)) {
    if (filter.postMortem !== undefined && summary.id !== filter.postMortem) continue;
    named = true;
    for (const rec of document.recommendations) {
      const person = document.people.find((p) => p.id === rec.owner);
      const suggested = suggestPriority(document, rec);
      const daysLeft =
        rec.due === undefined ? null : Math.round((Date.parse(rec.due) - Date.parse(today)) / 86_400_000);
      const row: ActionRow = {
        postMortem: document.id,
        postMortemTitle: document.title,
        id: rec.id,
        title: rec.title,
        status: rec.status,
        priority: rec.priority,
        owner: rec.owner ?? null,
        ownerName: person?.name ?? rec.owner ?? null,
        due: rec.due ?? null,
        overdue: isOverdueOn(rec, today),
        daysLeft,
        suggestedPriority: suggested?.priority ?? null,
        priorityBasis: suggested?.basis ?? null,
      };
      const owner = filter.owner?.toLowerCase();
      if (owner !== undefined && row.owner?.toLowerCase() !== owner && row.ownerName?.toLowerCase() !== owner)
        continue;
      if (filter.status && filter.status.length > 0 && !filter.status.includes(rec.status)) continue;
      if (filter.overdue && !row.overdue) continue;
      if (
        horizon !== undefined &&
        !(OPEN_STATUSES.has(rec.status) && daysLeft !== null && daysLeft <= horizon)
      )
        continue;
      rows.push(row);
    }
  }
  if (filter.postMortem !== undefined && !named) {
    // Not found, or not visible to this caller: the same answer.
    if (context.visibleTo !== undefined) throw postMortemNotFound(filter.postMortem);
    await getPostMortem(db, filter.postMortem as PostMortemId);
  }
  return rows.sort(
    (a, b) =>
      (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
      a.postMortem.localeCompare(b.postMortem) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * Applies a lifecycle change to one recommendation of a stored post-mortem (a new version). With `baseVersion`
 * (the version the caller read), a post-mortem changed since is a `version_conflict` and nothing is written.
 */
export async function updateAction(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  recommendationId: string,
  update: RecommendationUpdate,
  context: { readonly now: string; readonly actor: string; readonly baseVersion?: number },
): Promise<{ recommendation: Recommendation; version: number; changed: boolean; document: PostMortem }> {
  let updated: Recommendation | undefined;
  const result = await db.transaction().execute((trx) =>
    modifyPostMortem(
      trx,
      postMortemId,
      (doc) => {
        // Checked inside the transaction, against the version the change applies to.
        if (context.baseVersion !== undefined && doc.version !== context.baseVersion)
          throw new DomainError(
            'version_conflict',
            `${postMortemId} is at version ${doc.version}, not ${context.baseVersion}: read it again and retry`,
            { id: postMortemId, storedVersion: doc.version, baseVersion: context.baseVersion },
          );
        const rec = doc.recommendations.find((r) => r.id === recommendationId);
        if (!rec)
          throw new DomainError(
            'not_found',
            `${postMortemId} has no recommendation ${recommendationId} (it has: ${doc.recommendations.map((r) => r.id).join(', ') || 'none'})`,
          );
        // Proof must name evidence the post-mortem holds: caught here as bad input, not as an invalid document.
        const unknown = (update.verification?.evidence ?? []).filter(
          (e) => !doc.evidence.some((item) => item.id === e),
        );
        if (unknown.length > 0)
          throw new DomainError(
            'invalid_input',
            `${postMortemId} has no evidence ${unknown.join(', ')} (it has: ${doc.evidence.map((e) => e.id).join(', ') || 'none'})`,
          );
        const outcome = updateRecommendation(rec, update, { at: context.now, by: context.actor });
        if (!outcome.ok) throw new DomainError('invalid_input', outcome.problems.join('; '));
        updated = outcome.recommendation;
        return {
          ...doc,
          recommendations: doc.recommendations.map((r) =>
            r.id === recommendationId ? outcome.recommendation : r,
          ),
        };
      },
      { now: context.now, origin: `action update ${recommendationId}` },
    ),
  );
  if (!updated) throw new DomainError('internal', 'the recommendation was not updated');
  return {
    recommendation: updated,
    version: result.version,
    changed: result.changed,
    document: result.document,
  };
}

/**
 * The rows with what a ticket needs beyond `debrief actions`: the description, the owner's e-mail (trackers match
 * accounts by it) and an existing tracker link. Each post-mortem is read once; restricted ones are left out unless `includeRestricted`.
 */
export async function trackerActions(
  db: Kysely<Database>,
  listed: readonly ActionRow[],
  options: { readonly includeRestricted: boolean },
): Promise<{ actions: TrackerAction[]; restricted: number }> {
  const documents = new Map<string, PostMortem>();
  for (const id of new Set(listed.map((r) => r.postMortem)))
    documents.set(id, (await readPostMortem(db, parsePostMortemId(id))).document);
  // Restricted post-mortems leave Debrief only when asked for by name.
  const rows = listed.filter((r) => options.includeRestricted || !documents.get(r.postMortem)?.restricted);
  const actions = rows.map((row): TrackerAction => {
    const document = documents.get(row.postMortem);
    const rec = document?.recommendations.find((r) => r.id === row.id);
    // Only a concurrent change between the two reads can remove it.
    if (!rec)
      throw new DomainError(
        'version_conflict',
        `${row.postMortem} ${row.id} changed while exporting; run the export again`,
      );
    const person = document?.people.find((p) => p.id === row.owner);
    return {
      postMortem: row.postMortem,
      postMortemTitle: row.postMortemTitle,
      id: row.id,
      title: row.title,
      description: rec.description ?? null,
      status: row.status,
      priority: rec.priority,
      owner: row.owner,
      ownerName: row.ownerName,
      ownerEmail: person?.email ?? null,
      due: row.due,
      tracker: rec.tracker ?? null,
    };
  });
  return { actions, restricted: listed.length - rows.length };
}
