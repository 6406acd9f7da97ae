/**
 * The web application in a real browser against the real server: `bin/debrief.js serve` on a temporary SQLite
 * database prepared with the CLI (the demo, a restricted post-mortem, an admin and a viewer with passwords, a
 * generated log ingested as evidence), driven by Debian's Chromium through the accessible names of the shared UI
 * contract (roles and labels, never CSS selectors). Each main screen is saved to test-artifacts/web/.
 *
 * Needs the build (`npm run build`, which the test script runs first) and Chromium; without them the test is
 * skipped and says why, unless DEBRIEF_REQUIRE_CHROMIUM=1.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCheck, launchBrowser, screenshot } from '../../../test/browser.js';
import { runner } from '../../../test/cli.js';
import { startServe } from '../../../test/serve-process.js';

const DEMO = 'INC-2026-014';
const SECRET = 'INC-2026-099';
const ADMIN = { username: 'alice', password: 'copper lantern orbit meadow 41' };
const VIEWER = { username: 'victor', password: 'granite puzzle harbor violet 73' };
/** Playwright's wait for one step; the whole journey stays well under the test's timeout. */
const STEP = 15_000;

const notBuilt = [
  existsSync('dist/web/index.html')
    ? undefined
    : 'the web application is not built (dist/web/index.html missing): run npm run build',
  existsSync('dist/debrief.js')
    ? undefined
    : 'the server is not built (dist/debrief.js missing): run npm run build',
].filter((r): r is string => r !== undefined);
const { missing, skip } = browserCheck('web journey', notBuilt);

/** 200 JSON lines around the demo incident: every tenth one is a beacon to the attacker's address. */
function generatedLog(): string {
  const start = Date.parse('2026-03-03T08:00:00Z');
  return Array.from({ length: 200 }, (_, i) =>
    JSON.stringify({
      '@timestamp': new Date(start + i * 60_000).toISOString(),
      host: { name: `ws-${(i % 4) + 1}` },
      user: { name: i % 3 === 0 ? 'svc-billing' : 'j.doe' },
      event: { action: i % 10 === 0 ? 'network-connection' : 'process-start' },
      message: i % 10 === 0 ? `beacon ${i} to 198.51.100.77` : `process started ${i}`,
    }),
  ).join('\n');
}

/** The "New post-mortem" control: a link to /new styled as a button, or a button. */
function newPostMortem(page: Page) {
  return page
    .getByRole('link', { name: 'New post-mortem' })
    .or(page.getByRole('button', { name: 'New post-mortem' }));
}

async function signIn(page: Page, base: string, account: { username: string; password: string }) {
  page.setDefaultTimeout(STEP);
  await page.goto(`${base}/`);
  // Not signed in: the shell sends us to its login screen.
  await page.waitForURL(/\/login/, { timeout: STEP });
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /Post-mortems/ }).waitFor({ timeout: STEP });
}

describe.skipIf(skip)('the web application in Chromium (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-web-e2e-'));
  const env = { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: '', DEBRIEF_ACTOR: 'e2e@test' };
  let child: ChildProcess | undefined;
  let base = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (missing !== undefined) throw new Error(`DEBRIEF_REQUIRE_CHROMIUM=1 but ${missing}`);
    const now = new Date().toISOString();
    const cli = runner(dir, env, now);
    const restricted = join(dir, `${SECRET}.yaml`);
    const log = join(dir, 'endpoint.json');
    writeFileSync(log, `${generatedLog()}\n`);
    const steps: string[][] = [
      ['import', join(process.cwd(), 'examples', 'demo-post-mortem.yaml')],
      ['new', SECRET, '--title', 'Payroll fraud inquiry', '-o', restricted],
    ];
    for (const args of steps) {
      const result = await cli(...args);
      if (result.code !== 0) throw new Error(`debrief ${args.join(' ')} failed: ${result.stderr}`);
    }
    writeFileSync(
      restricted,
      readFileSync(restricted, 'utf8').replace(/^restricted: false$/m, 'restricted: true'),
    );
    const more: string[][] = [
      ['import', restricted],
      ['ingest', DEMO, log, '--no-indicators'],
    ];
    for (const args of more) {
      const result = await cli(...args);
      if (result.code !== 0) throw new Error(`debrief ${args.join(' ')} failed: ${result.stderr}`);
    }
    for (const [account, role] of [
      [ADMIN, 'admin'],
      [VIEWER, 'viewer'],
    ] as const) {
      const add = await runner(dir, env, now, account.password)(
        'user',
        'add',
        account.username,
        '--role',
        role,
        '--password-stdin',
      );
      if (add.code !== 0) throw new Error(`debrief user add ${account.username} failed: ${add.stderr}`);
    }
    const server = await startServe(['--no-demo'], env);
    child = server.child;
    base = server.url;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs an admin in, lists the post-mortems, opens the workspace and curates the working timeline', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are checked below, with their address.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      // Asking who is signed in before signing in is how the shell finds out it must show the login screen.
      if (response.status() >= 400 && !(response.status() === 401 && pathname === '/api/auth/me'))
        problems.push(`${response.request().method()} ${pathname}: ${response.status()}`);
    });
    try {
      await signIn(page, base, ADMIN);
      const link = page.getByRole('link', { name: new RegExp(`^${DEMO}`) });
      await link.waitFor({ timeout: STEP });
      // The admin is not a member of the restricted one either: need-to-know holds for every role.
      expect(await page.getByRole('link', { name: new RegExp(`^${SECRET}`) }).count()).toBe(0);
      await newPostMortem(page).waitFor();
      await screenshot(page, 'list');

      await link.click();
      const title = page.getByRole('heading', { level: 1, name: new RegExp(DEMO) });
      await title.waitFor({ timeout: STEP });
      expect(page.url()).toContain(`/post-mortems/${DEMO}`);
      // The section loads after the document: wait for it, so the screenshot shows the summary, not "Loading".
      await page.getByRole('heading', { name: 'Summary and impact' }).waitFor({ timeout: STEP });
      await screenshot(page, 'workspace-summary');

      const sections = page.getByRole('navigation', { name: 'Sections' });
      await sections.getByRole('link', { name: 'Working timeline' }).click();
      await page.waitForURL(new RegExp(`/post-mortems/${DEMO}/timeline`), { timeout: STEP });
      const events = page.getByLabel('Events', { exact: true });
      const rows = events
        .getByRole('row')
        .filter({ has: page.getByRole('button', { name: /^(Star|Unstar)$/ }) });
      await rows.first().waitFor({ timeout: STEP });
      await page.getByRole('img', { name: /^Events per/ }).waitFor({ timeout: STEP });
      await page.getByLabel('Search events').fill('beacon');
      // Only the 20 beacons match; the 180 other generated events disappear.
      await expect
        .poll(
          async () => {
            const texts = await rows.allTextContents();
            return texts.length > 0 && texts.every((text) => text.includes('beacon'));
          },
          { timeout: STEP },
        )
        .toBe(true);
      expect(await rows.count()).toBeLessThanOrEqual(20);
      await screenshot(page, 'timeline');

      const first = rows.first();
      await first.getByRole('button', { name: 'Star', exact: true }).click();
      await first.getByRole('button', { name: 'Unstar', exact: true }).waitFor({ timeout: STEP });

      await sections.getByRole('link', { name: 'Curated timeline' }).click();
      await page.waitForURL(new RegExp(`/post-mortems/${DEMO}/curated`), { timeout: STEP });
      await page
        .getByRole('heading', { name: /Curated timeline/ })
        .first()
        .waitFor({ timeout: STEP });
      await screenshot(page, 'curated');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('shows a viewer only what they may see: no restricted post-mortem, no New post-mortem button', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, base, VIEWER);
      await page.getByRole('link', { name: new RegExp(`^${DEMO}`) }).waitFor({ timeout: STEP });
      expect(await page.getByRole('link', { name: new RegExp(`^${SECRET}`) }).count()).toBe(0);
      expect(await newPostMortem(page).count()).toBe(0);
      await screenshot(page, 'list-viewer');

      // Typing the address of the restricted one: the API answers 404 and the app says so, showing nothing of it.
      await page.goto(`${base}/post-mortems/${SECRET}`);
      await page
        .getByText(/not found|does not exist|not allowed|forbidden/i)
        .first()
        .waitFor({ timeout: STEP });
      expect(await page.getByText('Payroll fraud inquiry').count()).toBe(0);
      await screenshot(page, 'restricted-viewer');
    } finally {
      await page.close();
    }
  }, 120_000);
});
