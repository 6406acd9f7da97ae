/**
 * Exports the working timeline (all events matching a filter) as CSV, safe to open in a spreadsheet, or as
 * Timesketch JSON lines (`message`, `datetime`, `timestamp_desc`, `timestamp` in microseconds, plus the fields
 * and tags), streamed so any size fits in memory. Each evidence item exported from gets an `exported` custody
 * entry saying where its events went.
 */
import type { Writable } from 'node:stream';
import { csvRow } from '../core/csv.js';
import type { PostMortemId } from '../core/ids.js';
import type { DatabaseHandle } from '../db/database.js';
import { streamEvents } from '../db/event.repository.js';
import { appendCustody } from '../db/evidence.repository.js';
import { sha256Hex } from './add-evidence.js';
import { parseTimelineFilter, type TimelineFilterInput, toEventView } from './query-timeline.js';
import { readPostMortem } from './read-post-mortem.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
/** `csv` for spreadsheets, `jsonl` for Timesketch. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CSV_FIELDS = [
  'host',
  'user_name',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'action',
  'outcome',
  'code',
  'process_name',
  'command_line',
  'file_path',
  'url',
  'dataset',
] as const;

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Writes the matching events to `out`; returns how many were written. */
export async function exportTimeline(
  handle: DatabaseHandle,
  postMortemId: PostMortemId,
  input: TimelineFilterInput,
  format: ExportFormat,
  out: Writable,
  context: { readonly actor: string; readonly now: string; readonly destination: string },
): Promise<number> {
  await readPostMortem(handle.db, postMortemId);
  const filter = parseTimelineFilter(input);
  const perEvidence = new Map<string, number>();
  let count = 0;
  if (format === 'csv') {
    await write(
      out,
      `${csvRow(['id', 'time', 'time_as_written', 'time_assumed', 'evidence', 'format', ...CSV_FIELDS, 'message', 'starred', 'tags'])}\r\n`,
    );
  }
  for await (const row of streamEvents(handle.db, handle.dialect, postMortemId, filter)) {
    const event = toEventView(row);
    if (format === 'csv') {
      const fields = CSV_FIELDS.map((f) => event.fields[f]);
      await write(
        out,
        `${csvRow([event.id, event.time, event.timeText, event.timeAssumed, event.evidence, event.format, ...fields, event.message, event.starred, event.tags.join(' ')])}\r\n`,
      );
    } else {
      const line = {
        message: event.message,
        datetime: event.time.replace(/Z$/, '+00:00'),
        timestamp: row.ts * 1000,
        timestamp_desc: event.timeAssumed ? `${event.format} time (zone assumed)` : `${event.format} time`,
        event_id: event.id,
        evidence: event.evidence,
        data_format: event.format,
        ...event.fields,
        ...(event.labels ? { labels: event.labels } : {}),
        ...(event.tags.length > 0 ? { tag: event.tags } : {}),
        ...(event.starred ? { starred: true } : {}),
      };
      await write(out, `${JSON.stringify(line)}\n`);
    }
    perEvidence.set(event.evidence, (perEvidence.get(event.evidence) ?? 0) + 1);
    count++;
  }
  await handle.db.transaction().execute(async (trx) => {
    for (const [evidenceId, events] of perEvidence) {
      await appendCustody(
        trx,
        postMortemId,
        evidenceId,
        {
          action: 'exported',
          actor: context.actor,
          at: context.now,
          details: { format, events, destination: context.destination },
        },
        sha256Hex,
      );
    }
  });
  return count;
}
