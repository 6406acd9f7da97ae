/**
 * The ingesting thread's side of a parse worker (parse-worker.ts): starts the worker for one source and yields
 * its batches as they arrive, acknowledging each once it is stored. Stopping early (an error while storing)
 * terminates the worker.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { FormatName, ParseContext } from '../ingest/types.js';
import type { ParsedBatch, ParseStart } from './parse-batches.js';

/** Batches a worker may have posted and not yet seen acknowledged. */
export const IN_FLIGHT = 2;

/** What a worker is asked to parse. Everything in it crosses the thread boundary by structured clone. */
export interface ParseJob {
  readonly blobRoot: string;
  readonly contentSha256: string;
  readonly format: FormatName;
  readonly parse: ParseContext;
  readonly start: ParseStart;
}

/** A message from the worker. */
export type WorkerMessage =
  | { readonly type: 'batch'; readonly batch: ParsedBatch }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

/**
 * The worker's heap: a small young generation and a capped old one keep the process's peak memory low (two
 * heaps instead of one); the cap leaves room for a batch (BATCH_BYTES) and several records of the longest size
 * allowed (`maxRecordBytes`), which is all the worker holds at once.
 */
function workerLimits(job: ParseJob): ResourceLimits {
  const recordMb = Math.ceil(job.parse.limits.maxRecordBytes / (1024 * 1024));
  return { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 + 8 * recordMb };
}

/** Runs `job` in a worker started from `script` and yields its batches in order. */
export async function* parseInWorker(script: URL, job: ParseJob): AsyncGenerator<ParsedBatch> {
  const worker = new Worker(script, { workerData: job, resourceLimits: workerLimits(job) });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error: Error & { code?: string }) => {
    failure =
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new Error(
            'the parse worker ran out of memory; run the same command again with DEBRIEF_PARSE_WORKER=0 to parse in the main thread (it resumes where this one stopped)',
          )
        : error;
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0 && failure === undefined)
      failure = new Error(`the parse worker stopped with code ${code}`);
    notify();
  });
  try {
    for (;;) {
      const message = inbox.shift();
      if (message === undefined) {
        if (failure) throw failure;
        if (exited) throw new Error('the parse worker stopped before the end of the content');
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'error') throw new Error(message.message);
      if (message.type === 'done') return;
      yield message.batch;
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
