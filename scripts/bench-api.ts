/**
 * `npm run bench:api`: HTTP throughput and latency of the REST API on loopback, measured with autocannon.
 *
 * Seeds a fresh SQLite database in a temporary folder (the demo post-mortem and `--post-mortems` generated ones,
 * one in ten restricted), an admin with an API token, a viewer who is a member of one restricted post-mortem but
 * not of the others, and one throwaway account per connection for the writes. The server runs in a child process
 * (scripts/bench-api-server.ts) so the load generator does not share its event loop. Each scenario runs after a
 * short warm-up: reads as the admin (the document asked for with gzip, as browsers do, and without), the list as
 * the viewer (the need-to-know filter), and two mixes of 90 % reads (the document; the list) and 10 % writes (add
 * a member, then remove them). The list's pages are kept until a write changes the list stamp: the read scenarios
 * measure pages kept, the list mix measures the list built again after every write.
 *
 * Budget (issue 7): reads ≥ 2,000 requests/s and p99 ≤ 50 ms on loopback. A miss prints "over budget" and does not
 * fail the run; the exit code is 1 only when the benchmark itself fails (seeding, the server, a request answered
 * with an error or a non-2xx status).
 *
 * Usage: npx tsx scripts/bench-api.ts [--duration 10] [--connections 10] [--quick] [--post-mortems 200] [--only TEXT]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { VERSION } from '../src/cli/version.js';
import { validatePostMortemValue } from '../src/contract/post-mortem-file.js';
import { openDatabase } from '../src/db/dialects.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createUser } from '../src/services/accounts.js';
import { importPostMortem } from '../src/services/import-post-mortem.js';
import { seedDemo } from '../src/services/seed-demo.js';
import { createAccount } from '../test/accounts.js';
import { generatePostMortem } from '../test/generate-post-mortem.js';

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}
interface LoadResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
}
interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly warmup: { readonly connections: number; readonly duration: number };
  readonly requests: readonly LoadRequest[];
  readonly setupClient: (client: { setRequests(requests: readonly LoadRequest[]): void }) => void;
}
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: LoadOptions) => Promise<LoadResult>;
const autocannonVersion = (require('autocannon/package.json') as { version: string }).version;

const DEMO = 'INC-2026-014';
/** Timeline entries of each generated post-mortem (test/generate-post-mortem.ts scales the rest with it). */
const ENTRIES = 100;
const WARMUP_SECONDS = 1;
const BUDGET = { requestsPerSecond: 2_000, p99Ms: 50 };

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string', default: '10' },
    quick: { type: 'boolean', default: false },
    'post-mortems': { type: 'string', default: '200' },
    /** Only the scenarios whose name contains this text (for profiling one of them). */
    only: { type: 'string' },
  },
});
function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a whole number of 1 or more, not "${text}"`);
  return n;
}
const duration = values.duration ? positiveInteger('--duration', values.duration) : values.quick ? 3 : 10;
const connections = positiveInteger('--connections', values.connections);
const generated = positiveInteger('--post-mortems', values['post-mortems']);

/** Seeds the database file; returns the tokens, the throwaway accounts and what was loaded. */
async function seed(path: string) {
  const handle = await openDatabase({ dialect: 'sqlite', path });
  try {
    await migrateToLatest(handle.db);
    const now = new Date().toISOString();
    const demo = await seedDemo(handle.db, { now });
    if (demo.outcome !== 'loaded') throw new Error(`the demo post-mortem was not loaded: ${demo.reason}`);
    const restricted: string[] = [];
    for (let i = 0; i < generated; i++) {
      const id = `BENCH-${String(i + 1).padStart(4, '0')}`;
      const parsed = validatePostMortemValue({
        ...generatePostMortem(ENTRIES),
        id,
        restricted: i % 10 === 9,
      });
      if (!parsed.document) throw new Error(`generated ${id} is invalid: ${JSON.stringify(parsed.problems)}`);
      if (parsed.document.restricted) restricted.push(id);
      // Spread the update times so the list's order is not the insertion order.
      const at = new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % generated) * 3_600_000).toISOString();
      await importPostMortem(handle.db, parsed.document, { now: at });
    }
    const admin = await createAccount(handle.db, 'bench-admin', 'admin');
    const viewer = await createAccount(handle.db, 'bench-viewer', 'viewer', {
      memberOf: restricted.slice(0, 1),
      scopes: ['read'],
    });
    const writers: string[] = [];
    for (let i = 0; i < connections; i++) {
      const username = `bench-writer-${i}`;
      await createUser(handle.db, { username, role: 'viewer' }, now);
      writers.push(username);
    }
    return { admin: admin.headers, viewer: viewer.headers, writers, restricted };
  } finally {
    await handle.close();
  }
}

/** Starts the server on the database file; resolves to its URL once it listens. */
async function startServer(path: string): Promise<{ url: string; child: ChildProcess }> {
  const script = join(import.meta.dirname, 'bench-api-server.ts');
  // DEBRIEF_BENCH_PROFILE=DIR writes a CPU profile of the server into DIR (open it in Chrome's DevTools).
  const profile = process.env.DEBRIEF_BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => ({ line: String(line) })),
    once(child, 'exit').then(([code]) => ({ code: String(code) })),
  ]);
  lines.close();
  if (!('line' in first)) throw new Error(`the server exited (code ${first.code}) before listening`);
  return { url: first.line.trim(), child };
}

interface Scenario {
  readonly name: string;
  /** Read scenarios are judged against the budget. */
  readonly read: boolean;
  /** The requests one connection repeats, by connection number. */
  readonly requests: (connection: number) => readonly LoadRequest[];
}

const json = { 'content-type': 'application/json' };

function scenarios(seeded: Awaited<ReturnType<typeof seed>>): readonly Scenario[] {
  const get = (path: string, headers: Readonly<Record<string, string>> = seeded.admin): LoadRequest => ({
    method: 'GET',
    path,
    headers,
  });
  const document = get(`/api/post-mortems/${DEMO}`, { ...seeded.admin, 'accept-encoding': 'gzip' });
  const identity = get(`/api/post-mortems/${DEMO}`);
  const read = (name: string, request: LoadRequest): Scenario => ({
    name,
    read: true,
    requests: () => [request],
  });
  // Each connection adds and removes its own account, so the writes never race one another into a 404.
  const mixed = (name: string, request: LoadRequest): Scenario => ({
    name,
    read: false,
    requests: (connection) => {
      const user = seeded.writers[connection % seeded.writers.length] ?? '';
      const reads = Array.from({ length: 9 }, () => request);
      return [
        ...reads,
        {
          method: 'POST',
          path: `/api/post-mortems/${DEMO}/members`,
          headers: { ...seeded.admin, ...json },
          body: JSON.stringify({ user }),
        },
        ...reads,
        { method: 'DELETE', path: `/api/post-mortems/${DEMO}/members/${user}`, headers: seeded.admin },
      ];
    },
  });
  const list = get('/api/post-mortems?limit=50');
  return [
    read(`GET /api/post-mortems/${DEMO} (gzip)`, document),
    read(`GET /api/post-mortems/${DEMO} (uncompressed)`, identity),
    read('GET /api/post-mortems?limit=50', list),
    read('GET /api/post-mortems?limit=50 (viewer)', get('/api/post-mortems?limit=50', seeded.viewer)),
    read(`GET /api/post-mortems/${DEMO}/clocks`, get(`/api/post-mortems/${DEMO}/clocks`)),
    read('GET /api/health', get('/api/health')),
    mixed(`mixed: 90 % GET ${DEMO}, 10 % POST+DELETE members`, document),
    // Each membership change changes the list stamp: the list is built again after every write.
    mixed('mixed: 90 % GET list, 10 % POST+DELETE members', list),
  ];
}

/** Sends each distinct request once and checks it succeeds, so a broken seed fails before any figure. */
async function preflight(url: string, list: readonly Scenario[], seeded: Awaited<ReturnType<typeof seed>>) {
  for (const scenario of list) {
    for (const request of scenario.requests(0)) {
      const response = await fetch(`${url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      if (!response.ok) {
        throw new Error(
          `${request.method} ${request.path} answered ${response.status}: ${await response.text()}`,
        );
      }
    }
  }
  const hidden = seeded.restricted[1];
  if (hidden !== undefined) {
    const response = await fetch(`${url}/api/post-mortems/${hidden}`, { headers: seeded.viewer });
    if (response.status !== 404) throw new Error(`the viewer sees restricted ${hidden}: ${response.status}`);
  }
}

async function run(url: string, scenario: Scenario): Promise<LoadResult> {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration,
    warmup: { connections, duration: WARMUP_SECONDS },
    requests: scenario.requests(0),
    setupClient: (client) => client.setRequests(scenario.requests(next++ % connections)),
  });
}

function verdict(result: LoadResult): string {
  const misses = [
    result.requests.average < BUDGET.requestsPerSecond
      ? `${format(result.requests.average)} req/s < ${format(BUDGET.requestsPerSecond)}`
      : '',
    result.latency.p99 > BUDGET.p99Ms ? `p99 ${result.latency.p99} ms > ${BUDGET.p99Ms} ms` : '',
  ].filter((m) => m !== '');
  return misses.length === 0 ? 'met' : `OVER BUDGET (${misses.join(', ')})`;
}

function format(n: number): string {
  return n.toLocaleString('en', { maximumFractionDigits: 0 });
}

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}\n`,
);
const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-api-'));
let server: ChildProcess | undefined;
try {
  const databaseFile = join(dir, 'debrief.sqlite');
  const t0 = performance.now();
  const seeded = await seed(databaseFile);
  process.stdout.write(
    `input: SQLite in a temporary folder: the demo post-mortem ${DEMO} and ${generated} generated ones of ` +
      `${ENTRIES} timeline entries (${seeded.restricted.length} restricted), seeded in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const started = await startServer(databaseFile);
  server = started.child;
  const list = scenarios(seeded).filter((s) => values.only === undefined || s.name.includes(values.only));
  await preflight(started.url, list, seeded);
  process.stdout.write(
    `server: Debrief ${VERSION} in a child process (node --import tsx), rate limit and logger off, ${started.url}\n` +
      `load: autocannon ${autocannonVersion} in this process, ${connections} connections, pipelining 1, ` +
      `${duration} s per scenario after a ${WARMUP_SECONDS} s warm-up; admin API token (viewer: a read token)\n` +
      `budget (reads): ≥ ${format(BUDGET.requestsPerSecond)} requests/s and p99 ≤ ${BUDGET.p99Ms} ms on loopback\n\n`,
  );
  const rows = [['scenario', 'requests/s', 'p50 ms', 'p99 ms', 'errors/non-2xx', 'requests', 'budget']];
  let failures = 0;
  let misses = 0;
  for (const scenario of list) {
    process.stderr.write(`running ${scenario.name}…\n`);
    const result = await run(started.url, scenario);
    const errors = result.errors + result.non2xx;
    failures += errors;
    const judged = scenario.read ? verdict(result) : '(no budget)';
    if (judged !== 'met' && scenario.read) misses++;
    rows.push([
      scenario.name,
      format(result.requests.average),
      String(result.latency.p50),
      String(result.latency.p99),
      `${result.errors}/${result.non2xx}${errors === 0 ? '' : ` (statuses ${Object.keys(result.statusCodeStats).join(', ')})`}`,
      format(result.requests.total),
      judged,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    process.stdout.write(
      `${row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  const reads = list.filter((s) => s.read).length;
  process.stdout.write(
    misses === 0
      ? `\nbudget met by all ${reads} read scenarios\n`
      : `\nOVER BUDGET: ${misses} of ${reads} read scenarios miss it\n`,
  );
  if (failures > 0) {
    process.stderr.write(
      `bench:api: ${failures} requests failed or were not answered 2xx; the figures are not valid\n`,
    );
    process.exitCode = 1;
  }
} finally {
  if (server && server.exitCode === null) {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
