/**
 * The indicators of a post-mortem as `debrief ioc list` shows them: those seen in events (with counts, first and
 * last seen, hosts, users), the known-bad ones, and those in the post-mortem's own text, with the allow-list
 * applied visibly (hidden ones are counted per entry, and shown on request).
 */
import type { Kysely } from 'kysely';
import { allowedBy, indicatorsOfDocument } from '../core/event-indicators.js';
import type { PostMortemId } from '../core/ids.js';
import { toUtcIso } from '../core/time.js';
import type { Database } from '../db/database.js';
import { listIndicators, sourcesToScan } from '../db/indicator.repository.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { getAllowList } from './allow-list.js';

export interface ListedIndicator {
  readonly type: string;
  readonly value: string;
  readonly events: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly hosts: readonly string[];
  readonly users: readonly string[];
  readonly knownBad: string | null;
  /** Where the post-mortem's own text names it (field paths, `indicators IOC-01`). */
  readonly inDocument: readonly string[];
  /** The allow-list entry that covers it, if any. */
  readonly allowedBy: string | null;
}

export interface IndicatorList {
  readonly indicators: readonly ListedIndicator[];
  /** Allow-listed indicators left out, per allow-list entry. */
  readonly hidden: Readonly<Record<string, number>>;
  /** Events in sources not scanned yet. */
  readonly unscannedEvents: number;
}

export async function listPostMortemIndicators(
  db: Kysely<Database>,
  id: PostMortemId,
  options: { readonly type?: string; readonly knownBad?: boolean; readonly all?: boolean } = {},
): Promise<IndicatorList> {
  const { document } = await getPostMortem(db, id);
  const allow = await getAllowList(db);
  const stored = await listIndicators(db, id, options);
  const inDoc = indicatorsOfDocument(document);
  const rows: ListedIndicator[] = stored.map((r) => {
    const key = `${r.type}\u0000${r.value}`;
    const doc = inDoc.get(key);
    inDoc.delete(key);
    return {
      type: r.type,
      value: r.value,
      events: r.eventCount,
      firstSeen: r.firstTs === null ? null : toUtcIso(r.firstTs),
      lastSeen: r.lastTs === null ? null : toUtcIso(r.lastTs),
      hosts: r.hosts,
      users: r.users,
      knownBad: r.knownBad,
      inDocument: doc?.where ?? [],
      allowedBy: allowedBy(r, allow) ?? null,
    };
  });
  if (!options.knownBad) {
    for (const d of inDoc.values()) {
      if (options.type !== undefined && d.type !== options.type) continue;
      rows.push({
        type: d.type,
        value: d.value,
        events: 0,
        firstSeen: null,
        lastSeen: null,
        hosts: [],
        users: [],
        knownBad: null,
        inDocument: d.where,
        allowedBy: allowedBy(d, allow) ?? null,
      });
    }
  }
  const hidden: Record<string, number> = {};
  const shown = rows.filter((r) => {
    if (r.allowedBy === null || options.all) return true;
    hidden[r.allowedBy] = (hidden[r.allowedBy] ?? 0) + 1;
    return false;
  });
  const unscanned = (await sourcesToScan(db, id)).reduce((n, s) => n + Number(s.accepted), 0);
  return { indicators: shown, hidden, unscannedEvents: unscanned };
}
