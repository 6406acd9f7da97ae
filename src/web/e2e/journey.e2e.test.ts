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
import { accessibilityViolations, describeViolations } from '../../../test/accessibility.js';
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

/**
 * Collects what must not happen while a page is used: script errors, console errors, and failed requests (except
 * the who-am-I before signing in, which is how the shell learns it must show the sign-in page).
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests are checked below, with their address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() >= 400 && !(response.status() === 401 && pathname === '/api/auth/me'))
      problems.push(`${response.request().method()} ${pathname}: ${response.status()}`);
  });
  return problems;
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
    const problems = watchProblems(page);
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

  it('takes a new post-mortem from creation to sign-off: people, evidence, promotion, 5 Whys, recommendation, report', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    const saved = () =>
      page
        .getByRole('status')
        .filter({ hasText: /^Saved/ })
        .first();
    try {
      await signIn(page, base, ADMIN);
      await newPostMortem(page).click();
      await page.getByLabel('Title').fill('Ransomware staged on the file server');
      // The next free id is suggested once the list of post-mortems has been read.
      const idField = page.getByLabel('Id', { exact: true });
      await expect.poll(() => idField.inputValue(), { timeout: STEP }).toMatch(/^INC-\d{4}-\d{3}$/);
      const id = await idField.inputValue();
      await page.getByRole('button', { name: 'Create post-mortem' }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(id) }).waitFor({ timeout: STEP });
      const sections = page.getByRole('navigation', { name: 'Sections' });

      // People: the approver who will sign off.
      await sections.getByRole('link', { name: 'People' }).click();
      await page.getByRole('button', { name: 'Edit people' }).click();
      await page.getByRole('button', { name: 'Add person' }).click();
      const person = page.getByRole('group', { name: 'Person 1' });
      await person.getByLabel('Name', { exact: true }).fill('Dana Okafor');
      await person.getByLabel('E-mail').fill('dana@example.org');
      await person.getByRole('checkbox', { name: 'approver' }).check();
      await page.getByRole('button', { name: 'Save people' }).click();
      await saved().waitFor({ timeout: STEP });
      await page.getByRole('table', { name: 'People and roles' }).getByText('Dana Okafor').waitFor();
      await screenshot(page, 'people');

      // Evidence: upload a log, parsed into the working timeline in the background.
      await sections.getByRole('link', { name: 'Evidence' }).click();
      await page.getByLabel('Evidence files to upload').setInputFiles({
        name: 'file-server.json',
        mimeType: 'application/json',
        buffer: Buffer.from(`${generatedLog()}\n`),
      });
      await page.getByText(/Parsed: 200 accepted, 0 rejected/).waitFor({ timeout: 60_000 });
      await page.getByRole('table', { name: 'Evidence' }).getByText('file-server.json').waitFor();
      await screenshot(page, 'evidence');

      // Working timeline: find the first beacon and promote it as the compromise.
      await sections.getByRole('link', { name: 'Working timeline' }).click();
      await page.getByLabel('Search events').fill('beacon');
      const rows = page
        .getByLabel('Events', { exact: true })
        .getByRole('row')
        .filter({ has: page.getByRole('button', { name: /^(Star|Unstar)$/ }) });
      await expect
        .poll(async () => (await rows.allTextContents()).every((t) => t.includes('beacon')), {
          timeout: STEP,
        })
        .toBe(true);
      await rows.first().click();
      await page.getByLabel('Milestone').selectOption('compromise');
      await page.getByRole('button', { name: 'Promote', exact: true }).click();
      await page.getByText(/^Added T-\S+ to the curated timeline/).waitFor({ timeout: STEP });
      await screenshot(page, 'timeline-promoted');
      await sections.getByRole('link', { name: 'Curated timeline' }).click();
      await page
        .getByText(/beacon \d+ to 198\.51\.100\.77/)
        .first()
        .waitFor({ timeout: STEP });

      // Root cause analysis: a 5 Whys with one why.
      await sections.getByRole('link', { name: 'Analysis' }).click();
      await page.getByRole('button', { name: 'Edit 5 Whys' }).click();
      await page.getByRole('button', { name: 'Add a 5 Whys analysis' }).click();
      await page.getByLabel('Problem of W-1').fill('The file server ran an unknown binary for two hours.');
      await page
        .getByRole('button', { name: /^Add why under/ })
        .first()
        .click();
      await page
        .getByLabel('Answer of why W-1.1')
        .fill('Application allow-listing was not enforced on servers.');
      await page.getByRole('button', { name: 'Save 5 Whys' }).click();
      await saved().waitFor({ timeout: STEP });
      await screenshot(page, 'analysis');

      // A recommendation that follows from it.
      await sections.getByRole('link', { name: 'Recommendations' }).click();
      await page.getByRole('button', { name: 'Add recommendation' }).click();
      const form = page.getByRole('form', { name: 'New recommendation' });
      await form.getByLabel('Title').fill('Enforce application allow-listing on file servers');
      await form.getByRole('button', { name: 'Save recommendation' }).click();
      await page
        .getByRole('article', { name: /^R-\S+ Enforce application allow-listing/ })
        .waitFor({ timeout: STEP });
      await screenshot(page, 'recommendations');

      // The report, then review and sign-off (an admin decides on behalf of the approver).
      await sections.getByRole('link', { name: 'Report' }).click();
      await page.getByTitle('Report preview: Technical').waitFor({ timeout: STEP });
      const review = page.getByRole('region', { name: 'Review and sign-off' });
      await review.getByRole('button', { name: 'Submit for review' }).click();
      await review.getByText('Current state: In review').waitFor({ timeout: STEP });
      await review
        .getByLabel('Decide as')
        .selectOption({ label: 'Dana Okafor, on their behalf (recorded in the audit trail)' });
      await review.getByRole('button', { name: 'Approve' }).click();
      await review.getByText('Current state: Approved').waitFor({ timeout: STEP });
      await review.getByRole('table', { name: 'Approved versions' }).waitFor({ timeout: STEP });
      await screenshot(page, 'report-approved');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);

  it('shows every section of the demo post-mortem, the actions and the insights without an error', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    try {
      await signIn(page, base, ADMIN);
      for (const [section, heading] of [
        ['people', 'People'],
        ['evidence', 'Evidence'],
        ['analysis', 'Root cause analysis'],
        ['evaluation', 'Response evaluation and lessons'],
        ['recommendations', 'Recommendations'],
        ['indicators', 'Indicators'],
        ['attack', 'ATT&CK'],
        ['compliance', 'Compliance'],
        ['report', 'Report'],
      ] as const) {
        await page.goto(`${base}/post-mortems/${DEMO}/${section}`);
        await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor({ timeout: STEP });
        await page.waitForLoadState('networkidle');
        await screenshot(page, `section-${section}`);
      }
      await page.goto(`${base}/actions`);
      await page.getByRole('table', { name: /^Actions/ }).waitFor({ timeout: STEP });
      await screenshot(page, 'actions');
      await page.goto(`${base}/insights`);
      await page.getByRole('heading', { level: 1, name: 'Insights' }).waitFor({ timeout: STEP });
      await page.getByRole('img').first().waitFor({ timeout: STEP });
      await screenshot(page, 'insights');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);

  it('meets WCAG 2.1 AA on every screen in the light and the dark theme (axe-core: labels, names, contrast)', async () => {
    const problems: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      // The application's policy refuses injected scripts; axe-core is injected, so this context bypasses it.
      const context = await (browser as Browser).newContext({
        viewport: { width: 1280, height: 800 },
        colorScheme,
        bypassCSP: true,
      });
      const page = await context.newPage();
      try {
        await page.goto(`${base}/login`);
        await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: STEP });
        problems.push(...describeViolations(`${colorScheme} /login`, await accessibilityViolations(page)));
        await signIn(page, base, ADMIN);
        const screens = [
          '/',
          '/new',
          '/actions',
          '/insights',
          ...['summary', 'people', 'evidence', 'timeline', 'curated', 'analysis', 'evaluation'].map(
            (section) => `/post-mortems/${DEMO}/${section}`,
          ),
          ...['recommendations', 'indicators', 'attack', 'compliance', 'report'].map(
            (section) => `/post-mortems/${DEMO}/${section}`,
          ),
        ];
        for (const path of screens) {
          await page.goto(`${base}${path}`);
          await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: STEP });
          await page.waitForLoadState('networkidle');
          problems.push(...describeViolations(`${colorScheme} ${path}`, await accessibilityViolations(page)));
        }
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);

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
