/**
 * The indicator scan (scan-indicators.ts) in a worker thread with its own connection to the database and a capped
 * heap. The scan keeps a few tens of MB alive, but in the main thread V8 let the heap grow to several times that
 * before collecting (1M events: 450–560 MB peak RSS for `debrief ingest`); a capped worker heap is collected as it
 * nears the cap, so the process stays within the ingest memory budget. The scan commits page by page, so a worker
 * that fails leaves a scan that the next run resumes.
 */
import { Worker } from 'node:worker_threads';
import type { PostMortemId } from '../core/ids.js';
import type { DatabaseTarget } from '../db/dialects.js';
import type { ScanSummary } from './scan-indicators.js';

/** What a scan worker is asked to do; it crosses the thread boundary by structured clone. */
export interface ScanJob {
  readonly target: DatabaseTarget;
  readonly postMortemId: PostMortemId;
}

/** A message from the scan worker. */
export type ScanWorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly summary: ScanSummary }
  | { readonly type: 'error'; readonly message: string };

/** The worker's old generation: about three times what the scan keeps alive at its largest (1M events). */
const SCAN_HEAP_MB = 128;

/** Whether the scan can run in a worker: an in-memory SQLite database lives in its own connection only. */
export function canScanInWorker(target: DatabaseTarget): boolean {
  return !(target.dialect === 'sqlite' && target.path === ':memory:');
}

/** Runs the scan of `job` in a worker started from `script`. */
export function scanInWorker(
  script: URL,
  job: ScanJob,
  onProgress?: (done: number, total: number) => void,
): Promise<ScanSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: SCAN_HEAP_MB },
    });
    let settled = false;
    const settle = (error: Error | undefined, summary?: ScanSummary) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(summary as ScanSummary);
    };
    worker.on('message', (message: ScanWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.done, message.total);
      else if (message.type === 'done') settle(undefined, message.summary);
      else settle(new Error(message.message));
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              'the indicator scan worker ran out of memory; run "debrief ioc scan" with DEBRIEF_PARSE_WORKER=0 to scan in the main thread (it resumes where this one stopped)',
            )
          : error,
      ),
    );
    worker.on('exit', (code) =>
      settle(new Error(`the indicator scan worker stopped (code ${code}) before the scan ended`)),
    );
  });
}
