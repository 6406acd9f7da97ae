/**
 * Scans the stored events of a post-mortem for indicators: every source not scanned yet, page by page, recording
 * a sighting per indicator and event and recounting what they add up to. Safe to run again after a crash: a
 * sighting is recorded once, counts are recomputed from the sightings, a source is marked done at its end.
 */
import type { Kysely } from 'kysely';
import { indicatorsOfEvent } from '../core/event-indicators.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import {
  ensureIndicators,
  eventsToScan,
  indicatorIds,
  insertSightings,
  markSourceScanned,
  refreshIndicators,
  sourcesToScan,
} from '../db/indicator.repository.js';

/** Events read per page. */
const PAGE = 5_000;

export interface ScanSummary {
  readonly sources: number;
  readonly events: number;
  readonly sightings: number;
  readonly indicators: number;
}

/** Scans what is not scanned yet; `onProgress` gets the events done so far and the total to do. */
export async function scanIndicators(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  options: { readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<ScanSummary> {
  const sources = await sourcesToScan(db, postMortemId);
  const total = sources.reduce((n, s) => n + Number(s.accepted), 0);
  let events = 0;
  let sightings = 0;
  const touched = new Set<number>();
  // Ids already known in this scan: most events repeat the indicators of the events before them.
  const known = sources.length === 0 ? new Map<string, number>() : await indicatorIds(db, postMortemId);
  for (const source of sources) {
    const seenWith = new Map<number, { hosts: Set<string>; users: Set<string> }>();
    const sourceTouched = new Set<number>();
    let after = 0;
    for (;;) {
      const page = await eventsToScan(db, source.id, after, PAGE);
      if (page.length === 0) break;
      after = Number(page[page.length - 1]?.id);
      const found = page.map((e) => ({ event: e, indicators: indicatorsOfEvent(e) }));
      const unknown = found
        .flatMap((f) => f.indicators)
        .filter((i) => !known.has(`${i.type}\u0000${i.value}`));
      if (unknown.length > 0)
        for (const [k, id] of await ensureIndicators(db, postMortemId, unknown)) known.set(k, id);
      const ids = known;
      const pairs: { indicator_id: number; event_id: number; ts: number }[] = [];
      for (const { event, indicators } of found) {
        for (const i of indicators) {
          const id = ids.get(`${i.type}\u0000${i.value}`);
          if (id === undefined) continue;
          pairs.push({ indicator_id: id, event_id: Number(event.id), ts: Number(event.ts) });
          sourceTouched.add(id);
          const seen = seenWith.get(id) ?? { hosts: new Set<string>(), users: new Set<string>() };
          if (event.host && seen.hosts.size < 20) seen.hosts.add(event.host);
          if (event.user_name && seen.users.size < 20) seen.users.add(event.user_name);
          seenWith.set(id, seen);
        }
      }
      await db.transaction().execute((trx) => insertSightings(trx, pairs));
      sightings += pairs.length;
      events += page.length;
      options.onProgress?.(events, total);
    }
    await db.transaction().execute(async (trx) => {
      await refreshIndicators(trx, [...sourceTouched], seenWith);
      await markSourceScanned(trx, source.id);
    });
    for (const id of sourceTouched) touched.add(id);
  }
  return { sources: sources.length, events, sightings, indicators: touched.size };
}
