import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { smallAttackBundle } from '../../test/attack.js';
import type { runner } from '../../test/cli.js';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { type CliPrepared, preparedByCli, testServer } from '../../test/server.js';
import { zipOf } from '../../test/zip.js';
import { canonicalPostMortem } from '../contract/post-mortem-file.js';
import type { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { runNextJob } from '../services/jobs.js';
import { UPLOAD_DIR_PREFIX } from '../services/receive-upload.js';

const NOW = '2026-11-22T12:00:00.000Z';
const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const SECRET = 'INC-CAT-SECRET';

/** A Sysmon process start in the event-XML-as-JSON style. */
const processStart = (at: string, image: string) => ({
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: at } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws-17',
    },
    EventData: { Image: image, User: 'CORP\\lh' },
  },
});
// Two process starts; the whoami rule matches the second.
const SYSMON = [
  processStart('2026-03-02T11:00:00Z', 'C:\\Windows\\System32\\notepad.exe'),
  processStart('2026-03-02T11:05:00Z', 'C:\\Windows\\System32\\whoami.exe'),
];
const WHOAMI_RULE =
  'title: Whoami Execution\nid: 11111111-1111-4111-8111-111111111111\nstatus: test\n' +
  'tags:\n  - attack.discovery\n  - attack.t1033\n' +
  'logsource:\n  product: windows\n  category: process_creation\n' +
  "detection:\n  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection\nlevel: high\n";
// A rule of a log source no reader of Debrief has: stored, not runnable.
const UNMAPPED_RULE =
  'title: Mainframe Logon\nid: 22222222-2222-4222-8222-222222222222\nstatus: test\n' +
  'logsource:\n  product: zos\n  service: racf\n' +
  "detection:\n  selection:\n    event: 'logon'\n  condition: selection\nlevel: low\n";
const RULES = { 'windows/whoami.yml': WHOAMI_RULE, 'other/mainframe.yaml': UNMAPPED_RULE };

/** Temporary upload folders left behind (there must be none). */
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith(UPLOAD_DIR_PREFIX));

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `validation, ATT&CK and Sigma over REST on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-rest-catalogs-'));
      let cli: ReturnType<typeof runner>;
      let prepared: CliPrepared | undefined;
      let handle: DatabaseHandle;
      let app: FastifyInstance;
      let admin: TestAccount;
      let analyst: TestAccount;
      let viewer: TestAccount;
      let outsider: TestAccount;

      /** The JSON `debrief ARGS... --json` prints (`ok`: whether it must exit 0). */
      const cliJson = async (args: readonly string[], ok = true): Promise<Record<string, unknown>> => {
        const result = await cli(...args, '--json');
        if (ok) expect([result.code, result.stderr]).toEqual([0, '']);
        return JSON.parse(result.stdout) as Record<string, unknown>;
      };
      const get = (url: string, account: TestAccount = analyst) =>
        app.inject({ method: 'GET', url, headers: account.headers });
      const post = (
        url: string,
        account: TestAccount,
        payload?: string | Buffer | object,
        contentType?: string,
      ) =>
        app.inject({
          method: 'POST',
          url,
          headers: { ...account.headers, ...(contentType ? { 'content-type': contentType } : {}) },
          ...(payload === undefined ? {} : { payload }),
        });

      beforeAll(async () => {
        writeFileSync(join(dir, 'sysmon.json'), SYSMON.map((e) => JSON.stringify(e)).join('\n'));
        writeFileSync(join(dir, 'bundle.json'), JSON.stringify(smallAttackBundle()));
        for (const [name, text] of Object.entries(RULES)) {
          mkdirSync(join(dir, 'rules', name, '..'), { recursive: true });
          writeFileSync(join(dir, 'rules', name), text);
        }
        prepared = await preparedByCli(dialect, dir, [
          ['import', DEMO],
          ['ingest', ID, 'sysmon.json'],
        ]);
        ({ cli, handle } = prepared);
        await importPostMortem(handle.db, buildPostMortem({ id: SECRET, restricted: true }), { now: NOW });
        admin = await createAccount(handle.db, 'adam', 'admin');
        analyst = await createAccount(handle.db, 'ana', 'analyst', { memberOf: [SECRET] });
        viewer = await createAccount(handle.db, 'vic', 'viewer');
        outsider = await createAccount(handle.db, 'otto', 'analyst');
        app = await testServer(handle, { blobs: prepared.blobs });
      });
      afterAll(async () => {
        await app?.close();
        await prepared?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('validates a posted document as `debrief validate --json` does, 200 whether valid or not', async () => {
        const good = canonicalPostMortem(buildPostMortem({ id: 'INC-GOOD' }));
        const broken = { ...good, severity: 'sev9', timeline: 'not a list', surprise: true };
        for (const [name, doc] of [
          ['good.json', good],
          ['broken.json', broken],
        ] as const) {
          writeFileSync(join(dir, name), JSON.stringify(doc, null, 2));
          const res = await post('/api/validate', viewer, doc);
          expect(res.statusCode, name).toBe(200);
          const { file: _file, ...expected } = await cliJson(['validate', name], false);
          // A JSON body has no lines: the same problems, without their positions.
          const unplaced = (expected.problems as Record<string, unknown>[]).map(
            ({ line: _l, column: _c, ...p }) => p,
          );
          expect(res.json()).toEqual({ ...expected, problems: unplaced });
        }
        expect((await post('/api/validate', viewer, good)).json()).toMatchObject({ valid: true, errors: 0 });
        const refused = (await post('/api/validate', viewer, broken)).json();
        expect(refused.valid).toBe(false);
        expect(refused.problems.map((p: { path: string }) => p.path)).toEqual(
          expect.arrayContaining(['severity', 'timeline']),
        );
        expect((await post('/api/validate', viewer, [1, 2])).statusCode).toBe(400);
      });

      it('loads the ATT&CK bundle for admins only, answering what `debrief attack load --json` prints', async () => {
        const none = await get('/api/settings/attack-catalog', viewer);
        expect([none.statusCode, none.json().error.code]).toEqual([404, 'not_found']);
        const body = JSON.stringify(smallAttackBundle());
        for (const account of [analyst, viewer]) {
          const refused = await post('/api/settings/attack-catalog', account, body, 'application/stix+json');
          expect(refused.statusCode).toBe(403);
        }
        expect((await get('/api/settings/attack-catalog')).statusCode).toBe(404);

        const fromCli = await cliJson(['attack', 'load', 'bundle.json']);
        const res = await post('/api/settings/attack-catalog', admin, body, 'application/stix+json');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(fromCli);
        expect(res.json()).toMatchObject({
          domain: 'enterprise-attack',
          counts: { tactics: 2 },
          credit: expect.stringContaining('MITRE'),
        });
        const loaded = await get('/api/settings/attack-catalog', viewer);
        expect(loaded.json()).toEqual({
          domain: 'enterprise-attack',
          version: fromCli.version,
          source: 'uploaded over the API',
          sha256: fromCli.sha256,
          loadedAt: NOW,
          loadedBy: 'adam',
          counts: {
            tactics: 2,
            techniques: expect.any(Number),
            mitigations: (fromCli.counts as { mitigations: number }).mitigations,
          },
          credit: fromCli.credit,
        });
        const notJson = await post(
          '/api/settings/attack-catalog',
          admin,
          '{"type": "bun',
          'application/stix+json',
        );
        expect([notJson.statusCode, notJson.json().error.code]).toEqual([400, 'invalid_input']);
        expect(leftovers()).toEqual([]);
      });

      it('refuses a rules zip with a member outside it (400), writing and storing nothing', async () => {
        const evil = zipOf({ 'ok.yml': WHOAMI_RULE, '../evil.yml': WHOAMI_RULE });
        for (const account of [analyst, viewer]) {
          const refused = await post('/api/settings/sigma-rules', account, zipOf(RULES), 'application/zip');
          expect(refused.statusCode).toBe(403);
        }
        const res = await post('/api/settings/sigma-rules', admin, evil, 'application/zip');
        expect([res.statusCode, res.json().error.code]).toEqual([400, 'invalid_input']);
        expect(res.json().error.message).toContain('../evil.yml');
        expect(existsSync(join(tmpdir(), 'evil.yml'))).toBe(false);
        expect(leftovers()).toEqual([]);
        const notZip = await post('/api/settings/sigma-rules', admin, 'not a zip', 'application/zip');
        expect([notZip.statusCode, notZip.json().error.code]).toEqual([400, 'invalid_input']);
        expect((await get('/api/settings/sigma-rules', viewer)).json()).toMatchObject({
          loaded: 0,
          runnable: 0,
        });
      });

      it('loads a rules zip as `debrief sigma load DIR --json` does, and counts the rules stored', async () => {
        const fromCli = await cliJson(['sigma', 'load', 'rules']);
        const res = await post(
          '/api/settings/sigma-rules?replace=true',
          admin,
          zipOf({ ...RULES, 'README.md': '# not a rule' }),
          'application/zip',
        );
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ ...fromCli, source: 'uploaded over the API' });
        expect(res.json()).toMatchObject({ files: 2, loaded: 2, runnable: 1 });
        const status = (await get('/api/settings/sigma-rules', viewer)).json();
        expect(status).toMatchObject({
          loaded: 2,
          runnable: 1,
          notRunnable: 1,
          sources: [{ source: 'uploaded over the API', rules: 2, loadedAt: NOW, loadedBy: 'adam' }],
        });
        expect(status.problems).toEqual([{ reason: expect.any(String), rules: 1 }]);
        expect(leftovers()).toEqual([]);
      });

      it('runs the rules over a post-mortem as `debrief sigma run --json` does; matches show in /sigma', async () => {
        expect((await post(`/api/post-mortems/${ID}/sigma/run`, viewer)).statusCode).toBe(403);
        const res = await post(`/api/post-mortems/${ID}/sigma/run`, analyst);
        expect(res.statusCode).toBe(200);
        const { seconds: _s, ...fromCli } = await cliJson(['sigma', 'run', ID]);
        const { seconds, ...summary } = res.json();
        expect(seconds).toBeGreaterThanOrEqual(0);
        expect(summary).toEqual(fromCli);
        expect(summary).toMatchObject({ id: ID, events: 2, matches: 1, rules: { total: 2, run: 1 } });
        const matches = await get(`/api/post-mortems/${ID}/sigma`, viewer);
        expect(matches.json()).toEqual({
          id: ID,
          rules: [
            expect.objectContaining({
              id: '11111111-1111-4111-8111-111111111111',
              title: 'Whoami Execution',
              level: 'high',
              techniques: ['T1033'],
              events: 1,
            }),
          ],
        });
      });

      it('runs the rules as a background job that ends with the summary `debrief sigma run --json` prints', async () => {
        expect((await post(`/api/post-mortems/${ID}/sigma/jobs`, viewer)).statusCode).toBe(403);
        const hidden = await post(`/api/post-mortems/${SECRET}/sigma/jobs`, outsider);
        expect(hidden.statusCode).toBe(404);
        const queued = await post(`/api/post-mortems/${ID}/sigma/jobs`, analyst);
        expect(queued.statusCode, queued.body).toBe(202);
        expect(queued.json()).toMatchObject({
          kind: 'sigma',
          status: 'queued',
          postMortemId: ID,
          createdBy: 'ana',
        });
        const ran = await runNextJob({
          handle,
          blobs: prepared?.blobs as BlobStore,
          env: {},
          now: () => NOW,
        });
        expect(ran).toMatchObject({ id: queued.json().id, kind: 'sigma', status: 'done' });
        expect(ran?.progress).toEqual({ phase: 'sigma', eventsDone: 2, eventsTotal: 2 });
        const job = await get(`/api/post-mortems/${ID}/jobs/${queued.json().id}`, viewer);
        const { seconds, ...summary } = job.json().result;
        const { seconds: _s, ...fromCli } = await cliJson(['sigma', 'run', ID]);
        expect(seconds).toBeGreaterThanOrEqual(0);
        expect({ id: ID, ...summary }).toEqual(fromCli);
        expect(summary).toMatchObject({ events: 2, matches: 1 });
      });

      it('hides a restricted post-mortem from a non-member (404) and needs the evidence store (503)', async () => {
        const hidden = await post(`/api/post-mortems/${SECRET}/sigma/run`, outsider);
        expect([hidden.statusCode, hidden.json().error.code]).toEqual([404, 'not_found']);
        expect((await post(`/api/post-mortems/${SECRET}/sigma/run`, analyst)).statusCode).toBe(200);
        const storeless = await testServer(handle);
        try {
          const res = await storeless.inject({
            method: 'POST',
            url: `/api/post-mortems/${ID}/sigma/run`,
            headers: analyst.headers,
          });
          expect([res.statusCode, res.json().error.code]).toEqual([503, 'dependency_missing']);
        } finally {
          await storeless.close();
        }
      });

      it('refuses a Sigma job at once when no rules are loaded, rather than queueing one that fails', async () => {
        await handle.db.deleteFrom('sigma_rules').execute();
        const res = await post(`/api/post-mortems/${ID}/sigma/jobs`, analyst);
        expect([res.statusCode, res.json().error.code]).toEqual([404, 'not_found']);
        expect(res.json().error.message).toMatch(/no Sigma rules are loaded/);
        const jobs = (await get(`/api/post-mortems/${ID}/jobs`, analyst)).json();
        expect(jobs.filter((j: { status: string }) => j.status === 'queued')).toEqual([]);
      });
    },
  );
}
