/**
 * The pages of the working timeline the explorer holds, as a window over a keyset-paginated list.
 *
 * The API pages forward only (`after` = the previous page's `next`), so the window remembers the cursor of every
 * page it has reached (a few bytes each) but keeps the events of at most `maxResident` pages: at a million events
 * the browser holds a few thousand rows, never the whole list. A page scrolled far away is evicted (its length is
 * kept, so row positions do not move) and fetched again with its cursor when it comes back into view.
 *
 * Everything here is pure and immutable; the hook in use-timeline-pages.ts drives it.
 */
import type { TimelineEvent, TimelinePage } from './timeline-query.js';

/** One page of the list: the cursor that fetches it, its events when resident, its length once known. */
export interface PageSlot {
  /** The `after` cursor of this page (undefined for the first). */
  readonly after: string | undefined;
  /** The events, while the page is resident; null before the first load and after eviction. */
  readonly items: readonly TimelineEvent[] | null;
  /** The number of events once the page has been loaded (0 before). */
  readonly length: number;
  /** Has the page been loaded at least once (its length is known)? */
  readonly known: boolean;
}

/** The explorer's view of the list: the page slots and the first row of each. */
export interface PageWindow {
  readonly slots: readonly PageSlot[];
  /** `starts[i]` is the row index of the first event of slot i; computed when a page arrives, not per frame. */
  readonly starts: readonly number[];
  /** The number of rows whose page is known. */
  readonly rows: number;
  /** Is there a page after the last known one? */
  readonly hasMore: boolean;
}

/** How many pages' events the explorer keeps at most. */
export const MAX_RESIDENT_PAGES = 8;

/** An empty window: one first page to load. */
export function emptyWindow(): PageWindow {
  return {
    slots: [{ after: undefined, items: null, length: 0, known: false }],
    starts: [0],
    rows: 0,
    hasMore: true,
  };
}

function withStarts(slots: readonly PageSlot[]): PageWindow {
  const starts: number[] = [];
  let rows = 0;
  for (const slot of slots) {
    starts.push(rows);
    rows += slot.length;
  }
  const last = slots[slots.length - 1];
  return { slots, starts, rows, hasMore: last !== undefined && !last.known };
}

/**
 * The window after page `index` arrived. When it is the last slot and the API gave a `next` cursor, a slot for
 * the following page is added. Resident pages beyond `maxResident` are evicted, farthest from `index` first.
 */
export function applyPage(
  win: PageWindow,
  index: number,
  page: TimelinePage,
  maxResident = MAX_RESIDENT_PAGES,
): PageWindow {
  const current = win.slots[index];
  if (current === undefined) return win;
  const slots = win.slots.map((slot, i) =>
    i === index ? { after: slot.after, items: page.items, length: page.items.length, known: true } : slot,
  );
  if (index === slots.length - 1 && page.next !== undefined && page.items.length > 0) {
    slots.push({ after: page.next, items: null, length: 0, known: false });
  }
  const resident = slots
    .map((slot, i) => ({ slot, i }))
    .filter(({ slot }) => slot.items !== null)
    .sort((a, b) => Math.abs(b.i - index) - Math.abs(a.i - index));
  for (const { slot, i } of resident.slice(0, Math.max(0, resident.length - maxResident))) {
    slots[i] = { ...slot, items: null };
  }
  return withStarts(slots);
}

/** The slot holding a row, by binary search over the page starts (O(log pages)). */
export function slotOfRow(win: PageWindow, row: number): number {
  let low = 0;
  let high = win.slots.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((win.starts[mid] ?? 0) <= row) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The event at a row, or undefined while its page is not resident. */
export function eventAt(win: PageWindow, row: number): TimelineEvent | undefined {
  const slot = slotOfRow(win, row);
  return win.slots[slot]?.items?.[row - (win.starts[slot] ?? 0)];
}

/**
 * The slot to load for the rows in view (`first`..`last`), or undefined when none is needed: first a page in
 * view that was evicted, then the next page when the view is within `ahead` rows of the end.
 */
export function slotToLoad(win: PageWindow, first: number, last: number, ahead: number): number | undefined {
  if (win.rows > 0 && first < win.rows) {
    const from = slotOfRow(win, Math.max(0, first));
    const to = slotOfRow(win, Math.min(last, win.rows - 1));
    for (let i = from; i <= to; i++) {
      const slot = win.slots[i];
      if (slot?.known && slot.items === null) return i;
    }
  }
  if (win.hasMore && last >= win.rows - ahead) return win.slots.length - 1;
  return undefined;
}
