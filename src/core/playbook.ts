/**
 * Playbook adherence: the team's incident response playbook (steps with a phase, an owner role and a target time)
 * compared with what the curated timeline shows was done.
 *
 * Each step is found in the timeline by, in this order: the analyst's explicit mapping (`--map S3=T-12`, or
 * `S3=n/a` for not applicable), a tag on the entry naming the step (`playbook:S3`, or the step id itself), then
 * the step's `match` rules (a milestone kind, keywords, a regular expression). Automatic matches only consider
 * entries of the response: not `phase: before`, and not earlier than the detection milestone. The earliest
 * entry found is when the step was done.
 *
 * A step's outcome: on time, late (by how much), out of order (done before a step it must follow), done (no
 * target to measure), skipped (a required step with no entry), or not applicable (its conditions do not hold,
 * the analyst said so, or it is optional and was not done). All instants are compared in UTC.
 */
import { DomainError } from './errors.js';
import { type DatedEntry, datedTimeline, earliestOf } from './milestones.js';
import type { PostMortem } from './model.js';
import { humanDuration, parseDuration, type Seconds, toUtcIso } from './time.js';
import type { ComplianceRegime, MilestoneKind, PlaybookPhase, Severity } from './vocabulary.js';

/** What a step's target time is measured from: the earliest milestone of a kind, or another step. */
export type PlaybookReference = { readonly milestone: MilestoneKind } | { readonly step: string };

/** A step's target: done within `within` seconds of `from`. */
export interface PlaybookTarget {
  readonly within: Seconds;
  /** The duration as written in the playbook (`1h`, `PT30M`). */
  readonly withinText: string;
  readonly from: PlaybookReference;
}

/** How a step is recognized automatically in the curated timeline; any one rule suffices. */
export interface PlaybookMatch {
  /** Entries marking this milestone kind. */
  readonly milestone?: MilestoneKind;
  /** Entries whose text or milestone detail contains one of these, at the start of a word, any case. */
  readonly keywords: readonly string[];
  /** Entries whose text or milestone detail matches this regular expression (case-insensitive). */
  readonly regex?: string;
}

/** When a step applies; a step whose conditions do not hold is not applicable. */
export interface PlaybookCondition {
  readonly severity?: readonly Severity[];
  readonly personalData?: boolean;
  /** Applies when any of these regimes is listed in `compliance.regimes`. */
  readonly regimes?: readonly ComplianceRegime[];
}

/** One step of the playbook. */
export interface PlaybookStep {
  readonly id: string;
  readonly title: string;
  readonly phase: PlaybookPhase;
  /** The role that owns the step, e.g. `soc-analyst`, `incident-lead`. */
  readonly owner?: string;
  readonly description?: string;
  readonly target?: PlaybookTarget;
  readonly match?: PlaybookMatch;
  /** A required step with no timeline entry is skipped; an optional one is not applicable. */
  readonly required: boolean;
  /** Steps that must be done before this one. */
  readonly after: readonly string[];
  readonly when?: PlaybookCondition;
}

/** An incident response playbook. */
export interface Playbook {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly steps: readonly PlaybookStep[];
}

/** The outcomes of a step, in report order. */
export const STEP_OUTCOMES = [
  'on-time',
  'late',
  'out-of-order',
  'done',
  'skipped',
  'not-applicable',
] as const;
/** What happened to one playbook step. */
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** How the timeline entry of a step was found. */
export type MatchedBy = 'map' | 'tag' | 'milestone' | 'keyword' | 'regex';

/** The timing of a step against its target. */
export interface StepTiming {
  /** `detection` (a milestone kind) or `step S2`. */
  readonly from: string;
  readonly within: Seconds;
  readonly withinText: string;
  /** The timeline entry the target is measured from, when there is one. */
  readonly fromEntry?: string;
  /** UTC instant the target runs to. */
  readonly deadline?: string;
  /** Time from the reference to the step (negative when the step came first). */
  readonly elapsed?: Seconds;
}

/** The result for one playbook step. */
export interface StepResult {
  readonly step: string;
  readonly title: string;
  readonly phase: PlaybookPhase;
  readonly owner?: string;
  readonly required: boolean;
  readonly outcome: StepOutcome;
  /** The timeline entry that did the step, its UTC instant, and how it was found. */
  readonly entry?: string;
  readonly at?: string;
  readonly matchedBy?: MatchedBy;
  readonly timing?: StepTiming;
  /** How late the step was, in seconds (also for a step that is out of order and late). */
  readonly lateBy?: Seconds;
  /** Steps this one must follow that were done after it. */
  readonly outOfOrder: readonly string[];
  /** An end is known only to the day or is marked uncertain. */
  readonly approximate: boolean;
  /** One line a person reads: what was found and why this outcome. */
  readonly note: string;
  /** This step's contribution to the adherence score, 0 to 1; null when not applicable. */
  readonly credit: number | null;
}

/** The whole comparison of a playbook with a post-mortem. */
export interface PlaybookCheck {
  readonly playbook: { readonly name: string; readonly version: string };
  readonly steps: readonly StepResult[];
  readonly counts: Readonly<Record<StepOutcome, number>>;
  /** 0 to 100: the mean credit of the applicable steps; null when none applies. */
  readonly score: number | null;
  /** How the score was computed, in words and numbers. */
  readonly computation: string;
}

/** The analyst's links: step id → timeline entry id, or `n/a` for not applicable. */
export type PlaybookMapping = Readonly<Record<string, string>>;

/** The mapping value that marks a step not applicable. */
export const NOT_APPLICABLE = 'n/a';

const SHORT_DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a playbook duration: compact (`15m`, `1h30m`, `2d`, `1w`) or ISO 8601 (`PT4H`, `P2D`). Zero and
 * negative durations are refused.
 */
export function parsePlaybookDuration(text: string): Seconds | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  const m = SHORT_DURATION.exec(compact);
  let seconds: number | undefined;
  if (m && compact !== '') {
    const [w, d, h, min, s] = [m[1], m[2], m[3], m[4], m[5]].map((v) => (v === undefined ? 0 : Number(v)));
    seconds = (w ?? 0) * 604_800 + (d ?? 0) * 86_400 + (h ?? 0) * 3_600 + (min ?? 0) * 60 + (s ?? 0);
  } else {
    const iso = parseDuration(text.trim());
    if (iso.ok) seconds = iso.value;
  }
  return seconds !== undefined && seconds > 0 ? (seconds as Seconds) : undefined;
}

/**
 * Whether a regular expression risks catastrophic backtracking: a quantified group that holds a quantifier, or
 * a back-reference. Such patterns are refused, since a playbook may come from any reader of the API.
 */
export function riskyRegex(source: string): boolean {
  return /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/.test(source) || /\\[1-9]|\\k</.test(source);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function referenceText(from: PlaybookReference): string {
  return 'step' in from ? `step ${from.step}` : from.milestone;
}

/** The steps ordered so that every step comes after the step its target is measured from. */
function byDependency(steps: readonly PlaybookStep[]): PlaybookStep[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const done = new Set<string>();
  const ordered: PlaybookStep[] = [];
  const visit = (step: PlaybookStep, depth: number): void => {
    // The schema refuses cycles; the depth guard keeps an unvalidated playbook from recursing forever.
    if (done.has(step.id) || depth > steps.length) return;
    const from = step.target?.from;
    const before = from !== undefined && 'step' in from ? byId.get(from.step) : undefined;
    if (before) visit(before, depth + 1);
    if (!done.has(step.id)) {
      done.add(step.id);
      ordered.push(step);
    }
  };
  for (const step of steps) visit(step, 0);
  return ordered;
}

function conditionFails(doc: PostMortem, when: PlaybookCondition | undefined): string | undefined {
  if (when === undefined) return undefined;
  if (when.severity !== undefined && !when.severity.includes(doc.severity))
    return `applies to severity ${when.severity.join(', ')}; this incident is ${doc.severity}`;
  if (when.personalData !== undefined && when.personalData !== doc.compliance.attributes.personalData)
    return when.personalData
      ? 'applies when personal data is involved'
      : 'applies when no personal data is involved';
  if (when.regimes !== undefined && !when.regimes.some((r) => doc.compliance.regimes.includes(r)))
    return `applies under ${when.regimes.join(', ')}; none is listed in compliance.regimes`;
  return undefined;
}

interface Found {
  readonly dated: DatedEntry;
  readonly by: MatchedBy;
}

function tagNames(step: PlaybookStep): Set<string> {
  return new Set([`playbook:${step.id}`.toLowerCase(), step.id.toLowerCase()]);
}

/** The earliest entry that names the step in its tags, or that its match rules recognize. */
function findEntry(
  step: PlaybookStep,
  dated: readonly DatedEntry[],
  since: number | undefined,
): Found | undefined {
  const names = tagNames(step);
  const tagged = dated.find((d) => d.entry.tags.some((t) => names.has(t.trim().toLowerCase())));
  if (tagged) return { dated: tagged, by: 'tag' };
  const match = step.match;
  if (match === undefined) return undefined;
  const keywords = match.keywords.map(
    (k) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(k.trim())}`, 'iu'),
  );
  const regex = match.regex === undefined ? undefined : new RegExp(match.regex, 'iu');
  for (const d of dated) {
    if (d.entry.phase === 'before' || (since !== undefined && d.instant.epochMs < since)) continue;
    if (match.milestone !== undefined && d.entry.milestone?.kind === match.milestone)
      return { dated: d, by: 'milestone' };
    const text = `${d.entry.text}\n${d.entry.milestone?.detail ?? ''}`;
    if (keywords.some((k) => k.test(text))) return { dated: d, by: 'keyword' };
    if (regex?.test(text)) return { dated: d, by: 'regex' };
  }
  return undefined;
}

function checkMapping(playbook: Playbook, doc: PostMortem, mapping: PlaybookMapping): void {
  const steps = new Set(playbook.steps.map((s) => s.id));
  const entries = new Set(doc.timeline.map((e) => e.id));
  for (const [step, entry] of Object.entries(mapping)) {
    if (!steps.has(step))
      throw new DomainError(
        'invalid_input',
        `the playbook has no step "${step}" (mapping ${step}=${entry})`,
        {
          steps: [...steps],
        },
      );
    if (entry !== NOT_APPLICABLE && !entries.has(entry))
      throw new DomainError(
        'invalid_input',
        `${doc.id} has no timeline entry "${entry}" (mapping ${step}=${entry}); use ${step}=${NOT_APPLICABLE} for a step that does not apply`,
      );
  }
}

function isApproximate(d: DatedEntry): boolean {
  return d.instant.precision === 'date' || d.entry.uncertain;
}

/**
 * Compares a playbook with a post-mortem's curated timeline. Throws `invalid_input` when the mapping names a
 * step or an entry that does not exist.
 */
export function checkPlaybook(
  doc: PostMortem,
  playbook: Playbook,
  options: { readonly mapping?: PlaybookMapping } = {},
): PlaybookCheck {
  const mapping = options.mapping ?? {};
  checkMapping(playbook, doc, mapping);
  const dated = datedTimeline(doc);
  const milestones = earliestOf(dated);
  const since = milestones.get('detection')?.instant.epochMs;
  const done = new Map<string, DatedEntry>();
  const results = new Map<string, StepResult>();

  for (const step of byDependency(playbook.steps)) {
    const base = {
      step: step.id,
      title: step.title,
      phase: step.phase,
      ...(step.owner === undefined ? {} : { owner: step.owner }),
      required: step.required,
      // What the plan said, kept for steps that were not done too.
      ...(step.target === undefined
        ? {}
        : {
            timing: {
              from: referenceText(step.target.from),
              within: step.target.within,
              withinText: step.target.withinText,
            },
          }),
    };
    const notApplicable = (note: string): StepResult => ({
      ...base,
      outcome: 'not-applicable',
      outOfOrder: [],
      approximate: false,
      note,
      credit: null,
    });
    const mapped = mapping[step.id];
    let found: Found | undefined;
    if (mapped === NOT_APPLICABLE) {
      results.set(step.id, notApplicable('marked not applicable by the analyst'));
      continue;
    }
    if (mapped !== undefined) {
      const d = dated.find((x) => x.entry.id === mapped);
      if (d) found = { dated: d, by: 'map' };
    } else {
      const fails = conditionFails(doc, step.when);
      if (fails !== undefined) {
        results.set(step.id, notApplicable(`not applicable: ${fails}`));
        continue;
      }
      found = findEntry(step, dated, since);
    }
    if (found === undefined) {
      results.set(
        step.id,
        step.required
          ? {
              ...base,
              outcome: 'skipped',
              outOfOrder: [],
              approximate: false,
              note: `no timeline entry does this step (tag one with playbook:${step.id}, or map it)`,
              credit: 0,
            }
          : notApplicable('optional step, not done'),
      );
      continue;
    }
    done.set(step.id, found.dated);
    results.set(step.id, measure(step, found, { done, milestones }));
  }

  // Out-of-order is judged once every step is placed, since a step may have to follow one listed after it.
  const steps = playbook.steps.map((step) => {
    const result = results.get(step.id) as StepResult;
    const mine = done.get(step.id);
    if (mine === undefined) return result;
    const from = step.target?.from;
    const predecessors = [...step.after, ...(from !== undefined && 'step' in from ? [from.step] : [])];
    const later = [...new Set(predecessors)].filter((id) => {
      const other = done.get(id);
      return other !== undefined && other.instant.epochMs > mine.instant.epochMs;
    });
    if (later.length === 0) return result;
    const timing = result.credit ?? 1;
    return {
      ...result,
      outcome: 'out-of-order' as const,
      outOfOrder: later,
      note: `${result.note}; done before ${later.join(', ')}, which it must follow`,
      credit: timing / 2,
    };
  });
  return summarize(playbook, steps);
}

function measure(
  step: PlaybookStep,
  found: Found,
  context: { done: ReadonlyMap<string, DatedEntry>; milestones: ReadonlyMap<MilestoneKind, DatedEntry> },
): StepResult {
  const { dated, by } = found;
  const base = {
    step: step.id,
    title: step.title,
    phase: step.phase,
    ...(step.owner === undefined ? {} : { owner: step.owner }),
    required: step.required,
    entry: dated.entry.id,
    at: toUtcIso(dated.instant.epochMs),
    matchedBy: by,
    outOfOrder: [] as string[],
  };
  const how = `${dated.entry.id} (${by === 'map' ? 'mapped' : `by ${by}`})`;
  const target = step.target;
  if (target === undefined)
    return {
      ...base,
      outcome: 'done',
      approximate: isApproximate(dated),
      note: `done: ${how}; no target`,
      credit: 1,
    };
  const from = referenceText(target.from);
  const reference =
    'step' in target.from
      ? context.done.get(target.from.step)
      : context.milestones.get(target.from.milestone);
  const timing = { from, within: target.within, withinText: target.withinText };
  if (reference === undefined) {
    const missing = 'step' in target.from ? `${target.from.step} was not done` : `no ${from} milestone`;
    return {
      ...base,
      outcome: 'done',
      timing,
      approximate: isApproximate(dated),
      note: `done: ${how}; the target cannot be measured (${missing})`,
      credit: 1,
    };
  }
  const elapsed = Math.round((dated.instant.epochMs - reference.instant.epochMs) / 1000) as Seconds;
  const fullTiming: StepTiming = {
    ...timing,
    fromEntry: reference.entry.id,
    deadline: toUtcIso(reference.instant.epochMs + target.within * 1000),
    elapsed,
  };
  const approximate = isApproximate(dated) || isApproximate(reference);
  const after = `${humanDuration(elapsed)} after ${from} (${reference.entry.id})`;
  if (elapsed <= target.within)
    return {
      ...base,
      outcome: 'on-time',
      timing: fullTiming,
      approximate,
      note: `${how}, ${after}, within ${humanDuration(target.within)}`,
      credit: 1,
    };
  const lateBy = (elapsed - target.within) as Seconds;
  return {
    ...base,
    outcome: 'late',
    timing: fullTiming,
    lateBy,
    approximate,
    note: `${how}, ${after}: late by ${humanDuration(lateBy)} against ${humanDuration(target.within)}`,
    credit: target.within / elapsed,
  };
}

function summarize(playbook: Playbook, steps: readonly StepResult[]): PlaybookCheck {
  const counts = Object.fromEntries(STEP_OUTCOMES.map((o) => [o, 0])) as Record<StepOutcome, number>;
  for (const s of steps) counts[s.outcome] += 1;
  const credited = steps.filter((s) => s.credit !== null);
  const total = credited.reduce((sum, s) => sum + (s.credit ?? 0), 0);
  const score = credited.length === 0 ? null : Math.round((100 * total) / credited.length);
  const parts = STEP_OUTCOMES.filter((o) => o !== 'not-applicable' && counts[o] > 0).map(
    (o) => `${counts[o]} ${o}`,
  );
  const computation =
    score === null
      ? 'not computable: no step of the playbook applies'
      : `${parts.join(', ')} of ${credited.length} applicable step${credited.length === 1 ? '' : 's'}; on time and done count 1, ` +
        `late target / actual, out of order half, skipped 0: 100 × ${total.toFixed(2)} / ${credited.length} = ${score}`;
  return {
    playbook: { name: playbook.name, version: playbook.version },
    steps,
    counts,
    score,
    computation,
  };
}
