import { describe, expect, it } from 'vitest';
import { formatDuration, humanDuration, isCalendarDate, parseDuration, parseInstant } from './time.js';

describe('parseInstant', () => {
  it('derives the precision from what is written', () => {
    const precision = (text: string) => {
      const r = parseInstant(text);
      return r.ok ? r.value.precision : r.reason;
    };
    expect(precision('2026-03-14')).toBe('date');
    expect(precision('2026-03-14T09:12+01:00')).toBe('minute');
    expect(precision('2026-03-14T09:12:05Z')).toBe('second');
    expect(precision('2026-03-14T09:12:05.250-05:00')).toBe('millisecond');
  });

  it('converts the written offset to UTC and keeps the offset', () => {
    const r = parseInstant('2026-03-14T09:12:05+01:00');
    expect(r).toEqual({
      ok: true,
      value: { epochMs: Date.UTC(2026, 2, 14, 8, 12, 5), offsetMinutes: 60, precision: 'second' },
    });
    const west = parseInstant('2026-03-14T01:00:00-05:30');
    expect(west.ok && new Date(west.value.epochMs).toISOString()).toBe('2026-03-14T06:30:00.000Z');
  });

  it('treats a date alone as the start of that day in UTC, without an offset', () => {
    expect(parseInstant('2026-02-28')).toEqual({
      ok: true,
      value: { epochMs: Date.UTC(2026, 1, 28), offsetMinutes: null, precision: 'date' },
    });
  });

  it('refuses a date-time without an offset, because it names no single instant', () => {
    const r = parseInstant('2026-03-14T09:12:00');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/needs an offset/);
  });

  it('refuses impossible calendar values with the value named', () => {
    const reason = (text: string) => {
      const r = parseInstant(text);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('2026-02-29')).toMatch(/day 29 is out of range for 2026-02/);
    expect(reason('2024-02-29')).toBe('ok');
    expect(reason('2026-13-01')).toMatch(/month 13/);
    expect(reason('2026-03-14T24:00Z')).toMatch(/hour 24/);
    expect(reason('2026-03-14T10:60Z')).toMatch(/minute 60/);
    expect(reason('2026-03-14T10:00+15:00')).toMatch(/offset/);
    expect(reason('14/03/2026')).toMatch(/expected an ISO 8601/);
  });

  it('truncates digits beyond milliseconds instead of rounding into the next second', () => {
    const r = parseInstant('2026-03-14T09:12:05.999999Z');
    expect(r.ok && new Date(r.value.epochMs).toISOString()).toBe('2026-03-14T09:12:05.999Z');
  });
});

describe('durations', () => {
  it('parses weeks, days, hours, minutes and seconds', () => {
    expect(parseDuration('PT4H')).toEqual({ ok: true, value: 14_400 });
    expect(parseDuration('P1DT12H30M')).toEqual({ ok: true, value: 131_400 });
    expect(parseDuration('P2W')).toEqual({ ok: true, value: 1_209_600 });
    expect(parseDuration('PT1.5S')).toEqual({ ok: true, value: 1.5 });
  });

  it('refuses years and months, whose length depends on the calendar', () => {
    for (const text of ['P1M', 'P1Y', 'P1Y2M3D']) {
      const r = parseDuration(text);
      expect(!r.ok && r.reason).toMatch(/years and months are not allowed/);
    }
  });

  it('refuses malformed durations', () => {
    for (const text of ['P', 'PT', '4h', 'P1H', 'PT-1H', '']) expect(parseDuration(text).ok).toBe(false);
  });

  it('formats seconds back to ISO 8601, keeping minutes distinct from months', () => {
    expect(formatDuration(0)).toBe('PT0S');
    expect(formatDuration(13 * 86_400 + 2 * 3_600)).toBe('P13DT2H');
    expect(formatDuration(45 * 60)).toBe('PT45M');
    expect(formatDuration(-3_600)).toBe('-PT1H');
    expect(formatDuration(90_061)).toBe('P1DT1H1M1S');
  });

  it('formats a round trip: parse(format(s)) = s', () => {
    for (const s of [0, 1, 59, 60, 3_599, 86_400, 1_234_567]) {
      expect(parseDuration(formatDuration(s))).toEqual({ ok: true, value: s });
    }
  });

  it('shows a short human form for reports', () => {
    expect(humanDuration(13 * 86_400 + 2 * 3_600 + 59)).toBe('13d 2h');
    expect(humanDuration(4 * 3_600 + 30 * 60)).toBe('4h 30m');
    expect(humanDuration(12)).toBe('12s');
    expect(humanDuration(-90)).toBe('−1m 30s');
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-11-31')).toBe(false);
    expect(isCalendarDate('2026-1-1')).toBe(false);
  });
});
