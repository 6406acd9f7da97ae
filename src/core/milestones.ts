/**
 * Milestones: the timeline entries that drive the clocks. When several entries share a kind, the earliest one
 * counts (ties keep document order).
 */
import type { PostMortem, TimelineEntry } from './model.js';
import { type ParsedInstant, parseInstant } from './time.js';
import type { MilestoneKind } from './vocabulary.js';

/** A timeline entry with its instant parsed. */
export interface DatedEntry {
  readonly entry: TimelineEntry;
  readonly instant: ParsedInstant;
  /** Position in the document's timeline. */
  readonly index: number;
}

/** The timeline entries with a valid instant, sorted by time (stable: document order breaks ties). */
export function datedTimeline(doc: Pick<PostMortem, 'timeline'>): DatedEntry[] {
  const dated: DatedEntry[] = [];
  doc.timeline.forEach((entry, index) => {
    const parsed = parseInstant(entry.at);
    if (parsed.ok) dated.push({ entry, instant: parsed.value, index });
  });
  return dated.sort((a, b) => a.instant.epochMs - b.instant.epochMs || a.index - b.index);
}

/** The earliest entry of each milestone kind among entries already sorted by `datedTimeline`. */
export function earliestOf(sorted: readonly DatedEntry[]): Map<MilestoneKind, DatedEntry> {
  const found = new Map<MilestoneKind, DatedEntry>();
  for (const dated of sorted) {
    const kind = dated.entry.milestone?.kind;
    if (kind !== undefined && !found.has(kind)) found.set(kind, dated);
  }
  return found;
}

/** The earliest entry of each milestone kind present in the timeline. */
export function earliestMilestones(doc: Pick<PostMortem, 'timeline'>): Map<MilestoneKind, DatedEntry> {
  return earliestOf(datedTimeline(doc));
}
