/**
 * Parses one event source (a file, or one archive member) from its checkpoint to the end, storing events and
 * rejected records in batches that commit with the checkpoint, then records a `parsed` custody entry.
 */
import type { RejectedRecord } from '../core/event.js';
import { toUtcIso } from '../core/time.js';
import type { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { finishSource, type SourceRecord } from '../db/event-source.repository.js';
import { eventWriter } from '../db/event-writer.js';
import { appendCustody } from '../db/evidence.repository.js';
import type { FormatParser, ParseContext } from '../ingest/types.js';
import { sha256Hex } from './add-evidence.js';
import type { IngestContext, SourceSummary } from './ingest-evidence.js';
import { type ParseStart, parseBatches, type SourceCounts } from './parse-batches.js';
import { parseInWorker } from './parse-in-worker.js';

/** A source summary from its record and counts. */
export function summarize(
  source: SourceRecord,
  status: SourceSummary['status'],
  counts: Readonly<SourceCounts>,
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
  progress: {
    readonly file: string;
    readonly total: number;
    readonly context: IngestContext;
    /** Parse in a worker thread started from this script (dist/parse-worker.js); in this thread when absent. */
    readonly worker?: URL;
  },
): Promise<SourceSummary> {
  const writer = eventWriter(handle.raw);
  const start: ParseStart = {
    postMortemId: source.postMortemId,
    sourceId: source.id,
    ordinalBase: source.ordinalBase,
    recordsDone: source.recordsDone,
    counts: {
      accepted: source.accepted,
      rejected: source.rejected,
      firstTs: source.firstTs ?? null,
      lastTs: source.lastTs ?? null,
      assumed: source.assumedTimes,
    },
  };
  let counts: SourceCounts = { ...start.counts };
  const rejects: RejectedRecord[] = [];
  const batches = progress.worker
    ? parseInWorker(progress.worker, {
        blobRoot: blobs.root,
        contentSha256: source.contentSha256,
        format: parser.name,
        parse,
        start,
      })
    : parseBatches(parser, blobs.read(source.contentSha256), parse, start);
  try {
    for await (const batch of batches) {
      counts = batch.counts;
      rejects.push(...batch.listed);
      await writer.write({
        postMortemId: source.postMortemId,
        sourceId: source.id,
        rows: batch.rows,
        rejects: batch.rejects,
        checkpoint: {
          recordsDone: batch.recordsDone,
          accepted: counts.accepted,
          rejected: counts.rejected,
          firstTs: counts.firstTs,
          lastTs: counts.lastTs,
          assumedTimes: counts.assumed,
          heartbeatAt: progress.context.now(),
        },
      });
      progress.context.onProgress?.({
        file: progress.file,
        member: source.member,
        phase: 'parsing',
        bytesDone: batch.bytesDone,
        bytesTotal: progress.total,
        accepted: counts.accepted,
        rejected: counts.rejected,
      });
    }
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
