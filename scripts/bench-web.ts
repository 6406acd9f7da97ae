/**
 * `npm run bench:web`: the working timeline explorer at a million events, in Debian's Chromium against the real
 * server (issue 8: "first page within a second of navigation, smooth scrolling").
 *
 * It ingests N generated ECS events (the generator of bench:ingest) into a fresh SQLite database through the CLI,
 * starts `debrief serve`, signs in, and measures:
 * - **cold**: from `page.goto(.../timeline)` (a new tab: HTML, scripts, who-am-I, the document, the first page of
 *   events and the histogram) to the first event row on screen;
 * - **in-app**: from clicking "Working timeline" in an open workspace to the first event row (the usual way there);
 * - **filtered**: from typing a search to the first matching row;
 * - **scrolling**: 400 wheel steps of 600 px through the virtualized list (about 15,000 rows: several keyset pages
 *   fetched on the way), the frame intervals measured in the page with requestAnimationFrame (median, 95th
 *   percentile, frames over 50 ms) and the rows in the DOM at the end (virtualization keeps it small).
 *
 * Usage: npx tsx scripts/bench-web.ts [--events 1000000] [--runs 5] [--data DIR]
 * The generated input is cached in $TMPDIR/debrief-bench. The prepared data folder is temporary, unless `--data DIR`
 * names one: prepared there the first time and reused as it is afterwards (to measure again without ingesting).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/browser.js';
import { writeEcsEvents } from '../test/generate-ecs-events.js';
import { startServe } from '../test/serve-process.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const events = Number(option('--events', '1000000'));
const runs = Number(option('--runs', '5'));
const keptData = option('--data', '') || undefined;
const ID = 'INC-2026-900';
const ACCOUNT = { username: 'bench', password: 'ledger quartz meadow tunnel 58' };
const bin = resolve('bin/debrief.js');
/** Words the generated events contain (test/generate-ecs-events.ts): each run searches another one. */
const SEARCHES = ['mallory', 'rundll32', 'logon', 'wmic', 'carol', 'lsass'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;

/** Runs the CLI on the bench's data folder; stops the bench with its stderr when it fails. */
function cli(env: NodeJS.ProcessEnv, argv: readonly string[], input?: string): void {
  const result = spawnSync(process.execPath, [bin, ...argv], {
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`debrief ${argv.join(' ')} failed: ${result.stderr}`);
}

async function firstRow(page: Page): Promise<void> {
  // Row 0 is the header row of the "Events" table; the first event is the next one.
  await page.getByRole('table', { name: 'Events' }).getByRole('row').nth(1).waitFor({ timeout: 60_000 });
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const cache = join(tmpdir(), 'debrief-bench');
  mkdirSync(cache, { recursive: true });
  const input = join(cache, `ecs-${events}.jsonl`);
  if (!existsSync(input)) {
    process.stderr.write(`generating ${events.toLocaleString('en')} ECS events into ${input}…\n`);
    await writeEcsEvents(input, events);
  }
  const dir = keptData === undefined ? mkdtempSync(join(tmpdir(), 'debrief-bench-web-')) : resolve(keptData);
  const env = { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: '', DEBRIEF_ACTOR: 'bench@web' };
  if (keptData === undefined || !existsSync(join(dir, 'data'))) {
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    const doc = join(dir, `${ID}.yaml`);
    cli(env, ['new', ID, '--title', 'A million events', '-o', doc]);
    cli(env, ['import', doc]);
    cli(env, ['user', 'add', ACCOUNT.username, '--role', 'admin', '--password-stdin'], ACCOUNT.password);
    process.stderr.write(`ingesting ${events.toLocaleString('en')} events…\n`);
    cli(env, ['ingest', ID, input, '--no-indicators']);
    process.stderr.write(`prepared in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } else {
    process.stderr.write(
      `reusing the prepared data in ${dir} (its event count is what was ingested there)\n`,
    );
  }

  const server = await startServe(['--no-demo'], env);
  const browser = await launchBrowser();
  const cold: number[] = [];
  const inApp: number[] = [];
  const filtered: number[] = [];
  const frames: number[] = [];
  let longFrames = 0;
  let domRows = 0;
  let pagesFetched = 0;
  /** Server time of each API call on the cold loads, by path (request sent → response end, in the browser). */
  const apiTimes = new Map<string, number[]>();
  let measuring = false;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('/timeline')) pagesFetched += 1;
    });
    context.on('requestfinished', (request) => {
      const { pathname } = new URL(request.url());
      if (!measuring || !pathname.startsWith('/api/')) return;
      const key = `${request.method()} ${pathname.replace(ID, ':id')}`;
      const timing = request.timing();
      apiTimes.set(key, [...(apiTimes.get(key) ?? []), timing.responseEnd - timing.requestStart]);
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(ACCOUNT.username);
    await page.getByLabel('Password', { exact: true }).fill(ACCOUNT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /Post-mortems/ }).waitFor();
    for (let run = 0; run <= runs; run += 1) {
      // Run 0 warms the server's caches and the browser's; it is not counted.
      const tab = await context.newPage();
      let t0 = performance.now();
      measuring = run > 0;
      await tab.goto(`${server.url}/post-mortems/${ID}/timeline`);
      await firstRow(tab);
      measuring = false;
      if (run > 0) cold.push(performance.now() - t0);
      await tab.getByRole('link', { name: 'Summary' }).click();
      await tab.getByRole('heading', { name: 'Summary and impact' }).waitFor();
      t0 = performance.now();
      await tab.getByRole('link', { name: 'Working timeline' }).click();
      await firstRow(tab);
      if (run > 0) inApp.push(performance.now() - t0);
      t0 = performance.now();
      const answered = tab.waitForResponse(
        (r) => new URL(r.url()).pathname.endsWith('/timeline') && new URL(r.url()).searchParams.has('q'),
        { timeout: 60_000 },
      );
      await tab.getByLabel('Search events').fill(SEARCHES[run % SEARCHES.length] as string);
      await tab.getByLabel('Search events').press('Enter');
      await answered;
      await firstRow(tab);
      if (run > 0) filtered.push(performance.now() - t0);
      await tab.close();
    }
    // Scrolling: the frame intervals while the wheel moves through the list.
    await page.goto(`${server.url}/post-mortems/${ID}/timeline`);
    await firstRow(page);
    const box = await page.getByRole('table', { name: 'Events' }).boundingBox();
    if (box === null) throw new Error('the events table is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
    // Code run in the page is passed as text: tsx would otherwise wrap the functions with helpers the page lacks.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__on = true;
      window.__last = performance.now();
      const tick = (now) => {
        window.__frames.push(now - window.__last);
        window.__last = now;
        if (window.__on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    pagesFetched = 0;
    for (let step = 0; step < 400; step += 1) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(500);
    const measured = (await page.evaluate(`(() => {
      window.__on = false;
      return { frames: window.__frames.slice(1), rows: document.querySelectorAll('table[aria-label="Events"] tr').length };
    })()`)) as { frames: number[]; rows: number };
    frames.push(...measured.frames);
    longFrames = measured.frames.filter((f) => f > 50).length;
    domRows = measured.rows;
  } finally {
    await browser.close();
    server.child.kill('SIGKILL');
    if (keptData === undefined) rmSync(dir, { recursive: true, force: true });
  }

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  const lines = [
    `web timeline explorer, ${events.toLocaleString('en')} events in one post-mortem (SQLite), Debian Chromium, 1280×800`,
    `machine: ${machine}; ${runs} runs after one warm-up`,
    '',
    '| measure | median | max | budget |',
    '|---|---|---|---|',
    `| cold: new tab on …/timeline → first event row | ${ms(median(cold))} | ${ms(Math.max(...cold))} | — |`,
    `| in-app: "Working timeline" clicked → first event row | ${ms(median(inApp))} | ${ms(Math.max(...inApp))} | ≤ 1,000 ms |`,
    `| search typed → first matching row | ${ms(median(filtered))} | ${ms(Math.max(...filtered))} | — |`,
    `| scrolling: frame interval (${frames.length} frames) | ${frames.length ? percentile(frames, 50).toFixed(1) : '-'} ms | p95 ${frames.length ? percentile(frames, 95).toFixed(1) : '-'} ms, ${longFrames} over 50 ms | smooth |`,
    `| scrolling: rows in the DOM at the end / timeline pages fetched | ${domRows} / ${pagesFetched} | | virtualized |`,
  ];
  lines.push('', 'API calls of the cold loads (request sent → response received, median of the runs):');
  for (const [key, times] of [...apiTimes].sort()) lines.push(`- ${key}: ${ms(median(times))}`);
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync(join('test-artifacts', 'bench-web.md'), `${report}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
