/** Insights across every stored post-mortem (`debrief insights`). */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import { computeInsights, type Insights } from '../core/insights.js';
import type { PostMortem } from '../core/model.js';
import { isCalendarDate } from '../core/time.js';
import type { Database } from '../db/database.js';
import type { VisibleTo } from '../db/post-mortem.repository.js';
import { allPostMortems } from './all-post-mortems.js';

/** Insights over the post-mortems created on or after `since` (YYYY-MM-DD), or all of them (all a caller may see). */
export async function insightsAcross(
  db: Kysely<Database>,
  options: { readonly since?: string; readonly now: string; readonly visibleTo?: VisibleTo },
): Promise<Insights & { readonly since: string | null }> {
  if (options.since !== undefined && !isCalendarDate(options.since))
    throw new DomainError('invalid_input', `--since "${options.since}" is not a date YYYY-MM-DD`);
  const docs: PostMortem[] = [];
  for await (const { summary, document } of allPostMortems(db, options.visibleTo)) {
    if (options.since === undefined || summary.created.slice(0, 10) >= options.since) docs.push(document);
  }
  return { since: options.since ?? null, ...computeInsights(docs, { today: options.now.slice(0, 10) }) };
}
