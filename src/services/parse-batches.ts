/**
 * The parse half of ingest: runs a format parser over a source's content and groups its records into the
 * batches the event writer stores, events as groups of flat rows. The same loop runs in the ingesting thread or in a parse
 * worker thread (parse-worker.ts); either way the stored result is identical.
 */
import type { RejectedRecord } from '../core/event.js';
import { pushEventRow, type RejectToStore, type Value } from '../db/event-writer.js';
import type { ByteSource, FormatParser, ParseContext } from '../ingest/types.js';

/**
 * A batch ends at this many records or at this many bytes of records, whichever comes first: large enough to
 * amortize a transaction, small enough to keep memory flat whatever the record size (npm run bench:ingest).
 */
export const BATCH_RECORDS = 2_500;
export const BATCH_BYTES = 8 * 1024 * 1024;
/** How many rejections a summary lists (all are stored; the database has them). */
export const LISTED_REJECTS = 1_000;

/** Counts kept while parsing a source. */
export interface SourceCounts {
  accepted: number;
  rejected: number;
  firstTs: number | null;
  lastTs: number | null;
  assumed: number;
}

/** Where a source's parse starts: what an earlier, interrupted attempt stored already. */
export interface ParseStart {
  readonly postMortemId: string;
  readonly sourceId: number;
  readonly ordinalBase: number;
  /** Records already stored; they are parsed again but not stored again. */
  readonly recordsDone: number;
  readonly counts: Readonly<SourceCounts>;
}

/** One batch to store, with the counts and position after it. */
export interface ParsedBatch {
  /** Event rows (see EventBatch.rows). */
  readonly rows: Value[][];
  readonly rejects: RejectToStore[];
  /** Records read so far, stored or not (the checkpoint). */
  readonly recordsDone: number;
  readonly counts: SourceCounts;
  /** The end of the last record in the content, for progress. */
  readonly bytesDone: number;
  /** Rejections to list in the summary, new in this batch. */
  readonly listed: RejectedRecord[];
}

/** Parses `content` from the start, yielding batches of the records after `start.recordsDone`. */
export async function* parseBatches(
  parser: FormatParser,
  content: ByteSource,
  parse: ParseContext,
  start: ParseStart,
): AsyncGenerator<ParsedBatch> {
  const counts: SourceCounts = { ...start.counts };
  let listedSoFar = 0;
  let rows: Value[][] = [];
  let events = 0;
  let rejects: RejectToStore[] = [];
  let listed: RejectedRecord[] = [];
  let index = 0;
  let bytesDone = 0;
  let batchBytes = 0;
  const take = (): ParsedBatch => {
    const batch = { rows, rejects, recordsDone: index, counts: { ...counts }, bytesDone, listed };
    rows = [];
    events = 0;
    batchBytes = 0;
    rejects = [];
    listed = [];
    return batch;
  };
  for await (const record of parser.parse(content, parse)) {
    index++;
    bytesDone = record.where.offset + record.where.length;
    // Records up to the checkpoint were stored by an earlier attempt.
    if (index <= start.recordsDone) continue;
    const ordinal = start.ordinalBase + index - 1;
    if (record.ok) {
      const ts = record.event.time.epochMs;
      counts.accepted++;
      if (record.event.time.assumed) counts.assumed++;
      if (counts.firstTs === null || ts < counts.firstTs) counts.firstTs = ts;
      if (counts.lastTs === null || ts > counts.lastTs) counts.lastTs = ts;
      pushEventRow(rows, start.postMortemId, start.sourceId, {
        ordinal,
        event: record.event,
        where: record.where,
      });
      events++;
    } else {
      counts.rejected++;
      rejects.push({ ordinal, where: record.where, reason: record.reason, sample: record.sample });
      if (listedSoFar < LISTED_REJECTS) {
        listedSoFar++;
        listed.push({ where: record.where, reason: record.reason, sample: record.sample });
      }
    }
    batchBytes += record.where.length;
    if (events + rejects.length >= BATCH_RECORDS || batchBytes >= BATCH_BYTES) yield take();
  }
  yield take();
}
