import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEcsEvents } from '../../test/generate-ecs-events.js';
import { BATCH_RECORDS } from '../services/parse-batches.js';

const EVENTS = 120_000;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'debrief.js');

/** Runs the real program to its end; resolves with its exit code and output. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * Stored events, their distinct ordinals, rejects and the checkpoint (records done), read with a separate
 * connection as another process would.
 */
function stored(dbPath: string): { events: number; distinct: number; rejects: number; checkpoint: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT count(*) AS n, count(DISTINCT ordinal) AS d FROM events').get() as {
      n: number;
      d: number;
    };
    const rejects = db.prepare('SELECT count(*) AS n FROM event_rejects').get() as { n: number };
    const done = db.prepare('SELECT coalesce(sum(records_done), 0) AS n FROM event_sources').get() as {
      n: number;
    };
    return { events: row.n, distinct: row.d, rejects: rejects.n, checkpoint: done.n };
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
    expect(created.code, created.err).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves whole batches, then completes on the second run with every record exactly once', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [BIN, 'ingest', 'INC-2026-014', file, '--no-indicators'],
      {
        env,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, s) => resolve(s)));
    // Kill as soon as some batches are stored (polling as another process reading the database would).
    let before = { events: 0, distinct: 0, rejects: 0, checkpoint: 0 };
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
    // Whole batches only: what is stored is exactly what the checkpoint says, a multiple of the batch size.
    expect(afterKill.checkpoint).toBe(afterKill.events);
    expect(afterKill.events % BATCH_RECORDS).toBe(0);
    expect(afterKill.distinct).toBe(afterKill.events);

    const again = await run(['ingest', 'INC-2026-014', file, '--no-indicators', '--json'], env);
    expect(again.code, again.err).toBe(0);
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
    expect(stored(dbPath)).toEqual({ events: EVENTS, distinct: EVENTS, rejects: 0, checkpoint: EVENTS });

    // A third run is a no-op, and the custody chain of the evidence is intact.
    const third = await run(['ingest', 'INC-2026-014', file, '--no-indicators', '--json'], env);
    expect(third.code, third.err).toBe(0);
    expect(stored(dbPath).events).toBe(EVENTS);
    const verify = await run(['evidence', 'verify', 'INC-2026-014', '--json'], env);
    expect(verify.code, verify.err).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true });
  }, 180_000);
});

// Ingest parses, and then scans for indicators, in worker threads when it runs from the bundle;
// DEBRIEF_PARSE_WORKER=0 does both in the main thread. Both must store exactly the same thing.
describe('bin/debrief.js ingest with and without the workers (end to end, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-worker-'));
  const file = join(dir, 'mixed.ndjson');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await writeEcsEvents(join(dir, 'good.ndjson'), 12_000);
    const lines = readFileSync(join(dir, 'good.ndjson'), 'utf8').trimEnd().split('\n');
    // Bad records in several batches: a truncated line, a line without a time, plain text.
    for (const at of [3, 5_001, 9_999]) lines.splice(at, 0, '{"message":"no time here"}');
    lines.splice(7_000, 0, '{"@timestamp":"2026-03-01T00:00:00Z","message":"cut');
    lines.splice(11_000, 0, 'not json at all');
    writeFileSync(file, `${lines.join('\n')}\n`);
  });

  async function ingestWith(
    worker: boolean,
  ): Promise<{ timeline: unknown; rejects: unknown; indicators: unknown }> {
    const data = join(dir, worker ? 'with' : 'without');
    const env = {
      ...process.env,
      DEBRIEF_DATA: data,
      DATABASE_URL: '',
      DEBRIEF_ACTOR: 'e2e@test',
      DEBRIEF_PARSE_WORKER: worker ? '1' : '0',
    };
    expect((await run(['import', 'examples/demo-post-mortem.yaml'], env)).code).toBe(0);
    const ingested = await run(['ingest', 'INC-2026-014', file, '--json'], env);
    expect(ingested.code, ingested.err).toBe(0);
    expect(JSON.parse(ingested.out)[0].sources[0]).toMatchObject({ accepted: 12_000, rejected: 5 });
    const exported = await run(['timeline', 'INC-2026-014', '--export', 'jsonl'], env);
    expect(exported.code, exported.err).toBe(0);
    const events = exported.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    const rejects = await run(['evidence', 'rejects', 'INC-2026-014', '--json', '--limit', '100'], env);
    const indicators = await run(['ioc', 'list', 'INC-2026-014', '--all', '--json'], env);
    expect(indicators.code, indicators.err).toBe(0);
    return { timeline: events, rejects: JSON.parse(rejects.out), indicators: JSON.parse(indicators.out) };
  }

  it('stores the same events, rejects and indicators either way', async () => {
    // The program uses the workers only when they were built next to it (npm install and npm test build them).
    for (const worker of ['parse-worker.js', 'scan-worker.js'])
      expect(existsSync(join(import.meta.dirname, '..', '..', 'dist', worker))).toBe(true);
    const withWorker = await ingestWith(true);
    const without = await ingestWith(false);
    expect((withWorker.timeline as unknown[]).length).toBe(12_000);
    // Every generated event names a source address: the scan found indicators, and sightings of them.
    expect(JSON.stringify(withWorker.indicators)).toMatch(/"events":[1-9]/);
    expect(withWorker).toEqual(without);
  }, 120_000);
});
