import { describe, expect, it } from 'vitest';
import { plural, table, wrap } from './format.js';

describe('terminal formatting', () => {
  it('aligns table columns and keeps every cell on one line', () => {
    expect(
      table(
        ['ID', 'TITLE'],
        [
          ['INC-1', 'a\nb'],
          ['INC-22', 'c'],
        ],
      ),
    ).toBe('ID      TITLE\nINC-1   a b\nINC-22  c');
  });

  it('wraps text at word boundaries within the width, with the indent counted', () => {
    const text = wrap('one two three four five six', 12, '  ');
    expect(text).toBe('  one two\n  three four\n  five six');
    expect(text.split('\n').every((line) => line.length <= 12)).toBe(true);
  });

  it('pluralizes with an explicit plural when English needs one', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(0, 'error')).toBe('0 errors');
  });
});
