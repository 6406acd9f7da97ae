/**
 * Period arithmetic for regulatory deadlines: elapsed hours, calendar days, calendar months and business days over
 * a holiday calendar. Periods in days and months end at the end of the last day (23:59:59) in the UTC offset the
 * trigger was recorded in: the offset stands for the organization's local time, which is what "within 60 days"
 * means to it. Hours are elapsed time, weekends and holidays included.
 */
import type { ParsedInstant } from './time.js';

/** A holiday calendar as shipped in `src/core/compliance/*-holidays.json`. */
export interface HolidayCalendar {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly reviewed: string;
  /** The dates the calendar is complete for; a business-day count outside them is refused, never guessed. */
  readonly covers: { readonly from: string; readonly to: string };
  /** Days of the week that are not business days: 0 is Sunday, 6 is Saturday. */
  readonly weekend: readonly number[];
  readonly sources: readonly { readonly url: string; readonly read: boolean; readonly note?: string }[];
  readonly days: readonly {
    readonly date: string;
    readonly name: string;
    /** A closure that is cited from memory or whose effect on filings is unverified. */
    readonly uncertain?: boolean;
    readonly note?: string;
  }[];
}

/** How long an obligation gives: `72 hours`, `60 days`, `4 business-days` (on a calendar), `1 months`. */
export interface Period {
  readonly amount: number;
  readonly unit: 'hours' | 'days' | 'business-days' | 'months';
  /** Business days only: the holiday calendar id. */
  readonly calendar?: string;
  /** `end-of-year`: counted from the end of the calendar year of the trigger (HIPAA's annual log). */
  readonly after?: 'end-of-year';
}

/** The instant a period ends, or why it cannot be computed. */
export type PeriodEnd =
  | {
      readonly ok: true;
      readonly epochMs: number;
      /** Uncertain calendar days the count skipped: if one was a business day after all, the end is earlier. */
      readonly uncertainDays: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

const DAY_MS = 86_400_000;

/** A period in words: `72 h`, `60 days`, `4 business days (us-federal)`, `1 month`. */
export function describePeriod(period: Period): string {
  const { amount, unit } = period;
  const plural = amount === 1 ? '' : 's';
  const base =
    unit === 'hours'
      ? `${amount} h`
      : unit === 'days'
        ? `${amount} day${plural}`
        : unit === 'months'
          ? `${amount} month${plural}`
          : `${amount} business day${plural} (${period.calendar ?? 'no calendar'})`;
  return period.after === 'end-of-year' ? `${base} after the end of the calendar year` : base;
}

function isoDate(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10);
}

/** The local calendar day of an instant, as the epoch milliseconds of that day's UTC midnight. */
function localDay(start: Pick<ParsedInstant, 'epochMs' | 'offsetMinutes'>): number {
  const local = start.epochMs + (start.offsetMinutes ?? 0) * 60_000;
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/** The last second of a local day, as a UTC instant. */
function endOfDay(dayMs: number, offsetMinutes: number | null): number {
  return dayMs + DAY_MS - 1000 - (offsetMinutes ?? 0) * 60_000;
}

function addMonths(dayMs: number, months: number): number {
  const date = new Date(dayMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay));
}

function addBusinessDays(
  dayMs: number,
  count: number,
  calendar: HolidayCalendar,
): { ok: true; dayMs: number; uncertainDays: string[] } | { ok: false; reason: string } {
  const holidays = new Map(calendar.days.map((d) => [d.date, d]));
  const uncertainDays: string[] = [];
  let day = dayMs;
  let counted = 0;
  while (counted < count) {
    day += DAY_MS;
    const date = isoDate(day);
    if (date < calendar.covers.from || date > calendar.covers.to) {
      return {
        ok: false,
        reason: `the ${calendar.id} holiday calendar covers ${calendar.covers.from} to ${calendar.covers.to}; the count reaches ${date}`,
      };
    }
    const holiday = holidays.get(date);
    if (calendar.weekend.includes(new Date(day).getUTCDay())) continue;
    if (holiday) {
      if (holiday.uncertain) uncertainDays.push(`${date} (${holiday.name})`);
      continue;
    }
    counted++;
  }
  return { ok: true, dayMs: day, uncertainDays };
}

/**
 * When a period counted from `start` ends. `calendars` holds the holiday calendars by id (needed for business
 * days only).
 */
export function periodEnd(
  start: Pick<ParsedInstant, 'epochMs' | 'offsetMinutes'>,
  period: Period,
  calendars: ReadonlyMap<string, HolidayCalendar>,
): PeriodEnd {
  if (period.unit === 'hours' && period.after === undefined) {
    return { ok: true, epochMs: start.epochMs + period.amount * 3_600_000, uncertainDays: [] };
  }
  let day = localDay(start);
  if (period.after === 'end-of-year') day = Date.UTC(new Date(day).getUTCFullYear(), 11, 31);
  switch (period.unit) {
    case 'hours':
      return {
        ok: true,
        epochMs: endOfDay(day, start.offsetMinutes) + period.amount * 3_600_000,
        uncertainDays: [],
      };
    case 'days':
      return {
        ok: true,
        epochMs: endOfDay(day + period.amount * DAY_MS, start.offsetMinutes),
        uncertainDays: [],
      };
    case 'months':
      return {
        ok: true,
        epochMs: endOfDay(addMonths(day, period.amount), start.offsetMinutes),
        uncertainDays: [],
      };
    case 'business-days': {
      const calendar = period.calendar === undefined ? undefined : calendars.get(period.calendar);
      if (!calendar) return { ok: false, reason: `no holiday calendar "${period.calendar ?? ''}"` };
      const result = addBusinessDays(day, period.amount, calendar);
      if (!result.ok) return result;
      return {
        ok: true,
        epochMs: endOfDay(result.dayMs, start.offsetMinutes),
        uncertainDays: result.uncertainDays,
      };
    }
    default:
      return period.unit satisfies never;
  }
}
