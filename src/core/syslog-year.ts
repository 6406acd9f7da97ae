/**
 * Years for timestamps written without one: the BSD syslog time `Mar  4 09:12:05` (RFC 3164) and the devices
 * that copy it. The year is inferred from the evidence, never from the current date, in this order:
 *
 * 1. the year the user gives (`--year`), which is the year of the file's first dated record;
 * 2. a full year written in the file itself: a record with a full date (RFC 5424, an ISO time), or a yearless
 *    record whose message states its own date (`2005-06-17`, `Fri Jun 17 07:07:00 2005`) on the same month and
 *    day as its header, so a date that merely appears in a message (a certificate expiry) is not taken;
 * 3. the date the evidence was collected (`--collected-at`): the last record cannot be later than it.
 *
 * Within a file, records run forward in time: a month that falls back by more than six months (Dec → Jan) is
 * a new year, and one that jumps forward by more than six months (Jan → Dec) is a late record of the year
 * before. Pure: no clock is read.
 */
import { monthNumber } from './timestamps.js';

/** Why a yearless record is rejected when nothing in the file or the command gives its year. */
export const YEAR_UNKNOWN_REASON = 'the year is not in the file; pass --year YEAR or --collected-at DATE';

/** A wall-clock time without its year, as a BSD syslog header writes it. */
export interface YearlessTime {
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** Where a record stands in the file's sequence of months: its month and how many years after the first. */
export interface YearStep {
  readonly month: number;
  /** Years after the year of the file's first dated record (negative for late records of an earlier year). */
  readonly offset: number;
}

/** A rollover is a jump of more than this many months between consecutive records. */
const ROLLOVER_MONTHS = 6;

/** The step of a record in `month`, following the step of the previous dated record. */
export function nextYearStep(previous: YearStep | undefined, month: number): YearStep {
  if (previous === undefined) return { month, offset: 0 };
  const delta = month - previous.month;
  if (delta < -ROLLOVER_MONTHS) return { month, offset: previous.offset + 1 };
  if (delta > ROLLOVER_MONTHS) return { month, offset: previous.offset - 1 };
  return { month, offset: previous.offset };
}

const REFERENCE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * The year of the file's first dated record, from the collection date: the last record (month `last.month`,
 * day `last.day`, `last.offset` years after the first) is on or before that date. Undefined when the reference
 * is not an ISO 8601 date.
 */
export function firstYearFromReference(
  last: YearStep & { readonly day: number },
  referenceDate: string,
): number | undefined {
  const m = REFERENCE.exec(referenceDate.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const after = last.month > month || (last.month === month && last.day > day);
  return (after ? year - 1 : year) - last.offset;
}

const MIN_YEAR = 1970;
const MAX_YEAR = 2200;

const ISO_DATE = /(?:^|\D)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const CTIME = /\b([A-Z][a-z]{2}) {1,2}(\d{1,2}) \d{2}:\d{2}:\d{2}(?:\.\d+)? (\d{4})\b/g;

/**
 * The year a yearless record states in its own message: an ISO date or a ctime date (`Fri Jun 17 07:07:00
 * 2005`) on the record's month and day. Undefined when there is none.
 */
export function yearStatedInMessage(message: string, month: number, day: number): number | undefined {
  // Cheap pre-check: most messages hold no four-digit number at all.
  if (!/\d{4}/.test(message)) return undefined;
  for (const m of message.matchAll(ISO_DATE)) {
    const year = Number(m[1]);
    if (Number(m[2]) === month && Number(m[3]) === day && year >= MIN_YEAR && year <= MAX_YEAR) return year;
  }
  for (const m of message.matchAll(CTIME)) {
    const year = Number(m[3]);
    if (monthNumber(m[1] ?? '') === month && Number(m[2]) === day && year >= MIN_YEAR && year <= MAX_YEAR) {
      return year;
    }
  }
  return undefined;
}

const BSD_TIME =
  /^([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?= |$)/;

/** A BSD timestamp read from the start of a text: its fields, its year when written, and its length. */
export interface BsdTimestamp {
  readonly time: YearlessTime;
  /** Some devices write the year after the day (`Mar 14 2026 09:12:05`). */
  readonly year?: number;
  /** The number of characters the timestamp takes. */
  readonly length: number;
}

/**
 * Reads a BSD syslog timestamp at the start of `text`: `Mmm dd hh:mm:ss`, the day space-padded (`Jul  1`) or
 * not, optional fraction of a second, optional year after the day. Undefined when the text does not start with
 * one or a field is out of range.
 */
export function readBsdTimestamp(text: string): BsdTimestamp | undefined {
  const m = BSD_TIME.exec(text);
  if (!m) return undefined;
  const month = monthNumber(m[1] ?? '');
  const day = Number(m[2]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = m[7];
  const time: YearlessTime = {
    month,
    day,
    hour,
    minute,
    second: Math.min(second, 59),
    millisecond: fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3)),
  };
  return { time, length: m[0].length, ...(m[3] === undefined ? {} : { year: Number(m[3]) }) };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a yearless time does not exist in `year` (30 February, 29 February of a common year), if it does not. */
export function invalidDayInYear(time: YearlessTime, year: number): string | undefined {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = time.month === 2 && leap ? 29 : (DAYS_IN_MONTH[time.month - 1] ?? 31);
  return time.day > days ? `day ${time.day} does not exist in month ${time.month} of ${year}` : undefined;
}
