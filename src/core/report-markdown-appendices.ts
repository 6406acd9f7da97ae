/**
 * The appendices of the Markdown report: A. evidence (with hashes, for the chain of custody), B. indicators,
 * C. people and roles, D. interviews, E. attachments, F. review session and sign-off.
 */

import { lintPostMortem } from './blameless.js';
import { formatPath } from './check.js';
import { blockText, cellText, codeSpan, inlineText, table } from './markdown-escape.js';
import type { Interview } from './model.js';
import {
  blocks,
  emptyNote,
  field,
  idList,
  instantText,
  linksText,
  personText,
  type ReportContext,
} from './report-markdown-common.js';

function evidence(ctx: ReportContext): string {
  const list = ctx.doc.evidence;
  if (list.length === 0) return emptyNote('evidence items', 'evidence');
  return table(
    ['Id', 'Title', 'Kind', 'SHA-256', 'Source system', 'Collected by', 'Collected at', 'Location'],
    list.map((e) => [
      codeSpan(e.id, 'table'),
      e.description === undefined ? cellText(e.title) : `${cellText(e.title)}<br>${cellText(e.description)}`,
      e.kind,
      e.sha256 === undefined ? 'not hashed' : codeSpan(e.sha256, 'table'),
      e.sourceSystem === undefined ? '—' : cellText(e.sourceSystem),
      personText(ctx, e.collectedBy),
      e.collectedAt === undefined ? '—' : instantText(e.collectedAt),
      e.location === undefined ? '—' : codeSpan(e.location, 'table'),
    ]),
  );
}

function indicators(ctx: ReportContext): string {
  const list = ctx.doc.indicators;
  if (list.length === 0) return emptyNote('indicators of compromise', 'indicators');
  return blocks(
    '_Values are shown as code so that no malicious address or link becomes clickable._',
    table(
      ['Id', 'Type', 'Value', 'First seen', 'Last seen', 'Description', 'Evidence and timeline'],
      list.map((i) => [
        codeSpan(i.id, 'table'),
        i.type,
        codeSpan(i.value, 'table'),
        i.firstSeen === undefined ? '—' : instantText(i.firstSeen),
        i.lastSeen === undefined ? '—' : instantText(i.lastSeen),
        i.description === undefined ? '—' : cellText(i.description),
        linksText(i) || '—',
      ]),
    ),
  );
}

function people(ctx: ReportContext): string {
  const list = ctx.doc.people;
  if (list.length === 0) return emptyNote('people', 'people');
  return table(
    ['Id', 'Name', 'Team', 'Job title', 'Roles'],
    list.map((p) => [
      codeSpan(p.id, 'table'),
      cellText(p.name),
      p.team === undefined ? '—' : cellText(p.team),
      p.jobTitle === undefined ? '—' : cellText(p.jobTitle),
      p.roles.length === 0 ? '—' : p.roles.join(', '),
    ]),
  );
}

function interview(ctx: ReportContext, item: Interview): string {
  const who = personText(ctx, item.participant);
  const by = item.interviewer === undefined ? '' : `, interviewed by ${personText(ctx, item.interviewer)}`;
  const statements =
    item.statements.length === 0
      ? '_No statements recorded for this interview._'
      : table(
          ['About', 'Knew', 'Thought', 'Did'],
          item.statements.map((s) => [
            s.entry === undefined ? '—' : codeSpan(s.entry, 'table'),
            s.knew === undefined ? '—' : cellText(s.knew),
            s.thought === undefined ? '—' : cellText(s.thought),
            s.did === undefined ? '—' : cellText(s.did),
          ]),
        );
  return blocks(
    `### ${codeSpan(item.id)} ${who}`,
    `Held at ${instantText(item.at)}${by}.${item.timeline.length === 0 ? '' : ` Speaks about ${idList(item.timeline)}.`}`,
    item.notes === undefined ? undefined : blockText(item.notes),
    statements,
  );
}

function attachments(ctx: ReportContext): string {
  const list = ctx.doc.attachments;
  if (list.length === 0) return emptyNote('attachments', 'attachments');
  return table(
    ['Id', 'Name', 'Media type', 'SHA-256', 'Location', 'Description'],
    list.map((a) => [
      codeSpan(a.id, 'table'),
      cellText(a.name),
      a.mediaType === undefined ? '—' : cellText(a.mediaType),
      a.sha256 === undefined ? 'not hashed' : codeSpan(a.sha256, 'table'),
      a.location === undefined ? '—' : codeSpan(a.location, 'table'),
      a.description === undefined ? '—' : cellText(a.description),
    ]),
  );
}

function review(ctx: ReportContext): string {
  const { session, approvals } = ctx.doc.review;
  const sessionText =
    session === undefined
      ? emptyNote('review session', 'review.session', 'it')
      : blocks(
          [
            field('Start', instantText(session.start)),
            field(
              'Duration',
              session.durationMinutes === undefined ? 'not recorded' : `${session.durationMinutes} min`,
            ),
            field('Location', session.location === undefined ? 'not recorded' : inlineText(session.location)),
          ].join('\n'),
          session.notes === undefined ? undefined : blockText(session.notes),
        );
  const approvalText =
    approvals.length === 0
      ? emptyNote('approvals', 'review.approvals')
      : table(
          ['Approver', 'Decision', 'At', 'Comment'],
          approvals.map((a) => [
            personText(ctx, a.person),
            a.decision === 'approved' ? 'approved' : '**changes requested**',
            instantText(a.at),
            a.comment === undefined ? '—' : cellText(a.comment),
          ]),
        );
  const findings = lintPostMortem(ctx.doc, { audience: 'internal' });
  const languageText =
    findings.length === 0
      ? '_No blaming, counterfactual or hindsight language found (`debrief lint`)._'
      : table(
          ['Field', 'Words', 'Kind', 'Suggestion'],
          findings.map((f) => [
            codeSpan(formatPath(f.path), 'table'),
            cellText(f.text),
            f.category,
            cellText(f.suggestion),
          ]),
        );
  return blocks(
    '### Review session',
    sessionText,
    '### Approvals',
    approvalText,
    '### Language review',
    languageText,
  );
}

/** The appendices A to F. */
export function appendices(ctx: ReportContext): string {
  const { interviews } = ctx.doc;
  return blocks(
    '## Appendix A. Evidence',
    evidence(ctx),
    '## Appendix B. Indicators',
    indicators(ctx),
    '## Appendix C. People and roles',
    people(ctx),
    '## Appendix D. Interviews',
    interviews.length === 0
      ? emptyNote('interviews', 'interviews')
      : blocks(...interviews.map((item) => interview(ctx, item))),
    '## Appendix E. Attachments',
    attachments(ctx),
    '## Appendix F. Review and sign-off',
    review(ctx),
  );
}
