import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../test/serve-process.js';

// The real program, as `npm start` runs it: bin/debrief.js → dist/debrief.js. Built fresh so it tests this code.
describe('bin/debrief.js serve (end to end)', () => {
  const data = mkdtempSync(join(tmpdir(), 'debrief-serve-'));
  let child: ChildProcess;
  let url: string;
  let stderr: () => string = () => '';

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs']);
    const server = await startServe([], { DEBRIEF_DATA: data, DATABASE_URL: '' });
    ({ child, url } = server);
    stderr = server.stderr;
  });

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  });

  it('loads the demo on first start, prints a setup token, and serves the demo to the admin it creates', async () => {
    expect(stderr()).toMatch(/loaded the demo post-mortem INC-2026-014/);
    // Nothing is served before sign-in.
    expect((await fetch(`${url}/api/post-mortems`)).status).toBe(401);
    // The web application is served at the root; what it shows comes from the API, which wants a session.
    const home = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const shell = await home.text();
    expect(shell).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    expect((await fetch(`${url}${script}`)).status).toBe(200);
    // The first-run journey: the printed token, the setup the /setup page sends, the session cookie.
    const token = /\/setup and paste\n\s+(\S+)/.exec(stderr())?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setup = await fetch(`${url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, username: 'admin', password: 'a passphrase long enough' }),
    });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^debrief_session=/);
    const list = await (await fetch(`${url}/api/post-mortems`, { headers: { cookie } })).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: 'INC-2026-014' }] });
    const docs = await fetch(`${url}/api/docs/json`);
    expect(((await docs.json()) as { openapi: string }).openapi).toBe('3.1.0');
    // Upload evidence with the session (and its CSRF token); the server ingests it in the background.
    const me = (await (await fetch(`${url}/api/auth/me`, { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    const lines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({
        '@timestamp': `2026-03-14T10:0${i}:00Z`,
        host: { name: 'ws-1' },
        message: `event ${i}`,
      }),
    );
    const upload = await fetch(`${url}/api/post-mortems/INC-2026-014/evidence?name=events.json`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/octet-stream' },
      body: `${lines.join('\n')}\n`,
    });
    expect(upload.status).toBe(201);
    const { job } = (await upload.json()) as { job: { id: string } };
    let status = '';
    let accepted = 0;
    for (let i = 0; i < 100 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const state = (await (
        await fetch(`${url}/api/post-mortems/INC-2026-014/jobs/${job.id}`, { headers: { cookie } })
      ).json()) as {
        status: string;
        result?: { sources: { accepted: number }[] };
      };
      status = state.status;
      accepted = state.result?.sources[0]?.accepted ?? 0;
    }
    expect(status).toBe('done');
    expect(accepted).toBe(5);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toMatch(/SIGTERM received, shutting down/);
  });

  it('keeps its data in DEBRIEF_DATA for the next command', async () => {
    const second = spawn(process.execPath, ['bin/debrief.js', 'list', '--json'], {
      env: { ...process.env, DEBRIEF_DATA: data, DATABASE_URL: '' },
    });
    let out = '';
    second.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise((resolve) => second.on('exit', resolve));
    expect(JSON.parse(out).total).toBe(1);
  });
});
