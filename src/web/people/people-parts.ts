/**
 * The parts of the document the People section edits (people and roles, interviews, the review session), as
 * `DocumentPart`s for the shared part editor, and the checks made before saving so a person sees a mistake next
 * to the form instead of a schema error from the server.
 */

import { ITEM_ID_PATTERN } from '../../contract/schema-primitives.js';
import type { Interview, Person, PostMortem, ReviewSession } from '../../core/model.js';
import { parseInstant } from '../../core/time.js';
import type { DocumentPart } from '../workspace/save-part.js';
import { withKey } from '../workspace/use-part-editor.js';

/** `doc.people`. */
export const PEOPLE_PART: DocumentPart<readonly Person[]> = {
  get: (doc) => doc.people,
  set: (doc, people) => withKey(doc, 'people', people),
};

/** `doc.interviews`. */
export const INTERVIEWS_PART: DocumentPart<readonly Interview[]> = {
  get: (doc) => doc.interviews,
  set: (doc, interviews) => withKey(doc, 'interviews', interviews),
};

/** `doc.review.session` (absent when no session is scheduled). */
export const SESSION_PART: DocumentPart<ReviewSession | undefined> = {
  get: (doc) => doc.review.session,
  set: (doc, session) => {
    const { session: _old, ...rest } = doc.review;
    return withKey(doc, 'review', session === undefined ? rest : { ...rest, session });
  },
};

/** Every `id` used anywhere in the document (ids are unique within the whole document). */
export function usedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) usedIds(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'id' && typeof child === 'string') into.add(child);
      else usedIds(child, into);
    }
  }
  return into;
}

/** The next free id `PREFIX-n` given the document and the ids of a draft. */
export function nextId(prefix: string, doc: PostMortem, draft: readonly { readonly id: string }[]): string {
  const used = usedIds(doc);
  for (const item of draft) used.add(item.id);
  let n = 1;
  while (used.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** An object with `key` set to `value`, or without `key` when the value is empty (optional fields). */
export function withOptional<T extends object, K extends keyof T>(item: T, key: K, value: string): T {
  const copy = { ...item } as Record<string, unknown>;
  if (value === '') delete copy[key as string];
  else copy[key as string] = value;
  return copy as T;
}

function idProblem(id: string, what: string): string | undefined {
  if (id.trim() === '') return `${what} needs an id`;
  if (!ITEM_ID_PATTERN.test(id))
    return `${what}: the id “${id}” may use letters, digits, ".", "_", ":" and "-"`;
  return undefined;
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

/** What is wrong with a draft of the people, or undefined. */
export function peopleProblem(people: readonly Person[]): string | undefined {
  for (const [index, person] of people.entries()) {
    const what = `person ${index + 1}`;
    if (person.name.trim() === '') return `${what} needs a name`;
    const problem = idProblem(person.id, what);
    if (problem) return problem;
  }
  const twice = duplicates(people.map((p) => p.id));
  return twice.length > 0 ? `the id ${twice[0]} is used twice; ids must be unique` : undefined;
}

/** What is wrong with a draft of the interviews, or undefined. */
export function interviewsProblem(interviews: readonly Interview[]): string | undefined {
  for (const [index, interview] of interviews.entries()) {
    const what = `interview ${index + 1}`;
    const problem = idProblem(interview.id, what);
    if (problem) return problem;
    if (interview.participant === '') return `${what} needs an interviewee`;
    const when = parseInstant(interview.at);
    if (!when.ok) return `${what}: the time “${interview.at}” is not a date and time (${when.reason})`;
  }
  const twice = duplicates(interviews.map((i) => i.id));
  return twice.length > 0 ? `the id ${twice[0]} is used twice; ids must be unique` : undefined;
}

/** What is wrong with a draft of the review session, or undefined. */
export function sessionProblem(session: ReviewSession | undefined): string | undefined {
  if (session === undefined) return undefined;
  const start = parseInstant(session.start);
  if (!start.ok) return `the start “${session.start}” is not a date and time (${start.reason})`;
  const minutes = session.durationMinutes;
  if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)) {
    return 'the duration is a whole number of minutes, from 1 to 1440';
  }
  return undefined;
}
