/**
 * The executive brief: one to two pages for leadership. What happened, the impact, how fast the response was
 * against its targets (with the clocks chart), the root causes in plain words, and the top recommendations with
 * their status. Internal audience: names stay, but the technical detail (hosts, indicators, analysis methods)
 * is left to the technical report.
 */
import { evaluateCompliance } from './compliance.js';
import { blockText, cellText, inlineText, listItemText, table } from './markdown-escape.js';
import type { Recommendation } from './model.js';
import { OPEN_STATUSES } from './recommendation-lifecycle.js';
import {
  type AudienceSection,
  CATEGORY_WORDS,
  clockRows,
  clocksDiagram,
  milestoneTime,
  relevantClocks,
  statusCell,
} from './report-audience-common.js';
import {
  blocks,
  emptyNote,
  field,
  formatCount,
  isOverdue,
  personText,
  type ReportContext,
} from './report-markdown-common.js';
import { PRIORITIES } from './vocabulary.js';

/** How many recommendations the brief lists; the rest are counted. */
const TOP_RECOMMENDATIONS = 5;
/** The clocks an executive asks about, in order. */
const KEY_CLOCKS = [
  'timeToDetect',
  'timeToAcknowledge',
  'timeToContain',
  'timeToRecover',
  'timeToResolve',
  'timeToFirstNotification',
] as const;

function whatHappened(ctx: ReportContext): AudienceSection {
  const { doc } = ctx;
  const detection = ctx.milestones.get('detection')?.entry.milestone;
  const facts = [
    field('Severity', doc.severity),
    field('Status of this review', doc.status),
    field(
      'Detected',
      `${milestoneTime(ctx, 'detection')}${detection?.kind === 'detection' ? `, by ${detection.source}` : ''}`,
    ),
    field('Contained', milestoneTime(ctx, 'containment')),
    field('Resolved', milestoneTime(ctx, 'resolution')),
  ].join('\n');
  const text = doc.summary.whatHappened;
  return {
    id: 'what-happened',
    title: '1. What happened',
    markdown: blocks(
      facts,
      text === undefined
        ? emptyNote('account of what happened', 'summary.whatHappened', 'it')
        : blockText(text),
    ),
  };
}

function impact(ctx: ReportContext): AudienceSection {
  const { impact: i } = ctx.doc;
  const critical = i.systems.filter((s) => s.criticality === 'critical').length;
  const lines = [
    field('People affected', i.peopleAffected === undefined ? 'not recorded' : formatCount(i.peopleAffected)),
    field(
      'Records affected',
      i.recordsAffected === undefined ? 'not recorded' : formatCount(i.recordsAffected),
    ),
    field(
      'Data involved',
      i.dataCategories.length === 0 ? 'not recorded' : i.dataCategories.map((c) => inlineText(c)).join('; '),
    ),
    field(
      'Systems affected',
      i.systems.length === 0
        ? 'not recorded'
        : `${i.systems.length}${critical > 0 ? `, ${critical} critical` : ''}`,
    ),
    field(
      'Cost',
      i.cost === undefined
        ? 'not recorded'
        : `${formatCount(i.cost.amount)} ${i.cost.currency}${i.cost.note === undefined ? '' : ` (${inlineText(i.cost.note)})`}`,
    ),
  ].join('\n');
  return {
    id: 'impact',
    title: '2. Impact',
    markdown: blocks(
      lines,
      i.businessImpact === undefined
        ? emptyNote('business impact', 'impact.businessImpact', 'it')
        : blockText(i.businessImpact),
    ),
  };
}

/** Regulatory deadlines in one line: how many met, missed, still due. */
function deadlinesLine(ctx: ReportContext): string {
  if (ctx.doc.compliance.regimes.length === 0) return field('Regulatory deadlines', 'no regime listed');
  const results = evaluateCompliance(ctx.doc, { at: ctx.generatedAt }).results;
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  const parts = [
    `${count('met')} met`,
    count('missed') > 0 ? `**${count('missed')} missed**` : '0 missed',
    `${count('due')} still due`,
  ];
  return field('Regulatory deadlines', `${parts.join(', ')} (see the regulator pack)`);
}

function clocks(ctx: ReportContext): AudienceSection {
  const names = relevantClocks(ctx, KEY_CLOCKS);
  return {
    id: 'response-times',
    title: '3. Response times',
    markdown: blocks(
      names.length === 0
        ? '_No clock could be measured: the timeline has no milestones. Mark key entries with `milestone`._'
        : table(
            ['Clock', 'From → to', 'Took', 'Target', 'Status'],
            clockRows(ctx, names).map((row) => row.map((cell, i) => (i < 2 ? cellText(cell) : cell))),
          ),
      deadlinesLine(ctx),
    ),
    diagrams: clocksDiagram(ctx, 'Response clocks against targets', names),
  };
}

function rootCauses(ctx: ReportContext): AudienceSection {
  const causes = ctx.doc.analysis.rootCauses;
  const body =
    causes.length === 0
      ? emptyNote('root causes', 'analysis.rootCauses')
      : causes
          .map((rc) => `- **${CATEGORY_WORDS[rc.category]}:** ${listItemText(rc.statement, 2)}`)
          .join('\n');
  return { id: 'why-it-happened', title: '4. Why it happened', markdown: body };
}

function byPriority(recs: readonly Recommendation[]): Recommendation[] {
  // Open work first within a priority: it is what leadership can still act on.
  const open = (r: Recommendation): number => (OPEN_STATUSES.has(r.status) ? 0 : 1);
  return recs
    .map((rec, index) => ({ rec, index }))
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(a.rec.priority) - PRIORITIES.indexOf(b.rec.priority) ||
        open(a.rec) - open(b.rec) ||
        a.index - b.index,
    )
    .map(({ rec }) => rec);
}

function recommendations(ctx: ReportContext): AudienceSection {
  const recs = ctx.doc.recommendations;
  if (recs.length === 0) {
    return {
      id: 'top-recommendations',
      title: '5. Top recommendations',
      markdown: emptyNote('recommendations', 'recommendations'),
    };
  }
  const top = byPriority(recs.filter((r) => r.status !== 'rejected')).slice(0, TOP_RECOMMENDATIONS);
  const closed = recs.filter((r) => !OPEN_STATUSES.has(r.status)).length;
  const overdue = recs.filter((r) => isOverdue(ctx, r)).length;
  const summary = `${recs.length} recommendation${recs.length === 1 ? '' : 's'} in total: ${closed} done or closed (verified, risk accepted or rejected), ${recs.length - closed} open${overdue > 0 ? `, **${overdue} overdue**` : ''}. The ${top.length} of highest priority, open ones first:`;
  return {
    id: 'top-recommendations',
    title: '5. Top recommendations',
    markdown: blocks(
      summary,
      table(
        ['Recommendation', 'Priority', 'Owner', 'Due', 'Status'],
        top.map((r) => [
          cellText(r.title),
          r.priority,
          personText(ctx, r.owner),
          r.due ?? '—',
          statusCell(r.status, isOverdue(ctx, r)),
        ]),
      ),
    ),
  };
}

/** The sections of the executive brief, in order. */
export function executiveSections(ctx: ReportContext): AudienceSection[] {
  return [whatHappened(ctx), impact(ctx), clocks(ctx), rootCauses(ctx), recommendations(ctx)];
}
