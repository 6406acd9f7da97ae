import { describe, expect, it } from 'vitest';
import { mergeSummary, summaryConflicts, summaryTexts } from './summary-merge.js';
import { storedDoc } from './workspace-fixtures.js';

const texts = (whatHappened: string, howDetected: string, howResolved = '') => ({
  whatHappened,
  howDetected,
  whoWasInvolved: '',
  howResolved,
});

describe('summary merge', () => {
  it('lists only the fields that differ, suggesting the side that changed', () => {
    const base = texts('A', 'B');
    const mine = texts('A mine', 'B');
    const theirs = texts('A', 'B theirs', 'fixed');
    expect(summaryConflicts(base, mine, theirs)).toEqual([
      { field: 'whatHappened', base: 'A', mine: 'A mine', theirs: 'A', suggested: 'mine' },
      { field: 'howDetected', base: 'B', mine: 'B', theirs: 'B theirs', suggested: 'theirs' },
      { field: 'howResolved', base: '', mine: '', theirs: 'fixed', suggested: 'theirs' },
    ]);
  });

  it('leaves a field both changed without a suggestion, and refuses to merge it unchosen', () => {
    const conflicts = summaryConflicts(texts('A', 'B'), texts('mine', 'B'), texts('theirs', 'B'));
    expect(conflicts).toEqual([expect.objectContaining({ field: 'whatHappened', suggested: undefined })]);
    const theirs = storedDoc({ summary: { whatHappened: 'theirs', howDetected: 'B' } });
    expect(() => mergeSummary(theirs, conflicts, {})).toThrow(/What happened/);
    const merged = mergeSummary(theirs, conflicts, { whatHappened: 'mine' });
    expect(summaryTexts(merged.summary)).toEqual(texts('mine', 'B'));
  });

  it('keeps everything else of the stored version and drops emptied texts', () => {
    const theirs = storedDoc({
      title: 'Renamed by someone else',
      summary: { whatHappened: 'X', howDetected: 'Y' },
    });
    const conflicts = summaryConflicts(texts('X', 'Y'), texts('X', ''), texts('X', 'Y'));
    const merged = mergeSummary(theirs, conflicts, { howDetected: 'mine' });
    expect(merged.title).toBe('Renamed by someone else');
    expect(merged.summary).toEqual({ whatHappened: 'X' });
  });
});
