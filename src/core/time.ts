/**
 * Instants and durations as a post-mortem writes them. Pure: no clock is read here.
 *
 * An instant is either a calendar date (`2026-03-14`, precision `date`) or a date-time with an explicit offset
 * (`2026-03-14T09:12+01:00`, `...T09:12:05Z`, `...T09:12:05.250-05:00`); its precision follows from how much
 * of it is written. A date-time without an offset is refused: it is ambiguous, and a post-mortem must not guess.
 */
import type { TimePrecision } from './vocabulary.js';

/** A number of seconds (branded so it is not confused with milliseconds). */
export type Seconds = number & { readonly __unit: 'seconds' };

/** An instant of the document resolved to UTC, with the offset it was written with and its precision. */
export interface ParsedInstant {
  /** Milliseconds since the Unix epoch, UTC. A date-only instant is the start of that day in UTC. */
  readonly epochMs: number;
  /** The offset the text was written with, in minutes east of UTC; `null` for a date-only instant. */
  readonly offsetMinutes: number | null;
  readonly precision: TimePrecision;
}

/** The outcome of parsing an instant or duration: the value, or a human-readable reason it is refused. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `month ${month} is out of range (01-12)`;
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) return `day ${day} is out of range for ${year}-${String(month).padStart(2, '0')}`;
  return undefined;
}

/**
 * Parses an instant as written in a post-mortem.
 * @example parseInstant('2026-03-14T09:12+01:00') // { epochMs: ..., offsetMinutes: 60, precision: 'minute' }
 */
export function parseInstant(text: string): ParseResult<ParsedInstant> {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    const problem = checkDate(year, month, day);
    if (problem) return { ok: false, reason: problem };
    return {
      ok: true,
      value: { epochMs: Date.UTC(year, month - 1, day), offsetMinutes: null, precision: 'date' },
    };
  }
  const m = DATE_TIME.exec(text);
  if (!m) {
    return {
      ok: false,
      reason: 'expected an ISO 8601 date (2026-03-14) or date-time with offset (2026-03-14T09:12:00+01:00)',
    };
  }
  const [year, month, day, hour, minute] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
  ];
  const problem = checkDate(year, month, day);
  if (problem) return { ok: false, reason: problem };
  if (hour > 23) return { ok: false, reason: `hour ${hour} is out of range (00-23)` };
  if (minute > 59) return { ok: false, reason: `minute ${minute} is out of range (00-59)` };
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (second > 59) return { ok: false, reason: `second ${second} is out of range (00-59)` };
  const fraction = m[7];
  // Sub-millisecond digits are kept in the text but cannot be represented in epochMs; they are truncated.
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMinutes: number;
  if (m[8] !== undefined) {
    offsetMinutes = 0;
  } else if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) {
      return { ok: false, reason: `offset ${m[9]}${m[10]}:${m[11]} is out of range (-14:00 to +14:00)` };
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return {
      ok: false,
      reason:
        'a date-time needs an offset (Z or ±HH:MM) so it names one instant; write e.g. 2026-03-14T09:12:00Z',
    };
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const precision: TimePrecision =
    fraction !== undefined ? 'millisecond' : m[6] !== undefined ? 'second' : 'minute';
  return { ok: true, value: { epochMs: local - offsetMinutes * 60_000, offsetMinutes, precision } };
}

/** Parses an instant known to be valid (the schema checked it); throws on a programming error. */
export function instantOf(text: string): ParsedInstant {
  const result = parseInstant(text);
  if (!result.ok) throw new Error(`invalid instant "${text}": ${result.reason}`);
  return result.value;
}

/** Formats epoch milliseconds as an ISO 8601 UTC instant (`2026-03-14T08:12:05.000Z`). */
export function toUtcIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Is `text` a valid calendar date `YYYY-MM-DD`? */
export function isCalendarDate(text: string): boolean {
  const m = DATE_ONLY.exec(text);
  return m !== null && checkDate(Number(m[1]), Number(m[2]), Number(m[3])) === undefined;
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses an ISO 8601 duration made of weeks, days, hours, minutes and seconds. Years and months are refused:
 * their length depends on the calendar, so a clock target in months would be ambiguous.
 */
export function parseDuration(text: string): ParseResult<Seconds> {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    const datePart = text.split('T')[0] ?? '';
    if (text.startsWith('P') && /\d[YM]/.test(datePart)) {
      return { ok: false, reason: 'years and months are not allowed in a duration; use days (P30D)' };
    }
    return { ok: false, reason: 'expected an ISO 8601 duration such as PT4H, P2D or P1DT12H' };
  }
  const [w, d, h, min, s] = [m[1], m[2], m[3], m[4], m[5]].map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { ok: true, value: (w * 604_800 + d * 86_400 + h * 3_600 + min * 60 + s) as Seconds };
}

/** Formats seconds as an ISO 8601 duration: `P13DT2H`, `PT45M`, `PT0S`; negative durations get a leading `-`. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(seconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  let out = `${sign}P${days > 0 ? `${days}D` : ''}`;
  const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${secs > 0 ? `${secs}S` : ''}`;
  if (time) out += `T${time}`;
  return out === `${sign}P` ? 'PT0S' : out;
}

/** A short human form of a duration for reports: `13d 2h`, `4h 30m`, `45m`, `12s`. */
export function humanDuration(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  let rest = Math.round(Math.abs(seconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes && !days) parts.push(`${minutes}m`);
  if (secs && !days && !hours) parts.push(`${secs}s`);
  return sign + (parts.length ? parts.join(' ') : '0s');
}

/** Formats epoch milliseconds in a fixed UTC offset, to the second: `2026-03-06T23:59:59+01:00` (`Z` for 0). */
export function formatInOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
