/**
 * The regulator and auditor pack: the facts, the awareness and notification timeline, the compliance clocks
 * (notification deadlines and response clocks), the evidence with its hashes and chain of custody, the failed
 * controls and the remediation status. Drawn from the document redacted for the regulator
 * (`redactForAudience`): people are roles, hosts, addresses and accounts are masked.
 */
import { evaluateCompliance, type ObligationStatus } from './compliance.js';
import { blockText, cellText, codeSpan, inlineText, table } from './markdown-escape.js';
import type { EvidenceReference } from './model.js';
import { OPEN_STATUSES } from './recommendation-lifecycle.js';
import {
  type AudienceSection,
  clockRows,
  clocksDiagram,
  idCell,
  relevantClocks,
  statusCell,
} from './report-audience-common.js';
import type { EvidenceCustody } from './report-custody.js';
import {
  blocks,
  emptyNote,
  field,
  formatCount,
  instantText,
  isOverdue,
  milestonePlain,
  personText,
  type ReportContext,
  utcText,
  yesNo,
} from './report-markdown-common.js';
import { COMPLIANCE_REGIME_NAMES, PRIORITIES } from './vocabulary.js';

const STATUS_TEXT: Readonly<Record<ObligationStatus, string>> = {
  met: 'met',
  missed: '**missed**',
  due: 'due',
  'not-applicable': 'not applicable',
  'not-computable': 'not computable',
};

function facts(ctx: ReportContext): AudienceSection {
  const { doc } = ctx;
  const a = doc.compliance.attributes;
  const { impact } = doc;
  const byJurisdiction = Object.entries(a.peopleAffectedByJurisdiction);
  const lines = [
    field('Reference', codeSpan(doc.id)),
    field('Severity', doc.severity),
    field('Status of the review', doc.status),
    field('Incident types', doc.types.join(', ')),
    field(
      'Data categories',
      impact.dataCategories.length === 0
        ? 'not recorded'
        : impact.dataCategories.map((c) => inlineText(c)).join('; '),
    ),
    field(
      'People affected',
      impact.peopleAffected === undefined ? 'not recorded' : formatCount(impact.peopleAffected),
    ),
    field(
      'Records affected',
      impact.recordsAffected === undefined ? 'not recorded' : formatCount(impact.recordsAffected),
    ),
    field(
      'People affected by jurisdiction',
      byJurisdiction.length === 0
        ? 'not recorded'
        : byJurisdiction.map(([where, n]) => `${inlineText(where)}: ${formatCount(n)}`).join(', '),
    ),
    field('Personal data involved', yesNo(a.personalData)),
    field('Risk to individuals', a.riskLevel ?? 'not assessed'),
    field(
      'Regimes that apply',
      doc.compliance.regimes.map((r) => COMPLIANCE_REGIME_NAMES[r]).join(', ') || 'none listed',
    ),
  ].join('\n');
  const { whatHappened, howDetected, howResolved } = doc.summary;
  const part = (heading: string, text: string | undefined, path: string): string =>
    blocks(`### ${heading}`, text === undefined ? emptyNote('account', path, 'it') : blockText(text));
  return {
    id: 'facts',
    title: '1. Facts',
    markdown: blocks(
      lines,
      part('What happened', whatHappened, 'summary.whatHappened'),
      part('How it was detected', howDetected, 'summary.howDetected'),
      part('How it was contained and resolved', howResolved, 'summary.howResolved'),
    ),
  };
}

function awarenessTimeline(ctx: ReportContext): AudienceSection {
  const milestones = ctx.dated.filter((d) => d.entry.milestone !== undefined);
  const rows = milestones.map(({ entry, instant }) => [
    `${entry.uncertain ? '≈ ' : ''}${utcText(instant)}`,
    // The milestone in words, with its detail: what a regulator reads first.
    entry.milestone === undefined
      ? ''
      : `**${cellText(milestonePlain(entry.milestone))}**${entry.milestone.detail === undefined ? '' : `<br>${cellText(entry.milestone.detail)}`}`,
    cellText(entry.text),
    idCell(entry.id),
  ]);
  const { notifications } = ctx.doc.compliance;
  const records =
    notifications.length === 0
      ? emptyNote('notifications', 'compliance.notifications')
      : table(
          ['Regime', 'Recipient', 'Obligation', 'Submitted', 'Reference'],
          notifications.map((n) => [
            cellText(COMPLIANCE_REGIME_NAMES[n.regime]),
            cellText(n.recipient),
            n.obligation === undefined ? '—' : cellText(n.obligation),
            instantText(n.submittedAt),
            n.reference === undefined ? '—' : codeSpan(n.reference, 'table'),
          ]),
        );
  return {
    id: 'awareness-and-notification-timeline',
    title: '2. Awareness and notification timeline',
    markdown: blocks(
      milestones.length === 0
        ? '_No timeline entry is marked as a milestone (compromise, detection, awareness, notification...). Mark them with `milestone`._'
        : table(['Time (UTC)', 'Milestone', 'What happened', 'Entry'], rows),
      '_≈ marks an uncertain time or fact. Awareness is when the organization became aware in the regulatory sense._',
      '### Notifications made',
      records,
    ),
  };
}

function complianceClocks(ctx: ReportContext): AudienceSection {
  const { doc } = ctx;
  let deadlines: string;
  if (doc.compliance.regimes.length === 0) {
    deadlines = '_No regimes listed (`compliance.regimes`), so no notification deadlines are computed._';
  } else {
    const report = evaluateCompliance(doc, { at: ctx.generatedAt });
    deadlines = blocks(
      `Status at ${inlineText(report.at)} (regime table ${inlineText(report.tableVersion)}; not legal advice).`,
      table(
        ['Regime', 'Obligation', 'Within', 'Counts from', 'Due', 'Submitted', 'Status'],
        report.results.map((r) => [
          cellText(r.regimeName),
          `${cellText(r.title)} (${cellText(r.provision)})`,
          cellText(r.period),
          r.trigger === undefined ? '—' : cellText(`${r.trigger.description}, ${r.trigger.at}`),
          r.due === undefined ? '—' : cellText(r.due),
          r.submittedAt === undefined ? '—' : cellText(r.submittedAt),
          STATUS_TEXT[r.status],
        ]),
      ),
    );
  }
  const names = relevantClocks(ctx, [
    'timeToFirstNotification',
    'timeToDetect',
    'timeToContain',
    'timeToRecover',
    'timeToResolve',
  ]);
  return {
    id: 'compliance-clocks',
    title: '3. Compliance clocks',
    markdown: blocks(
      '### Notification deadlines',
      deadlines,
      '### Response clocks',
      names.length === 0
        ? '_No clock could be measured: the timeline has no milestones._'
        : table(
            ['Clock', 'From → to', 'Took', 'Target', 'Status'],
            clockRows(ctx, names).map((row) => row.map((cell, i) => (i < 2 ? cellText(cell) : cell))),
          ),
    ),
    diagrams: clocksDiagram(ctx, 'Response clocks against targets'),
  };
}

function custodyOf(
  item: EvidenceReference,
  custody: readonly EvidenceCustody[],
): EvidenceCustody | undefined {
  return (
    custody.find((c) => c.evidenceId === item.id) ??
    (item.sha256 === undefined ? undefined : custody.find((c) => c.sha256 === item.sha256))
  );
}

function custodyCell(item: EvidenceReference, record: EvidenceCustody | undefined): string {
  if (record === undefined) return 'not registered';
  const parts = [record.chainOk ? 'chain intact' : '**chain broken**', `${record.entries.length} entries`];
  if (item.sha256 !== undefined && item.sha256 !== record.sha256)
    parts.push('**hash differs from the document**');
  return parts.join(', ');
}

function custodyLog(record: EvidenceCustody): string {
  const rows = record.entries.map((e) => [
    String(e.seq),
    e.action,
    cellText(e.actor),
    cellText(e.at),
    e.reason === undefined ? '—' : cellText(e.reason),
  ]);
  return blocks(
    `#### ${codeSpan(record.evidenceId)}`,
    [
      field('SHA-256', codeSpan(record.sha256)),
      field('Size', `${formatCount(record.size)} bytes`),
      field(
        'Collected',
        `${record.collectedBy === undefined ? 'by —' : `by ${inlineText(record.collectedBy)}`}${record.collectedAt === undefined ? '' : ` at ${inlineText(record.collectedAt)}`}`,
      ),
      field(
        'Chain',
        record.chainOk
          ? 'intact (every entry verified against the previous one)'
          : `**broken**: ${record.problems.map((p) => inlineText(p)).join('; ') || 'see `debrief evidence verify`'}`,
      ),
    ].join('\n'),
    rows.length === 0 ? '_No custody entries._' : table(['#', 'Action', 'By', 'At', 'Reason'], rows),
  );
}

function evidence(ctx: ReportContext, custody: readonly EvidenceCustody[] | undefined): AudienceSection {
  const list = ctx.doc.evidence;
  const known = custody ?? [];
  const table1 =
    list.length === 0
      ? emptyNote('evidence items', 'evidence')
      : table(
          ['Id', 'Evidence', 'Kind', 'SHA-256', 'Collected by', 'Collected at', 'Custody'],
          list.map((e) => [
            idCell(e.id),
            cellText(e.title),
            e.kind,
            e.sha256 === undefined ? 'not hashed' : codeSpan(e.sha256, 'table'),
            personText(ctx, e.collectedBy),
            e.collectedAt === undefined ? '—' : instantText(e.collectedAt),
            custody === undefined ? 'not available' : custodyCell(e, custodyOf(e, known)),
          ]),
        );
  const logs =
    custody === undefined
      ? '_The custody log was not available for this rendering (it lives in the Debrief database): the list shows the evidence references and hashes recorded in the post-mortem. Render from the server or with the database to include the chain of custody._'
      : known.length === 0
        ? '_No evidence file is registered in Debrief for this post-mortem, so there is no custody log._'
        : blocks(...known.map(custodyLog));
  return {
    id: 'evidence-and-custody',
    title: '4. Evidence and chain of custody',
    markdown: blocks(table1, '### Custody log', logs),
  };
}

function remediationOf(ctx: ReportContext, id: string): string {
  const recs = ctx.addressedBy.get(id) ?? [];
  if (recs.length === 0) return '**none**';
  const byId = new Map(ctx.doc.recommendations.map((r) => [r.id, r]));
  return recs.map((r) => `${codeSpan(r, 'table')} ${byId.get(r)?.status ?? ''}`.trim()).join(', ');
}

function failedControls(ctx: ReportContext): AudienceSection {
  const list = ctx.doc.analysis.failedControls;
  return {
    id: 'failed-controls',
    title: '5. Failed controls',
    markdown:
      list.length === 0
        ? emptyNote('failed controls', 'analysis.failedControls')
        : table(
            ['Id', 'Control', 'Framework', 'Reference', 'What failed', 'Remediation (status)'],
            list.map((c) => [
              idCell(c.id),
              cellText(c.name),
              c.framework === undefined ? '—' : cellText(c.framework),
              c.reference === undefined ? '—' : cellText(c.reference),
              c.description === undefined ? '—' : cellText(c.description),
              remediationOf(ctx, c.id),
            ]),
          ),
  };
}

function remediation(ctx: ReportContext): AudienceSection {
  const recs = [...ctx.doc.recommendations].sort(
    (a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority),
  );
  if (recs.length === 0) {
    return {
      id: 'remediation-status',
      title: '6. Remediation status',
      markdown: emptyNote('recommendations', 'recommendations'),
    };
  }
  const open = recs.filter((r) => OPEN_STATUSES.has(r.status)).length;
  const overdue = recs.filter((r) => isOverdue(ctx, r)).length;
  const evidenceOf = (r: (typeof recs)[number]): string => {
    if (r.verification !== undefined)
      return `verified by ${cellText(r.verification.method)}, ${instantText(r.verification.at)}`;
    if (r.riskAcceptance !== undefined) return `risk accepted until ${r.riskAcceptance.expires}`;
    if (r.rejectionReason !== undefined) return `rejected: ${cellText(r.rejectionReason)}`;
    return '—';
  };
  return {
    id: 'remediation-status',
    title: '6. Remediation status',
    markdown: blocks(
      `${recs.length} measures: ${recs.length - open} done or closed, ${open} open${overdue > 0 ? `, **${overdue} overdue**` : ''}.`,
      table(
        ['Id', 'Measure', 'Type', 'Priority', 'Owner', 'Due', 'Status', 'Proof or decision'],
        recs.map((r) => [
          idCell(r.id),
          cellText(r.title),
          r.type,
          r.priority,
          personText(ctx, r.owner),
          r.due ?? '—',
          statusCell(r.status, isOverdue(ctx, r)),
          evidenceOf(r),
        ]),
      ),
    ),
  };
}

/**
 * The sections of the regulator and auditor pack. `custody` is the evidence registry's custody log (the service
 * reads it from the database); without it, the pack lists the document's evidence and says custody was not
 * available.
 */
export function regulatorSections(
  ctx: ReportContext,
  custody?: readonly EvidenceCustody[],
): AudienceSection[] {
  return [
    facts(ctx),
    awarenessTimeline(ctx),
    complianceClocks(ctx),
    evidence(ctx, custody),
    failedControls(ctx),
    remediation(ctx),
  ];
}
