import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import type { DatabaseHandle } from '../db/database.js';
import { importPostMortem } from './import-post-mortem.js';
import { readPostMortem } from './read-post-mortem.js';
import { pullActions, pushActions } from './track.js';
import { githubClient, githubMarker, jiraClient, jiraLabel } from './tracker-clients.js';

const NOW = '2026-11-22T09:00:00.000Z';
const rec = (id: string, status: string, extra = {}) => ({
  id,
  title: `Action ${id}`,
  type: 'preventive',
  priority: 'high',
  status,
  owner: 'secops',
  due: '2026-12-15',
  ...extra,
});

/**
 * A fake GitHub and Jira implementing the endpoints Debrief uses, as documented: GitHub REST (issues list, create,
 * get; Bearer token; 429 with Retry-After) and Jira Cloud REST v3 (search/jql, create issue, get issue; Basic auth;
 * a 503 once).
 */
interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: string;
  state_reason: string | null;
}
interface FakeJira {
  key: string;
  labels: string[];
  summary: string;
  duedate?: string;
  status: string;
  category: string;
  resolution: string | null;
}
function fakeTrackers() {
  const github: FakeIssue[] = [];
  const jira: FakeJira[] = [];
  const calls: string[] = [];
  const failures: Record<string, number[]> = {};
  let base = '';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const route = `${req.method} ${url.pathname}`;
      calls.push(route);
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      };
      const scripted = failures[route]?.shift();
      if (scripted === 429) return send(429, { message: 'rate limited' }, { 'retry-after': '2' });
      if (scripted === 503) return send(503, { message: 'busy' });
      if (url.pathname.startsWith('/repos/')) {
        if (req.headers.authorization !== 'Bearer gh-good') return send(401, { message: 'Bad credentials' });
        const m = /^\/repos\/acme\/sec\/issues(?:\/(\d+))?$/.exec(url.pathname);
        if (!m) return send(404, { message: 'Not Found' });
        const view = (i: FakeIssue) => ({
          ...i,
          labels: i.labels.map((name) => ({ name })),
          html_url: `https://github.example/acme/sec/issues/${i.number}`,
        });
        if (req.method === 'POST') {
          const input = JSON.parse(body) as { title: string; body: string; labels: string[] };
          const issue = { number: github.length + 1, ...input, state: 'open', state_reason: null };
          github.push(issue);
          return send(201, view(issue));
        }
        if (m[1]) {
          const issue = github.find((i) => i.number === Number(m[1]));
          return issue ? send(200, view(issue)) : send(404, { message: 'Not Found' });
        }
        const label = url.searchParams.get('labels');
        const page = Number(url.searchParams.get('page') ?? 1);
        const list = github
          .filter((i) => !label || i.labels.includes(label))
          .slice((page - 1) * 100, page * 100);
        return send(200, list.map(view));
      }
      if (url.pathname.startsWith('/rest/api/3/')) {
        const expected = `Basic ${Buffer.from('ada@example.com:jira-good').toString('base64')}`;
        if (req.headers.authorization !== expected)
          return send(401, { errorMessages: ['Client must be authenticated to access this resource.'] });
        const view = (i: FakeJira) => ({
          key: i.key,
          fields: {
            status: { name: i.status, statusCategory: { key: i.category } },
            resolution: i.resolution ? { name: i.resolution } : null,
          },
        });
        if (req.method === 'POST' && url.pathname === '/rest/api/3/issue') {
          const { fields } = JSON.parse(body) as {
            fields: {
              project: { key: string };
              summary: string;
              labels: string[];
              duedate?: string;
              issuetype: { name: string };
            };
          };
          if (fields.project.key !== 'SEC')
            return send(400, { errorMessages: [], errors: { project: 'valid project is required' } });
          const issue: FakeJira = {
            key: `SEC-${jira.length + 1}`,
            labels: fields.labels,
            summary: fields.summary,
            ...(fields.duedate ? { duedate: fields.duedate } : {}),
            status: 'To Do',
            category: 'new',
            resolution: null,
          };
          jira.push(issue);
          return send(201, {
            id: String(jira.length),
            key: issue.key,
            self: `${base}/rest/api/3/issue/${jira.length}`,
          });
        }
        if (url.pathname === '/rest/api/3/search/jql') {
          const label = /labels = "([^"]+)"/.exec(url.searchParams.get('jql') ?? '')?.[1];
          return send(200, { issues: jira.filter((i) => label && i.labels.includes(label)).map(view) });
        }
        const key = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)$/.exec(url.pathname)?.[1];
        const issue = jira.find((i) => i.key === key);
        return issue ? send(200, view(issue)) : send(404, { errorMessages: ['Issue does not exist'] });
      }
      send(404, {});
    });
  });
  return {
    github,
    jira,
    calls,
    failures,
    server,
    start: async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return base;
    },
  };
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`tracker sync on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    const fake = fakeTrackers();
    let url = '';
    const waits: number[] = [];
    const http = { sleep: async (ms: number) => void waits.push(ms) };
    const id = pmId('INC-2026-001');
    const doc = async () => (await readPostMortem(handle.db, id)).document;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      url = await fake.start();
      await importPostMortem(
        handle.db,
        buildPostMortem({
          id: 'INC-2026-001',
          recommendations: [
            rec('R-1', 'accepted'),
            rec('R-2', 'in-progress'),
            rec('R-3', 'done'),
            rec('R-4', 'accepted'),
          ],
        } as never),
        { now: NOW },
      );
    });
    afterAll(async () => {
      fake.server.close();
      await handle?.close();
    });

    it('pushes open recommendations to GitHub once, finding an issue an interrupted run created', async () => {
      // An earlier run created R-4's issue, then stopped before recording the link.
      fake.github.push({
        number: 1,
        title: 'Action R-4',
        body: `earlier\n\n${githubMarker('INC-2026-001/R-4')}`,
        labels: ['debrief'],
        state: 'open',
        state_reason: null,
      });
      // GitHub limits the first creation: Debrief waits Retry-After and tries again.
      fake.failures['POST /repos/acme/sec/issues'] = [429];
      const client = githubClient({ repo: 'acme/sec', token: 'gh-good', apiUrl: url }, http);
      const outcomes = await pushActions(handle.db, id, client, {
        now: NOW,
        publicUrl: 'https://debrief.example',
      });
      expect(outcomes.map((o) => [o.recommendation, o.outcome, o.key])).toEqual([
        ['R-1', 'created', 'acme/sec#2'],
        ['R-2', 'created', 'acme/sec#3'],
        ['R-3', 'skipped', undefined],
        ['R-4', 'linked', 'acme/sec#1'],
      ]);
      expect(waits).toEqual([2000]);
      expect(fake.github[1]?.body).toContain(githubMarker('INC-2026-001/R-1'));
      expect(fake.github[1]?.body).toContain('https://debrief.example/post-mortems/INC-2026-001');
      expect((await doc()).recommendations.map((r) => r.tracker?.key)).toEqual([
        'acme/sec#2',
        'acme/sec#3',
        undefined,
        'acme/sec#1',
      ]);
      // Again: nothing created.
      const posts = fake.calls.filter((c) => c === 'POST /repos/acme/sec/issues').length;
      const again = await pushActions(handle.db, id, client, { now: NOW });
      expect(again.filter((o) => o.outcome === 'already-linked')).toHaveLength(3);
      expect(fake.calls.filter((c) => c === 'POST /repos/acme/sec/issues')).toHaveLength(posts);
    });

    it('pulls GitHub states back: done moves forward with the change recorded; not planned asks for a decision', async () => {
      Object.assign(fake.github[1] as FakeIssue, { state: 'closed', state_reason: 'completed' });
      Object.assign(fake.github[2] as FakeIssue, { state: 'closed', state_reason: 'not_planned' });
      const client = githubClient({ repo: '', token: 'gh-good', apiUrl: url }, http);
      const outcomes = await pullActions(handle.db, id, [client], { now: '2026-11-23T10:00:00.000Z' });
      expect(outcomes.map((o) => [o.recommendation, o.outcome])).toEqual([
        ['R-1', 'updated'],
        ['R-2', 'needs-decision'],
        ['R-4', 'unchanged'],
      ]);
      const r1 = (await doc()).recommendations[0];
      expect(r1?.status).toBe('done');
      expect(r1?.history.at(-1)).toMatchObject({
        by: 'github sync',
        from: 'accepted',
        to: 'done',
        why: 'github acme/sec#2: closed (completed)',
      });
      expect((await doc()).recommendations[1]?.status).toBe('in-progress');
    });

    it('pushes to Jira with the label that finds it again, and pulls its status category back', async () => {
      await importPostMortem(
        handle.db,
        buildPostMortem({
          id: 'INC-2026-002',
          recommendations: [rec('R-1', 'accepted'), rec('R-2', 'accepted')],
        } as never),
        { now: NOW },
      );
      const id2 = pmId('INC-2026-002');
      // A 503 on the first search: retried after a second.
      fake.failures['GET /rest/api/3/search/jql'] = [503];
      waits.length = 0;
      const client = jiraClient({ url, project: 'SEC', email: 'ada@example.com', token: 'jira-good' }, http);
      const pushed = await pushActions(handle.db, id2, client, { now: NOW });
      expect(pushed.map((o) => [o.outcome, o.key, o.url])).toEqual([
        ['created', 'SEC-1', `${url}/browse/SEC-1`],
        ['created', 'SEC-2', `${url}/browse/SEC-2`],
      ]);
      expect(waits).toEqual([1000]);
      expect(fake.jira[0]).toMatchObject({
        labels: ['debrief', jiraLabel('INC-2026-002/R-1')],
        duedate: '2026-12-15',
        summary: 'Action R-1 (INC-2026-002 R-1)',
      });
      Object.assign(fake.jira[0] as FakeJira, { status: 'In Review', category: 'indeterminate' });
      Object.assign(fake.jira[1] as FakeJira, { status: 'Done', category: 'done', resolution: "Won't Do" });
      const pulled = await pullActions(handle.db, id2, [client], { now: '2026-11-23T10:00:00.000Z' });
      expect(pulled.map((o) => [o.recommendation, o.outcome, o.detail])).toEqual([
        ['R-1', 'updated', 'accepted → in-progress (In Review)'],
        ['R-2', 'needs-decision', expect.stringMatching(/^closed as not planned \(Done\)/)],
      ]);
    });

    it('says what went wrong with the tracker, without the token', async () => {
      const bad = githubClient({ repo: 'acme/sec', token: 'gh-wrong-secret', apiUrl: url }, http);
      const noop = await pushActions(handle.db, pmId('INC-2026-002'), bad, { now: NOW, only: ['R-1'] });
      // R-1 is linked to Jira already: nothing to push, so no call at all.
      expect(noop).toEqual([{ recommendation: 'R-1', outcome: 'already-linked', key: 'SEC-1' }]);
      const fresh = githubClient({ repo: 'acme/sec', token: 'gh-wrong-secret', apiUrl: url }, http);
      const failure = await fresh.get('acme/sec#1').catch((e: Error) => e);
      expect(String(failure)).toMatch(
        /GitHub answered HTTP 401 to GET \/repos\/acme\/sec\/issues\/1: Bad credentials \(check the token/,
      );
      expect(String(failure)).not.toContain('gh-wrong-secret');
      // A rate limit longer than Debrief waits: stop and say when to retry.
      fake.failures['GET /repos/acme/sec/issues/1'] = [429];
      const patient = githubClient(
        { repo: 'acme/sec', token: 'gh-good', apiUrl: url },
        { ...http, maxWaitMs: 1000 },
      );
      await expect(patient.get('acme/sec#1')).rejects.toMatchObject({
        code: 'remote_unavailable',
        message: expect.stringMatching(/GitHub rate limit: try again in 2 s/),
      });
      await expect(
        pushActions(handle.db, pmId('INC-2026-002'), patient, { now: NOW, only: ['R-9'] }),
      ).rejects.toThrow(/has no recommendation R-9/);
    });
  });
}
