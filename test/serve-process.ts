/**
 * The real program as `npm start` runs it (`bin/debrief.js serve` on the built bundle), in a child process: resolves
 * once it prints the address it serves, with what it wrote to stderr so far (the setup token, notes).
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr until now. */
  stderr(): string;
}

export function startServe(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/debrief.js', 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  return new Promise<ServeProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
  });
}
