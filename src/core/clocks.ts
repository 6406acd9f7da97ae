/**
 * Incident clocks: durations between milestones of the curated timeline, compared with targets.
 *
 * Each clock runs from the earliest entry of one milestone kind to the earliest entry of another. A clock is
 * approximate when either end is known only to the day or is marked uncertain. A clock whose milestones are
 * missing has `seconds: null` and a reason, so a report can say what is missing instead of hiding the clock.
 */
import { type DatedEntry, earliestMilestones } from './milestones.js';
import type { PostMortem } from './model.js';
import { formatDuration, parseDuration, type Seconds, toUtcIso } from './time.js';
import { CLOCK_NAMES, type ClockName, type MilestoneKind, type Severity } from './vocabulary.js';

/** The milestones a clock runs between (the earliest entry of each kind) and its human-readable label. */
export interface ClockDefinition {
  readonly from: MilestoneKind;
  readonly to: MilestoneKind;
  readonly label: string;
}

/** What each clock measures. */
export const CLOCK_DEFINITIONS: Readonly<Record<ClockName, ClockDefinition>> = {
  timeToDetect: { from: 'compromise', to: 'detection', label: 'Time to detect (dwell time)' },
  impactToDetection: { from: 'impact-start', to: 'detection', label: 'Impact to detection' },
  timeToAcknowledge: { from: 'detection', to: 'acknowledgement', label: 'Time to acknowledge' },
  timeToContain: { from: 'detection', to: 'containment', label: 'Time to contain' },
  timeToEradicate: { from: 'detection', to: 'eradication', label: 'Time to eradicate' },
  timeToRecover: { from: 'detection', to: 'recovery', label: 'Time to recover' },
  timeToResolve: { from: 'detection', to: 'resolution', label: 'Time to resolve' },
  totalDuration: { from: 'compromise', to: 'resolution', label: 'Total duration' },
  timeToFirstNotification: { from: 'awareness', to: 'notification', label: 'Time to first notification' },
  timeToFirstUpdate: {
    from: 'detection',
    to: 'stakeholder-update',
    label: 'Time to first stakeholder update',
  },
};

/**
 * Default targets per severity, used for any clock the document sets no target for. They are starting points
 * for a team without its own; `evaluation.targets` in the document overrides them clock by clock.
 */
export const DEFAULT_TARGETS: Readonly<Record<Severity, Readonly<Partial<Record<ClockName, string>>>>> = {
  critical: {
    timeToDetect: 'P1D',
    impactToDetection: 'PT1H',
    timeToAcknowledge: 'PT15M',
    timeToContain: 'PT4H',
    timeToEradicate: 'P2D',
    timeToRecover: 'P3D',
    timeToResolve: 'P7D',
    timeToFirstNotification: 'PT24H',
    timeToFirstUpdate: 'PT1H',
  },
  high: {
    timeToDetect: 'P2D',
    impactToDetection: 'PT4H',
    timeToAcknowledge: 'PT30M',
    timeToContain: 'PT12H',
    timeToEradicate: 'P5D',
    timeToRecover: 'P7D',
    timeToResolve: 'P14D',
    timeToFirstNotification: 'PT72H',
    timeToFirstUpdate: 'PT2H',
  },
  medium: {
    timeToDetect: 'P7D',
    impactToDetection: 'PT24H',
    timeToAcknowledge: 'PT4H',
    timeToContain: 'P2D',
    timeToEradicate: 'P14D',
    timeToRecover: 'P14D',
    timeToResolve: 'P30D',
    timeToFirstNotification: 'PT72H',
    timeToFirstUpdate: 'PT8H',
  },
  low: {
    timeToDetect: 'P14D',
    impactToDetection: 'P3D',
    timeToAcknowledge: 'PT24H',
    timeToContain: 'P5D',
    timeToEradicate: 'P30D',
    timeToRecover: 'P30D',
    timeToResolve: 'P60D',
    timeToFirstNotification: 'PT72H',
    timeToFirstUpdate: 'PT24H',
  },
};

/** The duration a clock should stay within, in seconds and as the ISO 8601 text it came from. */
export interface ClockTarget {
  readonly seconds: Seconds;
  readonly iso: string;
  /** Whether the document set the target or the severity default applied. */
  readonly source: 'document' | 'default';
}

/**
 * A clock whose two milestones are present: its duration in seconds (negative when they are out of order),
 * the timeline entries it was measured between, and whether it breached its target.
 */
export interface MeasuredClock {
  readonly seconds: Seconds;
  readonly iso: string;
  /** UTC instant of the starting milestone. */
  readonly from: string;
  /** UTC instant of the ending milestone. */
  readonly to: string;
  readonly fromEntry: string;
  readonly toEntry: string;
  readonly approximate: boolean;
  readonly target?: ClockTarget;
  /** True when a target exists and the clock exceeds it. */
  readonly breached: boolean;
}

/** A clock that cannot be computed because a milestone is missing; kept so reports say what is missing. */
export interface MissingClock {
  readonly seconds: null;
  /** Why the clock cannot be computed, e.g. `no containment milestone`. */
  readonly reason: string;
  readonly target?: ClockTarget;
}

/** One incident clock's result, measured or missing; narrow it with `isMeasured`. */
export type Clock = MeasuredClock | MissingClock;
/** Every clock of a post-mortem by name, as `computeClocks` returns them (the JSON of `debrief metrics`). */
export type Clocks = Readonly<Record<ClockName, Clock>>;

/** The target of every clock for this document: its own target, or the default for its severity. */
export function resolveTargets(
  doc: Pick<PostMortem, 'severity' | 'evaluation'>,
): Partial<Record<ClockName, ClockTarget>> {
  const targets: Partial<Record<ClockName, ClockTarget>> = {};
  for (const name of CLOCK_NAMES) {
    const own = doc.evaluation.targets[name];
    const text = own ?? DEFAULT_TARGETS[doc.severity][name];
    if (text === undefined) continue;
    const parsed = parseDuration(text);
    // The schema rejects invalid durations, so a failure here means an unvalidated document; skip the target.
    if (!parsed.ok) continue;
    targets[name] = { seconds: parsed.value, iso: text, source: own === undefined ? 'default' : 'document' };
  }
  return targets;
}

function isApproximate(dated: DatedEntry): boolean {
  return dated.instant.precision === 'date' || dated.entry.uncertain;
}

/** Computes every clock of a post-mortem from its curated timeline's milestones. */
export function computeClocks(doc: Pick<PostMortem, 'timeline' | 'severity' | 'evaluation'>): Clocks {
  const milestones = earliestMilestones(doc);
  const targets = resolveTargets(doc);
  const clocks = {} as Record<ClockName, Clock>;
  for (const name of CLOCK_NAMES) {
    const def = CLOCK_DEFINITIONS[name];
    const start = milestones.get(def.from);
    const end = milestones.get(def.to);
    const target = targets[name];
    if (start === undefined || end === undefined) {
      const missing = [def.from, def.to].filter((kind) => !milestones.has(kind));
      const reason = `no ${missing.join(' milestone and no ')} milestone`;
      clocks[name] = target === undefined ? { seconds: null, reason } : { seconds: null, reason, target };
      continue;
    }
    const seconds = Math.round((end.instant.epochMs - start.instant.epochMs) / 1000) as Seconds;
    const measured: MeasuredClock = {
      seconds,
      iso: formatDuration(seconds),
      from: toUtcIso(start.instant.epochMs),
      to: toUtcIso(end.instant.epochMs),
      fromEntry: start.entry.id,
      toEntry: end.entry.id,
      approximate: isApproximate(start) || isApproximate(end),
      breached: target !== undefined && seconds > target.seconds,
      ...(target === undefined ? {} : { target }),
    };
    clocks[name] = measured;
  }
  return clocks;
}

/** Is this clock measured (both milestones present)? */
export function isMeasured(clock: Clock): clock is MeasuredClock {
  return clock.seconds !== null;
}

/** A measured clock that exceeded its target, as `listBreaches` reports it. */
export interface Breach {
  readonly clock: ClockName;
  readonly seconds: Seconds;
  readonly target: ClockTarget;
  /** How far over the target, in seconds. */
  readonly overBy: Seconds;
}

/** The clocks that exceed their target, in clock order. */
export function listBreaches(clocks: Clocks): Breach[] {
  const breaches: Breach[] = [];
  for (const name of CLOCK_NAMES) {
    const clock = clocks[name];
    if (isMeasured(clock) && clock.breached && clock.target) {
      breaches.push({
        clock: name,
        seconds: clock.seconds,
        target: clock.target,
        overBy: (clock.seconds - clock.target.seconds) as Seconds,
      });
    }
  }
  return breaches;
}
