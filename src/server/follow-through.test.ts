import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { smallAttackBundle } from '../../test/attack.js';
import { type Run, runner } from '../../test/cli.js';
import { cliDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, entry, pmId, postMortemWithActions } from '../../test/factories.js';
import { fakeGithub } from '../../test/fake-github.js';
import { testServer } from '../../test/server.js';
import { EXTRACT_TEXT_MAX_CHARS, NOTIFICATION_CHANNEL_KINDS } from '../contract/follow-through-api.js';
import { plural } from '../core/plural.js';
import type { DatabaseHandle } from '../db/database.js';
import { openDatabase, resolveDatabaseTarget } from '../db/dialects.js';
import { migrateToLatest } from '../db/migrator.js';
import { auditEntries } from '../services/audit.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { CHANNEL_KINDS, queueReminders } from '../services/notify.js';
import { readPostMortem } from '../services/read-post-mortem.js';
import { seedDemo } from '../services/seed-demo.js';

const NOW = '2026-11-22T12:00:00.000Z';
const NOT_FOUND = 'post-mortem INC-HIDDEN does not exist';
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const EVENTS = `${[
  {
    '@timestamp': '2026-02-23T08:41:37Z',
    message: 'Sign-in from 198.51.100.23',
    'source.ip': '198.51.100.23',
  },
  {
    '@timestamp': '2026-02-23T08:50:00Z',
    message: 'Download',
    'file.hash.sha256': SHA,
    'host.name': 'ws-17',
  },
  {
    '@timestamp': '2026-02-23T09:10:00Z',
    message: 'Beacon to 203.0.113.99',
    'destination.ip': '203.0.113.99',
  },
]
  .map((r) => JSON.stringify(r))
  .join('\n')}\n`;
const BLOCKLIST = `# feed\n203.0.113.99\nhxxps://cdn.evil-updates[.]com/a.exe\n${SHA}\nnot an indicator\n`;
const SLACK_SECRET = 'B000/XXXXSECRETXXXX';
const WEBHOOK_SECRET = 's3cret-signing-value';

/** The same post-mortem under two ids: the CLI changes one, the API the other, and the answers must agree. */
const twins = (make: (id: string) => Parameters<typeof importPostMortem>[1], a: string, b: string) => [
  make(a),
  make(b),
];

/** A post-mortem with two ATT&CK techniques in its timeline and a person to confirm patient zero. */
const withTechniques = (id: string) =>
  buildPostMortem({
    id,
    people: [{ id: 'P-01', name: 'Ada Lovelace', roles: ['facilitator'] }],
    timeline: [
      entry('T-1', '2026-02-23T08:41:00Z', { attack: ['T1566'] }),
      entry('T-2', '2026-02-23T09:00:00Z', { attack: ['T1059.001'] }),
    ],
  });

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `follow-through, indicators and settings over REST on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-follow-through-'));
      const github = fakeGithub().server;
      let drop: () => Promise<void> = async () => undefined;
      let handle: DatabaseHandle;
      let app: FastifyInstance;
      /** `debrief ...` on the same database, acting as `ana` (the API's analyst). */
      let run: (...args: string[]) => Promise<Run>;
      let ana: TestAccount;
      let mia: TestAccount;
      let vic: TestAccount;
      let lee: TestAccount;
      let root: TestAccount;

      const call = (
        account: TestAccount,
        method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
        url: string,
        payload?: object,
        headers: Record<string, string> = {},
      ) =>
        app.inject({
          method,
          url: `/api${url}`,
          headers: { ...account.headers, ...headers },
          ...(payload === undefined ? {} : { payload }),
        });
      const cliJson = async (...args: string[]) => {
        const result = await run(...args);
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout);
      };
      const audited = async (action: string) => {
        const found = [];
        for await (const e of auditEntries(handle.db)) if (e.action === action) found.push(e);
        return found;
      };

      beforeAll(async () => {
        await new Promise<void>((done) => github.listen(0, '127.0.0.1', done));
        const githubUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
        const trackers = { DEBRIEF_GITHUB_TOKEN: 't', DEBRIEF_GITHUB_API_URL: githubUrl };
        const database = await cliDatabase(dialect);
        drop = database.drop;
        const data = join(dir, 'data');
        mkdirSync(data);
        handle = await openDatabase(resolveDatabaseTarget(database.url, data, dir));
        await migrateToLatest(handle.db);
        run = runner(dir, {
          DEBRIEF_DATA: data,
          DATABASE_URL: database.url,
          DEBRIEF_ACTOR: 'ana',
          ...trackers,
        });
        await seedDemo(handle.db, { now: NOW });
        for (const doc of [
          ...twins(
            (id) =>
              postMortemWithActions([], { id, evidence: [{ id: 'E-14', title: 'Re-test', kind: 'other' }] }),
            'INC-A',
            'INC-B',
          ),
          ...twins((id) => postMortemWithActions([], { id }), 'INC-T1', 'INC-T2'),
          postMortemWithActions([], { id: 'INC-T3' }),
          ...twins(withTechniques, 'INC-M1', 'INC-M2'),
          postMortemWithActions([], { id: 'INC-HIDDEN', restricted: true }),
        ])
          await importPostMortem(handle.db, doc, { now: NOW });
        ana = await createAccount(handle.db, 'ana', 'analyst');
        mia = await createAccount(handle.db, 'mia', 'analyst', { memberOf: ['INC-HIDDEN'] });
        vic = await createAccount(handle.db, 'vic', 'viewer');
        lee = await createAccount(handle.db, 'lee', 'lead');
        root = await createAccount(handle.db, 'root', 'admin');
        app = await testServer(handle, { env: { ...trackers, DEBRIEF_WEBHOOK_SECRET: WEBHOOK_SECRET } });
      });
      afterAll(async () => {
        await app?.close();
        await handle?.close();
        github.close();
        await drop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('changes a recommendation as `debrief action update --json` does, in a new version with a new ETag', async () => {
        const read = await call(ana, 'GET', '/post-mortems/INC-B');
        const etag = read.headers.etag as string;
        const patch = await call(
          ana,
          'PATCH',
          '/post-mortems/INC-B/recommendations/R-1',
          { status: 'done', why: 'rolled out' },
          { 'if-match': etag },
        );
        expect(patch.statusCode, patch.body).toBe(200);
        const cli = await cliJson(
          'action',
          'update',
          'INC-A',
          'R-1',
          '--status',
          'done',
          '--why',
          'rolled out',
          '--json',
        );
        expect(patch.json()).toEqual({ ...cli, postMortem: 'INC-B' });
        expect(patch.json().version).toBe(read.json().version + 1);
        expect(patch.headers.etag).toBe((await call(ana, 'GET', '/post-mortems/INC-B')).headers.etag);
        expect(patch.headers.etag).not.toBe(etag);

        const verify = {
          status: 'verified',
          verification: { method: 'phishing re-test', result: 'no session relayed', evidence: ['E-14'] },
        };
        const verified = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-1', verify);
        expect(verified.statusCode, verified.body).toBe(200);
        const cliVerified = await cliJson(
          ...['action', 'update', 'INC-A', 'R-1', '--status', 'verified', '--json'],
          ...[
            '--verify-method',
            'phishing re-test',
            '--verify-result',
            'no session relayed',
            '--evidence',
            'E-14',
          ],
        );
        expect(verified.json()).toEqual({ ...cliVerified, postMortem: 'INC-B' });
        expect(verified.json().recommendation.verification).toEqual({
          ...verify.verification,
          at: NOW,
          by: 'ana',
        });
        const accept = { approver: 'CISO', rationale: 'legacy system retired in Q1', expires: '2027-03-31' };
        const accepted = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-2', {
          status: 'risk-accepted',
          riskAcceptance: accept,
        });
        expect(accepted.statusCode, accepted.body).toBe(200);
        const cliAccepted = await cliJson(
          ...['action', 'update', 'INC-A', 'R-2', '--status', 'risk-accepted', '--json'],
          ...['--approver', accept.approver, '--rationale', accept.rationale, '--expires', accept.expires],
        );
        expect(accepted.json()).toEqual({ ...cliAccepted, postMortem: 'INC-B' });
        const noProof = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-2', {
          status: 'done',
          verification: { method: 'm', result: 'r', evidence: ['E-404'] },
        });
        expect(noProof.statusCode).toBe(400);
        expect(noProof.json().error.message).toContain('has no evidence E-404');

        const entries = await audited('recommendation.update');
        expect(entries.filter((e) => e.target === 'INC-B/R-1').at(-1)).toMatchObject({
          actor: expect.stringContaining('(ana)'),
          target: 'INC-B/R-1',
          postMortemId: 'INC-B',
          outcome: 'ok',
          details: { status: 200, changed: true, from: 'done', to: 'verified' },
        });
      });

      it('refuses a stale If-Match with 409 and writes nothing; checks the lifecycle; refuses viewers', async () => {
        const before = await call(ana, 'GET', '/post-mortems/INC-B');
        const stale = `"v${before.json().version - 1}-0000000000000000"`;
        const conflict = await call(
          ana,
          'PATCH',
          '/post-mortems/INC-B/recommendations/R-2',
          { owner: 'P-01' },
          { 'if-match': stale },
        );
        expect(conflict.statusCode).toBe(409);
        expect(conflict.json().error).toMatchObject({
          code: 'version_conflict',
          details: { storedVersion: before.json().version, baseVersion: before.json().version - 1 },
        });
        const after = await call(ana, 'GET', '/post-mortems/INC-B');
        expect(after.headers.etag).toBe(before.headers.etag);
        const bad = await call(
          ana,
          'PATCH',
          '/post-mortems/INC-B/recommendations/R-2',
          {},
          { 'if-match': 'x' },
        );
        expect(bad.statusCode).toBe(400);
        const backwards = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-2', {
          status: 'accepted',
        });
        expect(backwards.statusCode).toBe(400);
        expect(backwards.json().error.message).toContain('needs a reason');
        const missing = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-9', {
          status: 'done',
        });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().error.message).toContain('has no recommendation R-9');
        const unknownField = await call(ana, 'PATCH', '/post-mortems/INC-B/recommendations/R-2', {
          colour: 1,
        });
        expect(unknownField.statusCode).toBe(400);
        const viewer = await call(vic, 'PATCH', '/post-mortems/INC-B/recommendations/R-2', { owner: 'P-01' });
        expect(viewer.statusCode).toBe(403);
        expect(
          (await audited('PATCH /api/post-mortems/:id/recommendations/:recommendationId')).at(-1),
        ).toMatchObject({ outcome: 'denied', actor: expect.stringContaining('(vic)') });
      });

      it('answers 404 for every post-mortem route of a restricted post-mortem the caller is not a member of', async () => {
        const routes: [method: 'POST' | 'PATCH', url: string, payload: object][] = [
          ['PATCH', '/post-mortems/INC-HIDDEN/recommendations/R-1', { owner: 'P-01' }],
          ['POST', '/post-mortems/INC-HIDDEN/indicators/scan', {}],
          ['POST', '/post-mortems/INC-HIDDEN/indicators/known-bad', { name: 'l.txt', text: '203.0.113.9' }],
          ['POST', '/post-mortems/INC-HIDDEN/attack-mitigations', {}],
          ['POST', '/post-mortems/INC-HIDDEN/patient-zero', { host: 'h', why: 'because' }],
          ['POST', '/post-mortems/INC-HIDDEN/track/push', { to: 'github', repo: 'acme/sec' }],
          ['POST', '/post-mortems/INC-HIDDEN/track/pull', {}],
        ];
        for (const [method, url, payload] of routes) {
          const res = await call(ana, method, url, payload);
          expect(res.statusCode, `${method} ${url}`).toBe(404);
          expect(res.body).toContain(NOT_FOUND);
        }
        const export404 = await call(ana, 'GET', '/actions/export?format=jira&postMortem=INC-HIDDEN');
        expect(export404.statusCode).toBe(404);
        expect(export404.body).toContain(NOT_FOUND);
      });

      it('exports actions as the CSV of `debrief actions export`, restricted ones only for members who name them', async () => {
        const all = await call(ana, 'GET', '/actions/export?format=jira');
        expect(all.statusCode, all.body).toBe(200);
        expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(all.headers['content-disposition']).toBe('attachment; filename="actions-jira.csv"');
        expect(all.body).toBe((await run('actions', 'export', '--format', 'jira')).stdout);
        expect(all.body).not.toContain('INC-HIDDEN');
        const overdue = await call(vic, 'GET', '/actions/export?format=trello&overdue=true');
        expect(overdue.body).toBe((await run('actions', 'export', '--format', 'trello', '--overdue')).stdout);
        // A member sees the restricted post-mortem, but its actions leave Debrief only when it is named.
        const member = await call(mia, 'GET', '/actions/export?format=asana');
        expect(member.body).not.toContain('INC-HIDDEN');
        expect(Number(member.headers['x-debrief-left-out'])).toBe(2);
        const named = await call(mia, 'GET', '/actions/export?format=asana&postMortem=INC-HIDDEN');
        expect(named.body).toBe(
          (await run('actions', 'export', '--format', 'asana', '--post-mortem', 'INC-HIDDEN')).stdout,
        );
        expect(named.body).toContain('INC-HIDDEN');
        expect((await call(ana, 'GET', '/actions/export?format=excel')).statusCode).toBe(400);
      });

      it('extracts indicators from text as `debrief ioc extract --json`, up to a size limit', async () => {
        const text = 'Beacon to hxxps://evil[.]example/a and 198.51.100[.]23, CVE-2024-3400, T1566.002.';
        writeFileSync(join(dir, 'report.txt'), text);
        const res = await call(vic, 'POST', '/indicators/extract', { text });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual(await cliJson('ioc', 'extract', 'report.txt', '--json'));
        expect(res.json().ipv4).toEqual(['198.51.100.23']);
        const big = await call(vic, 'POST', '/indicators/extract', {
          text: 'x'.repeat(EXTRACT_TEXT_MAX_CHARS + 1),
        });
        expect(big.statusCode).toBe(400);
        expect(big.json().error.code).toBe('invalid_input');
      });

      it('scans events and imports known-bad lists as `debrief ioc scan` and `debrief ioc import --json`', async () => {
        writeFileSync(join(dir, 'events.jsonl'), EVENTS);
        writeFileSync(join(dir, 'blocklist.txt'), BLOCKLIST);
        for (const id of ['INC-A', 'INC-B'])
          expect((await run('ingest', id, 'events.jsonl', '--no-indicators')).code).toBe(0);
        expect((await call(ana, 'GET', '/post-mortems/INC-B/indicators')).json().unscannedEvents).toBe(3);
        const scan = await call(ana, 'POST', '/post-mortems/INC-B/indicators/scan');
        expect(scan.statusCode, scan.body).toBe(200);
        const { sources, events, sightings, indicators } = scan.json();
        expect((await run('ioc', 'scan', 'INC-A')).stdout).toBe(
          `INC-A: ${plural(events, 'event')} of ${plural(sources, 'source')} scanned, ` +
            `${plural(sightings, 'sighting')} of ${plural(indicators, 'indicator')}\n`,
        );
        expect(scan.json()).toMatchObject({ sources: 1, events: 3 });
        expect((await call(ana, 'POST', '/post-mortems/INC-B/indicators/scan')).json().sources).toBe(0);
        expect((await call(vic, 'POST', '/post-mortems/INC-B/indicators/scan')).statusCode).toBe(403);

        const imported = await call(ana, 'POST', '/post-mortems/INC-B/indicators/known-bad', {
          name: 'blocklist.txt',
          text: BLOCKLIST,
        });
        expect(imported.statusCode, imported.body).toBe(200);
        expect([imported.json()]).toEqual(await cliJson('ioc', 'import', 'INC-A', 'blocklist.txt', '--json'));
        expect(imported.json()).toMatchObject({ format: 'text', indicators: 4, seen: 2 });
        const csv = await call(ana, 'POST', '/post-mortems/INC-B/indicators/known-bad', {
          name: 'feed',
          format: 'csv',
          text: `indicator,description\n${SHA},Loader\n`,
        });
        expect(csv.json()).toMatchObject({ file: 'feed', format: 'csv', indicators: 1, seen: 1 });
        const notJson = await call(ana, 'POST', '/post-mortems/INC-B/indicators/known-bad', {
          name: 'feed.json',
          format: 'stix',
          text: 'not json',
        });
        expect(notJson.statusCode).toBe(400);
        expect((await audited('indicators.scan')).at(-1)).toMatchObject({
          postMortemId: 'INC-B',
          outcome: 'ok',
        });
        expect((await audited('indicators.known-bad')).at(0)).toMatchObject({
          target: 'INC-B',
          details: { list: 'blocklist.txt', indicators: 4, seen: 2 },
        });
      });

      it('keeps the indicator allow-list as `debrief ioc allow`: everyone reads it, only admins change it', async () => {
        const added = await call(root, 'POST', '/settings/allow-list', {
          entries: ['10.0.0.0/8', 'Corp.Example'],
        });
        expect(added.statusCode, added.body).toBe(200);
        expect(added.json()).toEqual({ cidrs: ['10.0.0.0/8'], domains: ['corp.example'] });
        const listed = await call(vic, 'GET', '/settings/allow-list');
        expect(listed.json()).toEqual(await cliJson('ioc', 'allow', 'list', '--json'));
        for (const account of [lee, ana, vic]) {
          expect(
            (await call(account, 'POST', '/settings/allow-list', { entries: ['192.0.2.0/24'] })).statusCode,
          ).toBe(403);
          expect(
            (await call(account, 'DELETE', '/settings/allow-list', { entries: ['10.0.0.0/8'] })).statusCode,
          ).toBe(403);
        }
        expect(
          (await call(root, 'POST', '/settings/allow-list', { entries: ['10.0.0.0/33'] })).statusCode,
        ).toBe(400);
        const removed = await call(root, 'DELETE', '/settings/allow-list', { entries: ['10.0.0.0/8'] });
        expect(removed.json()).toEqual({ cidrs: [], domains: ['corp.example'] });
        expect(
          (await call(root, 'DELETE', '/settings/allow-list', { entries: ['10.0.0.0/8'] })).statusCode,
        ).toBe(404);
        expect((await audited('settings.allow-list.add')).at(-1)).toMatchObject({
          actor: expect.stringContaining('(root)'),
          details: { entries: ['10.0.0.0/8', 'Corp.Example'] },
        });
        expect(await audited('settings.allow-list.remove')).toHaveLength(1);
      });

      it('adds ATT&CK mitigations and records patient zero as `debrief attack mitigations --add` and `patient-zero --confirm`', async () => {
        const noCatalog = await call(ana, 'POST', '/post-mortems/INC-M2/attack-mitigations');
        expect(noCatalog.statusCode).toBe(400);
        writeFileSync(join(dir, 'attack.json'), JSON.stringify(smallAttackBundle()));
        expect((await run('attack', 'load', 'attack.json')).code).toBe(0);
        const added = await call(ana, 'POST', '/post-mortems/INC-M2/attack-mitigations');
        expect(added.statusCode, added.body).toBe(200);
        const cli = await run('attack', 'mitigations', 'INC-M1', '--add');
        const ids = added.json().added.map((r: { id: string }) => r.id);
        expect(ids.length).toBeGreaterThan(0);
        expect(cli.stdout).toContain(`(version ${added.json().version}): ${ids.join(', ')}`);
        expect(added.json().added).toEqual(
          (await readPostMortem(handle.db, pmId('INC-M1'))).document.recommendations,
        );
        const again = await call(ana, 'POST', '/post-mortems/INC-M2/attack-mitigations');
        expect(again.json()).toMatchObject({ added: [], version: added.json().version });
        expect((await call(vic, 'POST', '/post-mortems/INC-M2/attack-mitigations')).statusCode).toBe(403);

        const choice = { host: 'ws-17', at: '2026-02-23T08:50:00Z', why: 'the loader ran there first (EDR)' };
        const recorded = await call(ana, 'POST', '/post-mortems/INC-M2/patient-zero', {
          ...choice,
          by: 'P-01',
        });
        expect(recorded.statusCode, recorded.body).toBe(200);
        const cliRecorded = await cliJson(
          ...['patient-zero', 'INC-M1', '--confirm', '--json', '--by', 'P-01'],
          ...['--host', choice.host, '--at', choice.at, '--why', choice.why],
        );
        expect(recorded.json()).toEqual({ ...cliRecorded, id: 'INC-M2' });
        const shown = await call(vic, 'GET', '/post-mortems/INC-M2/patient-zero');
        expect(shown.json().recorded).toEqual(recorded.json().patientZero);
        const noWhy = await call(ana, 'POST', '/post-mortems/INC-M2/patient-zero', { host: 'ws-18' });
        expect(noWhy.statusCode).toBe(400);
        const nothing = await call(ana, 'POST', '/post-mortems/INC-T3/patient-zero', {});
        expect(nothing.statusCode).toBe(400);
        expect((await call(vic, 'POST', '/post-mortems/INC-M2/patient-zero', choice)).statusCode).toBe(403);
        expect((await audited('recommendation.add-mitigations')).at(0)).toMatchObject({
          target: 'INC-M2',
          details: { added: ids },
        });
        expect((await audited('patient-zero.record')).at(-1)).toMatchObject({
          postMortemId: 'INC-M2',
          details: { overridden: true },
        });
      });

      it('manages notification channels as `debrief notify`, for admins only, never answering a secret', async () => {
        const slack = await call(root, 'POST', '/settings/notification-channels', {
          kind: 'slack',
          target: `https://hooks.slack.com/services/T000/${SLACK_SECRET}`,
        });
        expect(slack.statusCode, slack.body).toBe(201);
        expect(slack.json()).toMatchObject({
          kind: 'slack',
          target: 'https://hooks.slack.com/…',
          createdBy: 'root',
        });
        const webhook = await call(root, 'POST', '/settings/notification-channels', {
          kind: 'webhook',
          target: 'https://soar.example.com/hooks/debrief',
          secretEnv: 'DEBRIEF_WEBHOOK_SECRET',
        });
        expect(webhook.json()).toMatchObject({ kind: 'webhook', secretEnv: 'DEBRIEF_WEBHOOK_SECRET' });
        const unsigned = await call(root, 'POST', '/settings/notification-channels', {
          kind: 'webhook',
          target: 'https://soar.example.com/hooks/other',
        });
        expect(unsigned.statusCode).toBe(400);
        const listed = await call(root, 'GET', '/settings/notification-channels');
        expect(listed.json()).toEqual(await cliJson('notify', 'channel', 'list', '--json'));
        await queueReminders(handle.db, { now: NOW });
        const log = await call(root, 'GET', '/settings/notification-log');
        expect(log.json().length).toBeGreaterThan(0);
        expect(log.json()).toEqual(await cliJson('notify', 'log', '--json'));
        expect((await call(root, 'GET', '/settings/notification-log?status=delivered')).json()).toEqual([]);
        for (const res of [slack, webhook, listed, log]) {
          expect(res.body).not.toContain(SLACK_SECRET);
          expect(res.body).not.toContain(WEBHOOK_SECRET);
        }
        for (const account of [lee, ana, vic]) {
          expect((await call(account, 'GET', '/settings/notification-channels')).statusCode).toBe(403);
          expect((await call(account, 'GET', '/settings/notification-log')).statusCode).toBe(403);
          const add = await call(account, 'POST', '/settings/notification-channels', {
            kind: 'email',
            target: 'x@example.com',
          });
          expect(add.statusCode).toBe(403);
          const remove = await call(account, 'DELETE', `/settings/notification-channels/${slack.json().id}`);
          expect(remove.statusCode).toBe(403);
        }
        const removed = await call(root, 'DELETE', `/settings/notification-channels/${slack.json().id}`);
        expect(removed.statusCode).toBe(204);
        expect(
          (await call(root, 'DELETE', `/settings/notification-channels/${slack.json().id}`)).statusCode,
        ).toBe(404);
        expect((await call(root, 'GET', '/settings/notification-channels')).json()).toHaveLength(1);
        const trail = [];
        for await (const e of auditEntries(handle.db)) trail.push(e);
        expect(JSON.stringify(trail)).not.toContain(SLACK_SECRET);
        expect(trail.filter((e) => e.action === 'settings.channel.add')).toHaveLength(2);
        expect(trail.filter((e) => e.action === 'settings.channel.remove')).toHaveLength(1);
      });

      it('runs the reminders now as `debrief notify run --json`, and shows the database as `debrief db status --json`', async () => {
        const dry = await call(root, 'POST', '/settings/notifications/run', { dryRun: true });
        expect(dry.statusCode, dry.body).toBe(200);
        const cliDry = await cliJson('notify', 'run', '--dry-run', '--json');
        expect(cliDry.length).toBeGreaterThan(0);
        expect(dry.json()).toEqual({ dryRun: true, reminders: cliDry });
        for (const channel of (await call(root, 'GET', '/settings/notification-channels')).json())
          await call(root, 'DELETE', `/settings/notification-channels/${channel.id}`);
        const run = await call(root, 'POST', '/settings/notifications/run', {});
        expect(run.json()).toEqual({
          dryRun: false,
          reminders: cliDry.length,
          channels: 0,
          queued: 0,
          delivered: 0,
          retrying: 0,
          failed: 0,
        });
        const status = await call(root, 'GET', '/settings/database');
        const { location, ...cliStatus } = await cliJson('db', 'status', '--json');
        expect(location).toEqual(expect.any(String));
        expect(status.json()).toEqual({ ...cliStatus, location: 'not given to the server' });
        expect(status.json().pending).toEqual([]);
        for (const account of [lee, ana, vic]) {
          expect((await call(account, 'POST', '/settings/notifications/run', {})).statusCode).toBe(403);
          expect((await call(account, 'GET', '/settings/database')).statusCode).toBe(403);
        }
        const trail = [];
        for await (const e of auditEntries(handle.db)) trail.push(e);
        expect(trail.filter((e) => e.action === 'settings.notifications.run')).toHaveLength(1);
      });

      it('pushes recommendations to GitHub and pulls their state back as `debrief track push|pull --json`', async () => {
        const push = await call(ana, 'POST', '/post-mortems/INC-T2/track/push', {
          to: 'github',
          repo: 'acme/sec',
        });
        expect(push.statusCode, push.body).toBe(200);
        const cliPush = await cliJson(
          'track',
          'push',
          'INC-T1',
          '--to',
          'github',
          '--repo',
          'acme/sec',
          '--json',
        );
        const outcomes = (list: { recommendation: string; outcome: string }[]) =>
          list.map((o) => `${o.recommendation}: ${o.outcome}`);
        expect(outcomes(push.json())).toEqual(['R-1: created', 'R-2: created']);
        expect(outcomes(push.json())).toEqual(outcomes(cliPush));
        const pull = await call(ana, 'POST', '/post-mortems/INC-T2/track/pull');
        expect(pull.statusCode, pull.body).toBe(200);
        const cliPull = await cliJson('track', 'pull', 'INC-T1', '--json');
        expect(outcomes(pull.json())).toEqual(outcomes(cliPull));
        expect(pull.json().map((o: { detail: string }) => o.detail)).toEqual(
          cliPull.map((o: { detail: string }) => o.detail),
        );
        expect(
          (await call(ana, 'GET', '/actions?postMortem=INC-T2'))
            .json()
            .map((a: { status: string }) => a.status),
        ).toEqual(['done', 'done']);
        expect((await audited('track.push')).at(0)).toMatchObject({
          target: 'INC-T2',
          details: { to: 'github', repo: 'acme/sec', outcomes: ['R-1: created', 'R-2: created'] },
        });
        expect(await audited('track.pull')).toHaveLength(1);
      });

      it('answers 502 when the tracker fails, 400 when it is not configured, 403 to viewers', async () => {
        const failing = await call(ana, 'POST', '/post-mortems/INC-T3/track/push', {
          to: 'github',
          repo: 'acme/gone',
        });
        expect(failing.statusCode).toBe(502);
        expect(failing.json().error).toMatchObject({
          code: 'remote_unavailable',
          details: { tracker: 'github' },
        });
        expect(failing.json().error.message).toContain('GitHub answered HTTP 404');
        const jira = await call(ana, 'POST', '/post-mortems/INC-T3/track/push', {
          to: 'jira',
          project: 'SEC',
        });
        expect(jira.statusCode).toBe(400);
        expect(jira.json().error.message).toContain('DEBRIEF_JIRA_URL');
        const gitlab = await call(ana, 'POST', '/post-mortems/INC-T3/track/push', {
          to: 'gitlab',
          repo: 'a/b',
        });
        expect(gitlab.statusCode).toBe(400);
        const viewer = await call(vic, 'POST', '/post-mortems/INC-T3/track/push', {
          to: 'github',
          repo: 'acme/sec',
        });
        expect(viewer.statusCode).toBe(403);
        const bare = await testServer(handle, { env: {} });
        const pull = await bare.inject({
          method: 'POST',
          url: '/api/post-mortems/INC-T3/track/pull',
          headers: ana.headers,
        });
        await bare.close();
        expect(pull.statusCode).toBe(400);
        expect(pull.json().error.message).toContain('no tracker configured');
      });

      it('publishes the same list of channel kinds as the services use', () => {
        expect([...NOTIFICATION_CHANNEL_KINDS]).toEqual([...CHANNEL_KINDS]);
      });
    },
  );
}
