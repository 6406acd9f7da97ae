import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDARS } from './compliance.js';
import { describePeriod, type Period, periodEnd } from './compliance-periods.js';
import { formatInOffset, instantOf } from './time.js';

/** The end of `period` after `start`, shown in the start's offset. */
function end(start: string, period: Period): string {
  const parsed = instantOf(start);
  const result = periodEnd(parsed, period, DEFAULT_CALENDARS);
  if (!result.ok) throw new Error(result.reason);
  return formatInOffset(result.epochMs, parsed.offsetMinutes ?? 0);
}

const sec = (amount: number): Period => ({ amount, unit: 'business-days', calendar: 'us-federal' });

describe('period arithmetic', () => {
  it('counts hours as elapsed time, weekends included', () => {
    // Friday noon + 72 h is Monday noon.
    expect(end('2026-03-06T12:05:00+01:00', { amount: 72, unit: 'hours' })).toBe('2026-03-09T12:05:00+01:00');
    expect(end('2026-03-06T12:05:00Z', { amount: 6, unit: 'hours' })).toBe('2026-03-06T18:05:00Z');
  });

  it('ends a period in days at the end of the last day in the trigger’s offset, not in UTC', () => {
    expect(end('2026-03-02T10:26:48+01:00', { amount: 60, unit: 'days' })).toBe('2026-05-01T23:59:59+01:00');
    // 23:30 in New York is already the next day in UTC: the local day counts.
    expect(end('2026-03-01T23:30:00-05:00', { amount: 30, unit: 'days' })).toBe('2026-03-31T23:59:59-05:00');
  });

  it('ends a period in months on the same day number, or on the month’s last day (month-end arithmetic)', () => {
    const month: Period = { amount: 1, unit: 'months' };
    expect(end('2026-01-31T10:00:00Z', month)).toBe('2026-02-28T23:59:59Z');
    expect(end('2028-01-31T10:00:00Z', month)).toBe('2028-02-29T23:59:59Z');
    expect(end('2026-03-31T10:00:00+02:00', month)).toBe('2026-04-30T23:59:59+02:00');
    expect(end('2026-12-15T08:00:00Z', month)).toBe('2027-01-15T23:59:59Z');
    expect(end('2026-08-31T08:00:00Z', { amount: 6, unit: 'months' })).toBe('2027-02-28T23:59:59Z');
  });

  it('counts from the end of the calendar year when asked (HIPAA’s annual log)', () => {
    const annual: Period = { amount: 60, unit: 'days', after: 'end-of-year' };
    expect(end('2026-06-10T09:00:00Z', annual)).toBe('2027-03-01T23:59:59Z');
    expect(end('2027-05-01T09:00:00Z', annual)).toBe('2028-02-29T23:59:59Z');
  });

  it('skips weekends and US federal holidays in business days', () => {
    // Thursday 2 July 2026; Friday 3 July is Independence Day observed (4 July is a Saturday).
    expect(end('2026-07-02T16:00:00-04:00', sec(4))).toBe('2026-07-09T23:59:59-04:00');
    // Tuesday before Thanksgiving: Wednesday, (Thanksgiving), Friday, Monday, Tuesday.
    expect(end('2026-11-24T10:00:00-05:00', sec(4))).toBe('2026-12-01T23:59:59-05:00');
    // A determination on a Saturday: Monday is the first business day after it.
    expect(end('2026-08-01T10:00:00-04:00', sec(4))).toBe('2026-08-06T23:59:59-04:00');
    // New Year's Day 2022 fell on a Saturday: observed on Friday 31 December 2021.
    expect(end('2021-12-29T10:00:00-05:00', sec(2))).toBe('2022-01-03T23:59:59-05:00');
  });

  it('reports the uncertain closure days a business-day count skipped', () => {
    const parsed = instantOf('2025-01-08T10:00:00-05:00');
    const result = periodEnd(parsed, sec(4), DEFAULT_CALENDARS);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(formatInOffset(result.epochMs, -300)).toBe('2025-01-15T23:59:59-05:00');
    expect(result.uncertainDays).toEqual([expect.stringMatching(/^2025-01-09 \(National Day of Mourning/)]);
  });

  it('refuses a business-day count beyond the calendar it has, or on an unknown calendar', () => {
    const parsed = instantOf('2030-12-30T10:00:00Z');
    expect(periodEnd(parsed, sec(4), DEFAULT_CALENDARS)).toEqual({
      ok: false,
      reason: 'the us-federal holiday calendar covers 2020-01-01 to 2030-12-31; the count reaches 2031-01-01',
    });
    expect(
      periodEnd(parsed, { amount: 1, unit: 'business-days', calendar: 'fr' }, DEFAULT_CALENDARS),
    ).toEqual({
      ok: false,
      reason: 'no holiday calendar "fr"',
    });
  });

  it('describes periods in words', () => {
    expect(describePeriod({ amount: 72, unit: 'hours' })).toBe('72 h');
    expect(describePeriod({ amount: 1, unit: 'months' })).toBe('1 month');
    expect(describePeriod(sec(4))).toBe('4 business days (us-federal)');
    expect(describePeriod({ amount: 60, unit: 'days', after: 'end-of-year' })).toBe(
      '60 days after the end of the calendar year',
    );
  });
});
