/** What a CLI run talks to: output streams, environment, working folder and clock. Tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The current instant as ISO 8601 UTC. */
  readonly now: () => string;
  /** Whether stdout is a terminal (progress and colour only then). */
  readonly isTty: boolean;
  /** Standard input, for commands that read `-` (tests pass a string). */
  readonly stdin?: () => AsyncIterable<string | Uint8Array>;
  /** The parse worker script, when the program runs from its bundle (dist/parse-worker.js). */
  readonly parseWorker?: URL;
  /** The indicator scan worker script, likewise (dist/scan-worker.js). */
  readonly scanWorker?: URL;
}

/** The real process's streams, environment and clock. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date().toISOString(),
    isTty: Boolean(process.stdout.isTTY),
    stdin: () => process.stdin,
  };
}
