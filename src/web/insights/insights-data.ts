/**
 * Pure helpers of the insights dashboards: the answer of `GET /api/insights` as a type, and what the charts draw
 * from it (clock series with a readable unit, the top techniques, the completion shares, the since filter).
 */
import type { z } from 'zod';
import type { insightsResponseSchema } from '../../contract/api.js';
import { CLOCK_DEFINITIONS } from '../../core/clocks.js';
import { CLOCK_POINT_CLOCKS } from '../../core/insights.js';
import { isCalendarDate } from '../../core/time.js';
import { CLOCK_NAMES, type ClockName } from '../../core/vocabulary.js';

/** The answer of `GET /api/insights` (as `debrief insights --json`). */
export type Insights = z.infer<typeof insightsResponseSchema>;
/** One incident's clock, placed in time. */
export type ClockPoint = Insights['clockPoints'][number];
/** One row of the completion per post-mortem. */
export type Completion = Insights['completionByPostMortem'][number];

/** How many techniques the techniques chart draws (the table lists them all). */
export const TOP_TECHNIQUES = 15;
/** How many post-mortems the completion chart draws (the table lists them all). */
export const TOP_COMPLETION = 15;

/** The name shown for a restricted post-mortem, which insights never name. */
export const RESTRICTED_LABEL = 'Restricted post-mortem';

/** A unit the clock charts use: seconds are divided by `seconds` and written with `name`. */
export interface DurationUnit {
  readonly name: 'minutes' | 'hours' | 'days';
  readonly seconds: number;
}

const UNITS: readonly DurationUnit[] = [
  { name: 'minutes', seconds: 60 },
  { name: 'hours', seconds: 3600 },
  { name: 'days', seconds: 86_400 },
];

/** The unit that keeps a chart's largest value readable: minutes under 2 hours, hours under 3 days, else days. */
export function unitFor(maxSeconds: number): DurationUnit {
  if (maxSeconds < 2 * 3600) return UNITS[0] as DurationUnit;
  if (maxSeconds < 3 * 86_400) return UNITS[1] as DurationUnit;
  return UNITS[2] as DurationUnit;
}

/** `seconds` in `unit`, rounded to one decimal: `12.5`. */
export function inUnit(seconds: number, unit: DurationUnit): number {
  return Math.round((seconds / unit.seconds) * 10) / 10;
}

/** The human label of a clock: `Time to detect (dwell time)`; an unknown name is shown as it is. */
export function clockLabel(clock: string): string {
  return (CLOCK_NAMES as readonly string[]).includes(clock)
    ? CLOCK_DEFINITIONS[clock as ClockName].label
    : clock;
}

/** One clock's chart: its points in time order and the unit its values are drawn in. */
export interface ClockSeries {
  readonly clock: string;
  readonly label: string;
  readonly points: readonly ClockPoint[];
  readonly unit: DurationUnit;
}

/** The clock points grouped per clock, in the order of `CLOCK_POINT_CLOCKS` (then any other), oldest first. */
export function clockSeries(points: readonly ClockPoint[]): ClockSeries[] {
  const order = [...CLOCK_POINT_CLOCKS, ...new Set(points.map((p) => p.clock))].filter(
    (c, i, all) => all.indexOf(c) === i,
  );
  return order.flatMap((clock) => {
    const mine = points.filter((p) => p.clock === clock).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (mine.length === 0) return [];
    const max = mine.reduce((m, p) => Math.max(m, p.seconds), 0);
    return [{ clock, label: clockLabel(clock), points: mine, unit: unitFor(max) }];
  });
}

/** The name of a post-mortem in a chart: its id, or "Restricted post-mortem" when it may not be named. */
export function postMortemName(id: string | null): string {
  return id ?? RESTRICTED_LABEL;
}

/** The calendar day of an instant (UTC): `2026-02-01`. */
export function dayOf(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString().slice(0, 10);
}

/** The since filter of the page's URL: a YYYY-MM-DD date, or undefined when absent; anything else is kept as is
 * so the server's message says what is wrong with it. */
export function sinceOf(params: URLSearchParams): string | undefined {
  const since = params.get('since')?.trim();
  return since === undefined || since === '' ? undefined : since;
}

/** Is `since` a valid date the date field can show? */
export function isValidSince(since: string | undefined): since is string {
  return since !== undefined && isCalendarDate(since);
}

/** A rate as a whole percentage, `—` when there is nothing to rate. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** The four parts of a completion bar, in drawing order, with the class that colours each. */
export const COMPLETION_PARTS = [
  { key: 'verified', label: 'Verified', className: 'part-verified' },
  { key: 'done', label: 'Done', className: 'part-done' },
  { key: 'closedOther', label: 'Risk-accepted or rejected', className: 'part-closed' },
  { key: 'open', label: 'Open', className: 'part-open' },
] as const;

/** The overall completion from the status counts (overdue: the sum over owners), as a completion row. */
export function overallCompletion(
  insights: Pick<Insights, 'recommendations' | 'overdueByOwner'>,
): Completion {
  const { recommendations } = insights;
  const s: Readonly<Record<string, number>> = recommendations.byStatus ?? {};
  const count = (key: string) => s[key] ?? 0;
  return {
    postMortem: 'All post-mortems',
    title: null,
    total: recommendations.total,
    open: count('proposed') + count('accepted') + count('in-progress'),
    done: count('done'),
    verified: count('verified'),
    closedOther: count('risk-accepted') + count('rejected'),
    overdue: insights.overdueByOwner.reduce((sum, o) => sum + o.overdue, 0),
  };
}
