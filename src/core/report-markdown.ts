/**
 * The full post-mortem report as GitHub-flavoured Markdown: the document a CISO circulates.
 *
 * Sections come in a fixed order and never vanish: a section without data says what is missing and where to
 * add it. User text goes through `markdown-escape.ts` (tables, HTML, Markdown structure) and `mermaid.ts`
 * (diagram labels). Output depends on the document and `generatedAt` only, so the same input gives the same
 * bytes. This file holds sections 1 to 4; the header and the other sections live in `report-markdown-*.ts`.
 */
import { CLOCK_DEFINITIONS, type ClockTarget, isMeasured, listBreaches } from './clocks.js';
import { blockText, cellText, codeSpan, inlineText, table } from './markdown-escape.js';
import { type TimelineSection, timelineDiagram } from './mermaid.js';
import type { DatedEntry } from './milestones.js';
import type { Milestone, TimelineEntry } from './model.js';
import { clockBars } from './report-audience-common.js';
import { analysisSection } from './report-markdown-analysis.js';
import { appendices } from './report-markdown-appendices.js';
import {
  blocks,
  diagramAnchor,
  emptyNote,
  field,
  formatCount,
  idList,
  MILESTONE_LABELS,
  milestonePlain,
  type ReportContext,
  utcText,
} from './report-markdown-common.js';
import {
  complianceSection,
  evaluationSection,
  lessonsSection,
  recommendationsSection,
} from './report-markdown-follow-up.js';
import { header } from './report-markdown-header.js';
import { humanDuration, toUtcIso } from './time.js';
import { CLOCK_NAMES } from './vocabulary.js';

/** Most events the timeline diagram draws; beyond that a diagram stops being readable. */
const MAX_TIMELINE_EVENTS = 50;

/**
 * The technical report as one Markdown text: header and references, summary, impact, timeline, clocks against
 * targets, root cause analysis, response evaluation, lessons, recommendations, compliance and the appendices
 * (evidence, indicators, people, interviews, attachments, review and sign-off). Diagrams stand as anchor lines
 * registered in `ctx.diagrams`; `buildReport` splits the text into the report model.
 */
export function technicalMarkdown(ctx: ReportContext): string {
  return blocks(
    header(ctx),
    summarySection(ctx),
    impactSection(ctx),
    timelineSection(ctx),
    clocksSection(ctx),
    analysisSection(ctx),
    evaluationSection(ctx),
    lessonsSection(ctx),
    recommendationsSection(ctx),
    complianceSection(ctx),
    appendices(ctx),
  );
}

function summarySection(ctx: ReportContext): string {
  const { summary } = ctx.doc;
  const part = (heading: string, text: string | undefined, what: string, path: string): string =>
    blocks(`### ${heading}`, text === undefined ? emptyNote(what, `summary.${path}`, 'it') : blockText(text));
  return blocks(
    '## 1. Incident summary',
    part('What happened', summary.whatHappened, 'account of what happened', 'whatHappened'),
    part('How it was detected', summary.howDetected, 'account of the detection', 'howDetected'),
    part('Who was involved', summary.whoWasInvolved, 'account of who was involved', 'whoWasInvolved'),
    part('How it was resolved', summary.howResolved, 'account of the resolution', 'howResolved'),
  );
}

function impactSection(ctx: ReportContext): string {
  const { impact } = ctx.doc;
  const systems =
    impact.systems.length === 0
      ? emptyNote('affected systems', 'impact.systems')
      : table(
          ['System', 'Criticality', 'Description'],
          impact.systems.map((s) => [cellText(s.name), s.criticality ?? '—', cellText(s.description ?? '—')]),
        );
  const count = (value: number | undefined, path: string): string =>
    value === undefined ? `not recorded (\`${path}\`)` : formatCount(value);
  const data = [
    field(
      'Data categories',
      impact.dataCategories.length === 0
        ? 'none recorded (`impact.dataCategories`)'
        : impact.dataCategories.map((c) => inlineText(c)).join('; '),
    ),
    field('Records affected', count(impact.recordsAffected, 'impact.recordsAffected')),
    field('People affected', count(impact.peopleAffected, 'impact.peopleAffected')),
    field(
      'Cost',
      impact.cost === undefined
        ? 'not recorded (`impact.cost`)'
        : `${formatCount(impact.cost.amount)} ${impact.cost.currency}${impact.cost.note === undefined ? '' : ` — ${inlineText(impact.cost.note)}`}`,
    ),
  ].join('\n');
  const business =
    impact.businessImpact === undefined
      ? emptyNote('business impact', 'impact.businessImpact', 'it')
      : blockText(impact.businessImpact);
  return blocks(
    '## 2. Impact',
    '### Affected systems',
    systems,
    '### Data, people and cost',
    data,
    '### Business impact',
    business,
  );
}

function milestoneCell(milestone: Milestone | undefined): string {
  if (milestone === undefined) return '';
  let text = `**${MILESTONE_LABELS[milestone.kind]}**`;
  if (milestone.kind === 'detection') text += ` (${milestone.source})`;
  if (milestone.kind === 'notification') {
    text += ` to ${cellText(milestone.recipient)}${milestone.regime === undefined ? '' : ` (${milestone.regime})`}`;
  }
  if (milestone.detail !== undefined) text += `<br>${cellText(milestone.detail)}`;
  return text;
}

function whoWhere(entry: TimelineEntry): string {
  const parts: string[] = [];
  if (entry.actor !== undefined) parts.push(cellText(entry.actor));
  if (entry.host !== undefined) parts.push(`host ${codeSpan(entry.host, 'table')}`);
  if (entry.user !== undefined) parts.push(`user ${codeSpan(entry.user, 'table')}`);
  return parts.join('<br>');
}

function timelineRow(entry: TimelineEntry, utc: string): string[] {
  return [
    codeSpan(entry.id, 'table'),
    cellText(entry.at),
    `${entry.uncertain ? '≈ ' : ''}${utc}`,
    milestoneCell(entry.milestone),
    cellText(entry.text),
    entry.source === undefined ? '' : cellText(entry.source),
    whoWhere(entry),
    entry.evidence.length === 0 ? '' : idList(entry.evidence),
    entry.attack.length === 0 ? '' : idList(entry.attack),
  ];
}

/** The milestones (or, without any, the first entries) grouped by UTC day, as a Mermaid timeline. */
function timelineChart(ctx: ReportContext, dated: readonly DatedEntry[]): string {
  const milestones = dated.filter((d) => d.entry.milestone !== undefined);
  const chosen = (milestones.length > 0 ? milestones : dated).slice(0, MAX_TIMELINE_EVENTS);
  const sections: { name: string; periods: { period: string; events: string[] }[] }[] = [];
  for (const { entry, instant } of chosen) {
    const iso = toUtcIso(instant.epochMs);
    const day = iso.slice(0, 10);
    const period = instant.precision === 'date' ? 'time unknown' : iso.slice(11, 16);
    // A milestone's detail is its one-line summary; the full text stays in the table.
    const what =
      entry.milestone === undefined
        ? entry.text
        : `${milestonePlain(entry.milestone)}: ${entry.milestone.detail ?? entry.text}`;
    const event = `${entry.uncertain ? '≈ ' : ''}${what}`;
    let section = sections[sections.length - 1];
    if (section?.name !== day) {
      section = { name: day, periods: [] };
      sections.push(section);
    }
    const last = section.periods[section.periods.length - 1];
    if (last?.period === period) last.events.push(event);
    else section.periods.push({ period, events: [event] });
  }
  const title = milestones.length > 0 ? 'Milestones (UTC)' : 'Key events (UTC)';
  const shown = milestones.length > 0 ? milestones.length : dated.length;
  const note =
    shown > MAX_TIMELINE_EVENTS
      ? `_The diagram shows the first ${MAX_TIMELINE_EVENTS} of ${shown} ${milestones.length > 0 ? 'milestones' : 'entries'}; the table above is complete._`
      : undefined;
  const intro =
    milestones.length > 0
      ? undefined
      : '_No entry is marked as a milestone, so the diagram shows the entries themselves. Mark key entries with `milestone` to drive the clocks._';
  return blocks(
    `### ${title}`,
    intro,
    diagramAnchor(ctx, {
      kind: 'timeline',
      title,
      sections,
      mermaid: timelineDiagram({
        title,
        sections: sections satisfies TimelineSection[],
        maxEventLength: 140,
      }),
    }),
    note,
  );
}

function timelineSection(ctx: ReportContext): string {
  const { doc } = ctx;
  if (doc.timeline.length === 0) {
    return blocks('## 3. Timeline', emptyNote('timeline entries', 'timeline'));
  }
  const { dated } = ctx;
  const datedIndexes = new Set(dated.map((d) => d.index));
  // Entries whose time cannot be read are kept (nothing is lost), after the dated ones.
  const undated = doc.timeline.filter((_e, i) => !datedIndexes.has(i));
  const rows = [
    ...dated.map((d) => timelineRow(d.entry, utcText(d.instant))),
    ...undated.map((e) => timelineRow(e, '**invalid time**')),
  ];
  const legend =
    '_Sorted by time (UTC). ≈ marks an uncertain time or fact; a date without a time is known only to the day._';
  return blocks(
    '## 3. Timeline',
    table(
      [
        'Id',
        'Time (as written)',
        'UTC',
        'Milestone',
        'What happened',
        'Source',
        'Actor / host / user',
        'Evidence',
        'ATT&CK',
      ],
      rows,
    ),
    legend,
    dated.length === 0 ? undefined : timelineChart(ctx, dated),
  );
}

function targetText(target: ClockTarget | undefined, ctx: ReportContext): string {
  if (target === undefined) return 'no target';
  const whose =
    target.source === 'document' ? 'set in this post-mortem' : `default for ${ctx.doc.severity} severity`;
  return `${humanDuration(target.seconds)} (${codeSpan(target.iso, 'table')}), ${whose}`;
}

function clocksSection(ctx: ReportContext): string {
  const { clocks } = ctx;
  const rows = CLOCK_NAMES.map((name) => {
    const def = CLOCK_DEFINITIONS[name];
    const clock = clocks[name];
    if (!isMeasured(clock)) {
      return [
        def.label,
        '—',
        `${def.from} → ${def.to}`,
        targetText(clock.target, ctx),
        `not computable: ${clock.reason}`,
      ];
    }
    const approx = clock.approximate ? '≈ ' : '';
    let status: string;
    if (clock.seconds < 0) status = 'ends before it starts: check the milestone times';
    else if (clock.target === undefined) status = 'no target set';
    else if (clock.breached)
      status = `**BREACHED** by ${humanDuration(clock.seconds - clock.target.seconds)}`;
    else status = 'within target';
    if (clock.approximate) status += ' (≈ approximate: an end is date-only or uncertain)';
    return [
      def.label,
      `${approx}${humanDuration(clock.seconds)} (${codeSpan(clock.iso, 'table')})`,
      `${codeSpan(clock.fromEntry, 'table')} ${def.from} → ${codeSpan(clock.toEntry, 'table')} ${def.to}`,
      targetText(clock.target, ctx),
      status,
    ];
  });
  const breaches = listBreaches(clocks);
  const breachList =
    breaches.length === 0
      ? '_No measured clock exceeded its target._'
      : breaches
          .map((b) => {
            const clock = clocks[b.clock];
            const span = isMeasured(clock)
              ? ` (${codeSpan(clock.fromEntry)} → ${codeSpan(clock.toEntry)}${clock.approximate ? ', approximate' : ''})`
              : '';
            const whose = b.target.source === 'document' ? 'set in this post-mortem' : 'severity default';
            return `- **${CLOCK_DEFINITIONS[b.clock].label}:** ${humanDuration(b.seconds)} against a target of ${humanDuration(b.target.seconds)} (${whose}), over by **${humanDuration(b.overBy)}**${span}.`;
          })
          .join('\n');
  return blocks(
    '## 4. Clocks against targets',
    table(['Clock', 'Value', 'From → to', 'Target', 'Status'], rows),
    diagramAnchor(ctx, { kind: 'clocks', title: 'Clocks against targets', clocks: clockBars(ctx) }),
    '_Each clock runs from the earliest entry of one milestone kind to the earliest of another. Targets not set under `evaluation.targets` use the defaults for the severity._',
    '### Breaches',
    breachList,
  );
}
