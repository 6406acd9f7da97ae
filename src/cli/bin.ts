/** Entry point of the built program (dist/debrief.js): runs the CLI with the real process. */
import { existsSync } from 'node:fs';
import { processIo } from './io.js';
import { runCli } from './main.js';

// Output piped into a reader that stops early (`| head`) is not an error: end quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// The parse worker is built next to this bundle (scripts/build.mjs); ingest parses in it on a second core.
// DEBRIEF_PARSE_WORKER=0 parses in the main thread instead (for comparison; see docs/ingest.md).
const parseWorker = new URL('./parse-worker.js', import.meta.url);
const useWorker = process.env.DEBRIEF_PARSE_WORKER !== '0' && existsSync(parseWorker);
process.exitCode = await runCli(process.argv.slice(2), {
  ...processIo(),
  ...(useWorker ? { parseWorker } : {}),
});
