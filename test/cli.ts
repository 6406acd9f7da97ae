/** Runs the CLI in-process for tests: the output of each stream and the exit code. */
import type { CliIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';

/** One run of the CLI. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A function that runs `debrief ARGS...` in `cwd` with `env`, at the fixed instant `now`. */
export function runner(
  cwd: string,
  env: Record<string, string | undefined>,
  now = '2026-11-22T12:00:00.000Z',
  stdin?: string,
) {
  return async (...argv: string[]): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      env,
      cwd,
      now: () => now,
      ...(stdin === undefined
        ? {}
        : {
            stdin: async function* () {
              yield stdin;
            },
          }),
      isTty: false,
    };
    const code = await runCli(argv, io);
    return { code, stdout, stderr };
  };
}
