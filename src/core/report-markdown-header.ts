/**
 * The head of the Markdown report: title, need-to-know banner, metadata, the key facts at a glance (what an
 * executive reads before deciding to read on) and the references to tickets and incident records.
 */
import { CLOCK_DEFINITIONS, isMeasured, listBreaches } from './clocks.js';
import { codeSpan, inlineText, link } from './markdown-escape.js';
import {
  blocks,
  emptyNote,
  field,
  formatCount,
  instantText,
  isOverdue,
  type ReportContext,
  utcText,
} from './report-markdown-common.js';
import { humanDuration } from './time.js';
import type { ClockName } from './vocabulary.js';

function clockFact(ctx: ReportContext, name: ClockName): string {
  const clock = ctx.clocks[name];
  if (!isMeasured(clock)) return `not computable (${clock.reason})`;
  const value = `${clock.approximate ? '≈ ' : ''}${humanDuration(clock.seconds)}`;
  return `${value}${clock.breached ? ' — **over target**' : ''}`;
}

function glance(ctx: ReportContext): string {
  const { doc } = ctx;
  const detection = ctx.milestones.get('detection');
  const detected =
    detection?.entry.milestone?.kind === 'detection'
      ? `${detection.entry.milestone.source}, ${utcText(detection.instant)}`
      : 'not recorded';
  const affected = [
    doc.impact.peopleAffected === undefined ? undefined : `${formatCount(doc.impact.peopleAffected)} people`,
    doc.impact.recordsAffected === undefined
      ? undefined
      : `${formatCount(doc.impact.recordsAffected)} records`,
  ].filter((part) => part !== undefined);
  const breaches = listBreaches(ctx.clocks);
  const recs = doc.recommendations;
  const closed = recs.filter((r) => ['verified', 'risk-accepted', 'rejected'].includes(r.status)).length;
  const overdue = recs.filter((r) => isOverdue(ctx, r)).length;
  const regimes = [...new Set(doc.compliance.notifications.map((n) => n.regime))];
  return [
    field('Detected by', detected),
    field('Dwell time', clockFact(ctx, 'timeToDetect')),
    field('Time to contain', clockFact(ctx, 'timeToContain')),
    field('Affected', affected.length === 0 ? 'not recorded' : affected.join(', ')),
    field(
      'Clock breaches',
      breaches.length === 0
        ? 'none'
        : `${breaches.length}: ${breaches.map((b) => CLOCK_DEFINITIONS[b.clock].label).join(', ')}`,
    ),
    field('Root causes', String(doc.analysis.rootCauses.length)),
    field(
      'Recommendations',
      `${recs.length}, of which ${closed} closed (verified, risk accepted or rejected)${overdue > 0 ? ` and **${overdue} overdue**` : ''}`,
    ),
    field(
      'Notifications made',
      doc.compliance.notifications.length === 0
        ? 'none'
        : `${doc.compliance.notifications.length} (${regimes.join(', ')})`,
    ),
  ].join('\n');
}

function references(ctx: ReportContext): string {
  const refs = ctx.doc.references;
  if (refs.length === 0) return emptyNote('references (tickets, incident records, cases)', 'references');
  return refs
    .map((ref) => {
      let line = `- ${inlineText(ref.system)}${ref.id === undefined ? '' : ` ${codeSpan(ref.id)}`}`;
      if (ref.title !== undefined) line += `: ${inlineText(ref.title)}`;
      if (ref.url !== undefined) line += ` — ${link(ref.url, ref.url)}`;
      return line;
    })
    .join('\n');
}

/** Title, banner, metadata, key facts and references. */
export function header(ctx: ReportContext): string {
  const { doc } = ctx;
  const meta = [
    field('Status', doc.status),
    field('Severity', doc.severity),
    field('Types', doc.types.join(', ')),
    field('Tags', doc.tags.length === 0 ? '—' : doc.tags.map((t) => inlineText(t)).join(', ')),
    field('Restricted', doc.restricted ? 'yes — visible to members only' : 'no'),
    field('Version', doc.version === undefined ? 'not stored yet' : String(doc.version)),
    field('Created', doc.created === undefined ? '—' : instantText(doc.created)),
    field('Updated', doc.updated === undefined ? '—' : instantText(doc.updated)),
    field('Report generated', instantText(ctx.generatedAt)),
  ].join('\n');
  return blocks(
    `# ${inlineText(doc.id)} — ${inlineText(doc.title)}`,
    doc.restricted
      ? '> **RESTRICTED.** Need-to-know: share this report only with the members of this post-mortem.'
      : undefined,
    meta,
    '**At a glance**',
    glance(ctx),
    '**References**',
    references(ctx),
    '_This is a blameless review: it describes conditions and systems, not individual fault._',
  );
}
