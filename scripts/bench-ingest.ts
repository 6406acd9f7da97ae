/**
 * `npm run bench:ingest`: ingest of generated ECS JSON lines into SQLite with full-text indexing, by the real
 * program in a child process (wall time and peak RSS), against DuckDB loading the same file into a table ordered
 * by time (`read_json_auto`, to a database file, as we write one). Budget (DESIGN.md): at most 1.5× DuckDB's time,
 * peak RSS at most 300 MB and flat when the input doubles. Ingest runs with --no-indicators; the indicator scan that
 * ingest otherwise ends with (`debrief ioc scan`) is timed on its own after it.
 *
 * Usage: npx tsx scripts/bench-ingest.ts [--sizes 1000000,2000000] [--runs 1] [--postgres URL]
 * With --postgres, Debrief ingests into a fresh database created on that server for each run (and dropped after)
 * instead of SQLite; the budget is SQLite's, the figure is for comparison.
 * Generated inputs are cached in $TMPDIR/debrief-bench (1M events: about 400 MB).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { writeEcsEvents } from '../test/generate-ecs-events.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const sizes = option('--sizes', '1000000,2000000').split(',').map(Number);
const runs = Number(option('--runs', '1'));
const postgres = option('--postgres', '') || undefined;
const cache = join(tmpdir(), 'debrief-bench');
mkdirSync(cache, { recursive: true });
const bin = resolve('bin/debrief.js');
const hasTime = existsSync('/usr/bin/time');

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `work` with the URL of a fresh PostgreSQL database on the --postgres server, dropped afterwards. */
async function withFreshPostgres<T>(server: string, work: (url: string) => T): Promise<T> {
  const name = `debrief_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    try {
      return work(url.toString());
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Our ingest in a fresh data folder (and database): seconds and peak RSS in MB. */
/** Runs the program under /usr/bin/time when present: seconds, peak RSS in MB, stdout. */
function timed(args: string[], env: NodeJS.ProcessEnv): { seconds: number; rssMb?: number; stdout: string } {
  const command = hasTime ? '/usr/bin/time' : process.execPath;
  const commandArgs = hasTime ? ['-f', '%e %M', process.execPath, bin, ...args] : [bin, ...args];
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr.slice(-2000)}`);
  const timeLine = hasTime ? result.stderr.trim().split('\n').pop() : undefined;
  const rssKb = timeLine ? Number(timeLine.split(' ')[1]) : undefined;
  return { seconds, stdout: result.stdout, ...(rssKb ? { rssMb: rssKb / 1024 } : {}) };
}

function runDebrief(
  file: string,
  databaseUrl = '',
): { seconds: number; rssMb?: number; events: number; scanSeconds: number; scanRssMb?: number } {
  const data = mkdtempSync(join(tmpdir(), 'debrief-bench-data-'));
  try {
    const env = { ...process.env, DEBRIEF_DATA: data, DATABASE_URL: databaseUrl };
    execFileSync(
      process.execPath,
      [bin, 'new', 'BENCH-1', '--title', 'Benchmark', '-o', join(data, 'pm.yaml')],
      { env, stdio: 'ignore' },
    );
    execFileSync(process.execPath, [bin, 'import', join(data, 'pm.yaml')], { env, stdio: 'ignore' });
    const ingest = timed(
      ['ingest', 'BENCH-1', file, '--format', 'ecs-json', '--no-indicators', '--json'],
      env,
    );
    const summary = JSON.parse(ingest.stdout) as { sources: { accepted: number }[] }[];
    const events = summary[0]?.sources.reduce((n, s) => n + s.accepted, 0) ?? 0;
    const scan = timed(['ioc', 'scan', 'BENCH-1'], env);
    return {
      seconds: ingest.seconds,
      events,
      scanSeconds: scan.seconds,
      ...(ingest.rssMb ? { rssMb: ingest.rssMb } : {}),
      ...(scan.rssMb ? { scanRssMb: scan.rssMb } : {}),
    };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

/** DuckDB loading the same file into a table ordered by time, in a database file: seconds. */
async function runDuckDb(file: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-duck-'));
  try {
    const started = performance.now();
    const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE events AS SELECT * FROM read_json_auto('${file.replace(/'/g, "''")}') ORDER BY "@timestamp"`,
    );
    await connection.run('CHECKPOINT');
    const seconds = (performance.now() - started) / 1000;
    connection.closeSync();
    instance.closeSync();
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}\n` +
    `input: generated ECS JSON lines (test/generate-ecs-events.ts); ${runs} run(s) each, median shown\n` +
    `database: ${postgres ? `PostgreSQL on ${new URL(postgres).host}, a fresh database per run` : 'SQLite in a fresh data folder'}\n\n`,
);
const rows = [
  [
    'events',
    'file',
    'debrief s',
    'events/s',
    'peak RSS',
    'DuckDB s',
    'ratio',
    'budget ≤ 1.5×',
    'ioc scan s',
    'scan RSS',
  ],
];
for (const size of sizes) {
  const file = join(cache, `ecs-${size}.jsonl`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${size.toLocaleString('en')} events…\n`);
    await writeEcsEvents(file, size);
  }
  const mb = statSync(file).size / 1e6;
  const ours: ReturnType<typeof runDebrief>[] = [];
  const duck: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(
      postgres ? await withFreshPostgres(postgres, (url) => runDebrief(file, url)) : runDebrief(file),
    );
    duck.push(await runDuckDb(file));
  }
  const seconds = median(ours.map((o) => o.seconds));
  const duckSeconds = median(duck);
  const rss = ours.map((o) => o.rssMb).filter((v): v is number => v !== undefined);
  const ratio = seconds / duckSeconds;
  rows.push([
    size.toLocaleString('en'),
    `${mb.toFixed(0)} MB`,
    seconds.toFixed(2),
    Math.round((ours[0]?.events ?? 0) / seconds).toLocaleString('en'),
    rss.length ? `${Math.max(...rss).toFixed(0)} MB` : 'n/a',
    duckSeconds.toFixed(2),
    `${ratio.toFixed(2)}×`,
    postgres ? 'n/a (budget is for SQLite)' : ratio <= 1.5 ? 'met' : 'MISSED',
    median(ours.map((o) => o.scanSeconds)).toFixed(2),
    (() => {
      const scanRss = ours.map((o) => o.scanRssMb).filter((v): v is number => v !== undefined);
      return scanRss.length ? `${Math.max(...scanRss).toFixed(0)} MB` : 'n/a';
    })(),
  ]);
}
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
