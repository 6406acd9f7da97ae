import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  localToEpochMs,
  parseAnyTimestamp,
  parseEpoch,
  parseIsoTimestamp,
  parseNcsaTimestamp,
  zoneOffsetMinutes,
} from './timestamps.js';

const ms = (r: { ok: boolean; value?: { epochMs: number } }) => (r.ok ? r.value?.epochMs : undefined);

describe('ISO timestamps in logs', () => {
  it('reads offsets in every common spelling', () => {
    const at = Date.UTC(2026, 2, 14, 8, 12, 5, 250);
    for (const text of [
      '2026-03-14T09:12:05.250+01:00',
      '2026-03-14 09:12:05.250+0100',
      '2026-03-14T09:12:05.25+01',
      '2026-03-14T08:12:05.250Z',
      '2026-03-14T08:12:05,250Z',
    ]) {
      expect(ms(parseIsoTimestamp(text)), text).toBe(at);
    }
  });

  it('keeps nanosecond digits out of the milliseconds without rounding', () => {
    expect(ms(parseIsoTimestamp('2026-03-14T08:12:05.999999999Z'))).toBe(
      Date.UTC(2026, 2, 14, 8, 12, 5, 999),
    );
  });

  it('reads a time without offset in the assumed zone, with daylight saving time, and flags it', () => {
    const winter = parseIsoTimestamp('2026-01-15 12:00:00', 'Europe/Amsterdam');
    const summer = parseIsoTimestamp('2026-07-15 12:00:00', 'Europe/Amsterdam');
    expect(winter).toMatchObject({ ok: true, value: { epochMs: Date.UTC(2026, 0, 15, 11), assumed: true } });
    expect(summer).toMatchObject({ ok: true, value: { epochMs: Date.UTC(2026, 6, 15, 10), assumed: true } });
    expect(parseIsoTimestamp('2026-07-15 12:00:00', 'America/New_York')).toMatchObject({
      value: { epochMs: Date.UTC(2026, 6, 15, 16) },
    });
  });

  it('refuses impossible dates', () => {
    expect(parseIsoTimestamp('2026-02-30T00:00:00Z').ok).toBe(false);
    expect(parseIsoTimestamp('yesterday').ok).toBe(false);
  });
});

describe('zones', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('computes offsets, including half-hour zones', () => {
    expect(zoneOffsetMinutes('Asia/Kolkata', Date.UTC(2026, 0, 1))).toBe(330);
    expect(zoneOffsetMinutes('America/Los_Angeles', Date.UTC(2026, 0, 1))).toBe(-480);
  });

  it('resolves the repeated autumn hour to its first occurrence', () => {
    // 2026-10-25 02:30 happens twice in Amsterdam; the first is still summer time (+02:00).
    const local = { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(localToEpochMs(local, 'Europe/Amsterdam')).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });
});

describe('epoch and access-log times', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    const at = Date.UTC(2026, 2, 14, 8, 12, 5, 250);
    expect(ms(parseEpoch('1773475925.25'))).toBe(at);
    expect(ms(parseEpoch(1773475925250))).toBe(at);
    expect(ms(parseEpoch('1773475925250000'))).toBe(at);
    expect(ms(parseEpoch('1773475925250000000'))).toBe(at);
  });

  it('reads numbers that print in exponent notation, and refuses instants no date can hold', () => {
    // Found by the property test: 1.5e-323 prints as "1.5e-323", which the decimal reading took apart into NaN.
    expect(ms(parseEpoch(1.5e-323))).toBe(0);
    expect(ms(parseEpoch(1.7734759252e9))).toBe(Date.UTC(2026, 2, 14, 8, 12, 5, 200));
    expect(ms(parseEpoch(1e21))).toBe(1e15);
    expect(parseEpoch(1e300)).toEqual({ ok: false, reason: '"1e+300" is not an epoch time (out of range)' });
  });

  it('reads the Apache time with its offset', () => {
    expect(ms(parseNcsaTimestamp('10/Oct/2000:13:55:36 -0700'))).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseAnyTimestamp('[10/Oct/2000:13:55:36 -0700]')).toMatchObject({
      ok: true,
      value: { assumed: false },
    });
  });

  it('says what it could not read', () => {
    expect(parseAnyTimestamp('soon')).toEqual({ ok: false, reason: '"soon" is not a time Debrief can read' });
  });
});

describe('skipped hours', () => {
  it('reads a wall time inside the spring gap with the offset before the change', () => {
    // 2026-03-29 02:30 does not exist in Amsterdam (clocks jump from 02:00 to 03:00).
    const local = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(localToEpochMs(local, 'Europe/Amsterdam')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });
});
