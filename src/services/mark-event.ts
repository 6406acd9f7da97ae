/** Stars and tags events of the working timeline, so analysts can find what matters again. */
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { putMark } from '../db/event.repository.js';
import { type EventView, resolveEvent, type TimelineDatabase, toEventView } from './query-timeline.js';

/** A change to an event's marks. */
export interface MarkChange {
  readonly starred?: boolean;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
}

const TAG = /^[^\s,]{1,64}$/;

/** Applies a change to an event's star and tags; returns the event as it is now. */
export async function markEvent(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  publicId: string,
  change: MarkChange,
  context: { readonly actor: string; readonly now: string },
): Promise<EventView> {
  for (const tag of [...(change.addTags ?? []), ...(change.removeTags ?? [])]) {
    if (!TAG.test(tag))
      throw new DomainError(
        'invalid_input',
        `tag "${tag}": use up to 64 characters without spaces or commas`,
      );
  }
  const row = await resolveEvent(handle, postMortemId, publicId);
  const removed = new Set(change.removeTags ?? []);
  const tags = [...row.tags, ...(change.addTags ?? [])].filter((t) => !removed.has(t));
  const starred = change.starred ?? row.starred;
  await putMark(handle.db, {
    postMortemId,
    eventId: row.id,
    starred,
    tags,
    actor: context.actor,
    now: context.now,
  });
  return toEventView({ ...row, starred, tags: [...new Set(tags)].sort() });
}
