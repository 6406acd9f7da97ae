/**
 * Parses one event source (a file, or one archive member) from its checkpoint to the end, storing events and
 * rejected records in batches that commit with the checkpoint, then records a `parsed` custody entry.
 */
import type { RejectedRecord } from '../core/event.js';
import { toUtcIso } from '../core/time.js';
import type { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { finishSource, type SourceRecord } from '../db/event-source.repository.js';
import { type EventToStore, eventWriter, type RejectToStore } from '../db/event-writer.js';
import { appendCustody } from '../db/evidence.repository.js';
import type { FormatParser, ParseContext } from '../ingest/types.js';
import { sha256Hex } from './add-evidence.js';
import type { IngestContext, SourceSummary } from './ingest-evidence.js';

/** Records per batch: large enough to amortize a transaction, small enough to keep memory flat. */
const BATCH_RECORDS = 5_000;
/** How many rejections a summary lists (all are stored; the database has them). */
const LISTED_REJECTS = 1_000;

/** Counts kept while parsing a source. */
export interface SourceCounts {
  accepted: number;
  rejected: number;
  firstTs: number | null;
  lastTs: number | null;
  assumed: number;
}

/** A source summary from its record and counts. */
export function summarize(
  source: SourceRecord,
  status: SourceSummary['status'],
  counts: {
    accepted: number;
    rejected: number;
    firstTs: number | null;
    lastTs: number | null;
    assumed: number;
  },
  rejects: readonly RejectedRecord[],
  extra: { readonly resumedFrom?: number; readonly error?: string } = {},
): SourceSummary {
  return {
    member: source.member,
    format: source.format,
    status,
    accepted: counts.accepted,
    rejected: counts.rejected,
    ...(counts.firstTs === null ? {} : { firstTs: toUtcIso(counts.firstTs) }),
    ...(counts.lastTs === null ? {} : { lastTs: toUtcIso(counts.lastTs) }),
    assumedTimes: counts.assumed,
    rejects,
    ...extra,
  };
}

/** Parses one source from its checkpoint to the end. */
export async function parseSource(
  handle: DatabaseHandle,
  blobs: BlobStore,
  source: SourceRecord,
  parser: FormatParser,
  parse: ParseContext,
  progress: { readonly file: string; readonly total: number; readonly context: IngestContext },
): Promise<SourceSummary> {
  const writer = eventWriter(handle.raw);
  const counts = {
    accepted: source.accepted,
    rejected: source.rejected,
    firstTs: source.firstTs ?? null,
    lastTs: source.lastTs ?? null,
    assumed: source.assumedTimes,
  };
  const rejects: RejectedRecord[] = [];
  let events: EventToStore[] = [];
  let rejected: RejectToStore[] = [];
  let index = 0;
  let bytesDone = 0;
  const flush = async (): Promise<void> => {
    await writer.write({
      postMortemId: source.postMortemId,
      sourceId: source.id,
      events,
      rejects: rejected,
      checkpoint: {
        recordsDone: index,
        accepted: counts.accepted,
        rejected: counts.rejected,
        firstTs: counts.firstTs,
        lastTs: counts.lastTs,
        assumedTimes: counts.assumed,
        heartbeatAt: progress.context.now(),
      },
    });
    events = [];
    rejected = [];
    progress.context.onProgress?.({
      file: progress.file,
      member: source.member,
      phase: 'parsing',
      bytesDone,
      bytesTotal: progress.total,
      accepted: counts.accepted,
      rejected: counts.rejected,
    });
  };
  try {
    for await (const record of parser.parse(blobs.read(source.contentSha256), parse)) {
      index++;
      bytesDone = record.where.offset + record.where.length;
      // Records up to the checkpoint were stored by an earlier attempt.
      if (index <= source.recordsDone) continue;
      const ordinal = source.ordinalBase + index - 1;
      if (record.ok) {
        const ts = record.event.time.epochMs;
        counts.accepted++;
        if (record.event.time.assumed) counts.assumed++;
        if (counts.firstTs === null || ts < counts.firstTs) counts.firstTs = ts;
        if (counts.lastTs === null || ts > counts.lastTs) counts.lastTs = ts;
        events.push({ ordinal, event: record.event, where: record.where });
      } else {
        counts.rejected++;
        rejected.push({ ordinal, where: record.where, reason: record.reason, sample: record.sample });
        if (rejects.length < LISTED_REJECTS)
          rejects.push({ where: record.where, reason: record.reason, sample: record.sample });
      }
      if (events.length + rejected.length >= BATCH_RECORDS) await flush();
    }
    await flush();
  } catch (error) {
    const message = (error as Error).message;
    await finishSource(handle.db, source.id, {
      status: 'failed',
      now: progress.context.now(),
      error: message,
    });
    return summarize(source, 'failed', counts, rejects, { error: message });
  }
  const now = progress.context.now();
  await handle.db.transaction().execute(async (trx) => {
    await finishSource(trx, source.id, { status: 'done', now });
    await appendCustody(
      trx,
      source.postMortemId,
      source.evidenceId,
      {
        action: 'parsed',
        actor: progress.context.actor,
        at: now,
        details: {
          member: source.member,
          format: source.format,
          accepted: counts.accepted,
          rejected: counts.rejected,
          firstEvent: counts.firstTs === null ? null : toUtcIso(counts.firstTs),
          lastEvent: counts.lastTs === null ? null : toUtcIso(counts.lastTs),
          assumedTimes: counts.assumed,
          zone: parse.zone,
        },
      },
      sha256Hex,
    );
  });
  return summarize(
    source,
    'done',
    counts,
    rejects,
    source.recordsDone > 0 ? { resumedFrom: source.recordsDone } : {},
  );
}
