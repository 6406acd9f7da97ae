/**
 * Promotes an event of the working timeline to the curated timeline: a new entry with the event's time, text,
 * host and user, linked to the event and to its evidence, optionally marked as a milestone. The post-mortem gets
 * a new version; the entry can then be edited like any other.
 */
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { Milestone, PostMortem, TimelineEntry } from '../core/model.js';
import { parseInstant, toUtcIso } from '../core/time.js';
import { getEvidence } from '../db/evidence.repository.js';
import { detectionsOfEvents } from '../db/sigma.repository.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { eventPublicId, resolveEvent, type TimelineDatabase } from './query-timeline.js';

export interface PromoteOptions {
  /** Make the new entry a milestone (e.g. the detection, with its source). */
  readonly milestone?: Milestone;
  /** Text of the entry; the event's message by default. */
  readonly text?: string;
  /** Id of the entry; the next free `T-n` by default. */
  readonly entryId?: string;
}

function nextEntryId(doc: PostMortem): string {
  const used = new Set(doc.timeline.map((e) => e.id));
  for (let n = doc.timeline.length + 1; ; n++) if (!used.has(`T-${n}`)) return `T-${n}`;
}

/** Adds a curated timeline entry for an event; returns the entry and the new version. */
export async function promoteEvent(
  handle: TimelineDatabase,
  postMortemId: PostMortemId,
  publicId: string,
  options: PromoteOptions,
  context: { readonly actor: string; readonly now: string },
): Promise<{ entry: TimelineEntry; version: number }> {
  const row = await resolveEvent(handle, postMortemId, publicId);
  const evidence = await getEvidence(handle.db, postMortemId, row.evidenceId);
  // The ATT&CK techniques of the Sigma rules that matched the event go with it (sorted, unique).
  const detections = (await detectionsOfEvents(handle.db, postMortemId, [row.id])).get(row.id) ?? [];
  const attack = [...new Set(detections.flatMap((d) => d.techniques))].sort();
  // Keep the time as the source wrote it when it is a valid instant with an offset; else its UTC form.
  const written = parseInstant(row.tsText);
  const at =
    written.ok && written.value.offsetMinutes !== null && !row.tsAssumed ? row.tsText : toUtcIso(row.ts);
  let entry: TimelineEntry | undefined;
  const result = await handle.db.transaction().execute((trx) =>
    modifyPostMortem(
      trx,
      postMortemId,
      (doc) => {
        const id = options.entryId ?? nextEntryId(doc);
        if (doc.timeline.some((e) => e.id === id))
          throw new DomainError('invalid_input', `timeline entry ${id} already exists`);
        const host = row.fields.host;
        const user = row.fields.user_name;
        entry = {
          id,
          at,
          text: (options.text ?? row.message).slice(0, 50_000),
          source: `${row.format} (${evidence.originalName})`.slice(0, 2_000),
          ...(host === undefined ? {} : { host: String(host) }),
          ...(user === undefined ? {} : { user: String(user) }),
          ...(options.milestone === undefined ? {} : { milestone: options.milestone }),
          evidence: doc.evidence.some((e) => e.id === row.evidenceId) ? [row.evidenceId] : [],
          events: [eventPublicId(row)],
          attack,
          tags: [...row.tags],
          // A time read in an assumed zone is not established.
          uncertain: row.tsAssumed,
        };
        return { ...doc, timeline: [...doc.timeline, entry] };
      },
      { now: context.now, origin: `promote ${eventPublicId(row)}` },
    ),
  );
  if (!entry) throw new DomainError('internal', 'the entry was not created');
  return { entry, version: result.version };
}
