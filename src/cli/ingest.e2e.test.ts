import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEcsEvents } from '../../test/generate-ecs-events.js';

const EVENTS = 120_000;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'debrief.js');

/** Runs the real program to its end; resolves with its exit code and output. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Stored events and their distinct ordinals, read with a separate connection as another process would. */
function stored(dbPath: string): { events: number; distinct: number; rejects: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT count(*) AS n, count(DISTINCT ordinal) AS d FROM events').get() as {
      n: number;
      d: number;
    };
    const rejects = db.prepare('SELECT count(*) AS n FROM event_rejects').get() as { n: number };
    return { events: row.n, distinct: row.d, rejects: rejects.n };
  } finally {
    db.close();
  }
}

// The real program in a child process, killed with SIGKILL in the middle of an ingest: the database must hold
// whole batches only, and the same command run again must complete the job without duplicating anything.
describe('bin/debrief.js ingest killed mid-way (end to end, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-kill-'));
  const data = join(dir, 'data');
  const dbPath = join(data, 'debrief.sqlite');
  const file = join(dir, 'events.ndjson');
  const env = { ...process.env, DEBRIEF_DATA: data, DATABASE_URL: '', DEBRIEF_ACTOR: 'e2e@test' };

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs']);
    await writeEcsEvents(file, EVENTS);
    const created = await run(['import', 'examples/demo-post-mortem.yaml'], env);
    expect(created.code, created.out).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves whole batches, then completes on the second run with every record exactly once', async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'ingest', 'INC-2026-014', file], {
      env,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, s) => resolve(s)));
    // Kill as soon as some batches are stored (polling as another process reading the database would).
    let before = { events: 0, distinct: 0, rejects: 0 };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        before = stored(dbPath);
      } catch {
        continue; // not created or migrated yet
      }
      if (before.events > 0) break;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const afterKill = stored(dbPath);
    expect(afterKill.events).toBeGreaterThan(0);
    expect(afterKill.events).toBeLessThan(EVENTS); // it really was killed mid-way
    expect(afterKill.events % 5_000).toBe(0); // whole batches only
    expect(afterKill.distinct).toBe(afterKill.events);

    const again = await run(['ingest', 'INC-2026-014', file, '--json'], env);
    expect(again.code, again.out).toBe(0);
    const [summary] = JSON.parse(again.out) as {
      sources: { status: string; accepted: number; rejected: number; resumedFrom?: number }[];
    }[];
    expect(summary?.sources).toEqual([
      expect.objectContaining({
        status: 'done',
        accepted: EVENTS,
        rejected: 0,
        resumedFrom: afterKill.events,
      }),
    ]);
    expect(stored(dbPath)).toEqual({ events: EVENTS, distinct: EVENTS, rejects: 0 });

    // A third run is a no-op, and the custody chain of the evidence is intact.
    const third = await run(['ingest', 'INC-2026-014', file, '--json'], env);
    expect(third.code, third.out).toBe(0);
    expect(stored(dbPath).events).toBe(EVENTS);
    const verify = await run(['evidence', 'verify', 'INC-2026-014', '--json'], env);
    expect(verify.code, verify.out).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
  }, 180_000);
});
