import { describe, expect, it } from 'vitest';
import { lineExceedingNesting, pathDeeperThan } from './nesting.js';

const limits = { flow: 3, block: 4 };

describe('lineExceedingNesting', () => {
  it('counts flow collections and names the line where the bound is passed', () => {
    expect(lineExceedingNesting('a: [[[x]]]\n', limits)).toBeUndefined();
    expect(lineExceedingNesting('a: 1\nb: [[[{x: 1}]]]\n', limits)).toBe(2);
    expect(lineExceedingNesting('[\n [\n  [\n   [1]\n  ]\n ]\n]\n', limits)).toBe(4);
  });

  it('ignores brackets inside quoted strings, comments and plain text', () => {
    expect(lineExceedingNesting('a: [ "[[[[", \'[[[[\' ]\n', limits)).toBeUndefined();
    expect(lineExceedingNesting('a: x # [[[[[[\n', limits)).toBeUndefined();
    expect(lineExceedingNesting('title: see array[1][2][3][4][5]\n', limits)).toBeUndefined();
    expect(lineExceedingNesting('a: ["it\'s [[[[", "\\"[[[["]\n', limits)).toBeUndefined();
  });

  it('counts block nesting from indentation and compact indicators', () => {
    expect(lineExceedingNesting('a:\n    b: 1\n', limits)).toBeUndefined();
    expect(lineExceedingNesting('a:\n     b: 1\n', limits)).toBe(2);
    expect(lineExceedingNesting('- - - - - x\n', limits)).toBe(1);
  });

  it('lets the demo-sized documents through with the real limits', () => {
    const deepButFine = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- k${i}:`).join('\n');
    expect(lineExceedingNesting(deepButFine)).toBeUndefined();
  });
});

describe('pathDeeperThan', () => {
  it('finds the first path at the limit without recursing', () => {
    expect(pathDeeperThan({ a: [{ b: 1 }] }, 3)).toEqual(
      ['a', 0, 'b'].slice(0, 3).length === 3 ? undefined : [],
    );
    expect(pathDeeperThan({ a: [{ b: { c: 1 } }] }, 3)).toEqual(['a', 0, 'b']);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pathDeeperThan(deep, 64)).toHaveLength(64);
  });
});
