import { describe, expect, it } from 'vitest';
import { diffDocuments } from './document-diff.js';

describe('diffDocuments', () => {
  it('lists added, removed and changed leaves with their paths', () => {
    expect(
      diffDocuments(
        { title: 'A', summary: { whatHappened: 'x', howDetected: 'y' }, tags: ['a', 'b'] },
        { title: 'B', summary: { whatHappened: 'x', howResolved: 'z' }, tags: ['a'] },
      ),
    ).toEqual([
      { path: 'title', kind: 'changed', old: 'A', new: 'B' },
      { path: 'summary.howDetected', kind: 'removed', old: 'y' },
      { path: 'summary.howResolved', kind: 'added', new: 'z' },
      { path: 'tags[1]', kind: 'removed', old: 'b' },
    ]);
  });

  it('matches list items by id, so an insertion is one addition', () => {
    const before = {
      timeline: [
        { id: 'T-1', text: 'a' },
        { id: 'T-2', text: 'b' },
      ],
    };
    const after = {
      timeline: [
        { id: 'T-1', text: 'a' },
        { id: 'T-9', text: 'new' },
        { id: 'T-2', text: 'b!' },
      ],
    };
    expect(diffDocuments(before, after)).toEqual([
      { path: 'timeline[T-2].text', kind: 'changed', old: 'b', new: 'b!' },
      { path: 'timeline[T-9]', kind: 'added', new: { id: 'T-9', text: 'new' } },
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffDocuments({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
