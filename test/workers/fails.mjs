// A parse worker that reports a failure, as parse-worker.ts does when parsing cannot go on.
import { parentPort } from 'node:worker_threads';

parentPort.postMessage({ type: 'error', message: 'blob 1234 is missing' });
parentPort.close();
