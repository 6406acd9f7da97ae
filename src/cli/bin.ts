/** Entry point of the built program (dist/debrief.js): runs the CLI with the real process. */
import { processIo } from './io.js';
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
