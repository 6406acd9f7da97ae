/**
 * Scans the stored events of a post-mortem for indicators: every source not scanned yet, page by page. Each page
 * commits in one transaction its new indicators, its sightings, what they add to the counts, and how far the scan
 * got, so an interrupted scan resumes after the last page it committed and never counts a sighting twice.
 * Memory stays bounded by the page (and a capped cache of indicator ids), whatever the number of indicators.
 */
import type { Kysely } from 'kysely';
import { indicatorsOfEvent } from '../core/event-indicators.js';
import type { PostMortemId } from '../core/ids.js';
import type { Database, RawConnection } from '../db/database.js';
import {
  advanceScan,
  eventsToScan,
  type IndicatorIncrement,
  indicatorWrites,
  markSourceScanned,
  sourcesToScan,
} from '../db/indicator.repository.js';

/** Events read per page. */
const PAGE = 5_000;
/** Indicator ids kept between pages (most events repeat the indicators of the events before them). */
const CACHE = 100_000;

export interface ScanSummary {
  readonly sources: number;
  readonly events: number;
  readonly sightings: number;
  /** Indicators seen in the scanned events (counted per page, so an indicator in several pages counts once each). */
  readonly indicators: number;
}

/** Scans what is not scanned yet; `onProgress` gets the events done so far and the total to do. */
export async function scanIndicators(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  options: {
    readonly onProgress?: (done: number, total: number) => void;
    /** Indicator ids kept between pages (tests make it small). */
    readonly cacheSize?: number;
    /** Events per page (tests make it small). */
    readonly pageSize?: number;
    /**
     * The driver's connection under `db`, when the caller has it: on SQLite the writes then go through statements
     * prepared once (see indicatorWrites): faster, and flat in memory.
     */
    readonly raw?: RawConnection;
  } = {},
): Promise<ScanSummary> {
  const sources = await sourcesToScan(db, postMortemId);
  const total = sources.reduce((n, s) => n + Number(s.accepted), 0);
  let events = 0;
  let sightings = 0;
  const distinct = new Set<number>();
  let known = new Map<string, number>();
  for (const source of sources) {
    let after = Number(source.indicators_cursor);
    for (;;) {
      const page = await eventsToScan(db, postMortemId, source.id, after, options.pageSize ?? PAGE);
      if (page.length === 0) break;
      after = Number(page[page.length - 1]?.id);
      const found = page.map((e) => ({ event: e, indicators: indicatorsOfEvent(e) }));
      // The cache is emptied between pages only, never while a page uses it.
      if (known.size > (options.cacheSize ?? CACHE)) known = new Map();
      await db.transaction().execute(async (trx) => {
        const writes = indicatorWrites(trx, options.raw);
        const unknown = found
          .flatMap((f) => f.indicators)
          .filter((i) => !known.has(`${i.type}\u0000${i.value}`));
        if (unknown.length > 0)
          for (const [k, id] of await writes.ensure(postMortemId, unknown)) known.set(k, id);
        const pairs: { indicator_id: number; event_id: number; ts: number }[] = [];
        const increments = new Map<
          number,
          IndicatorIncrement & { count: number; first: number; last: number }
        >();
        for (const { event, indicators } of found) {
          const ts = Number(event.ts);
          for (const i of indicators) {
            const id = known.get(`${i.type}\u0000${i.value}`);
            // writes.ensure returned every id asked for: a miss is a bug, not data to drop.
            if (id === undefined) throw new Error(`no indicator id for ${i.type} ${i.value}`);
            pairs.push({ indicator_id: id, event_id: Number(event.id), ts });
            const inc = increments.get(id) ?? {
              id,
              count: 0,
              first: ts,
              last: ts,
              hosts: new Set<string>(),
              users: new Set<string>(),
            };
            inc.count++;
            if (ts < inc.first) inc.first = ts;
            if (ts > inc.last) inc.last = ts;
            if (event.host && inc.hosts.size < 20) (inc.hosts as Set<string>).add(event.host);
            if (event.user_name && inc.users.size < 20) (inc.users as Set<string>).add(event.user_name);
            increments.set(id, inc);
          }
        }
        await writes.sightings(pairs);
        await writes.add([...increments.values()]);
        await advanceScan(trx, source.id, after);
        sightings += pairs.length;
        if (distinct.size < CACHE) for (const id of increments.keys()) distinct.add(id);
      });
      events += page.length;
      options.onProgress?.(events, total);
    }
    await markSourceScanned(db, source.id);
  }
  return { sources: sources.length, events, sightings, indicators: distinct.size };
}
