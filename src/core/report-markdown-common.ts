/**
 * Building blocks shared by the sections of the Markdown report: the report context (lookups computed once),
 * the "nothing recorded" notes, times shown as written and in UTC, id lists and people's names.
 */

import { type Clocks, computeClocks } from './clocks.js';
import { cellText, codeSpan, inlineText } from './markdown-escape.js';
import { type DatedEntry, datedTimeline, earliestOf } from './milestones.js';
import type { Milestone, Person, PostMortem, Recommendation, TimelineEntry } from './model.js';
import type { PlaybookCheck } from './playbook.js';
import { isOverdueOn } from './recommendation-lifecycle.js';
import type { ReportDiagram } from './report-model.js';
import { type ParsedInstant, parseInstant, toUtcIso } from './time.js';
import type { MilestoneKind } from './vocabulary.js';

/** What every section needs besides the document: lookups built once per report. */
export interface ReportContext {
  readonly doc: PostMortem;
  /** The instant the report was generated, as passed in (ISO 8601). */
  readonly generatedAt: string;
  /** The UTC calendar date of `generatedAt`, to tell overdue actions and expired acceptances. */
  readonly generatedDate?: string;
  readonly people: ReadonlyMap<string, Person>;
  readonly entries: ReadonlyMap<string, TimelineEntry>;
  /** Item id → ids of the recommendations that address it. */
  readonly addressedBy: ReadonlyMap<string, readonly string[]>;
  readonly clocks: Clocks;
  /** The timeline entries with a valid instant, sorted by time (parsed once per report). */
  readonly dated: readonly DatedEntry[];
  /** The earliest entry of each milestone kind. */
  readonly milestones: ReadonlyMap<MilestoneKind, DatedEntry>;
  /** The comparison with the team's playbook, when the report is rendered with one. */
  readonly playbook?: PlaybookCheck;
  /** The diagrams the sections placed so far, in order; `diagramAnchor` appends to it. */
  readonly diagrams: ReportDiagram[];
}

/** Builds the lookups of a report. */
export function reportContext(doc: PostMortem, generatedAt: string, playbook?: PlaybookCheck): ReportContext {
  const addressedBy = new Map<string, string[]>();
  for (const rec of doc.recommendations) {
    for (const id of rec.addresses) addressedBy.set(id, [...(addressedBy.get(id) ?? []), rec.id]);
  }
  const generated = parseInstant(generatedAt);
  const dated = datedTimeline(doc);
  const milestones = earliestOf(dated);
  return {
    doc,
    generatedAt,
    ...(generated.ok ? { generatedDate: toUtcIso(generated.value.epochMs).slice(0, 10) } : {}),
    people: new Map(doc.people.map((p) => [p.id, p])),
    entries: new Map(doc.timeline.map((e) => [e.id, e])),
    addressedBy,
    clocks: computeClocks(doc),
    dated,
    milestones,
    ...(playbook === undefined ? {} : { playbook }),
    diagrams: [],
  };
}

/** The line that stands for diagram `index` in a section's Markdown until `buildReport` makes it a block. */
export function diagramAnchorLine(index: number): string {
  return `<!--debrief:diagram:${index}-->`;
}

/** Matches an anchor line; user text can never produce one, because Markdown escaping turns `<` into `&lt;`. */
export const DIAGRAM_ANCHOR = /^<!--debrief:diagram:(\d+)-->$/;

/**
 * Places a diagram in a section: records it in the report context and returns the anchor line that marks its
 * place in the section's Markdown. `buildReport` turns each anchor into a typed diagram block.
 */
export function diagramAnchor(ctx: ReportContext, diagram: ReportDiagram): string {
  ctx.diagrams.push(diagram);
  return diagramAnchorLine(ctx.diagrams.length - 1);
}

/**
 * The italic line a section shows when it has no data: what is missing and where to add it, so an empty
 * section says so instead of vanishing.
 */
export function emptyNote(what: string, path: string, pronoun: 'them' | 'it' = 'them'): string {
  return `_No ${what} recorded. Add ${pronoun} under \`${path}\` in the post-mortem file._`;
}

/** The UTC form of a parsed instant, as precise as it was written: `2026-03-14 08:12 UTC`, or a date. */
export function utcText(instant: ParsedInstant): string {
  const iso = toUtcIso(instant.epochMs);
  switch (instant.precision) {
    case 'date':
      return iso.slice(0, 10);
    case 'minute':
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
    case 'second':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
    case 'millisecond':
      return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
    default:
      return instant.precision satisfies never;
  }
}

/**
 * An instant as written, followed by its UTC form when that differs (an offset other than `Z`):
 * `2026-03-14T09:12+01:00 (2026-03-14 08:12 UTC)`. Text that is no valid instant is shown escaped.
 */
export function instantText(text: string): string {
  const parsed = parseInstant(text);
  if (!parsed.ok) return inlineText(text);
  const written = inlineText(text);
  if (parsed.value.offsetMinutes === null || parsed.value.offsetMinutes === 0) return written;
  return `${written} (${utcText(parsed.value)})`;
}

/** Ids as code spans separated by commas; an em dash when there are none. */
export function idList(ids: readonly string[]): string {
  return ids.length === 0 ? '—' : ids.map((id) => codeSpan(id, 'table')).join(', ');
}

/** `Evidence: `E1`, `E2` · Timeline: `T3`` for an item that links both; empty when it links neither. */
export function linksText(item: {
  readonly evidence?: readonly string[];
  readonly timeline?: readonly string[];
}): string {
  const parts: string[] = [];
  if (item.evidence && item.evidence.length > 0) parts.push(`Evidence: ${idList(item.evidence)}`);
  if (item.timeline && item.timeline.length > 0) parts.push(`Timeline: ${idList(item.timeline)}`);
  return parts.join(' · ');
}

/** A person's name for a person id; any other text (an outside owner, a team) as written. Escaped for cells. */
export function personText(ctx: ReportContext, idOrName: string | undefined): string {
  if (idOrName === undefined) return '—';
  const person = ctx.people.get(idOrName);
  return person === undefined ? cellText(idOrName) : cellText(person.name);
}

/** The recommendations addressing an item, as an id list, or `**none**` so gaps stand out. */
export function addressedByText(ctx: ReportContext, id: string): string {
  const recs = ctx.addressedBy.get(id);
  return recs === undefined ? '**none**' : idList(recs);
}

/** An integer with thousands separators (`1,234,567`), the same whatever the machine's locale. */
export function formatCount(value: number): string {
  const [whole = '0', fraction] = String(Math.abs(value)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Yes/no for a flag. */
export function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/** Human names of the milestone kinds. */
export const MILESTONE_LABELS: Readonly<Record<MilestoneKind, string>> = {
  compromise: 'Compromise',
  'impact-start': 'Impact start',
  detection: 'Detection',
  acknowledgement: 'Acknowledgement',
  escalation: 'Escalation',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  resolution: 'Resolution',
  awareness: 'Awareness',
  'materiality-determination': 'Materiality determination',
  classification: 'Classified as major',
  'ransom-payment': 'Ransom payment',
  notification: 'Notification',
  'stakeholder-update': 'Stakeholder update',
};

/** A milestone in plain words (not escaped): `Detection (customer)`, `Notification to CNIL (gdpr)`. */
export function milestonePlain(milestone: Milestone): string {
  const label = MILESTONE_LABELS[milestone.kind];
  switch (milestone.kind) {
    case 'detection':
      return `${label} (${milestone.source})`;
    case 'notification':
      return `${label} to ${milestone.recipient}${milestone.regime === undefined ? '' : ` (${milestone.regime})`}`;
    default:
      return label;
  }
}

/** Joins blocks of Markdown with blank lines, leaving out empty ones. */
export function blocks(...parts: readonly (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join('\n\n');
}

/** A bullet line `- **Label:** value` whose value is already Markdown. */
export function field(label: string, value: string): string {
  return `- **${label}:** ${value}`;
}

/** Is the recommendation still being delivered after its due date (as of the report's generation date)? */
export function isOverdue(ctx: ReportContext, rec: Recommendation): boolean {
  return ctx.generatedDate !== undefined && isOverdueOn(rec, ctx.generatedDate);
}
