import { describe, expect, it } from 'vitest';
import { actionPriority, RATING_GUIDE, rpn, sortFmea } from './fmea.js';
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

describe('actionPriority', () => {
  const ap = (severity: number, occurrence: number, detection: number) =>
    actionPriority({ severity, occurrence, detection });

  it('puts severity first: a rare catastrophe outranks a frequent nuisance with a higher RPN', () => {
    expect(ap(10, 3, 2)).toBe('high'); // RPN 60
    expect(ap(3, 9, 9)).toBe('medium'); // RPN 243, but a minor effect
    expect(ap(4, 9, 6)).toBe('high'); // RPN 216
  });

  it('follows each rule at its edges', () => {
    expect(ap(9, 2, 4)).toBe('medium'); // very rare and surely detected: not high, but severity 7+ stays medium
    expect(ap(9, 2, 5)).toBe('high');
    expect(ap(8, 7, 1)).toBe('high');
    expect(ap(8, 4, 7)).toBe('high');
    expect(ap(8, 3, 7)).toBe('medium');
    expect(ap(5, 4, 1)).toBe('medium');
    expect(ap(5, 3, 7)).toBe('medium');
    expect(ap(5, 3, 5)).toBe('low'); // RPN 75
    expect(ap(2, 8, 5)).toBe('medium'); // RPN 80
    expect(ap(1, 10, 10)).toBe('low'); // no effect, whatever the RPN
  });
});

describe('RATING_GUIDE', () => {
  it('describes each of the ten ratings of severity, occurrence and detection', () => {
    for (const scale of Object.values(RATING_GUIDE)) {
      expect(scale).toHaveLength(10);
      expect(new Set(scale).size).toBe(10);
    }
  });
});
