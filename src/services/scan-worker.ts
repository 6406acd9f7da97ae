/**
 * Entry point of an indicator scan worker thread (built as dist/scan-worker.js): opens its own connection to the
 * database, scans, reports progress, and closes the connection. See scan-in-worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/dialects.js';
import type { ScanJob, ScanWorkerMessage } from './scan-in-worker.js';
import { scanIndicators } from './scan-indicators.js';

/** Progress is posted at most this often. */
const PROGRESS_MS = 200;

async function main(port: NonNullable<typeof parentPort>, job: ScanJob): Promise<void> {
  const handle = await openDatabase(job.target);
  try {
    let last = 0;
    const summary = await scanIndicators(handle.db, job.postMortemId, {
      raw: handle.raw,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS && done < total) return;
        last = now;
        port.postMessage({ type: 'progress', done, total } satisfies ScanWorkerMessage);
      },
    });
    port.postMessage({ type: 'done', summary } satisfies ScanWorkerMessage);
  } finally {
    await handle.close();
  }
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ScanJob).catch((error: unknown) => {
    port.postMessage({
      type: 'error',
      message: (error as Error).message ?? String(error),
    } satisfies ScanWorkerMessage);
  });
}
