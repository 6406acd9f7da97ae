import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

/** A local endpoint counting the JSON bodies posted to it. */
async function endpoint(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief notify on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-notify-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    let slack: Awaited<ReturnType<typeof endpoint>>;

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      slack = await endpoint();
      expect((await run('import', DEMO)).code).toBe(0);
    });
    afterAll(async () => {
      slack?.server.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the reminders due today without sending anything (--dry-run)', async () => {
      const result = await run('notify', 'run', '--dry-run', '--json');
      expect(result.code, result.stderr).toBe(0);
      const reminders = JSON.parse(result.stdout);
      expect(reminders.length).toBeGreaterThan(0);
      expect(reminders.every((r: { kind: string }) => r.kind === 'overdue')).toBe(true);
      expect((await run('notify', 'log')).stdout).toBe('nothing sent yet\n');
    });

    it('sends each reminder once, whatever the number of runs', async () => {
      const add = await run('notify', 'channel', 'add', 'slack', `${slack.url}/services/T0/B0/secret-token`);
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toBe(`C-1: slack ${slack.url}/…\n`);
      const expected = JSON.parse((await run('notify', 'run', '--dry-run', '--json')).stdout).length;
      const first = JSON.parse((await run('notify', 'run', '--json')).stdout);
      expect(first).toMatchObject({ channels: 1, queued: expected, delivered: expected, failed: 0 });
      expect(slack.bodies).toHaveLength(expected);
      // A second run (a new process, as after a restart) finds everything sent.
      const second = JSON.parse((await run('notify', 'run', '--json')).stdout);
      expect(second).toMatchObject({ queued: 0, delivered: 0 });
      expect(slack.bodies).toHaveLength(expected);
      const log = JSON.parse((await run('notify', 'log', '--status', 'delivered', '--json')).stdout);
      expect(log).toHaveLength(expected);
      expect((await run('notify', 'channel', 'list')).stdout).not.toContain('secret-token');
    });

    it('refuses bad channels with the reason', async () => {
      const webhook = await run('notify', 'channel', 'add', 'webhook', `${slack.url}/hook`);
      expect(webhook.code).toBe(EXIT_CODES.invalid_input);
      expect(webhook.stderr).toMatch(/needs --secret-env NAME/);
      const removed = await run('notify', 'channel', 'remove', 'C-9');
      expect(removed.code).toBe(EXIT_CODES.not_found);
      const status = await run('notify', 'log', '--status', 'lost');
      expect(status.stderr).toMatch(/--status must be pending, delivered or failed/);
    });
  });
}

// The scheduler inside the real server, as `npm start` runs it: no reminder twice across a restart.
describe('the reminder scheduler in debrief serve', () => {
  const data = mkdtempSync(join(tmpdir(), 'debrief-notify-serve-'));
  const env = { ...process.env, DEBRIEF_DATA: data, DATABASE_URL: '' };
  let slack: Awaited<ReturnType<typeof endpoint>>;

  const serve = async (): Promise<ChildProcess> => {
    const child = spawn(
      process.execPath,
      ['bin/debrief.js', 'serve', '--port', '0', '--notify-every', '1s'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${stderr}`)), 20_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/open http:\/\/127\.0\.0\.1:\d+\//.test(stderr)) {
          clearTimeout(timer);
          ready();
        }
      });
    });
    return child;
  };
  const stop = async (child: ChildProcess) => {
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  const waitFor = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  };

  beforeAll(async () => {
    // npm test builds dist/ before the tests; a build here could race serve.e2e.test.ts's own build.
    if (!existsSync('dist/debrief.js')) execFileSync(process.execPath, ['scripts/build.mjs']);
    slack = await endpoint();
    execFileSync(
      process.execPath,
      ['bin/debrief.js', 'notify', 'channel', 'add', 'teams', `${slack.url}/workflows/x`],
      {
        env,
      },
    );
  }, 60_000);
  afterAll(() => {
    slack?.server.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('sends the reminders due on its own, and nothing again after a restart', async () => {
    const first = await serve();
    // The demo is loaded on first start; its overdue actions are reminded within a tick or two.
    await waitFor(() => slack.bodies.length > 0, 15_000);
    await new Promise((r) => setTimeout(r, 2_500));
    await stop(first);
    const sent = slack.bodies.length;
    expect(sent).toBeGreaterThan(0);
    expect(JSON.parse(slack.bodies[0] ?? '{}').attachments[0].content.type).toBe('AdaptiveCard');
    const second = await serve();
    await new Promise((r) => setTimeout(r, 3_000));
    await stop(second);
    expect(slack.bodies).toHaveLength(sent);
  }, 60_000);
});
