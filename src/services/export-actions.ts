/**
 * Recommendations as the CSV file an issue tracker bulk-imports (`debrief actions export`, and the API's
 * download): the actions of `debrief actions` with the same filter, written for Jira, Trello, Asana or monday.com.
 */
import type { Kysely } from 'kysely';
import { type TrackerFormat, trackerCsv } from '../core/tracker-csv.js';
import type { Database } from '../db/database.js';
import type { VisibleTo } from '../db/post-mortem.repository.js';
import { type ActionFilter, listActions, trackerActions } from './actions.js';

/** The CSV text, how many actions it holds, and how many of restricted post-mortems were left out. */
export interface ActionsExport {
  readonly text: string;
  readonly count: number;
  readonly restricted: number;
}

/**
 * The matching actions as `format` CSV. Restricted post-mortems leave Debrief only when the filter names one;
 * `visibleTo` limits the actions to what one caller may see (absent: all of them, as the CLI sees them).
 */
export async function exportActions(
  db: Kysely<Database>,
  filter: ActionFilter,
  options: {
    readonly format: TrackerFormat;
    readonly now: string;
    readonly baseUrl?: string;
    readonly visibleTo?: VisibleTo;
  },
): Promise<ActionsExport> {
  const listed = await listActions(db, filter, {
    now: options.now,
    ...(options.visibleTo === undefined ? {} : { visibleTo: options.visibleTo }),
  });
  const { actions, restricted } = await trackerActions(db, listed, {
    includeRestricted: filter.postMortem !== undefined,
  });
  const text = trackerCsv(options.format, actions, {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  });
  return { text, count: actions.length, restricted };
}
