/**
 * Learning across incidents: clock trends per quarter and severity (median and 90th percentile), recurring
 * root-cause and contributing-factor categories, the most frequent ATT&CK techniques and initial-access vectors,
 * recommendation completion and verification rates, time to close, and overdue actions by owner; for charts, each
 * incident's clocks as points in time and the recommendations per post-mortem by status. Restricted post-mortems
 * count in the aggregates only: no id, title or owner of theirs appears in the details.
 */
import { computeClocks, isMeasured } from './clocks.js';
import { earliestMilestones } from './milestones.js';
import type { PostMortem } from './model.js';
import { isOverdueOn, OPEN_STATUSES } from './recommendation-lifecycle.js';
import { instantOf, toUtcIso } from './time.js';
import { type ClockName, RECOMMENDATION_STATUSES, type RecommendationStatus } from './vocabulary.js';

/** The clocks insights follow. */
export const INSIGHT_CLOCKS: readonly ClockName[] = ['timeToDetect', 'timeToContain', 'timeToResolve'];

/** The clocks given per incident in `clockPoints` (the trend charts): those of the trends and time to recover. */
export const CLOCK_POINT_CLOCKS: readonly ClockName[] = [
  'timeToDetect',
  'timeToContain',
  'timeToRecover',
  'timeToResolve',
];

/** One incident's measured clock, placed in time at the clock's end; a restricted post-mortem's has no id. */
export interface ClockPoint {
  readonly clock: ClockName;
  /** UTC instant the clock ended (its second milestone). */
  readonly at: string;
  readonly seconds: number;
  readonly severity: string;
  /** The post-mortem's id; null for a restricted one (counted, never named). */
  readonly postMortem: string | null;
}

/**
 * The recommendations of one post-mortem by where they are; every restricted post-mortem is folded into one row
 * with `postMortem` and `title` null.
 */
export interface PostMortemCompletion {
  readonly postMortem: string | null;
  readonly title: string | null;
  readonly total: number;
  /** Proposed, accepted or in progress. */
  readonly open: number;
  readonly done: number;
  readonly verified: number;
  /** Risk-accepted or rejected. */
  readonly closedOther: number;
  /** Open past their due date. */
  readonly overdue: number;
}

export interface ClockTrend {
  readonly clock: ClockName;
  /** `2026-Q1`. */
  readonly quarter: string;
  readonly severity: string;
  readonly count: number;
  readonly medianSeconds: number;
  readonly p90Seconds: number;
}

export interface Insights {
  readonly postMortems: number;
  readonly restricted: number;
  readonly clockTrends: readonly ClockTrend[];
  readonly rootCauseCategories: readonly {
    readonly category: string;
    readonly count: number;
    readonly postMortems: number;
  }[];
  readonly contributingFactorCategories: readonly { readonly category: string; readonly count: number }[];
  readonly techniques: readonly { readonly technique: string; readonly postMortems: number }[];
  readonly initialAccess: readonly { readonly technique: string; readonly postMortems: number }[];
  readonly recommendations: {
    readonly total: number;
    readonly completed: number;
    readonly verified: number;
    /** Completed: done, verified, risk-accepted or rejected. */
    readonly completionRate: number | null;
    /** Verified among done and verified. */
    readonly verificationRate: number | null;
    /** Median days from the first recorded change to a closing status, over recommendations with a history. */
    readonly medianDaysToClose: number | null;
    /** How many recommendations are in each status (every status present, 0 when none). */
    readonly byStatus: Readonly<Record<RecommendationStatus, number>>;
  };
  /** Per post-mortem with recommendations, most open first; restricted ones folded into one unnamed row, last. */
  readonly completionByPostMortem: readonly PostMortemCompletion[];
  /** Each incident's clocks (`CLOCK_POINT_CLOCKS`) as points in time, oldest first. */
  readonly clockPoints: readonly ClockPoint[];
  readonly overdueByOwner: readonly {
    readonly owner: string;
    readonly overdue: number;
    readonly postMortems: readonly string[];
  }[];
  /** "On this day": incidents detected on today's month and day in an earlier year, with actions still open. */
  readonly onThisDay: readonly {
    readonly id: string;
    readonly title: string;
    readonly yearsAgo: number;
    readonly openActions: number;
  }[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

function quarterOf(instant: string): string {
  const date = new Date(instantOf(instant).epochMs);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const ranked = (counts: Map<string, number>) =>
  [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

const CLOSED = new Set(['done', 'verified', 'risk-accepted', 'rejected']);

function completionOf(
  docs: readonly PostMortem[],
  today: string,
): Omit<PostMortemCompletion, 'postMortem' | 'title'> {
  const recs = docs.flatMap((d) => d.recommendations);
  const count = (test: (r: (typeof recs)[number]) => boolean) => recs.filter(test).length;
  return {
    total: recs.length,
    open: count((r) => OPEN_STATUSES.has(r.status)),
    done: count((r) => r.status === 'done'),
    verified: count((r) => r.status === 'verified'),
    closedOther: count((r) => r.status === 'risk-accepted' || r.status === 'rejected'),
    overdue: count((r) => isOverdueOn(r, today)),
  };
}

/** Completion per post-mortem with recommendations; the restricted ones together, unnamed, last. */
function completionByPostMortem(docs: readonly PostMortem[], today: string): PostMortemCompletion[] {
  const named = docs
    .filter((d) => !d.restricted && d.recommendations.length > 0)
    .map((d) => ({ postMortem: d.id, title: d.title, ...completionOf([d], today) }))
    .sort((a, b) => b.open - a.open || a.postMortem.localeCompare(b.postMortem));
  const restricted = docs.filter((d) => d.restricted && d.recommendations.length > 0);
  return restricted.length === 0
    ? named
    : [...named, { postMortem: null, title: null, ...completionOf(restricted, today) }];
}

/** Insights over `docs`; `today` (YYYY-MM-DD) decides what is overdue. */
export function computeInsights(docs: readonly PostMortem[], options: { readonly today: string }): Insights {
  const trends = new Map<string, { clock: ClockName; quarter: string; severity: string; values: number[] }>();
  const clockPoints: ClockPoint[] = [];
  for (const doc of docs) {
    const clocks = computeClocks(doc);
    for (const name of CLOCK_POINT_CLOCKS) {
      const clock = clocks[name];
      if (!isMeasured(clock)) continue;
      const postMortem = doc.restricted ? null : doc.id;
      clockPoints.push({
        clock: name,
        at: clock.to,
        seconds: clock.seconds,
        severity: doc.severity,
        postMortem,
      });
    }
    for (const name of INSIGHT_CLOCKS) {
      const clock = clocks[name];
      if (!isMeasured(clock)) continue;
      const quarter = quarterOf(clock.to);
      const key = `${name}|${quarter}|${doc.severity}`;
      const entry = trends.get(key) ?? { clock: name, quarter, severity: doc.severity, values: [] };
      entry.values.push(clock.seconds);
      trends.set(key, entry);
    }
  }
  const clockTrends = [...trends.values()]
    .map((t) => {
      const sorted = [...t.values].sort((a, b) => a - b);
      return {
        clock: t.clock,
        quarter: t.quarter,
        severity: t.severity,
        count: sorted.length,
        medianSeconds: quantile(sorted, 0.5),
        p90Seconds: quantile(sorted, 0.9),
      };
    })
    .sort(
      (a, b) =>
        a.clock.localeCompare(b.clock) ||
        a.quarter.localeCompare(b.quarter) ||
        a.severity.localeCompare(b.severity),
    );

  const rootCauses = docs.flatMap((d) =>
    d.analysis.rootCauses.map((r) => ({ doc: d.id, category: r.category })),
  );
  const perDoc = new Map<string, Set<string>>();
  for (const r of rootCauses) perDoc.set(r.category, (perDoc.get(r.category) ?? new Set()).add(r.doc));
  const techniques = new Map<string, Set<string>>();
  const initial = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const t of new Set([
      ...doc.timeline.flatMap((e) => e.attack),
      ...doc.analysis.attack.techniques.map((x) => x.id),
    ]))
      techniques.set(t, (techniques.get(t) ?? new Set()).add(doc.id));
    const ia = doc.analysis.attack.initialAccess;
    if (ia !== undefined) initial.set(ia, (initial.get(ia) ?? new Set()).add(doc.id));
  }
  const bySize = (m: Map<string, Set<string>>) =>
    [...m.entries()]
      .map(([technique, set]) => ({ technique, postMortems: set.size }))
      .sort((a, b) => b.postMortems - a.postMortems || a.technique.localeCompare(b.technique));

  const recs = docs.flatMap((d) => d.recommendations.map((r) => ({ doc: d, r })));
  const completed = recs.filter(({ r }) => CLOSED.has(r.status)).length;
  const doneOrVerified = recs.filter(({ r }) => r.status === 'done' || r.status === 'verified');
  const verified = recs.filter(({ r }) => r.status === 'verified').length;
  const closeDays = recs
    .filter(({ r }) => CLOSED.has(r.status) && r.history.length > 0)
    .map(({ r }) => {
      const first = instantOf(r.history[0]?.at as string).epochMs;
      const closing = [...r.history].reverse().find((h) => CLOSED.has(h.to));
      return closing ? (instantOf(closing.at).epochMs - first) / 86_400_000 : undefined;
    })
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);

  const byStatus = Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<
    RecommendationStatus,
    number
  >;
  for (const { r } of recs) byStatus[r.status]++;

  const overdue = new Map<string, { count: number; docs: Set<string> }>();
  for (const { doc, r } of recs) {
    if (!isOverdueOn(r, options.today) || !OPEN_STATUSES.has(r.status)) continue;
    // A restricted post-mortem's owners and ids stay out of the details.
    const owner = doc.restricted
      ? '(restricted post-mortems)'
      : (doc.people.find((p) => p.id === r.owner)?.name ?? r.owner ?? '(no owner)');
    const entry = overdue.get(owner) ?? { count: 0, docs: new Set<string>() };
    entry.count++;
    if (!doc.restricted) entry.docs.add(doc.id);
    overdue.set(owner, entry);
  }

  // Restricted post-mortems are never resurfaced by name.
  const monthDay = options.today.slice(5, 10);
  const year = Number(options.today.slice(0, 4));
  const onThisDay = docs.flatMap((d) => {
    const detection = earliestMilestones(d).get('detection');
    const open = d.recommendations.filter((r) => OPEN_STATUSES.has(r.status)).length;
    if (d.restricted || !detection || open === 0) return [];
    const detected = toUtcIso(detection.instant.epochMs);
    const yearsAgo = year - Number(detected.slice(0, 4));
    return detected.slice(5, 10) === monthDay && yearsAgo > 0
      ? [{ id: d.id, title: d.title, yearsAgo, openActions: open }]
      : [];
  });

  return {
    onThisDay,
    postMortems: docs.length,
    restricted: docs.filter((d) => d.restricted).length,
    clockTrends,
    rootCauseCategories: ranked(countBy(rootCauses, (r) => r.category)).map(([category, count]) => ({
      category,
      count,
      postMortems: perDoc.get(category)?.size ?? 0,
    })),
    contributingFactorCategories: ranked(
      countBy(
        docs.flatMap((d) => d.analysis.contributingFactors),
        (c) => c.category,
      ),
    ).map(([category, count]) => ({ category, count })),
    techniques: bySize(techniques),
    initialAccess: bySize(initial),
    recommendations: {
      total: recs.length,
      completed,
      verified,
      completionRate: recs.length === 0 ? null : completed / recs.length,
      verificationRate: doneOrVerified.length === 0 ? null : verified / doneOrVerified.length,
      medianDaysToClose: closeDays.length === 0 ? null : quantile(closeDays, 0.5),
      byStatus,
    },
    completionByPostMortem: completionByPostMortem(docs, options.today),
    clockPoints: clockPoints.sort(
      (a, b) =>
        instantOf(a.at).epochMs - instantOf(b.at).epochMs ||
        a.clock.localeCompare(b.clock) ||
        (a.postMortem ?? '').localeCompare(b.postMortem ?? ''),
    ),
    overdueByOwner: [...overdue.entries()]
      .map(([owner, e]) => ({ owner, overdue: e.count, postMortems: [...e.docs].sort() }))
      .sort((a, b) => b.overdue - a.overdue || a.owner.localeCompare(b.owner)),
  };
}
