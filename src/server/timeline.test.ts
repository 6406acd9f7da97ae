import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import type { runner } from '../../test/cli.js';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { type CliPrepared, preparedByCli, testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { importPostMortem } from '../services/import-post-mortem.js';

const NOW = '2026-11-22T12:00:00.000Z';
const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const SECRET = 'INC-TL-SECRET';

// EV-0001: sshd and sudo lines on three hosts, and one line no syslog reader can date (a reject).
const AUTH_LOG = [
  '<34>1 2026-03-02T10:00:00.000Z web01 sshd 4242 - - Failed password for root from 203.0.113.9 port 2222 ssh2',
  '<34>1 2026-03-02T10:01:00.000Z web01 sshd 4242 - - Accepted password for alice from 198.51.100.7 port 2223 ssh2',
  'this line is not syslog at all',
  '<86>1 2026-03-02T10:02:00.000Z db01 sudo 99 - - alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow',
  '<34>1 2026-03-02T10:05:30.000Z WEB02 sshd 4300 - - Failed password for invalid user admin from 203.0.113.9 port 2224 ssh2',
].join('\n');

/** A Sysmon process start in the event-XML-as-JSON style. */
const processStart = (at: string, host: string, image: string, user: string) => ({
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: at } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: host,
    },
    EventData: { Image: image, User: user },
  },
});
// EV-0002: two process starts; the Sigma rule below matches the second.
const SYSMON = [
  processStart('2026-03-02T11:00:00Z', 'ws-17', 'C:\\Windows\\System32\\notepad.exe', 'CORP\\lh'),
  processStart('2026-03-02T11:05:00Z', 'ws-17', 'C:\\Windows\\System32\\whoami.exe', 'CORP\\lh'),
];
const WHOAMI_RULE =
  'title: Whoami Execution\nid: 11111111-1111-4111-8111-111111111111\nstatus: test\n' +
  'tags:\n  - attack.discovery\n  - attack.t1033\n' +
  'logsource:\n  product: windows\n  category: process_creation\n' +
  "detection:\n  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection\nlevel: high\n";

interface EventJson {
  readonly id: string;
  readonly starred: boolean;
  readonly tags: readonly string[];
}
interface Page {
  readonly items: readonly EventJson[];
  readonly next?: string;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `the working timeline and evidence over REST on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-rest-timeline-'));
      let cli: ReturnType<typeof runner>;
      let prepared: CliPrepared | undefined;
      let handle: DatabaseHandle;
      let app: FastifyInstance;
      let analyst: TestAccount;
      let viewer: TestAccount;
      let auditor: TestAccount;
      let outsider: TestAccount;

      /** The JSON `debrief ARGS... --json` prints (it must succeed). */
      const cliJson = async (...args: string[]): Promise<unknown> => {
        const result = await cli(...args, '--json');
        expect([result.code, result.stderr]).toEqual([0, '']);
        return JSON.parse(result.stdout);
      };
      const get = (url: string, account: TestAccount = analyst) =>
        app.inject({ method: 'GET', url, headers: account.headers });
      const post = (url: string, payload: object | undefined, account: TestAccount = analyst) =>
        app.inject({ method: 'POST', url, headers: account.headers, ...(payload ? { payload } : {}) });
      const eventUrl = (eventId: string, rest = '') =>
        `/api/post-mortems/${ID}/events/${encodeURIComponent(eventId)}${rest}`;

      beforeAll(async () => {
        writeFileSync(join(dir, 'auth.log'), `${AUTH_LOG}\n`);
        writeFileSync(join(dir, 'sysmon.json'), SYSMON.map((e) => JSON.stringify(e)).join('\n'));
        mkdirSync(join(dir, 'rules'));
        writeFileSync(join(dir, 'rules', 'whoami.yml'), WHOAMI_RULE);
        // Ingested the way analysts do it, through the CLI: the server then reads the same database and blobs.
        prepared = await preparedByCli(dialect, dir, [
          ['import', DEMO],
          ['ingest', ID, 'auth.log', 'sysmon.json'],
          ['sigma', 'load', 'rules'],
          ['sigma', 'run', ID],
        ]);
        ({ cli, handle } = prepared);
        await importPostMortem(handle.db, buildPostMortem({ id: SECRET, restricted: true }), { now: NOW });
        analyst = await createAccount(handle.db, 'ana', 'analyst', { memberOf: [SECRET] });
        viewer = await createAccount(handle.db, 'vic', 'viewer');
        auditor = await createAccount(handle.db, 'audrey', 'auditor', { scopes: ['read'] });
        outsider = await createAccount(handle.db, 'otto', 'analyst');
        app = await testServer(handle, { blobs: prepared.blobs });
      });
      afterAll(async () => {
        await app?.close();
        await prepared?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('answers every timeline filter and the histogram exactly as `debrief timeline --json` does', async () => {
        const queries: readonly Record<string, string>[] = [
          {},
          { host: 'web*' },
          { user: 'ALICE' },
          { ip: '203.0.113.9' },
          { q: '"failed password"' },
          { from: '2026-03-02T10:01Z', to: '2026-03-02T10:05Z' },
          { evidence: 'EV-0002' },
          { sigma: 'high' },
        ];
        for (const query of queries) {
          const args = Object.entries(query).flatMap(([k, v]) => [`--${k}`, v]);
          const rest = await get(`/api/post-mortems/${ID}/timeline?${new URLSearchParams(query)}`);
          expect(rest.statusCode, JSON.stringify(query)).toBe(200);
          expect(rest.json(), JSON.stringify(query)).toEqual(await cliJson('timeline', ID, ...args));
          const histogram = await get(
            `/api/post-mortems/${ID}/timeline/histogram?${new URLSearchParams(query)}`,
          );
          expect(histogram.json()).toEqual(await cliJson('timeline', ID, '--histogram', ...args));
        }
        const all = (await get(`/api/post-mortems/${ID}/timeline`)).json() as Page;
        expect(all.items.map((e) => e.id)).toEqual([
          'EV-0001#0',
          'EV-0001#1',
          'EV-0001#3',
          'EV-0001#4',
          'EV-0002#0',
          'EV-0002#1',
        ]);
        const reversed = await get(`/api/post-mortems/${ID}/timeline?from=2026-03-03&to=2026-03-02`);
        expect([reversed.statusCode, reversed.json().error.code]).toEqual([400, 'invalid_input']);
        const badLimit = await get(`/api/post-mortems/${ID}/timeline?limit=0`);
        expect([badLimit.statusCode, badLimit.json().error.code]).toEqual([400, 'invalid_input']);
      });

      it('pages with the `next` cursor: every event once, in time order, the same pages as the CLI', async () => {
        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const query = new URLSearchParams({ limit: '4', ...(after === undefined ? {} : { after }) });
          const page = (await get(`/api/post-mortems/${ID}/timeline?${query}`)).json() as Page;
          expect(page).toEqual(
            await cliJson('timeline', ID, '--limit', '4', ...(after === undefined ? [] : ['--after', after])),
          );
          seen.push(...page.items.map((e) => e.id));
          after = page.next;
          pages++;
        } while (after !== undefined && pages < 5);
        expect(pages).toBe(2);
        expect(seen).toEqual(((await cliJson('timeline', ID)) as Page).items.map((e) => e.id));
        const bad = await get(`/api/post-mortems/${ID}/timeline?after=not-a-cursor`);
        expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'invalid_input']);
      });

      it('shows an event with its Sigma detections and raw record as `debrief event show --json` does', async () => {
        const shown = await get(eventUrl('EV-0002#1'));
        expect(shown.statusCode).toBe(200);
        expect(shown.json()).toEqual(await cliJson('event', 'show', ID, 'EV-0002#1'));
        expect(shown.json().event.detections).toEqual([
          expect.objectContaining({ title: 'Whoami Execution', level: 'high', techniques: ['T1033'] }),
        ]);
        expect((await get(eventUrl('EV-0001#1'))).json().raw).toMatchObject({
          encoding: 'text',
          text: expect.stringContaining('Accepted password for alice'),
        });
        const unknown = await get(eventUrl('EV-0001#999'));
        expect([unknown.statusCode, unknown.json().error.message]).toEqual([
          404,
          `${ID} has no event EV-0001#999`,
        ]);
        expect((await get(eventUrl('not-an-event'))).statusCode).toBe(400);
      });

      it('stars and tags events for editors only: a viewer gets 403, the CLI sees the marks', async () => {
        const star = await post(eventUrl('EV-0001#0', '/star'), { starred: true });
        expect(star.statusCode).toBe(200);
        expect(star.json()).toMatchObject({ id: 'EV-0001#0', starred: true });
        const tags = await post(eventUrl('EV-0001#0', '/tags'), { add: ['brute-force', 'initial-access'] });
        expect(tags.json().tags).toEqual(['brute-force', 'initial-access']);
        const removed = await post(eventUrl('EV-0001#0', '/tags'), { remove: ['initial-access'] });
        expect(removed.json().tags).toEqual(['brute-force']);
        const starred = (await cliJson('timeline', ID, '--starred')) as Page;
        expect(starred.items.map((e) => [e.id, e.tags])).toEqual([['EV-0001#0', ['brute-force']]]);
        expect((await get(`/api/post-mortems/${ID}/timeline?tag=brute-force`)).json()).toEqual(
          await cliJson('timeline', ID, '--tag', 'brute-force'),
        );
        expect((await post(eventUrl('EV-0001#0', '/star'), { starred: false }, viewer)).statusCode).toBe(403);
        expect((await post(eventUrl('EV-0001#0', '/tags'), { add: ['x'] }, auditor)).statusCode).toBe(403);
        const badTag = await post(eventUrl('EV-0001#0', '/tags'), { add: ['two words'] });
        expect([badTag.statusCode, badTag.json().error.code]).toEqual([400, 'invalid_input']);
        const noBody = await post(eventUrl('EV-0001#0', '/star'), {});
        expect([noBody.statusCode, noBody.json().error.code]).toEqual([400, 'invalid_input']);
      });

      it('promotes an event to the curated timeline, and the audit trail names the event', async () => {
        const before = (await cliJson('show', ID)) as { version: number; timeline: { id: string }[] };
        const res = await post(eventUrl('EV-0002#1', '/promote'), {
          milestone: { kind: 'detection', source: 'internal-control' },
          text: 'whoami on ws-17',
        });
        expect(res.statusCode).toBe(201);
        const { entry, version } = res.json();
        expect(version).toBe(before.version + 1);
        expect(entry).toMatchObject({
          at: '2026-03-02T11:05:00Z',
          text: 'whoami on ws-17',
          host: 'ws-17',
          milestone: { kind: 'detection', source: 'internal-control' },
          events: ['EV-0002#1'],
          attack: ['T1033'],
        });
        const after = (await cliJson('show', ID)) as { version: number; timeline: { id: string }[] };
        expect(after.version).toBe(version);
        expect(after.timeline.find((e) => e.id === entry.id)).toEqual(entry);
        const taken = await post(eventUrl('EV-0002#0', '/promote'), { entryId: entry.id });
        expect([taken.statusCode, taken.json().error.code]).toEqual([400, 'invalid_input']);
        expect((await post(eventUrl('EV-0002#0', '/promote'), {}, viewer)).statusCode).toBe(403);
        const trail = await get('/api/audit?limit=500', auditor);
        expect(trail.statusCode).toBe(200);
        const promotes = (trail.json().items as { action: string }[]).filter(
          (e) => e.action === 'event.promote',
        );
        expect(promotes).toEqual([
          expect.objectContaining({
            actor: expect.stringContaining('(ana)'),
            target: 'EV-0002#1',
            postMortemId: ID,
            outcome: 'ok',
            details: expect.objectContaining({ entry: entry.id, version, milestone: 'detection' }),
          }),
          // The attempt with a taken entry id is recorded too, as failed.
          expect.objectContaining({ target: 'EV-0002#0', outcome: 'failed' }),
        ]);
      });

      it('lists and shows evidence with its custody exactly as `debrief evidence list|show --json` do', async () => {
        const list = await get(`/api/post-mortems/${ID}/evidence`, viewer);
        expect(list.statusCode).toBe(200);
        expect(list.json()).toEqual(await cliJson('evidence', 'list', ID));
        expect(list.json().map((e: { id: string }) => e.id)).toEqual(['EV-0001', 'EV-0002']);
        const shown = await get(`/api/post-mortems/${ID}/evidence/EV-0001`, viewer);
        expect(shown.json()).toEqual(await cliJson('evidence', 'show', ID, 'EV-0001'));
        expect(shown.json().custody.map((c: { action: string }) => c.action)).toEqual([
          'registered',
          'parsed',
        ]);
        expect((await get(`/api/post-mortems/${ID}/evidence/EV-0099`)).statusCode).toBe(404);
      });

      it('pages the records ingest rejected, as `debrief evidence rejects --json` does', async () => {
        const all = await get(`/api/post-mortems/${ID}/rejects?limit=10`);
        expect(all.json()).toEqual(await cliJson('evidence', 'rejects', ID, '--limit', '10'));
        expect(all.json()).toMatchObject({ total: 1, items: [{ evidenceId: 'EV-0001', line: 3 }] });
        const second = await get(`/api/post-mortems/${ID}/rejects?limit=1&offset=1`);
        expect(second.json()).toEqual(
          await cliJson('evidence', 'rejects', ID, '--limit', '1', '--offset', '1'),
        );
        expect(second.json()).toEqual({ items: [], total: 1 });
        const ofItem = await get(`/api/post-mortems/${ID}/evidence/EV-0002/rejects`, viewer);
        expect(ofItem.json()).toEqual(await cliJson('evidence', 'rejects', ID, 'EV-0002'));
        expect(ofItem.json()).toEqual({ items: [], total: 0 });
        expect(
          (await get(`/api/post-mortems/${ID}/rejects?evidence=EV-0001`))
            .json()
            .items.map((r: { line: number }) => r.line),
        ).toEqual([3]);
        expect((await get(`/api/post-mortems/${ID}/evidence/EV-0099/rejects`)).statusCode).toBe(404);
      });

      it('verifies evidence for an auditor, and the "verified" custody entry names the caller', async () => {
        const res = await post(`/api/post-mortems/${ID}/evidence/verify`, undefined, auditor);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({
          ok: true,
          evidence: [
            { evidenceId: 'EV-0001', ok: true, custody: [] },
            { evidenceId: 'EV-0002', ok: true, custody: [] },
          ],
        });
        const one = await post(`/api/post-mortems/${ID}/evidence/verify`, { evidence: 'EV-0002' }, viewer);
        expect(one.json().evidence.map((r: { evidenceId: string }) => r.evidenceId)).toEqual(['EV-0002']);
        const custody = (
          (await cliJson('evidence', 'show', ID, 'EV-0002')) as {
            custody: { action: string; actor: string }[];
          }
        ).custody;
        expect(custody.slice(-2)).toEqual([
          expect.objectContaining({ action: 'verified', actor: 'audrey' }),
          expect.objectContaining({ action: 'verified', actor: 'vic' }),
        ]);
        // The CLI agrees the chains are intact after the API appended to them.
        expect(((await cliJson('evidence', 'verify', ID)) as { ok: boolean }).ok).toBe(true);
        const unknown = await post(`/api/post-mortems/${ID}/evidence/verify`, { evidence: 'EV-0099' });
        expect(unknown.statusCode).toBe(404);
      });

      it('hides a restricted post-mortem from non-members (404) and serves it to members', async () => {
        for (const url of [
          `/api/post-mortems/${SECRET}/timeline`,
          `/api/post-mortems/${SECRET}/evidence`,
          `/api/post-mortems/${SECRET}/rejects`,
          `/api/post-mortems/${SECRET}/events/${encodeURIComponent('EV-0001#0')}`,
        ]) {
          const hidden = await get(url, outsider);
          expect([url, hidden.statusCode, hidden.json().error.message]).toEqual([
            url,
            404,
            expect.stringContaining(`post-mortem ${SECRET} does not exist`),
          ]);
        }
        const promote = await post(
          `/api/post-mortems/${SECRET}/events/${encodeURIComponent('EV-0001#0')}/promote`,
          {},
          outsider,
        );
        expect(promote.statusCode).toBe(404);
        const member = await get(`/api/post-mortems/${SECRET}/timeline`);
        expect([member.statusCode, member.json()]).toEqual([200, { items: [] }]);
        expect((await get(`/api/post-mortems/${SECRET}/evidence`)).json()).toEqual([]);
      });
    },
  );
}
