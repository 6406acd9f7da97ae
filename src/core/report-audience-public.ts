/**
 * The public (customer) statement: what the organization says outside. It shows what is safe by construction
 * (the reference, severity, the key dates, the statement and what customers should do) and only those parts
 * that `publication` marks public, drawn from the document redacted for the public (`redactForAudience`): no
 * names, hosts, addresses, accounts, indicators or evidence.
 */
import { blockText, cellText, listItemText, table } from './markdown-escape.js';
import { type AudienceSection, milestoneDay } from './report-audience-common.js';
import { blocks, field, formatCount, type ReportContext, utcText } from './report-markdown-common.js';
import { LESSON_CATEGORIES, type PublicSection } from './vocabulary.js';

function statement(ctx: ReportContext): AudienceSection {
  const { doc } = ctx;
  const dates = [
    ['Detected', milestoneDay(ctx, 'detection')],
    ['Contained', milestoneDay(ctx, 'containment')],
    ['Resolved', milestoneDay(ctx, 'resolution')],
  ].flatMap(([label, day]) => (day === undefined ? [] : [field(label ?? '', day)]));
  const text = doc.publication.statement;
  return {
    id: 'statement',
    title: 'Statement',
    markdown: blocks(
      [field('Reference', doc.id), field('Severity', doc.severity), ...dates].join('\n'),
      text === undefined
        ? '_No public statement has been written yet (`publication.statement`)._'
        : blockText(text),
    ),
  };
}

function customerActions(ctx: ReportContext): AudienceSection {
  const actions = ctx.doc.publication.customerActions;
  return {
    id: 'what-you-should-do',
    title: 'What you should do',
    markdown:
      actions.length === 0
        ? '_No action is asked of customers (`publication.customerActions`)._'
        : actions.map((a) => `- ${listItemText(a, 2)}`).join('\n'),
  };
}

function summary(ctx: ReportContext): AudienceSection {
  const { whatHappened, howDetected, howResolved } = ctx.doc.summary;
  const part = (heading: string, text: string | undefined): string | undefined =>
    text === undefined ? undefined : blocks(`### ${heading}`, blockText(text));
  return {
    id: 'what-happened',
    title: 'What happened',
    markdown:
      blocks(
        part('What happened', whatHappened),
        part('How we found out', howDetected),
        part('What we did', howResolved),
      ) || '_No account has been written yet._',
  };
}

function impact(ctx: ReportContext): AudienceSection {
  const i = ctx.doc.impact;
  const lines = [
    i.dataCategories.length === 0
      ? undefined
      : field('Data involved', i.dataCategories.map((c) => listItemText(c, 2)).join('; ')),
    i.peopleAffected === undefined ? undefined : field('People affected', formatCount(i.peopleAffected)),
  ].filter((l): l is string => l !== undefined);
  return {
    id: 'impact',
    title: 'Who and what was affected',
    markdown:
      blocks(lines.join('\n'), i.businessImpact === undefined ? undefined : blockText(i.businessImpact)) ||
      '_No impact has been recorded yet._',
  };
}

function timeline(ctx: ReportContext): AudienceSection {
  const rows = ctx.dated.map(({ entry, instant }) => [utcText(instant), cellText(entry.text)]);
  return {
    id: 'timeline',
    title: 'Timeline',
    markdown:
      rows.length === 0 ? '_No timeline has been recorded._' : table(['When (UTC)', 'What happened'], rows),
  };
}

function lessons(ctx: ReportContext): AudienceSection {
  const ordered = LESSON_CATEGORIES.flatMap((c) => ctx.doc.lessons.filter((l) => l.category === c));
  return {
    id: 'lessons',
    title: 'What we learned',
    markdown: ordered.map((l) => `- ${listItemText(l.text, 2)}`).join('\n'),
  };
}

function recommendations(ctx: ReportContext): AudienceSection {
  return {
    id: 'improvements',
    title: 'What we are changing',
    markdown: table(
      ['Measure', 'Status'],
      ctx.doc.recommendations.map((r) => [cellText(r.title), r.status]),
    ),
  };
}

/**
 * The sections of the public statement: the statement and what customers should do, then each section marked
 * public (`publication.publicSections`, or lessons and recommendations marked `public: true`), and a closing
 * note saying that nothing else was published when nothing else was marked.
 */
export function publicSections(ctx: ReportContext): AudienceSection[] {
  const { doc } = ctx;
  const marked = new Set<PublicSection>(doc.publication.publicSections);
  const out = [statement(ctx), customerActions(ctx)];
  if (marked.has('summary')) out.push(summary(ctx));
  if (marked.has('impact')) out.push(impact(ctx));
  if (marked.has('timeline')) out.push(timeline(ctx));
  // The redacted document holds only the lessons and recommendations marked public (or all, when the section is).
  if (doc.lessons.length > 0) out.push(lessons(ctx));
  if (doc.recommendations.length > 0) out.push(recommendations(ctx));
  if (out.length === 2) {
    out.push({
      id: 'about-this-statement',
      title: 'About this statement',
      markdown:
        '_Nothing else in this post-mortem was marked public, so this statement holds only the facts above. The team marks content public under `publication` in the post-mortem file._',
    });
  }
  return out;
}
