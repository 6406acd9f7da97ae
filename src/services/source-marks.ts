/**
 * What the responder's tools marked comes along: a record Timesketch starred, an event DFIR-IRIS kept on its
 * timeline, tags an analyst put on a record in another tool. Their parsers put it in the event's labels
 * (`source.starred: 'true'`, `source.tags: 'a,b'`); once an evidence item is ingested, this turns those labels into
 * the post-mortem's event marks (a star, tags), so the records are candidates for the curated timeline, found with
 * `debrief timeline --starred` or `--tag`. Marks are only ever added: an analyst's own stars and tags stay.
 */
import type { PostMortemId } from '../core/ids.js';
import { putMark, sourceMarkedEvents } from '../db/event.repository.js';
import type { TimelineDatabase } from './query-timeline.js';

/** What applying the source marks of an evidence item did. */
export interface SourceMarksApplied {
  /** Events newly starred. */
  readonly starred: number;
  /** Events that got tags they did not have. */
  readonly tagged: number;
  /** Tags that could not become marks (spaces, commas or over 64 characters are turned to `-` or cut; empty ones go). */
  readonly adjustedTags: number;
}

const BATCH = 1_000;

/** A tool's tag as a Debrief tag: no spaces or commas, at most 64 characters. */
export function markTag(tag: string): string {
  return tag
    .trim()
    .replace(/[\s,]+/g, '-')
    .slice(0, 64);
}

/** Turns the source tools' stars and tags of one evidence item's events into event marks. */
export async function applySourceMarks(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  evidenceId: string,
  context: { readonly actor: string; readonly now: string },
): Promise<SourceMarksApplied> {
  let starred = 0;
  let tagged = 0;
  let adjustedTags = 0;
  let after = 0;
  for (;;) {
    const batch = await sourceMarkedEvents(handle.db, postMortemId, evidenceId, after, BATCH);
    for (const event of batch) {
      const labels = JSON.parse(event.labels) as Record<string, string | undefined>;
      const star = labels['source.starred'] === 'true';
      const fromSource = (labels['source.tags'] ?? '')
        .split(',')
        .map((raw) => {
          const tag = markTag(raw);
          if (tag !== raw.trim()) adjustedTags++;
          return tag;
        })
        .filter((tag) => tag !== '');
      const tags = [...new Set([...event.tags, ...fromSource])];
      const newStar = star && !event.starred;
      const newTags = tags.length > new Set(event.tags).size;
      if (newStar || newTags) {
        await putMark(handle.db, {
          postMortemId,
          eventId: event.id,
          starred: event.starred || star,
          tags,
          actor: context.actor,
          now: context.now,
        });
      }
      if (newStar) starred++;
      if (newTags) tagged++;
    }
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]?.id ?? after;
  }
  return { starred, tagged, adjustedTags };
}
