/**
 * Merging a summary edit with a version someone else stored meanwhile (`409 version_conflict`): nothing is
 * silently overwritten. Each summary text that differs between my edit and the stored version is a conflict to
 * show side by side; a field only they changed suggests "take theirs", one only I changed suggests "keep mine",
 * and one we both changed has no suggestion: the person chooses.
 */
import type { PostMortem, Summary } from '../../core/model.js';

/** The four summary texts editors edit, in the order the form shows them. */
export const SUMMARY_FIELDS = ['whatHappened', 'howDetected', 'whoWasInvolved', 'howResolved'] as const;
/** One summary text. */
export type SummaryField = (typeof SUMMARY_FIELDS)[number];
/** The summary texts as the form holds them ('' for none). */
export type SummaryTexts = Readonly<Record<SummaryField, string>>;

/** The form labels of the summary texts. */
export const SUMMARY_LABELS: Readonly<Record<SummaryField, string>> = {
  whatHappened: 'What happened',
  howDetected: 'How it was detected',
  whoWasInvolved: 'Who was involved',
  howResolved: 'How it was resolved',
};

/** Which side a merged field takes. */
export type Side = 'mine' | 'theirs';

/** A field whose text differs between my edit and the stored version. */
export interface FieldConflict {
  readonly field: SummaryField;
  /** The text I started from. */
  readonly base: string;
  readonly mine: string;
  readonly theirs: string;
  /** The side to preselect, or undefined when both changed it (the person must choose). */
  readonly suggested: Side | undefined;
}

/** The summary texts of a document, '' where there is none. */
export function summaryTexts(summary: Summary): SummaryTexts {
  return {
    whatHappened: summary.whatHappened ?? '',
    howDetected: summary.howDetected ?? '',
    whoWasInvolved: summary.whoWasInvolved ?? '',
    howResolved: summary.howResolved ?? '',
  };
}

const same = (a: string, b: string) => a.trim() === b.trim();

/** The fields where my edit and the stored version differ, with the side to preselect. */
export function summaryConflicts(
  base: SummaryTexts,
  mine: SummaryTexts,
  theirs: SummaryTexts,
): FieldConflict[] {
  const conflicts: FieldConflict[] = [];
  for (const field of SUMMARY_FIELDS) {
    if (same(mine[field], theirs[field])) continue;
    const iChanged = !same(mine[field], base[field]);
    const theyChanged = !same(theirs[field], base[field]);
    const suggested: Side | undefined = iChanged && theyChanged ? undefined : iChanged ? 'mine' : 'theirs';
    conflicts.push({ field, base: base[field], mine: mine[field], theirs: theirs[field], suggested });
  }
  return conflicts;
}

/** The document with its summary replaced by these texts (an empty text removes the field). */
export function withSummary(doc: PostMortem, texts: SummaryTexts): PostMortem {
  const summary: { -readonly [K in SummaryField]?: string } = {};
  for (const field of SUMMARY_FIELDS) {
    const value = texts[field].trim();
    if (value !== '') summary[field] = value;
  }
  return { ...doc, summary };
}

/**
 * The merged document: the stored version (theirs, with everything else they changed) with each conflicting
 * field taken from the chosen side, and my texts wherever we did not differ.
 */
export function mergeSummary(
  theirs: PostMortem,
  conflicts: readonly FieldConflict[],
  choices: Readonly<Partial<Record<SummaryField, Side>>>,
): PostMortem {
  const texts: Record<SummaryField, string> = { ...summaryTexts(theirs.summary) };
  for (const conflict of conflicts) {
    const side = choices[conflict.field] ?? conflict.suggested;
    if (side === undefined) throw new Error(`choose a version of ${SUMMARY_LABELS[conflict.field]}`);
    texts[conflict.field] = side === 'mine' ? conflict.mine : conflict.theirs;
  }
  return withSummary(theirs, texts);
}
