/**
 * What the section builders of the executive brief, the regulator pack and the public statement share: the
 * section shape they return, the clocks chart, the clocks table in plain words, and the assembly of sections
 * into one Markdown text with diagram anchors (what `buildReport` splits into the report model).
 */
import { CLOCK_DEFINITIONS, isMeasured } from './clocks.js';
import { cellText, codeSpan } from './markdown-escape.js';
import {
  blocks,
  diagramAnchor,
  MILESTONE_LABELS,
  type ReportContext,
  utcText,
} from './report-markdown-common.js';
import type { ClockBar, ReportDiagram } from './report-model.js';
import { humanDuration } from './time.js';
import { CLOCK_NAMES, type ClockName, type ContributingFactorCategory } from './vocabulary.js';

/** One top-level section of an audience's report: its Markdown body, then its diagrams. */
export interface AudienceSection {
  /** Stable anchor, e.g. `what-happened`. */
  readonly id: string;
  /** The heading as inline Markdown, e.g. `1. What happened`. */
  readonly title: string;
  /** The body, without the `## ` heading; every user value escaped. */
  readonly markdown: string;
  /** Diagrams shown after the body. */
  readonly diagrams?: readonly ReportDiagram[];
}

/**
 * The sections as one Markdown text: a `## ` heading per section, its body, and an anchor line per diagram
 * (registered in `ctx.diagrams`), ready for `splitReport`.
 */
export function audienceMarkdown(ctx: ReportContext, sections: readonly AudienceSection[]): string {
  return blocks(
    ...sections.map((s) =>
      blocks(`## ${s.title}`, s.markdown, ...(s.diagrams ?? []).map((d) => diagramAnchor(ctx, d))),
    ),
  );
}

/** Every clock as a bar against its target (the clocks chart). */
export function clockBars(ctx: ReportContext, names: readonly ClockName[] = CLOCK_NAMES): ClockBar[] {
  return names.map((name) => {
    const clock = ctx.clocks[name];
    const label = CLOCK_DEFINITIONS[name].label;
    const target = clock.target === undefined ? {} : { targetSeconds: clock.target.seconds };
    return isMeasured(clock)
      ? { label, seconds: clock.seconds, ...target, breached: clock.breached, approximate: clock.approximate }
      : { label, ...target, breached: false, approximate: false };
  });
}

/** The clocks chart of the named clocks (all by default), or nothing when none could be measured. */
export function clocksDiagram(
  ctx: ReportContext,
  title: string,
  names: readonly ClockName[] = CLOCK_NAMES,
): ReportDiagram[] {
  const bars = clockBars(ctx, names);
  return bars.some((b) => b.seconds !== undefined) ? [{ kind: 'clocks', title, clocks: bars }] : [];
}

/** A clock's status in plain words: within target, over by how much, or why it cannot be measured. */
export function clockStatus(ctx: ReportContext, name: ClockName): string {
  const clock = ctx.clocks[name];
  if (!isMeasured(clock)) return `not measured (${clock.reason})`;
  if (clock.seconds < 0) return 'not measured (milestones out of order)';
  const approx = clock.approximate ? ' (approximate)' : '';
  if (clock.target === undefined) return `no target${approx}`;
  return clock.breached
    ? `**over target** by ${humanDuration(clock.seconds - clock.target.seconds)}${approx}`
    : `within target${approx}`;
}

/** A table row per clock: what it measures, its value, its target and its status. */
export function clockRows(ctx: ReportContext, names: readonly ClockName[]): string[][] {
  return names.map((name) => {
    const clock = ctx.clocks[name];
    const def = CLOCK_DEFINITIONS[name];
    const value = isMeasured(clock) ? `${clock.approximate ? '≈ ' : ''}${humanDuration(clock.seconds)}` : '—';
    const target = clock.target === undefined ? '—' : humanDuration(clock.target.seconds);
    return [
      def.label,
      `${MILESTONE_LABELS[def.from]} → ${MILESTONE_LABELS[def.to]}`,
      value,
      target,
      clockStatus(ctx, name),
    ];
  });
}

/**
 * The measured clocks, plus those with a target that cannot be measured (so a gap shows); none when no clock at
 * all could be measured (the timeline has no milestones), which the sections say in words instead.
 */
export function relevantClocks(ctx: ReportContext, names: readonly ClockName[]): ClockName[] {
  if (!names.some((name) => isMeasured(ctx.clocks[name]))) return [];
  return names.filter((name) => isMeasured(ctx.clocks[name]) || ctx.clocks[name].target !== undefined);
}

/** Contributing-factor categories in plain words, for readers outside security. */
export const CATEGORY_WORDS: Readonly<Record<ContributingFactorCategory, string>> = {
  misconfiguration: 'A setting was wrong',
  'vulnerability-exploitation': 'A software weakness was exploited',
  'control-failure': 'A safeguard did not work',
  'process-gap': 'A process was missing or incomplete',
  'human-factors': 'Working conditions made a mistake likely',
  'third-party': 'A supplier or partner was involved',
  'design-flaw': 'The design allowed it',
  'monitoring-gap': 'Monitoring did not see it',
  other: 'Other cause',
};

/** The earliest milestone of a kind as `2026-03-02 09:26 UTC` (or a date), or `not recorded`. */
export function milestoneTime(ctx: ReportContext, kind: keyof typeof MILESTONE_LABELS): string {
  const found = ctx.milestones.get(kind);
  return found === undefined ? 'not recorded' : utcText(found.instant);
}

/** The earliest milestone of a kind as a UTC date only, for readers who need no more. */
export function milestoneDay(ctx: ReportContext, kind: keyof typeof MILESTONE_LABELS): string | undefined {
  const found = ctx.milestones.get(kind);
  return found === undefined ? undefined : utcText(found.instant).slice(0, 10);
}

/** A recommendation status with `overdue` marked, for tables. */
export function statusCell(status: string, overdue: boolean): string {
  return `${cellText(status)}${overdue ? ' — **overdue**' : ''}`;
}

/** An id as a code span in a table, or an em dash. */
export function idCell(id: string | undefined): string {
  return id === undefined ? '—' : codeSpan(id, 'table');
}
