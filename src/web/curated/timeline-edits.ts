/**
 * The curated timeline (`doc.timeline`) as a part for the shared part editor, and the pure edits and checks of
 * its editor: a new entry with the next free id, a milestone kind changed with the field the kind needs, ATT&CK
 * ids typed as a comma-separated list, the entries put in time order when saved, the file schema's problems
 * named by entry ("Entry T-2, time: …"), and the links elsewhere in the document a removal breaks.
 */
import { checkPostMortem, formatPath } from '../../core/check.js';
import type { Milestone, PostMortem, TimelineEntry } from '../../core/model.js';
import { parseInstant } from '../../core/time.js';
import type { MilestoneKind } from '../../core/vocabulary.js';
import { schemaProblems } from '../analysis/draft-checks.js';
import { nextId } from '../people/people-parts.js';
import type { DocumentPart } from '../workspace/save-part.js';

/** A draft of the curated timeline. */
export type Entries = readonly TimelineEntry[];

/**
 * The entries in time order: stable (entries at the same instant keep their order), entries whose time cannot be
 * read last (a draft with one cannot be saved anyway).
 */
export function inTimeOrder(entries: Entries): TimelineEntry[] {
  return entries
    .map((entry, index) => {
      const parsed = parseInstant(entry.at);
      return { entry, index, ms: parsed.ok ? parsed.value.epochMs : Number.POSITIVE_INFINITY };
    })
    .sort((a, b) => (a.ms === b.ms ? a.index - b.index : a.ms < b.ms ? -1 : 1))
    .map((e) => e.entry);
}

/** `doc.timeline`; written in time order, so the saved timeline always reads as a story. */
export const TIMELINE_PART: DocumentPart<Entries> = {
  get: (doc) => doc.timeline,
  set: (doc, entries) => ({ ...doc, timeline: inTimeOrder(entries) }),
};

/** A new empty entry with the next free id `T-n` (ids are unique within the whole document). */
export function newEntry(doc: PostMortem, draft: Entries): TimelineEntry {
  return {
    id: nextId('T', doc, draft),
    at: '',
    text: '',
    evidence: [],
    events: [],
    attack: [],
    tags: [],
    uncertain: false,
  };
}

/**
 * The entry with its milestone set to `kind` (`''`: no milestone). The detail is kept; a detection needs its
 * source and a notification its recipient, left empty for the person to choose (the save says so until then).
 */
export function withMilestoneKind(entry: TimelineEntry, kind: MilestoneKind | ''): TimelineEntry {
  const { milestone: old, ...rest } = entry;
  if (kind === '') return rest;
  if (old?.kind === kind) return entry;
  const detail = old?.detail === undefined ? {} : { detail: old.detail };
  const milestone =
    kind === 'detection'
      ? { kind, source: '', ...detail }
      : kind === 'notification'
        ? { kind, recipient: '', ...detail }
        : { kind, ...detail };
  return { ...rest, milestone: milestone as Milestone };
}

/** The milestone with an optional field set, or removed when the value is empty. */
export function withMilestoneField(milestone: Milestone, key: string, value: string): Milestone {
  const copy = { ...milestone } as Record<string, unknown>;
  if (value === '' && (key === 'detail' || key === 'regime')) delete copy[key];
  else copy[key] = value;
  return copy as unknown as Milestone;
}

/** ATT&CK technique ids typed as `T1566.002, T1078` (commas or spaces between them). */
export function parseTechniques(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
}

/** The words for a field of an entry in problem lines. */
function fieldName(path: string): string {
  const indexed = /^(attack|evidence|tags|events)\[(\d+)\]$/.exec(path);
  if (indexed) {
    const word = { attack: 'technique', evidence: 'evidence link', tags: 'tag', events: 'event link' }[
      indexed[1] as 'attack' | 'evidence' | 'tags' | 'events'
    ];
    return `${word} ${Number(indexed[2]) + 1}`;
  }
  const names: Record<string, string> = {
    at: 'time',
    text: 'text',
    milestone: 'milestone',
    'milestone.kind': 'milestone',
    'milestone.source': 'detection source',
    'milestone.recipient': 'notification recipient',
    'milestone.regime': 'notification regime',
    'milestone.detail': 'milestone detail',
  };
  return names[path] ?? path;
}

/**
 * What the file schema refuses in the draft, one line per problem, named by entry and field
 * (`Entry T-2, time: a date-time needs an offset…`): the reasons that block the save.
 */
export function timelineProblems(doc: PostMortem, draft: Entries): string[] {
  // Checked in the draft's order so the index names the entry the person sees.
  return schemaProblems({ ...doc, timeline: draft }, 'timeline').map((line) => {
    const m = /^timeline\[(\d+)\]\.?([^:]*): (.*)$/.exec(line);
    const entry = m ? draft[Number(m[1])] : undefined;
    if (!m || entry === undefined) return line;
    const field = m[2] === '' ? '' : `, ${fieldName(m[2] ?? '')}`;
    return `Entry ${entry.id}${field}: ${m[3]}`;
  });
}

/** Where dangling links are in a document (`analysis.fiveWhys[0].whys[1].timeline[0]`). */
function danglingPaths(doc: PostMortem): Set<string> {
  return new Set(
    checkPostMortem(doc)
      .filter((f) => f.code === 'dangling_link')
      .map((f) => formatPath(f.path)),
  );
}

/**
 * The places in the rest of the document that link to entry `id` of the draft: core's checks report them as
 * broken links once the entry is gone (a 5 Whys, an interview statement, a notification…).
 */
export function referencesTo(doc: PostMortem, draft: Entries, id: string): string[] {
  const before = danglingPaths({ ...doc, timeline: draft });
  const after = danglingPaths({ ...doc, timeline: draft.filter((e) => e.id !== id) });
  return [...after].filter((path) => !before.has(path) && !path.startsWith('timeline'));
}

/** The broken links outside the timeline that the draft makes and the stored document does not have. */
export function brokenLinks(doc: PostMortem, draft: Entries): string[] {
  const stored = danglingPaths(doc);
  return [...danglingPaths({ ...doc, timeline: draft })].filter(
    (path) => !stored.has(path) && !path.startsWith('timeline'),
  );
}
