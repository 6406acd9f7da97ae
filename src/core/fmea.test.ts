import { describe, expect, it } from 'vitest';
import { rpn, sortFmea } from './fmea.js';
import type { FmeaRow } from './model-analysis.js';

const row = (id: string, severity: number, occurrence: number, detection: number): FmeaRow => ({
  id,
  function: 'f',
  failureMode: 'm',
  effect: 'e',
  cause: 'c',
  severity,
  occurrence,
  detection,
});

describe('FMEA', () => {
  it('computes RPN as severity × occurrence × detection', () => {
    expect(rpn({ severity: 9, occurrence: 4, detection: 7 })).toBe(252);
    expect(rpn({ severity: 10, occurrence: 10, detection: 10 })).toBe(1000);
  });

  it('ranks rows by RPN, highest first, keeping document order for ties', () => {
    const rows = [row('A', 2, 2, 2), row('B', 5, 5, 4), row('C', 10, 2, 5), row('D', 9, 9, 9)];
    expect(sortFmea(rows).map((r) => r.id)).toEqual(['D', 'B', 'C', 'A']);
  });
});
