import { describe, expect, it } from 'vitest';
import type { FiveWhys } from '../../core/model-analysis.js';
import {
  addWhy,
  collectIds,
  countBelow,
  emptyWhy,
  nextId,
  removeWhy,
  shortLabel,
  updateWhy,
} from './tree-edits.js';

const tree: FiveWhys[] = [
  {
    id: 'W-1',
    problem: 'p',
    whys: [
      { ...emptyWhy('W-1.1', 'a'), whys: [emptyWhy('W-1.1.1', 'b'), emptyWhy('W-1.1.2', 'c')] },
      emptyWhy('W-1.2', 'd'),
    ],
  },
];

describe('tree edits', () => {
  it('adds a why under any node or at the top, leaving the input alone', () => {
    const added = addWhy(addWhy(tree, 'W-1.1.2', emptyWhy('W-1.1.2.1')), 'W-1', emptyWhy('W-1.3'));
    expect(added[0]?.whys[0]?.whys[1]?.whys.map((w) => w.id)).toEqual(['W-1.1.2.1']);
    expect(added[0]?.whys.map((w) => w.id)).toEqual(['W-1.1', 'W-1.2', 'W-1.3']);
    expect(tree[0]?.whys[0]?.whys[1]?.whys).toEqual([]);
  });

  it('removes a why with everything below it, and counts what goes', () => {
    const first = tree[0]?.whys[0];
    if (!first) throw new Error('fixture');
    expect(countBelow(first, 'whys')).toBe(2);
    const removed = removeWhy(tree, 'W-1.1');
    expect([...collectIds(removed)].sort()).toEqual(['W-1', 'W-1.2']);
  });

  it('updates one why by id', () => {
    const updated = updateWhy(tree, 'W-1.1.2', (w) => ({ ...w, answer: 'changed' }));
    expect(updated[0]?.whys[0]?.whys[1]?.answer).toBe('changed');
    expect(updated[0]?.whys[0]?.whys[0]?.answer).toBe('b');
  });

  it('picks the first free id under a stem', () => {
    expect(nextId('W-1.1.', collectIds(tree))).toBe('W-1.1.3');
    expect(nextId('L-', new Set())).toBe('L-1');
  });

  it('shortens long texts for button names', () => {
    expect(shortLabel('one two three four five six seven', 'X')).toBe('one two three four five six…');
    expect(shortLabel('   ', 'W-9')).toBe('W-9');
  });
});
