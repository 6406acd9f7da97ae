/**
 * Two-way sync of recommendations with an issue tracker. `pushActions` creates an issue for each open
 * recommendation that has none (reusing the issue a previous, interrupted run created: idempotent) and records the
 * link (`tracker`) in the post-mortem; `pullActions` reads each linked issue back and moves the recommendation
 * forward when the issue moved (in progress, done), through the lifecycle's rules, recorded as a change by the
 * tracker. A recommendation never moves backwards from a pull, and an issue closed as not planned is reported for
 * a decision (reject or accept the risk), not applied.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { Recommendation, TrackerLink } from '../core/model.js';
import { OPEN_STATUSES, updateRecommendation } from '../core/recommendation-lifecycle.js';
import type { RecommendationStatus } from '../core/vocabulary.js';
import type { Database } from '../db/database.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { readPostMortem } from './read-post-mortem.js';
import type { TrackerClient } from './tracker-clients.js';

/** What happened to one recommendation. */
export interface TrackOutcome {
  readonly recommendation: string;
  readonly outcome:
    | 'created'
    | 'linked'
    | 'already-linked'
    | 'updated'
    | 'unchanged'
    | 'needs-decision'
    | 'skipped';
  readonly key?: string;
  readonly url?: string;
  readonly detail?: string;
}

/** Creates (or finds) an issue for each open recommendation without one; records the links in one new version. */
export async function pushActions(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  client: TrackerClient,
  options: { readonly only?: readonly string[]; readonly now: string; readonly publicUrl?: string },
): Promise<TrackOutcome[]> {
  const { document } = await readPostMortem(db, postMortemId);
  const unknown = (options.only ?? []).filter((id) => !document.recommendations.some((r) => r.id === id));
  if (unknown.length > 0)
    throw new DomainError('not_found', `${postMortemId} has no recommendation ${unknown.join(', ')}`);
  const outcomes: TrackOutcome[] = [];
  const links = new Map<string, TrackerLink>();
  for (const rec of document.recommendations) {
    if (options.only && !options.only.includes(rec.id)) continue;
    if (rec.tracker) {
      outcomes.push({ recommendation: rec.id, outcome: 'already-linked', key: rec.tracker.key });
      continue;
    }
    if (!OPEN_STATUSES.has(rec.status)) {
      outcomes.push({
        recommendation: rec.id,
        outcome: 'skipped',
        detail: `${rec.status}: nothing left to track`,
      });
      continue;
    }
    const ref = `${postMortemId}/${rec.id}`;
    const existing = await client.find(ref);
    const issue =
      existing ??
      (await client.create({
        ref,
        title: `${rec.title} (${postMortemId} ${rec.id})`,
        body: [
          rec.description ?? rec.title,
          `From the post-mortem ${postMortemId} "${document.title}", recommendation ${rec.id} (${rec.priority} priority, ${rec.status}).`,
          ...(options.publicUrl
            ? [`${options.publicUrl.replace(/\/$/, '')}/post-mortems/${postMortemId}`]
            : []),
        ].join('\n'),
        ...(rec.due ? { due: rec.due } : {}),
      }));
    links.set(rec.id, { system: client.system, key: issue.key, url: issue.url });
    outcomes.push({
      recommendation: rec.id,
      outcome: existing ? 'linked' : 'created',
      key: issue.key,
      url: issue.url,
    });
    // Each link is recorded at once: an interruption later loses nothing (and find() covers the gap before).
    await db.transaction().execute((trx) =>
      modifyPostMortem(
        trx,
        postMortemId,
        (doc) => ({
          ...doc,
          recommendations: doc.recommendations.map((r) =>
            r.id === rec.id && !r.tracker
              ? { ...r, tracker: { system: client.system, key: issue.key, url: issue.url } }
              : r,
          ),
        }),
        { now: options.now, origin: `track push ${client.system} ${rec.id}` },
      ),
    );
  }
  return outcomes;
}

/** The status a recommendation moves to for an issue's state, or undefined when it stays. */
function forward(
  rec: Recommendation,
  state: 'open' | 'in-progress' | 'done',
): RecommendationStatus | undefined {
  if (state === 'done' && OPEN_STATUSES.has(rec.status))
    return rec.status === 'proposed' ? undefined : 'done';
  if (state === 'in-progress' && rec.status === 'accepted') return 'in-progress';
  return undefined;
}

/** Reads back every linked issue of the clients' systems and moves recommendations forward. */
export async function pullActions(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  clients: readonly TrackerClient[],
  options: { readonly now: string },
): Promise<TrackOutcome[]> {
  const { document } = await readPostMortem(db, postMortemId);
  const outcomes: TrackOutcome[] = [];
  const updates = new Map<string, Recommendation>();
  for (const rec of document.recommendations) {
    const link = rec.tracker;
    const client = clients.find((c) => c.system === link?.system);
    if (!link || !client) continue;
    const issue = await client.get(link.key);
    if (issue.state === 'not-planned') {
      outcomes.push({
        recommendation: rec.id,
        outcome: 'needs-decision',
        key: issue.key,
        url: issue.url,
        detail: `closed as not planned (${issue.status}): reject it or accept the risk with "debrief action update"`,
      });
      continue;
    }
    const to = forward(rec, issue.state);
    if (to === undefined) {
      outcomes.push({
        recommendation: rec.id,
        outcome: 'unchanged',
        key: issue.key,
        url: issue.url,
        detail: `${issue.status}; ${rec.status}`,
      });
      continue;
    }
    const result = updateRecommendation(
      rec,
      { status: to, why: `${client.system} ${issue.key}: ${issue.status}` },
      { at: options.now, by: `${client.system} sync` },
    );
    if (!result.ok) {
      outcomes.push({
        recommendation: rec.id,
        outcome: 'needs-decision',
        key: issue.key,
        url: issue.url,
        detail: result.problems.join('; '),
      });
      continue;
    }
    updates.set(rec.id, result.recommendation);
    outcomes.push({
      recommendation: rec.id,
      outcome: 'updated',
      key: issue.key,
      url: issue.url,
      detail: `${rec.status} → ${to} (${issue.status})`,
    });
  }
  if (updates.size > 0)
    await db
      .transaction()
      .execute((trx) =>
        modifyPostMortem(
          trx,
          postMortemId,
          (doc) => ({ ...doc, recommendations: doc.recommendations.map((r) => updates.get(r.id) ?? r) }),
          { now: options.now, origin: `track pull` },
        ),
      );
  return outcomes;
}
