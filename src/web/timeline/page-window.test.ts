import { describe, expect, it } from 'vitest';
import { timelineEvent } from '../workspace/workspace-fixtures.js';
import { applyPage, emptyWindow, eventAt, slotOfRow, slotToLoad } from './page-window.js';
import type { TimelinePage } from './timeline-query.js';

function page(start: number, size: number, next?: string): TimelinePage {
  const items = Array.from({ length: size }, (_, i) => timelineEvent(start + i));
  return next === undefined ? { items } : { items, next };
}

describe('page window', () => {
  it('asks for the first page of an empty window', () => {
    expect(slotToLoad(emptyWindow(), 0, 0, 50)).toBe(0);
  });

  it('adds a slot with the next cursor and asks for it only near the end', () => {
    const win = applyPage(emptyWindow(), 0, page(0, 100, 'c1'));
    expect(win.rows).toBe(100);
    expect(win.hasMore).toBe(true);
    expect(win.slots[1]?.after).toBe('c1');
    expect(slotToLoad(win, 0, 20, 50)).toBeUndefined();
    expect(slotToLoad(win, 40, 60, 50)).toBe(1);
  });

  it('knows the end when a page comes without a cursor', () => {
    const win = applyPage(applyPage(emptyWindow(), 0, page(0, 100, 'c1')), 1, page(100, 30));
    expect(win.rows).toBe(130);
    expect(win.hasMore).toBe(false);
    expect(slotToLoad(win, 100, 129, 50)).toBeUndefined();
    expect(eventAt(win, 129)?.id).toBe('EV-0001#129');
  });

  it('keeps at most maxResident pages, evicting the farthest, and reloads an evicted page in view', () => {
    let win = emptyWindow();
    for (let i = 0; i < 5; i++) win = applyPage(win, i, page(i * 10, 10, `c${i + 1}`), 3);
    expect(win.slots.filter((s) => s.items !== null)).toHaveLength(3);
    expect(win.slots[0]?.items).toBeNull();
    expect(win.rows).toBe(50);
    // Rows of an evicted page keep their place; the page is fetched again with its own cursor.
    expect(eventAt(win, 5)).toBeUndefined();
    expect(eventAt(win, 45)?.id).toBe('EV-0001#45');
    expect(slotToLoad(win, 0, 8, 2)).toBe(0);
  });

  it('finds the slot of a row by binary search', () => {
    let win = emptyWindow();
    for (let i = 0; i < 4; i++) win = applyPage(win, i, page(i * 10, 10, `c${i + 1}`));
    expect([0, 9, 10, 25, 39].map((row) => slotOfRow(win, row))).toEqual([0, 0, 1, 2, 3]);
  });
});
