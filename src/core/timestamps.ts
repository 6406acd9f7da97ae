/**
 * Timestamps as logs write them: ISO 8601 / RFC 3339 with or without an offset, epoch numbers in seconds,
 * milliseconds, microseconds or nanoseconds, and the Apache/NCSA form `10/Oct/2000:13:55:36 -0700`.
 *
 * A time without an offset is read in an assumed zone (`--timezone`, the evidence's declared zone, else UTC) and
 * flagged `assumed`. Zones are IANA names (`Europe/Amsterdam`), converted with the platform's Intl data, so
 * daylight saving time is applied as it was at that date. Pure: no clock is read.
 */
import type { EventTime } from './event.js';
import type { ParseResult } from './time.js';

/** The zone assumed when neither the command nor the evidence declares one. */
export const DEFAULT_ZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Is `zone` an IANA time zone name the platform knows (or `UTC`)? */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The offset of `zone` from UTC, in minutes, at the instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((asUtc - (epochMs - (epochMs % 1000))) / 60_000);
}

/** Wall-clock fields of a local time. Months are 1-12. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** The instant of a wall-clock time at a fixed offset from UTC, in minutes (east positive). */
export function atFixedOffset(local: LocalTime, offsetMinutes: number): number {
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
  return wall - offsetMinutes * 60_000;
}

/**
 * The UTC instant of a wall-clock time in `zone`. In the hour that daylight saving time skips, the time is read
 * with the offset before the change; in the hour that repeats, the first occurrence is taken.
 */
export function localToEpochMs(local: LocalTime, zone: string): number {
  const wall = atFixedOffset(local, 0);
  if (zone === 'UTC') return wall;
  // The offsets in force half a day before and after cover any change of offset near this wall time. A
  // candidate is valid when the zone really has that offset at that instant; the earliest valid one is the first
  // occurrence of a repeated hour. No valid candidate means the wall time falls in a skipped hour.
  const before = zoneOffsetMinutes(zone, wall - 43_200_000);
  const after = zoneOffsetMinutes(zone, wall + 43_200_000);
  const valid = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((instant, i) => zoneOffsetMinutes(zone, instant) === (i === 0 ? before : after));
  return valid.length > 0 ? Math.min(...valid) : wall - before * 60_000;
}

function validLocal(t: LocalTime): string | undefined {
  if (t.month < 1 || t.month > 12) return `month ${t.month} is out of range`;
  const days = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  if (t.day < 1 || t.day > days) return `day ${t.day} is out of range for the month`;
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return 'the time of day is out of range';
  return undefined;
}

/** Milliseconds from a fraction of a second written with any number of digits (`.5`, `.123456789`). */
function fractionMs(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
}

/** An offset `Z`, `+01:00`, `+0100`, `+01` in minutes, or undefined when absent. */
function offsetMinutes(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads an ISO 8601 / RFC 3339 timestamp as logs write it: `T` or a space between date and time, any number of
 * fraction digits, offset `Z`, `±HH:MM`, `±HHMM` or `±HH`, or no offset (read in `zone`, flagged assumed).
 */
export function parseIsoTimestamp(text: string, zone: string = DEFAULT_ZONE): ParseResult<EventTime> {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, reason: `"${text.slice(0, 40)}" is not an ISO 8601 time` };
  const local: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Math.min(Number(m[6] ?? 0), 59),
    millisecond: fractionMs(m[7]),
  };
  const problem = validLocal(local);
  if (problem) return { ok: false, reason: `"${text.slice(0, 40)}": ${problem}` };
  const offset = offsetMinutes(m[8]);
  if (offset !== undefined) {
    return { ok: true, value: { epochMs: atFixedOffset(local, offset), text, assumed: false } };
  }
  return { ok: true, value: { epochMs: localToEpochMs(local, zone), text, assumed: true } };
}

/**
 * Reads an epoch number. Without a unit the magnitude decides: up to 10^11 is seconds (fractions allowed), up to
 * 10^14 milliseconds, up to 10^17 microseconds, beyond that nanoseconds. Epoch times are UTC by definition.
 */
export function parseEpoch(value: number | string, unit?: 's' | 'ms' | 'us' | 'ns'): ParseResult<EventTime> {
  const text = String(value).trim();
  const n = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0)
    return { ok: false, reason: `"${text.slice(0, 40)}" is not an epoch time` };
  const chosen = unit ?? (n < 1e11 ? 's' : n < 1e14 ? 'ms' : n < 1e17 ? 'us' : 'ns');
  const cut = { s: -3, ms: 0, us: 3, ns: 6 }[chosen];
  let epochMs: number;
  // Plain decimal text (not `1.5e-7`, as a number may print) is read exactly, digit by digit.
  const decimal = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (decimal !== null && chosen === 's') {
    // Split at the point so that `.25` s is exactly 250 ms (binary floating point is not exact).
    epochMs = Number(decimal[1]) * 1000 + fractionMs(decimal[2]);
  } else if (decimal !== null && cut > 0) {
    // Microsecond and nanosecond digit strings exceed 2^53, so their extra digits are cut off as text.
    epochMs = Number((decimal[1] ?? '').slice(0, -cut) || '0');
  } else epochMs = Math.floor(n * 10 ** -cut);
  if (!(Math.abs(epochMs) <= MAX_EPOCH_MS))
    return { ok: false, reason: `"${text.slice(0, 40)}" is not an epoch time (out of range)` };
  return { ok: true, value: { epochMs, text, assumed: false } };
}

/** The largest instant a JavaScript date holds (year 275760). */
const MAX_EPOCH_MS = 8.64e15;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** The month number (1-12) of an English month abbreviation or name, or undefined. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

const NCSA = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+([+-]\d{4}))?$/;

/** Reads the Apache/NCSA access-log time `10/Oct/2000:13:55:36 -0700` (brackets removed). */
export function parseNcsaTimestamp(text: string, zone: string = DEFAULT_ZONE): ParseResult<EventTime> {
  const m = NCSA.exec(text.trim());
  const month = m ? monthNumber(m[2] ?? '') : undefined;
  if (!m || month === undefined)
    return { ok: false, reason: `"${text.slice(0, 40)}" is not an access-log time` };
  const local: LocalTime = {
    year: Number(m[3]),
    month,
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: fractionMs(m[7]),
  };
  const problem = validLocal(local);
  if (problem) return { ok: false, reason: `"${text.slice(0, 40)}": ${problem}` };
  const offset = offsetMinutes(m[8]);
  if (offset === undefined)
    return { ok: true, value: { epochMs: localToEpochMs(local, zone), text, assumed: true } };
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
  return { ok: true, value: { epochMs: wall - offset * 60_000, text, assumed: false } };
}

/**
 * Reads a timestamp of unknown style: a number or digit string (epoch), ISO 8601, or the access-log form.
 * Parsers use it for fields whose style varies between exports (`ts`, `time`, `TimeCreated`).
 */
export function parseAnyTimestamp(value: unknown, zone: string = DEFAULT_ZONE): ParseResult<EventTime> {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: 'no time value' };
  const text = value.trim();
  if (/^\d{9,}(\.\d+)?$/.test(text)) return parseEpoch(text);
  const iso = parseIsoTimestamp(text, zone);
  if (iso.ok) return iso;
  const ncsa = parseNcsaTimestamp(text.replace(/^\[|\]$/g, ''), zone);
  return ncsa.ok ? ncsa : { ok: false, reason: `"${text.slice(0, 40)}" is not a time Debrief can read` };
}
