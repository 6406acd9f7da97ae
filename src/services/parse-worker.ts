/**
 * Entry point of a parse worker thread (built as dist/parse-worker.js): parses one source's content with its
 * format parser and posts the batches to the ingesting thread, which stores them. Parsing and storing then run on
 * two cores at once. At most `IN_FLIGHT` batches wait unacknowledged, so memory stays flat when storing is slower.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BlobStore } from '../db/blob-store.js';
import { parserFor } from '../ingest/registry.js';
import { parseBatches } from './parse-batches.js';
import { IN_FLIGHT, type ParseJob, type WorkerMessage } from './parse-in-worker.js';

async function main(port: NonNullable<typeof parentPort>, job: ParseJob): Promise<void> {
  const parser = parserFor(job.format);
  if (parser === undefined) throw new Error(`format ${job.format} is not available`);
  let unacknowledged = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    unacknowledged--;
    wake?.();
  });
  const content = new BlobStore(job.blobRoot).read(job.contentSha256);
  for await (const batch of parseBatches(parser, content, job.parse, job.start)) {
    while (unacknowledged >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    unacknowledged++;
    port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
  }
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
  port.close();
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ParseJob).catch((error: unknown) => {
    port.postMessage({
      type: 'error',
      message: (error as Error).message ?? String(error),
    } satisfies WorkerMessage);
    port.close();
  });
}
