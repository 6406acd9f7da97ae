/**
 * Regulatory notification clocks: for each obligation of the regimes a post-mortem lists, whether it applies (from
 * the incident attributes), what it counts from (a milestone of the curated timeline, or the submission of an
 * earlier report), when it is due, and whether it was met, missed or is still due at a given instant. "Without
 * undue delay" has no computable deadline: such obligations are `not-computable` with the time elapsed.
 *
 * The regimes and holiday calendars are data (`src/core/compliance/*.json`, versioned, with their sources); the
 * functions here take them as parameters with the shipped tables as defaults. This is not legal advice.
 */

import regimeData from './compliance/regimes.json' with { type: 'json' };
import usFederalHolidays from './compliance/us-federal-holidays.json' with { type: 'json' };
import type { HolidayCalendar, Period } from './compliance-periods.js';
import { describePeriod, periodEnd } from './compliance-periods.js';
import { type DatedEntry, earliestMilestones } from './milestones.js';
import type { ComplianceAttributes, NotificationRecord, PostMortem } from './model.js';
import { formatInOffset, humanDuration, instantOf, type ParsedInstant } from './time.js';
import type { ComplianceRegime, MilestoneKind, RiskLevel } from './vocabulary.js';

/** What a clock counts from: the earliest of some milestones, or the submission of an earlier obligation. */
export type ObligationTrigger =
  | { readonly milestones: readonly MilestoneKind[] }
  | { readonly submitted: string; readonly use: 'first' | 'latest' };

/** One clock of an obligation; without `within` the obligation is "without undue delay". */
export interface ObligationClock {
  readonly from: ObligationTrigger;
  readonly within?: Period;
}

/** When an obligation applies; every condition given must hold. */
export interface ApplicabilityCondition {
  readonly personalData?: boolean;
  readonly riskLevel?: readonly RiskLevel[];
  readonly significant?: boolean;
  readonly major?: boolean;
  readonly material?: boolean;
  readonly ransomPaid?: boolean;
  readonly peopleAffected?: { readonly atLeast?: number; readonly below?: number };
  readonly peopleAffectedInOneJurisdiction?: { readonly atLeast: number };
  readonly entityFlag?: string;
  readonly notEntityFlag?: string;
}

export interface Source {
  readonly url: string;
  /** False: cited from memory, to verify. */
  readonly read: boolean;
  readonly note?: string;
}

/** One duty of a regime: a report to someone, within a period of a trigger. */
export interface ObligationDefinition {
  /** Matched against `compliance.notifications[].obligation` (or one of the aliases). */
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly title: string;
  readonly provision: string;
  readonly recipient: string;
  readonly when?: ApplicabilityCondition;
  /** One clock, or several: the deadline is the earliest that has not passed before the last trigger. */
  readonly clocks: readonly ObligationClock[];
  readonly uncertain?: boolean;
  readonly notes?: readonly string[];
}

export interface RegimeDefinition {
  readonly regime: ComplianceRegime;
  readonly name: string;
  readonly status: 'in-force' | 'proposed';
  /** Triggers before this date are outside the regime (not yet in force). */
  readonly effectiveFrom?: string;
  readonly uncertain?: boolean;
  readonly notes?: readonly string[];
  readonly sources: readonly Source[];
  readonly obligations: readonly ObligationDefinition[];
}

/** The regime table (`src/core/compliance/regimes.json`). */
export interface RegimeTable {
  readonly version: string;
  readonly reviewed: string;
  readonly regimes: readonly RegimeDefinition[];
}

/** The shipped regime table; `src/contract/compliance-table.test.ts` validates it against its schema. */
export const DEFAULT_REGIME_TABLE = regimeData as unknown as RegimeTable;
/** The shipped holiday calendars by id. */
export const DEFAULT_CALENDARS: ReadonlyMap<string, HolidayCalendar> = new Map([
  [usFederalHolidays.id, usFederalHolidays as unknown as HolidayCalendar],
]);

export const OBLIGATION_STATUSES = ['met', 'missed', 'due', 'not-applicable', 'not-computable'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** Where a deadline counts from. */
export interface TriggerFound {
  /** `awareness milestone (T-12)`, `submission of initial (N-2)`. */
  readonly description: string;
  /** The instant in the offset it was recorded in. */
  readonly at: string;
  readonly entry?: string;
  readonly notification?: string;
}

/** The state of one obligation at the evaluation instant. */
export interface ObligationResult {
  readonly regime: ComplianceRegime;
  readonly regimeName: string;
  readonly obligation: string;
  readonly title: string;
  readonly provision: string;
  readonly recipient: string;
  readonly status: ObligationStatus;
  /** Why: the condition that made it (not) apply, how the deadline was computed, when it was submitted. */
  readonly reason: string;
  /** `72 h`, `4 business days (us-federal)`, or `without undue delay`. */
  readonly period: string;
  readonly trigger?: TriggerFound;
  /** The deadline, in the trigger's offset. */
  readonly due?: string;
  /** Seconds from the evaluation instant to the deadline (negative when past); only while not submitted. */
  readonly secondsLeft?: number;
  readonly submittedAt?: string;
  readonly notification?: string;
  /** A proposed rule (not in force), an uncertain table entry, or an uncertain holiday in the count. */
  readonly proposed: boolean;
  readonly uncertain: boolean;
  readonly approximate: boolean;
  readonly notes: readonly string[];
}

/** Every obligation of the listed regimes at one instant. */
export interface ComplianceReport {
  /** The evaluation instant (UTC). */
  readonly at: string;
  readonly tableVersion: string;
  readonly results: readonly ObligationResult[];
  /** Notifications whose regime is not listed or whose obligation matches none of the regime's. */
  readonly unmatchedNotifications: readonly {
    readonly index: number;
    readonly id: string;
    readonly reason: string;
  }[];
}

export interface ComplianceOptions {
  /** The instant to evaluate at (ISO 8601 with offset). */
  readonly at: string;
  readonly table?: RegimeTable;
  readonly calendars?: ReadonlyMap<string, HolidayCalendar>;
}

type Attributes = ComplianceAttributes;

/** `undefined` when the condition holds, else why not; `unknown` marks a missing attribute. */
function checkCondition(
  when: ApplicabilityCondition | undefined,
  a: Attributes,
): { holds: true } | { holds: false; unknown: boolean; reason: string } {
  if (!when) return { holds: true };
  const no = (reason: string, unknown = false) => ({ holds: false as const, unknown, reason });
  const flags: [keyof ApplicabilityCondition & keyof Attributes, string][] = [
    ['personalData', 'personal data is involved'],
    ['significant', 'the incident is significant'],
    ['major', 'the incident is major'],
    ['material', 'the incident is material'],
    ['ransomPaid', 'a ransom was paid'],
  ];
  for (const [key, words] of flags) {
    const wanted = when[key];
    if (wanted !== undefined && a[key] !== wanted) {
      return no(
        `applies only when ${wanted ? '' : 'not '}${words} (compliance.attributes.${key} is ${a[key]})`,
      );
    }
  }
  if (when.riskLevel) {
    if (a.riskLevel === undefined)
      return no(`depends on the risk level: set compliance.attributes.riskLevel`, true);
    if (!when.riskLevel.includes(a.riskLevel))
      return no(`applies only at risk level ${when.riskLevel.join(' or ')} (it is ${a.riskLevel})`);
  }
  if (when.peopleAffected) {
    const { atLeast, below } = when.peopleAffected;
    if (a.peopleAffected === undefined)
      return no('depends on the number of people affected: set compliance.attributes.peopleAffected', true);
    if (atLeast !== undefined && a.peopleAffected < atLeast)
      return no(`applies only from ${atLeast} people affected (${a.peopleAffected})`);
    if (below !== undefined && a.peopleAffected >= below)
      return no(`applies only below ${below} people affected (${a.peopleAffected})`);
  }
  if (when.peopleAffectedInOneJurisdiction) {
    const counts: number[] = Object.values(a.peopleAffectedByJurisdiction);
    const { atLeast } = when.peopleAffectedInOneJurisdiction;
    if (counts.length === 0)
      return no(
        'depends on the people affected per jurisdiction: set compliance.attributes.peopleAffectedByJurisdiction',
        true,
      );
    if (!counts.some((n) => n >= atLeast))
      return no(
        `applies only from ${atLeast} people affected in one jurisdiction (at most ${Math.max(...counts)})`,
      );
  }
  if (when.entityFlag !== undefined && !a.entityFlags.includes(when.entityFlag))
    return no(`applies only with the entity flag "${when.entityFlag}" in compliance.attributes.entityFlags`);
  if (when.notEntityFlag !== undefined && a.entityFlags.includes(when.notEntityFlag))
    return no(`does not apply with the entity flag "${when.notEntityFlag}"`);
  return { holds: true };
}

interface Instant {
  readonly parsed: ParsedInstant;
  readonly found: TriggerFound;
  readonly approximate: boolean;
}

function notificationsFor(
  notifications: readonly NotificationRecord[],
  regime: ComplianceRegime,
  obligation: ObligationDefinition,
): { n: NotificationRecord; at: ParsedInstant }[] {
  const names = [obligation.id, ...(obligation.aliases ?? [])];
  return notifications
    .filter((n) => n.regime === regime && n.obligation !== undefined && names.includes(n.obligation))
    .map((n) => ({ n, at: instantOf(n.submittedAt) }))
    .sort((x, y) => x.at.epochMs - y.at.epochMs);
}

function show(parsed: ParsedInstant): string {
  return formatInOffset(parsed.epochMs, parsed.offsetMinutes ?? 0);
}

function findTrigger(
  trigger: ObligationTrigger,
  milestones: ReadonlyMap<MilestoneKind, DatedEntry>,
  regime: RegimeDefinition,
  notifications: readonly NotificationRecord[],
): Instant | { missing: string } {
  if ('milestones' in trigger) {
    const present = trigger.milestones
      .map((kind) => ({ kind, dated: milestones.get(kind) }))
      .filter((m): m is { kind: MilestoneKind; dated: DatedEntry } => m.dated !== undefined)
      .sort((x, y) => x.dated.instant.epochMs - y.dated.instant.epochMs);
    const first = present[0];
    if (!first) return { missing: `no ${trigger.milestones.join(' or ')} milestone in the timeline` };
    const { dated, kind } = first;
    return {
      parsed: dated.instant,
      approximate: dated.instant.precision === 'date' || dated.entry.uncertain,
      found: {
        description: `${kind} milestone (${dated.entry.id})`,
        at: show(dated.instant),
        entry: dated.entry.id,
      },
    };
  }
  const earlier = regime.obligations.find((o) => o.id === trigger.submitted);
  const submissions = earlier ? notificationsFor(notifications, regime.regime, earlier) : [];
  const chosen = trigger.use === 'first' ? submissions[0] : submissions[submissions.length - 1];
  if (!chosen) {
    return {
      missing: `counts from the submission of the ${earlier?.title.toLowerCase() ?? trigger.submitted} (${regime.regime} ${trigger.submitted}), not recorded in compliance.notifications yet`,
    };
  }
  return {
    parsed: chosen.at,
    approximate: chosen.at.precision === 'date',
    found: {
      description: `${trigger.use === 'latest' ? 'latest ' : ''}submission of ${trigger.submitted} (${chosen.n.id})`,
      at: show(chosen.at),
      notification: chosen.n.id,
    },
  };
}

function evaluateObligation(
  regime: RegimeDefinition,
  obligation: ObligationDefinition,
  doc: PostMortem,
  milestones: ReadonlyMap<MilestoneKind, DatedEntry>,
  atMs: number,
  calendars: ReadonlyMap<string, HolidayCalendar>,
): ObligationResult {
  const timed = obligation.clocks.filter((c) => c.within !== undefined);
  const asap = timed.length === 0;
  const base = {
    regime: regime.regime,
    regimeName: regime.name,
    obligation: obligation.id,
    title: obligation.title,
    provision: obligation.provision,
    recipient: obligation.recipient,
    period: asap ? 'without undue delay' : timed.map((c) => describePeriod(c.within as Period)).join(' or '),
    proposed: regime.status === 'proposed',
    notes: [...(regime.notes ?? []), ...(obligation.notes ?? [])],
  };
  let uncertain = regime.uncertain === true || obligation.uncertain === true;
  const proposedPrefix = regime.status === 'proposed' ? 'proposed rule, not in force; ' : '';
  const result = (
    status: ObligationStatus,
    reason: string,
    extra: Partial<ObligationResult> = {},
  ): ObligationResult => ({
    ...base,
    status,
    reason: proposedPrefix + reason,
    uncertain,
    approximate: false,
    ...extra,
  });

  const condition = checkCondition(obligation.when, doc.compliance.attributes);
  if (!condition.holds)
    return result(condition.unknown ? 'not-computable' : 'not-applicable', condition.reason);

  // Every clock's trigger must be known: a missing one could move the deadline.
  const clocks = obligation.clocks.map((clock) => ({
    clock,
    trigger: findTrigger(clock.from, milestones, regime, doc.compliance.notifications),
  }));
  const missing = clocks.flatMap((c) => ('missing' in c.trigger ? [c.trigger.missing] : []));
  if (missing.length > 0) return result('not-computable', missing.join('; '));
  const triggers = clocks.map((c) => ({ clock: c.clock, trigger: c.trigger as Instant }));
  const approximate = triggers.some((t) => t.trigger.approximate);

  const first = triggers[0] as (typeof triggers)[number];
  if (regime.effectiveFrom !== undefined && first.trigger.parsed.epochMs < Date.parse(regime.effectiveFrom)) {
    return result('not-applicable', `not in force before ${regime.effectiveFrom}`, {
      trigger: first.trigger.found,
    });
  }

  const submissions = notificationsFor(doc.compliance.notifications, regime.regime, obligation);
  const submitted = submissions[0];
  const submittedExtra = submitted
    ? { submittedAt: submitted.n.submittedAt, notification: submitted.n.id }
    : {};

  if (asap) {
    const since = submitted ? submitted.at.epochMs : atMs;
    const elapsed = humanDuration(Math.round((since - first.trigger.parsed.epochMs) / 1000));
    return result(
      'not-computable',
      `"without undue delay": no fixed deadline; ${submitted ? `submitted ${elapsed} after the ${first.trigger.found.description}` : `${elapsed} elapsed since the ${first.trigger.found.description}, not submitted`}`,
      { trigger: first.trigger.found, approximate, ...submittedExtra },
    );
  }

  // The deadline: the earliest clock end that is not before the last trigger (DORA: a 24 h clock that ran out
  // before the classification gives way to the 4 h one).
  const ends: { end: number; trigger: Instant; clock: ObligationClock; uncertainDays: readonly string[] }[] =
    [];
  for (const { clock, trigger } of triggers) {
    if (!clock.within) continue;
    const end = periodEnd(trigger.parsed, clock.within, calendars);
    if (!end.ok) return result('not-computable', end.reason, { trigger: trigger.found, approximate });
    ends.push({ end: end.epochMs, trigger, clock, uncertainDays: end.uncertainDays });
  }
  const lastTrigger = Math.max(...triggers.map((t) => t.trigger.parsed.epochMs));
  const candidates = ends.filter((e) => e.end >= lastTrigger).sort((x, y) => x.end - y.end);
  const chosen = candidates[0] ?? (ends[0] as (typeof ends)[number]);
  if (chosen.uncertainDays.length > 0) uncertain = true;
  const offset = chosen.trigger.parsed.offsetMinutes ?? 0;
  const due = formatInOffset(chosen.end, offset);
  const describe = (e: (typeof ends)[number]) =>
    `${describePeriod(e.clock.within as Period)} after the ${e.trigger.found.description} at ${e.trigger.found.at}`;
  let computation = describe(chosen);
  if (ends.length > 1) {
    const others = ends.filter((e) => e !== chosen);
    const passed = others.filter((e) => e.end < lastTrigger);
    computation +=
      passed.length > 0
        ? `; ${passed.map(describe).join(', ')} ran out before the later trigger`
        : ` (earlier than ${others.map(describe).join(', ')})`;
  }
  if (chosen.uncertainDays.length > 0)
    computation += `; skipped uncertain closure day(s): ${chosen.uncertainDays.join(', ')}`;
  const extra = { trigger: chosen.trigger.found, due, approximate, ...submittedExtra };

  if (submitted) {
    const delta = Math.round((submitted.at.epochMs - chosen.end) / 1000);
    return delta <= 0
      ? result('met', `submitted ${humanDuration(-delta)} before the deadline (${computation})`, extra)
      : result('missed', `submitted ${humanDuration(delta)} late (${computation})`, extra);
  }
  const secondsLeft = Math.round((chosen.end - atMs) / 1000);
  return secondsLeft >= 0
    ? result('due', `${humanDuration(secondsLeft)} left (${computation})`, { ...extra, secondsLeft })
    : result('missed', `overdue by ${humanDuration(-secondsLeft)}, not submitted (${computation})`, {
        ...extra,
        secondsLeft,
      });
}

/** Evaluates every obligation of the regimes in `compliance.regimes` at `options.at`. */
export function evaluateCompliance(doc: PostMortem, options: ComplianceOptions): ComplianceReport {
  const table = options.table ?? DEFAULT_REGIME_TABLE;
  const calendars = options.calendars ?? DEFAULT_CALENDARS;
  const at = instantOf(options.at);
  const milestones = earliestMilestones(doc);
  const results: ObligationResult[] = [];
  const listed = new Set(doc.compliance.regimes);
  for (const regime of table.regimes) {
    if (!listed.has(regime.regime)) continue;
    for (const obligation of regime.obligations) {
      results.push(evaluateObligation(regime, obligation, doc, milestones, at.epochMs, calendars));
    }
  }
  return {
    at: formatInOffset(at.epochMs, 0),
    tableVersion: table.version,
    results,
    unmatchedNotifications: unmatchedNotifications(doc, table),
  };
}

/** Notifications that no obligation can count: an unlisted or unknown regime, or an unknown obligation id. */
export function unmatchedNotifications(
  doc: Pick<PostMortem, 'compliance'>,
  table: RegimeTable = DEFAULT_REGIME_TABLE,
): { index: number; id: string; reason: string }[] {
  const out: { index: number; id: string; reason: string }[] = [];
  const listed = new Set(doc.compliance.regimes);
  doc.compliance.notifications.forEach((n, index) => {
    const regime = table.regimes.find((r) => r.regime === n.regime);
    const ids = regime?.obligations.map((o) => o.id) ?? [];
    let reason: string | undefined;
    if (!regime) reason = `the regime table has no ${n.regime}`;
    else if (!listed.has(n.regime))
      reason = `${n.regime} is not listed in compliance.regimes, so its deadlines are not computed`;
    else if (n.obligation === undefined) reason = `no obligation named; ${n.regime} has ${ids.join(', ')}`;
    else if (
      !regime.obligations.some((o) => o.id === n.obligation || o.aliases?.includes(n.obligation ?? ''))
    )
      reason = `"${n.obligation}" is not an obligation of ${n.regime} (${ids.join(', ')})`;
    if (reason !== undefined) out.push({ index, id: n.id, reason });
  });
  return out;
}
