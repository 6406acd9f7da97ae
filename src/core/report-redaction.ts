/**
 * Redaction of a post-mortem for an audience outside the team (regulator, public): a copy of the document in
 * which people are role pseudonyms, hosts, addresses, accounts and paths are masked, e-mail addresses and internal
 * links are gone, and (for the public) everything not marked public is dropped. Every string of the copy then
 * goes through `scrubText`, the last line of defence that masks internal values left in free text ("the laptop
 * KRV-LT-0412 of Rafael..."), so any renderer can draw the copy without leaking what the team must keep.
 *
 * What it cannot catch: a value that is written in no field it knows (a colleague's name only in free text, a
 * host named only inside a summary), a value spelled differently (defanged `198.51.100[.]77`, a nickname), or
 * one that only the context makes identifying. See docs on audiences.
 */
import type { Lesson, PostMortem, Recommendation, TimelineEntry } from './model.js';
import type { EvidenceCustody } from './report-custody.js';
import type { ReportAudience } from './report-model.js';
import { type InternalValue, internalValues, rolePseudonyms } from './report-redaction-values.js';
import type { PublicSection } from './vocabulary.js';

/** A redacted document with what was used to redact it. */
export interface Redaction {
  /** The document as the audience may see it. */
  readonly doc: PostMortem;
  /** Person id → the pseudonym that replaces their name (empty for internal audiences). */
  readonly pseudonyms: ReadonlyMap<string, string>;
  /** The internal values that were masked (empty for internal audiences). */
  readonly values: readonly InternalValue[];
  /** The custody log passed in, with actors masked the same way. */
  readonly custody: readonly EvidenceCustody[];
}

/** Options of `redactForAudience`. */
export interface RedactionOptions {
  /** The custody log of the evidence, for the regulator pack: its actors are masked with the document's values. */
  readonly custody?: readonly EvidenceCustody[];
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern of one value: names match as whole words, addresses not inside a longer number. */
function valuePattern(value: InternalValue): string {
  const body = escapeRegExp(value.value);
  switch (value.kind) {
    case 'person':
    case 'name-part': {
      const start = WORD_CHAR.test(value.value.at(0) ?? '') ? '(?<![\\p{L}\\p{N}_])' : '';
      const end = WORD_CHAR.test(value.value.at(-1) ?? '') ? '(?![\\p{L}\\p{N}_])' : '';
      return `${start}${body}${end}`;
    }
    case 'address':
      return `(?<![\\p{L}\\p{N}.:])${body}(?![\\p{L}\\p{N}:]|\\.\\p{N})`;
    default:
      // Hosts, accounts, e-mails, indicators, paths, links: anywhere, even inside a longer token, so that
      // `login.korva1en-sso.example` loses its internal part too (over-masking is the safe side).
      return body;
  }
}

interface Scrubber {
  readonly scrub: (text: string) => string;
}

/** One pass: the values longest first (so a longer value wins over a value inside it), all in one pattern. */
function pass(values: readonly InternalValue[], flags: string): ((text: string) => string) | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => b.value.length - a.value.length);
  const masks = new Map<string, string>();
  const key = (text: string): string => (flags.includes('i') ? text.toLowerCase() : text);
  for (const value of sorted) if (!masks.has(key(value.value))) masks.set(key(value.value), value.mask);
  const pattern = new RegExp(sorted.map(valuePattern).join('|'), flags);
  return (text) => text.replace(pattern, (match) => masks.get(key(match)) ?? '[redacted]');
}

const scrubbers = new WeakMap<readonly InternalValue[], Scrubber>();

function scrubberOf(values: readonly InternalValue[]): Scrubber {
  const known = scrubbers.get(values);
  if (known !== undefined) return known;
  // Names are matched with their case ("Will" the person, not "will" the verb); everything else without.
  const insensitive = pass(
    values.filter((v) => v.kind !== 'name-part'),
    'giu',
  );
  const sensitive = pass(
    values.filter((v) => v.kind === 'name-part'),
    'gu',
  );
  const scrubber: Scrubber = {
    scrub: (text) => {
      let out = insensitive === undefined ? text : insensitive(text);
      if (sensitive !== undefined) out = sensitive(out);
      return out;
    },
  };
  scrubbers.set(values, scrubber);
  return scrubber;
}

/**
 * Replaces every occurrence of an internal value in `text` by its mask: longest values first; names as whole
 * words (name parts with their case), everything else case-insensitively and anywhere.
 */
export function scrubText(text: string, values: readonly InternalValue[]): string {
  return scrubberOf(values).scrub(text);
}

/** A deep copy of `value` with `fn` applied to every string (object keys are kept). */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return fn(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner !== null && typeof inner === 'object') {
      return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, walk(v)]));
    }
    return inner;
  };
  return walk(value) as T;
}

function without<T extends object, K extends keyof T>(item: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...item } as Record<string, unknown>;
  for (const key of keys) delete copy[key as string];
  return copy as Omit<T, K>;
}

/** What an external audience may see of any post-mortem: identities reduced to roles, internal links gone. */
function externalBase(doc: PostMortem, pseudonyms: ReadonlyMap<string, string>): PostMortem {
  const { session } = doc.review;
  return {
    ...doc,
    people: doc.people.map((p) => ({
      id: p.id,
      name: pseudonyms.get(p.id) ?? 'Participant',
      roles: p.roles,
    })),
    references: doc.references.map((r) => without(r, 'url')),
    evidence: doc.evidence.map((e) => without(e, 'location')),
    attachments: doc.attachments.map((a) => without(a, 'location')),
    recommendations: doc.recommendations.map((r) =>
      r.tracker === undefined ? r : { ...r, tracker: without(r.tracker, 'url') },
    ),
    // Interviews keep the local rationality of named colleagues: they stay within the team.
    interviews: [],
    indicators: [],
    review: {
      approvals: doc.review.approvals,
      ...(session === undefined ? {} : { session: without(session, 'location', 'notes') }),
    },
  };
}

function publicTimelineEntry(entry: TimelineEntry): TimelineEntry {
  return {
    id: entry.id,
    at: entry.at,
    text: entry.text,
    ...(entry.phase === undefined ? {} : { phase: entry.phase }),
    ...(entry.milestone === undefined ? {} : { milestone: entry.milestone }),
    evidence: [],
    events: [],
    attack: [],
    tags: [],
    uncertain: entry.uncertain,
  };
}

/** Milestones whose date the public report always gives: detection, containment, resolution. */
const KEY_DATES = new Set<string>(['detection', 'containment', 'resolution']);

/** The key milestones alone, with no text or detail: only their dates reach the public. */
function keyDates(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline.flatMap((entry) => {
    const { milestone } = entry;
    if (milestone === undefined || !KEY_DATES.has(milestone.kind)) return [];
    const bare =
      milestone.kind === 'detection'
        ? { kind: milestone.kind, source: milestone.source }
        : { kind: milestone.kind };
    return [{ ...publicTimelineEntry(entry), text: milestone.kind, milestone: bare as typeof milestone }];
  });
}

function publicLesson(lesson: Lesson): Lesson {
  return { id: lesson.id, category: lesson.category, text: lesson.text, evidence: [], timeline: [] };
}

function publicRecommendation(rec: Recommendation): Recommendation {
  return {
    id: rec.id,
    title: rec.title,
    ...(rec.description === undefined ? {} : { description: rec.description }),
    type: rec.type,
    priority: rec.priority,
    ...(rec.due === undefined ? {} : { due: rec.due }),
    status: rec.status,
    addresses: [],
    history: [],
  };
}

/**
 * The public document: the facts safe by construction (id, severity, status, types, dates, the publication
 * block) plus the sections and items marked public. The title is the publication's title when set.
 */
function publicCopy(doc: PostMortem): PostMortem {
  const shown = new Set<PublicSection>(doc.publication.publicSections);
  const base = externalBase(doc, new Map());
  return {
    apiVersion: doc.apiVersion,
    kind: doc.kind,
    id: doc.id,
    title: doc.publication.title ?? doc.title,
    status: doc.status,
    severity: doc.severity,
    types: doc.types,
    restricted: doc.restricted,
    tags: [],
    ...(doc.created === undefined ? {} : { created: doc.created }),
    ...(doc.updated === undefined ? {} : { updated: doc.updated }),
    references: [],
    summary: shown.has('summary') ? doc.summary : {},
    impact: shown.has('impact')
      ? { ...doc.impact, systems: doc.impact.systems.map((s) => without(s, 'description')) }
      : { systems: [], dataCategories: [] },
    people: [],
    review: { approvals: [] },
    interviews: [],
    evidence: [],
    timeline: shown.has('timeline') ? doc.timeline.map(publicTimelineEntry) : keyDates(doc.timeline),
    analysis: {
      fiveWhys: [],
      fishbone: { categories: base.analysis.fishbone.categories, causes: [] },
      fmea: [],
      contributingFactors: [],
      rootCauses: [],
      vulnerabilities: [],
      failedControls: [],
      attack: { techniques: [] },
    },
    evaluation: { targets: doc.evaluation.targets, wentWell: [], wentPoorly: [], luckyBreaks: [] },
    lessons: doc.lessons.filter((l) => shown.has('lessons') || l.public === true).map(publicLesson),
    recommendations: doc.recommendations
      .filter((r) => shown.has('recommendations') || r.public === true)
      .map(publicRecommendation),
    compliance: {
      regimes: [],
      attributes: {
        ...doc.compliance.attributes,
        peopleAffectedByJurisdiction: {},
        jurisdictions: [],
        sectors: [],
        entityFlags: [],
      },
      notifications: [],
    },
    indicators: [],
    attachments: [],
    publication: doc.publication,
  };
}

/**
 * The document as `audience` may see it. Technical and executive readers are inside the team: the document is
 * returned as is. For the regulator, people become role pseudonyms, hosts, addresses, accounts and paths are
 * masked, e-mail addresses and internal links removed, interviews and indicators dropped; the public copy
 * further keeps only what is safe by construction and what `publication` marks public. Every string of the
 * copy is scrubbed of the internal values (the post-mortem id is kept: it is the reference readers quote).
 */
export function redactForAudience(
  doc: PostMortem,
  audience: ReportAudience,
  options: RedactionOptions = {},
): Redaction {
  const custody = options.custody ?? [];
  if (audience === 'technical' || audience === 'executive') {
    return { doc, pseudonyms: new Map(), values: [], custody };
  }
  const pseudonyms = rolePseudonyms(doc);
  const values = internalValues(doc, custody);
  const copy = audience === 'public' ? publicCopy(doc) : externalBase(doc, pseudonyms);
  const scrub = (text: string): string => scrubText(text, values);
  return {
    doc: { ...mapStrings(copy, scrub), id: doc.id },
    pseudonyms,
    values,
    custody: audience === 'public' ? [] : mapStrings(custody, scrub),
  };
}
