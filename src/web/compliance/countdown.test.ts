import { describe, expect, it } from 'vitest';
import { countdownText, deadlineMs, minuteText, spanText, urgencyOf } from './countdown.js';

const H = 3_600_000;

describe('countdown texts', () => {
  it('counts to the second, padding all but the largest unit', () => {
    expect(countdownText(2 * H + 14 * 60_000 + 5_000)).toBe('2 h 14 min 05 s left');
    expect(countdownText(26 * H + 61_000)).toBe('1 d 2 h 01 min 01 s left');
    expect(countdownText(9_999)).toBe('9 s left');
    expect(countdownText(-(3 * 60_000 + 10_000))).toBe('overdue by 3 min 10 s');
    expect(countdownText(0)).toBe('overdue by 0 s');
    expect(spanText(-500)).toBe('0 s');
  });

  it('gives screen readers the time to the minute', () => {
    expect(minuteText(2 * H + 14 * 60_000 + 59_000)).toBe('2 h 14 min left');
    expect(minuteText(30_000)).toBe('less than a minute left');
    expect(minuteText(-(25 * H))).toBe('overdue by 1 d 1 h');
    expect(minuteText(-1000)).toBe('overdue by less than a minute');
  });

  it('grades urgency by the time left', () => {
    expect([-1, 1, 6 * H - 1, 6 * H, 24 * H].map(urgencyOf)).toEqual([
      'overdue',
      'urgent',
      'urgent',
      'soon',
      'later',
    ]);
  });

  it('takes the deadline from the due instant with its offset, else from secondsLeft', () => {
    const base = { status: 'due', secondsLeft: 60 } as const;
    const at = { at: '2026-03-07T10:00:00Z' };
    expect(deadlineMs({ ...base, due: '2026-03-07T13:00:00+01:00' } as never, at)).toBe(
      Date.parse('2026-03-07T12:00:00Z'),
    );
    expect(deadlineMs(base as never, at)).toBe(Date.parse('2026-03-07T10:01:00Z'));
    expect(deadlineMs({ status: 'not-computable' } as never, at)).toBeUndefined();
  });
});
