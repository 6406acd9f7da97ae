/**
 * The response evaluation scorecard: how well the response went, computed from the clocks against their targets,
 * the detection source, and attacker activity after containment, plus the team's own strengths, weaknesses and
 * lucky breaks. Every score says how it was computed; what the document cannot support is listed as not
 * computable with the reason, never guessed.
 */

import { CLOCK_DEFINITIONS, computeClocks, isMeasured } from './clocks.js';
import { evaluateCompliance } from './compliance.js';
import { datedTimeline, earliestOf } from './milestones.js';
import type { PostMortem } from './model.js';
import type { PlaybookCheck } from './playbook.js';
import { humanDuration, parseDuration } from './time.js';
import { CLOCK_NAMES, type DetectionSource, type Severity } from './vocabulary.js';

/** One scored aspect of the response: 0 to 100, or null with the reason it cannot be computed. */
export interface ScoreItem {
  readonly id: string;
  readonly label: string;
  readonly score: number | null;
  /** How the score was computed, in words and numbers; or why it could not be. */
  readonly computation: string;
}

/** The whole scorecard. */
export interface Scorecard {
  /** The mean of the computable items, rounded; null when none is computable. */
  readonly overall: number | null;
  readonly items: readonly ScoreItem[];
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
  readonly luckyBreaks: readonly string[];
}

/**
 * How much a detection source says about the organization's own controls: its controls or its people found the
 * incident (best), or someone outside told it, or the attacker did (worst).
 */
export const DETECTION_SOURCE_SCORES: Readonly<
  Record<DetectionSource, { score: number | null; kind: string }>
> = {
  'internal-control': { score: 100, kind: 'an internal control' },
  'employee-report': { score: 75, kind: 'an employee report' },
  'third-party': { score: 40, kind: 'a third party (external)' },
  customer: { score: 25, kind: 'a customer (external)' },
  'law-enforcement': { score: 25, kind: 'law enforcement (external)' },
  'attacker-notice': { score: 0, kind: "the attacker's own notice" },
  unknown: { score: null, kind: 'an unknown source' },
};

function clockItems(doc: PostMortem): ScoreItem[] {
  const clocks = computeClocks(doc);
  return CLOCK_NAMES.map((name) => {
    const clock = clocks[name];
    const label = CLOCK_DEFINITIONS[name].label;
    const id = `clock:${name}`;
    if (!isMeasured(clock)) return { id, label, score: null, computation: `not computable: ${clock.reason}` };
    if (!clock.target)
      return { id, label, score: null, computation: 'not computable: no target for this clock' };
    const actual = humanDuration(clock.seconds);
    const target = humanDuration(clock.target.seconds);
    if (!clock.breached)
      return { id, label, score: 100, computation: `${actual} within the target of ${target}: 100` };
    const score = Math.round((100 * clock.target.seconds) / clock.seconds);
    return {
      id,
      label,
      score,
      computation: `${actual} against a target of ${target}: 100 × ${target} / ${actual} = ${score}`,
    };
  });
}

function detectionItem(doc: PostMortem): ScoreItem {
  const detection = earliestOf(datedTimeline(doc)).get('detection');
  const id = 'detection-source';
  const label = 'Detection source';
  const milestone = detection?.entry.milestone;
  if (!detection || milestone?.kind !== 'detection')
    return { id, label, score: null, computation: 'not computable: no detection milestone' };
  const { score, kind } = DETECTION_SOURCE_SCORES[milestone.source];
  return score === null
    ? { id, label, score, computation: `not computable: detected by ${kind} (${detection.entry.id})` }
    : { id, label, score, computation: `detected by ${kind} (${detection.entry.id}): ${score}` };
}

/** Attacker activity after containment: timeline entries after it that carry ATT&CK techniques. */
function containmentItem(doc: PostMortem): ScoreItem {
  const dated = datedTimeline(doc);
  const containment = earliestOf(dated).get('containment');
  const id = 'containment';
  const label = 'Containment held (no attacker activity after it)';
  if (!containment)
    return { id, label, score: null, computation: 'not computable: no containment milestone' };
  const after = dated.filter(
    (d) => d.instant.epochMs > containment.instant.epochMs && d.entry.attack.length > 0,
  );
  if (after.length === 0) {
    return {
      id,
      label,
      score: 100,
      computation: `no timeline entry with ATT&CK techniques after containment (${containment.entry.id}): 100`,
    };
  }
  return {
    id,
    label,
    score: 0,
    computation: `attacker activity after containment (${containment.entry.id}): ${after.map((d) => d.entry.id).join(', ')}: 0`,
  };
}

/** The longest acceptable gap between stakeholder updates when the document sets none, by severity. */
export const DEFAULT_UPDATE_CADENCE: Readonly<Record<Severity, string>> = {
  critical: 'PT2H',
  high: 'PT4H',
  medium: 'P1D',
  low: 'P2D',
};

/**
 * Stakeholder update cadence: the longest gap between consecutive `stakeholder-update` milestones, and from the
 * last one to the resolution, against `evaluation.updateCadence` (or the default for the severity).
 */
function cadenceItem(doc: PostMortem): ScoreItem {
  const id = 'update-cadence';
  const label = 'Stakeholder update cadence';
  const dated = datedTimeline(doc);
  const updates = dated.filter((d) => d.entry.milestone?.kind === 'stakeholder-update');
  if (updates.length === 0)
    return { id, label, score: null, computation: 'not computable: no stakeholder-update milestone' };
  const resolution = earliestOf(dated).get('resolution');
  const points = [...updates];
  const last = updates[updates.length - 1] as (typeof updates)[number];
  if (resolution && resolution.instant.epochMs > last.instant.epochMs) points.push(resolution);
  if (points.length < 2)
    return {
      id,
      label,
      score: null,
      computation: 'not computable: one stakeholder update and no resolution after it, so no gap to measure',
    };
  let longest = { seconds: -1, from: '', to: '' };
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as (typeof points)[number];
    const b = points[i] as (typeof points)[number];
    const seconds = Math.round((b.instant.epochMs - a.instant.epochMs) / 1000);
    if (seconds > longest.seconds) longest = { seconds, from: a.entry.id, to: b.entry.id };
  }
  const own = doc.evaluation.updateCadence;
  const targetText = own ?? DEFAULT_UPDATE_CADENCE[doc.severity];
  const target = parseDuration(targetText);
  const targetSeconds = target.ok ? target.value : 0;
  const cadence = `${humanDuration(targetSeconds)} (${own === undefined ? `default for ${doc.severity}` : 'evaluation.updateCadence'})`;
  const gap = `${updates.length} update${updates.length === 1 ? '' : 's'}; longest gap ${humanDuration(longest.seconds)} (${longest.from} → ${longest.to})`;
  if (longest.seconds <= targetSeconds)
    return { id, label, score: 100, computation: `${gap} within the cadence of ${cadence}: 100` };
  const score = Math.round((100 * targetSeconds) / longest.seconds);
  return {
    id,
    label,
    score,
    computation: `${gap} against a cadence of ${cadence}: 100 × ${humanDuration(targetSeconds)} / ${humanDuration(longest.seconds)} = ${score}`,
  };
}

/** Scope at containment against the final scope: how much of what was affected was known when containing. */
function scopeItem(doc: PostMortem): ScoreItem {
  const id = 'containment-scope';
  const label = 'Scope known at containment';
  const scope = doc.evaluation.scope;
  const dimensions = (['systems', 'accounts'] as const).flatMap((key) => {
    const known = scope?.atContainment[key];
    const final = scope?.final[key];
    return known === undefined || final === undefined || final === 0 ? [] : [{ key, known, final }];
  });
  if (dimensions.length === 0)
    return {
      id,
      label,
      score: null,
      computation:
        'not computable: record evaluation.scope.atContainment and evaluation.scope.final (systems, accounts)',
    };
  const known = dimensions.reduce((n, d) => n + Math.min(d.known, d.final), 0);
  const final = dimensions.reduce((n, d) => n + d.final, 0);
  const score = Math.round((100 * known) / final);
  const parts = dimensions.map((d) => `${d.known} of ${d.final} ${d.key}`).join(' and ');
  return {
    id,
    label,
    score,
    computation: `known at containment: ${parts}: 100 × ${known} / ${final} = ${score}`,
  };
}

/**
 * Regulatory notifications on time: the share of obligations with a deadline that were met, among those met or
 * missed at `at` (an unsubmitted obligation whose deadline is ahead is not counted yet).
 */
function notificationItem(doc: PostMortem, at: string): ScoreItem {
  const id = 'notification-deadlines';
  const label = 'Notification deadlines met';
  const results = evaluateCompliance(doc, { at }).results;
  const met = results.filter((r) => r.status === 'met');
  const missed = results.filter((r) => r.status === 'missed');
  const decided = met.length + missed.length;
  if (decided === 0) {
    const why =
      doc.compliance.regimes.length === 0
        ? 'no regimes listed in compliance.regimes'
        : 'no obligation with a deadline is met or missed yet (see debrief compliance)';
    return { id, label, score: null, computation: `not computable: ${why}` };
  }
  const score = Math.round((100 * met.length) / decided);
  const names = (list: typeof results) => list.map((r) => `${r.regime} ${r.obligation}`).join(', ');
  return {
    id,
    label,
    score,
    computation:
      `${met.length} of ${decided} met (${names(met) || 'none'})` +
      (missed.length > 0 ? `; missed: ${names(missed)}` : '') +
      `: 100 × ${met.length} / ${decided} = ${score}`,
  };
}

/** Adherence to the team's playbook, when one was compared (`debrief evaluate --playbook`). */
function playbookItem(check: PlaybookCheck): ScoreItem {
  return {
    id: 'playbook',
    label: `Playbook adherence (${check.playbook.name} ${check.playbook.version})`,
    score: check.score,
    computation: check.computation,
  };
}

/**
 * The scorecard of a post-mortem. `at` is the instant notification deadlines are judged at (now, or when a
 * report is generated); `playbook`, a comparison with the team's playbook, adds its adherence as an item.
 */
export function scorecard(
  doc: PostMortem,
  options: { readonly at: string; readonly playbook?: PlaybookCheck },
): Scorecard {
  const items = [
    ...clockItems(doc),
    detectionItem(doc),
    containmentItem(doc),
    scopeItem(doc),
    cadenceItem(doc),
    notificationItem(doc, options.at),
    ...(options.playbook === undefined ? [] : [playbookItem(options.playbook)]),
  ];
  const scored = items.map((i) => i.score).filter((s): s is number => s !== null);
  return {
    overall: scored.length === 0 ? null : Math.round(scored.reduce((a, b) => a + b, 0) / scored.length),
    items,
    strengths: doc.evaluation.wentWell,
    weaknesses: doc.evaluation.wentPoorly,
    luckyBreaks: doc.evaluation.luckyBreaks,
  };
}
