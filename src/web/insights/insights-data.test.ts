import { describe, expect, it } from 'vitest';
import {
  clockLabel,
  clockSeries,
  inUnit,
  overallCompletion,
  percent,
  sinceOf,
  unitFor,
} from './insights-data.js';
import { fullInsights } from './insights-fixtures.js';

describe('insights data helpers', () => {
  it('picks a readable unit from the largest value', () => {
    expect(unitFor(90 * 60).name).toBe('minutes');
    expect(unitFor(2 * 3600).name).toBe('hours');
    expect(unitFor(3 * 86_400 - 1).name).toBe('hours');
    expect(unitFor(3 * 86_400).name).toBe('days');
    expect(inUnit(108_000, unitFor(108_000))).toBe(30);
    expect(inUnit(5 * 86_400 + 3 * 3600, unitFor(6 * 86_400))).toBe(5.1);
  });

  it('groups clock points per clock in the order of the trends, each oldest first', () => {
    const points = [
      { clock: 'timeToResolve', at: '2026-03-01T00:00:00Z', seconds: 10, severity: 'low', postMortem: 'B' },
      { clock: 'timeToDetect', at: '2026-03-01T00:00:00Z', seconds: 5, severity: 'low', postMortem: 'B' },
      { clock: 'timeToDetect', at: '2026-01-01T00:00:00Z', seconds: 7, severity: 'low', postMortem: 'A' },
      { clock: 'somethingNew', at: '2026-01-01T00:00:00Z', seconds: 7, severity: 'low', postMortem: 'A' },
    ];
    const series = clockSeries(points);
    expect(series.map((s) => s.clock)).toEqual(['timeToDetect', 'timeToResolve', 'somethingNew']);
    expect(series[0]?.points.map((p) => p.postMortem)).toEqual(['A', 'B']);
    expect(series[0]?.label).toBe('Time to detect (dwell time)');
    expect(clockLabel('somethingNew')).toBe('somethingNew');
  });

  it('sums the overall completion from the status counts, and overdue over owners', () => {
    expect(overallCompletion(fullInsights())).toEqual({
      postMortem: 'All post-mortems',
      title: null,
      total: 10,
      open: 6,
      done: 1,
      verified: 2,
      closedOther: 1,
      overdue: 4,
    });
  });

  it('reads the since filter and writes rates', () => {
    expect(sinceOf(new URLSearchParams('since=2026-01-01'))).toBe('2026-01-01');
    expect(sinceOf(new URLSearchParams('since='))).toBeUndefined();
    expect(sinceOf(new URLSearchParams(''))).toBeUndefined();
    expect(percent(null)).toBe('—');
    expect(percent(2 / 3)).toBe('67%');
  });
});
