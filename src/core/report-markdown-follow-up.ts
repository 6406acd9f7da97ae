/**
 * Sections 6 to 9 of the Markdown report: response evaluation, lessons learned, recommendations (with their
 * lifecycle: verification, risk acceptance, rejection, tracker) and compliance.
 */
import { evaluateCompliance, type ObligationStatus } from './compliance.js';
import { blockText, cellText, codeSpan, inlineText, link, listItemText, table } from './markdown-escape.js';
import type { Recommendation } from './model.js';
import { OPEN_STATUSES } from './recommendation-lifecycle.js';
import {
  addressedByText,
  blocks,
  emptyNote,
  field,
  formatCount,
  idList,
  instantText,
  isOverdue,
  linksText,
  personText,
  type ReportContext,
  yesNo,
} from './report-markdown-common.js';
import { playbookSection } from './report-markdown-playbook.js';
import { scorecard } from './scorecard.js';
import {
  COMPLIANCE_REGIME_NAMES,
  LESSON_CATEGORIES,
  type LessonCategory,
  PRIORITIES,
  RECOMMENDATION_STATUSES,
} from './vocabulary.js';

const LESSON_LABELS: Readonly<Record<LessonCategory, string>> = {
  'security-gap': 'Security gaps',
  'process-failure': 'Process failures',
  'training-need': 'Training needs',
  tooling: 'Tooling',
  communication: 'Communication',
};

function bulletList(items: readonly string[], what: string, path: string): string {
  if (items.length === 0) return emptyNote(what, path);
  return items.map((item) => `- ${listItemText(item, 2)}`).join('\n');
}

/** Section 6: how the response went, starting with who or what detected the incident. */
export function evaluationSection(ctx: ReportContext): string {
  const { evaluation } = ctx.doc;
  const detection = ctx.milestones.get('detection');
  let detected = 'not recorded: no timeline entry has a `detection` milestone';
  if (detection?.entry.milestone?.kind === 'detection') {
    const { milestone } = detection.entry;
    detected = `${milestone.source} — ${codeSpan(detection.entry.id)} at ${instantText(detection.entry.at)}`;
    if (milestone.detail !== undefined) detected += ` — ${inlineText(milestone.detail)}`;
  }
  const card = scorecard(ctx.doc, {
    at: ctx.generatedAt,
    ...(ctx.playbook === undefined ? {} : { playbook: ctx.playbook }),
  });
  return blocks(
    '## 6. Response evaluation',
    field('Detected by', detected),
    '### Scorecard',
    `_Overall: ${card.overall === null ? 'not computable' : `**${card.overall} / 100**`}, the mean of the aspects below that can be computed._`,
    table(
      ['Aspect', 'Score', 'How'],
      card.items.map((i) => [
        cellText(i.label),
        i.score === null ? '—' : String(i.score),
        cellText(i.computation),
      ]),
    ),
    ctx.playbook === undefined ? undefined : playbookSection(ctx.playbook),
    '### What went well',
    bulletList(evaluation.wentWell, 'strengths', 'evaluation.wentWell'),
    '### What went poorly',
    bulletList(evaluation.wentPoorly, 'weaknesses', 'evaluation.wentPoorly'),
    '### Lucky breaks',
    bulletList(evaluation.luckyBreaks, 'lucky breaks', 'evaluation.luckyBreaks'),
    '### Communication',
    evaluation.communication === undefined
      ? emptyNote('assessment of communication and coordination', 'evaluation.communication', 'it')
      : blockText(evaluation.communication),
  );
}

/** Section 7: lessons learned, grouped by category in the vocabulary's order. */
export function lessonsSection(ctx: ReportContext): string {
  const { lessons } = ctx.doc;
  if (lessons.length === 0) return blocks('## 7. Lessons learned', emptyNote('lessons learned', 'lessons'));
  const groups = LESSON_CATEGORIES.flatMap((category) => {
    const inCategory = lessons.filter((l) => l.category === category);
    if (inCategory.length === 0) return [];
    const items = inCategory.map((lesson) => {
      const links = linksText(lesson);
      return [
        `- ${listItemText(lesson.text, 2)} ${codeSpan(lesson.id)}`,
        ...(links === '' ? [] : [`  - ${links}`]),
        `  - Addressed by: ${addressedByText(ctx, lesson.id)}`,
      ].join('\n');
    });
    return [blocks(`### ${LESSON_LABELS[category]}`, items.join('\n'))];
  });
  return blocks('## 7. Lessons learned', ...groups);
}

function statusSummary(ctx: ReportContext, recs: readonly Recommendation[]): string {
  const counts = RECOMMENDATION_STATUSES.flatMap((status) => {
    const n = recs.filter((r) => r.status === status).length;
    return n === 0 ? [] : [`${n} ${status}`];
  });
  const overdue = recs.filter((r) => isOverdue(ctx, r)).length;
  const noOwner = recs.filter((r) => OPEN_STATUSES.has(r.status) && r.owner === undefined).length;
  let text = `${recs.length} recommendation${recs.length === 1 ? '' : 's'}: ${counts.join(', ')}.`;
  if (overdue > 0) text += ` **${overdue} overdue.**`;
  if (noOwner > 0) text += ` **${noOwner} without an owner.**`;
  return `${text} Sorted by priority, then as written.`;
}

function trackerText(rec: Recommendation, where: 'table' | 'text'): string {
  if (rec.tracker === undefined) return '—';
  const { system, key, url } = rec.tracker;
  const label = `${system} ${key}`;
  return url === undefined ? `${inlineText(system)} ${codeSpan(key, where)}` : link(label, url, where);
}

function details(ctx: ReportContext, rec: Recommendation): string | undefined {
  const lines: string[] = [];
  if (rec.verification !== undefined) {
    const v = rec.verification;
    lines.push(
      field(
        'Verification',
        `${listItemText(v.method, 2)} by ${personText(ctx, v.by)} at ${instantText(v.at)}: ${listItemText(v.result, 2)}${v.evidence.length === 0 ? '' : ` — Evidence: ${idList(v.evidence)}`}`,
      ),
    );
  }
  if (rec.riskAcceptance !== undefined) {
    const r = rec.riskAcceptance;
    const expired = ctx.generatedDate !== undefined && r.expires < ctx.generatedDate ? ' — **expired**' : '';
    lines.push(
      field('Risk accepted by', `${personText(ctx, r.approver)} at ${instantText(r.at)}`),
      field('Rationale', listItemText(r.rationale, 2)),
      field('Acceptance expires', `${r.expires}${expired}`),
    );
  }
  if (rec.rejectionReason !== undefined)
    lines.push(field('Rejected because', listItemText(rec.rejectionReason, 2)));
  if (rec.tracker !== undefined) lines.push(field('Tracker', trackerText(rec, 'text')));
  if (rec.description === undefined && lines.length === 0) return undefined;
  return blocks(
    `#### ${codeSpan(rec.id)} ${inlineText(rec.title)}`,
    rec.description === undefined ? undefined : blockText(rec.description),
    lines.join('\n'),
  );
}

/** Section 8: recommendations, a table sorted by priority and the details of each. */
export function recommendationsSection(ctx: ReportContext): string {
  const recs = ctx.doc.recommendations;
  if (recs.length === 0)
    return blocks('## 8. Recommendations', emptyNote('recommendations', 'recommendations'));
  const sorted = recs
    .map((rec, index) => ({ rec, index }))
    .sort(
      (a, b) => PRIORITIES.indexOf(a.rec.priority) - PRIORITIES.indexOf(b.rec.priority) || a.index - b.index,
    )
    .map(({ rec }) => rec);
  const rows = sorted.map((rec) => [
    codeSpan(rec.id, 'table'),
    cellText(rec.title),
    rec.type,
    rec.priority,
    rec.owner === undefined
      ? OPEN_STATUSES.has(rec.status)
        ? '**no owner**'
        : '—'
      : personText(ctx, rec.owner),
    rec.due ?? '—',
    `${rec.status}${isOverdue(ctx, rec) ? ' — **overdue**' : ''}`,
    idList(rec.addresses),
    trackerText(rec, 'table'),
  ]);
  const detailBlocks = sorted.map((rec) => details(ctx, rec)).filter((d): d is string => d !== undefined);
  return blocks(
    '## 8. Recommendations',
    statusSummary(ctx, recs),
    table(['Id', 'Title', 'Type', 'Priority', 'Owner', 'Due', 'Status', 'Addresses', 'Tracker'], rows),
    '### Details',
    detailBlocks.length === 0
      ? '_No descriptions, verifications, risk acceptances, rejections or tracker links recorded._'
      : blocks(...detailBlocks),
  );
}

const STATUS_TEXT: Readonly<Record<ObligationStatus, string>> = {
  met: 'met',
  missed: '**missed**',
  due: 'due',
  'not-applicable': 'not applicable',
  'not-computable': 'not computable',
};

/** Each obligation of the listed regimes at the time the report was generated, with how it was computed. */
function deadlines(ctx: ReportContext): string {
  if (ctx.doc.compliance.regimes.length === 0) return '_No regimes listed, so no deadlines are computed._';
  const report = evaluateCompliance(ctx.doc, { at: ctx.generatedAt });
  const rows = report.results.map((r) => {
    const marks = [r.proposed ? 'proposed rule' : '', r.uncertain ? 'to verify' : ''].filter(Boolean);
    return [
      cellText(r.regimeName),
      `${cellText(r.title)} (${cellText(r.provision)})${marks.length > 0 ? `, ${marks.join(', ')}` : ''}`,
      cellText(r.period),
      r.trigger === undefined ? '—' : cellText(`${r.trigger.description}, ${r.trigger.at}`),
      r.due === undefined ? '—' : cellText(r.due),
      STATUS_TEXT[r.status],
      cellText(r.reason),
    ];
  });
  const unmatched = report.unmatchedNotifications.map((n) => `- ${codeSpan(n.id)}: ${inlineText(n.reason)}`);
  return blocks(
    `Status at ${inlineText(report.at)}, computed from the curated timeline's milestones and the notifications ` +
      `below (regime table ${inlineText(report.tableVersion)}; not legal advice).`,
    table(['Regime', 'Obligation', 'Within', 'Counts from', 'Due', 'Status', 'How'], rows),
    ...(unmatched.length > 0 ? ['Notifications no deadline counts:', unmatched.join('\n')] : []),
  );
}

/** Section 9: the regimes that apply, the attributes that decide obligations, and notifications made. */
export function complianceSection(ctx: ReportContext): string {
  const { regimes, attributes: a, notifications } = ctx.doc.compliance;
  const regimeList =
    regimes.length === 0
      ? emptyNote('applicable regimes', 'compliance.regimes')
      : regimes.map((r) => `- ${inlineText(COMPLIANCE_REGIME_NAMES[r])} (${codeSpan(r)})`).join('\n');
  const list = (items: readonly string[]): string =>
    items.length === 0 ? '—' : items.map((item) => cellText(item)).join(', ');
  const byJurisdiction = Object.entries(a.peopleAffectedByJurisdiction);
  const attributes = table(
    ['Attribute', 'Value'],
    [
      ['Personal data involved', yesNo(a.personalData)],
      ['Risk to individuals', a.riskLevel ?? 'not assessed'],
      ['NIS2 significant incident', yesNo(a.significant)],
      ['DORA major ICT-related incident', yesNo(a.major)],
      ['SEC material cybersecurity incident', yesNo(a.material)],
      ['Ransom paid', yesNo(a.ransomPaid)],
      ['People affected', a.peopleAffected === undefined ? 'not recorded' : formatCount(a.peopleAffected)],
      [
        'People affected by jurisdiction',
        byJurisdiction.length === 0
          ? '—'
          : byJurisdiction.map(([where, n]) => `${cellText(where)}: ${formatCount(n)}`).join(', '),
      ],
      ['Jurisdictions', list(a.jurisdictions)],
      ['Sectors', list(a.sectors)],
      ['Entity flags', list(a.entityFlags)],
    ],
  );
  const records =
    notifications.length === 0
      ? emptyNote('notifications', 'compliance.notifications')
      : table(
          ['Id', 'Regime', 'Recipient', 'Obligation', 'Submitted', 'Reference', 'Timeline entry'],
          notifications.map((n) => [
            codeSpan(n.id, 'table'),
            cellText(COMPLIANCE_REGIME_NAMES[n.regime]),
            cellText(n.recipient),
            n.obligation === undefined ? '—' : cellText(n.obligation),
            instantText(n.submittedAt),
            n.reference === undefined ? '—' : codeSpan(n.reference, 'table'),
            n.entry === undefined ? '—' : codeSpan(n.entry, 'table'),
          ]),
        );
  return blocks(
    '## 9. Compliance',
    '### Applicable regimes',
    regimeList,
    '### Incident attributes',
    attributes,
    '### Notification deadlines',
    deadlines(ctx),
    '### Notifications made',
    records,
  );
}
