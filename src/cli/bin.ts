/** Entry point of the built program (dist/debrief.js): runs the CLI with the real process. */
import { existsSync } from 'node:fs';
import { processIo } from './io.js';
import { runCli } from './main.js';

// Output piped into a reader that stops early (`| head`) is not an error: end quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// The workers are built next to this bundle (scripts/build.mjs): ingest parses in one on a second core, and the
// indicator scan runs in one with a capped heap. DEBRIEF_PARSE_WORKER=0 does both in the main thread instead (for
// comparison, or after a worker ran out of memory; see docs/ingest.md).
const workers = process.env.DEBRIEF_PARSE_WORKER !== '0';
const parseWorker = new URL('./parse-worker.js', import.meta.url);
const scanWorker = new URL('./scan-worker.js', import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), {
  ...processIo(),
  ...(workers && existsSync(parseWorker) ? { parseWorker } : {}),
  ...(workers && existsSync(scanWorker) ? { scanWorker } : {}),
});
