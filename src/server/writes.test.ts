import { type ChildProcess, execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createPostgresDatabase, createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { minimalInput } from '../../test/factories.js';
import { startServe } from '../../test/serve-process.js';
import { testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { openDatabase } from '../db/dialects.js';
import { migrateToLatest } from '../db/migrator.js';

const NOW = '2026-11-22T12:00:00.000Z';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `writing post-mortems over REST on ${dialectLabel(dialect)}`,
    () => {
      let handle: DatabaseHandle;
      let app: FastifyInstance;
      let analyst: TestAccount;
      let outsider: TestAccount;
      let contributor: TestAccount;
      let viewer: TestAccount;

      beforeAll(async () => {
        handle = await createTestDatabase(dialect.name);
        analyst = await createAccount(handle.db, 'ana', 'analyst', { scopes: ['write'] });
        outsider = await createAccount(handle.db, 'otto', 'analyst');
        contributor = await createAccount(handle.db, 'cora', 'contributor');
        viewer = await createAccount(handle.db, 'vic', 'viewer');
        app = await testServer(handle);
      });
      afterAll(async () => {
        await app?.close();
        await handle?.close();
      });

      it('creates a post-mortem whose author is a member, even when restricted', async () => {
        const doc = minimalInput({ id: 'INC-W1', title: 'Token theft', restricted: true });
        const res = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: analyst.headers,
          payload: doc,
        });
        expect(res.statusCode).toBe(201);
        expect(res.headers.location).toBe('/api/post-mortems/INC-W1');
        expect(res.headers.etag).toMatch(/^"v1-[0-9a-f]{16}"$/);
        expect(res.json()).toMatchObject({ id: 'INC-W1', version: 1, created: NOW });
        expect(
          (await app.inject({ method: 'GET', url: '/api/post-mortems/INC-W1', headers: analyst.headers }))
            .statusCode,
        ).toBe(200);
        expect(
          (await app.inject({ method: 'GET', url: '/api/post-mortems/INC-W1', headers: outsider.headers }))
            .statusCode,
        ).toBe(404);
        const again = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: analyst.headers,
          payload: doc,
        });
        expect(again.statusCode).toBe(409);
        const invalid = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: analyst.headers,
          payload: { ...doc, id: 'INC-W2', severity: 'apocalyptic', types: [] },
        });
        expect(invalid.statusCode).toBe(422);
        expect(invalid.json().error.code).toBe('invalid_document');
        expect(invalid.json().error.details.problems.length).toBeGreaterThanOrEqual(2);
        const denied = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: viewer.headers,
          payload: { ...doc, id: 'INC-W3' },
        });
        expect(denied.statusCode).toBe(403);
      });

      it('replaces a document against its ETag and refuses a stale one without writing', async () => {
        const created = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: analyst.headers,
          payload: minimalInput({ id: 'INC-W4', title: 'First title' }),
        });
        const etag = created.headers.etag as string;
        const body = { ...created.json(), title: 'Second title' };
        const noEtag = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W4',
          headers: analyst.headers,
          payload: body,
        });
        expect(noEtag.statusCode).toBe(400);
        expect(noEtag.json().error.message).toContain('If-Match');
        const put = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W4',
          headers: { ...analyst.headers, 'if-match': etag },
          payload: body,
        });
        expect(put.statusCode).toBe(200);
        expect(put.json()).toMatchObject({ title: 'Second title', version: 2 });
        expect(put.headers.etag).toMatch(/^"v2-/);
        const stale = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W4',
          headers: { ...outsider.headers, 'if-match': etag },
          payload: { ...body, title: 'Third title' },
        });
        expect(stale.statusCode).toBe(409);
        expect(stale.json().error).toMatchObject({
          code: 'version_conflict',
          details: { storedVersion: 2, baseVersion: 1 },
        });
        const now = await app.inject({
          method: 'GET',
          url: '/api/post-mortems/INC-W4',
          headers: analyst.headers,
        });
        expect(now.json().title).toBe('Second title');
        const renamed = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W4',
          headers: { ...analyst.headers, 'if-match': put.headers.etag as string },
          payload: { ...body, id: 'INC-OTHER' },
        });
        expect(renamed.statusCode).toBe(400);
      });

      it('lets only leads and admins change whether a post-mortem is restricted', async () => {
        const created = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: analyst.headers,
          payload: minimalInput({ id: 'INC-W5', restricted: true }),
        });
        await app.inject({
          method: 'POST',
          url: '/api/post-mortems/INC-W5/members',
          headers: (await createAccount(handle.db, 'lee', 'lead', { memberOf: ['INC-W5'] })).headers,
          payload: { user: 'cora' },
        });
        const unrestrict = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W5',
          headers: { ...contributor.headers, 'if-match': created.headers.etag as string },
          payload: { ...(created.json() as object), restricted: false },
        });
        expect(unrestrict.statusCode).toBe(403);
        const edit = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-W5',
          headers: { ...contributor.headers, 'if-match': created.headers.etag as string },
          payload: { ...(created.json() as object), title: 'Edited by a contributor member' },
        });
        expect(edit.statusCode).toBe(200);
      });

      it('opens a draft once per closed incident, however many times the platform calls', async () => {
        const incident = {
          source: 'pagerduty',
          externalId: 'Q1ABC23',
          title: 'Suspicious OAuth grant',
          severity: 'high',
        };
        const calls = await Promise.all(
          Array.from({ length: 5 }, () =>
            app.inject({
              method: 'POST',
              url: '/api/webhooks/incident-closed',
              headers: analyst.headers,
              payload: incident,
            }),
          ),
        );
        expect(calls.map((c) => c.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
        expect(new Set(calls.map((c) => c.json().id))).toEqual(new Set(['pagerduty-Q1ABC23']));
        const draft = await app.inject({
          method: 'GET',
          url: '/api/post-mortems/pagerduty-Q1ABC23',
          headers: analyst.headers,
        });
        expect(draft.json()).toMatchObject({
          status: 'draft',
          severity: 'high',
          references: [{ system: 'pagerduty', id: 'Q1ABC23' }],
        });
        const reader = await createAccount(handle.db, 'soar-read', 'analyst', { scopes: ['read'] });
        const denied = await app.inject({
          method: 'POST',
          url: '/api/webhooks/incident-closed',
          headers: reader.headers,
          payload: incident,
        });
        expect(denied.statusCode).toBe(403);
        const bad = await app.inject({
          method: 'POST',
          url: '/api/webhooks/incident-closed',
          headers: analyst.headers,
          payload: { ...incident, severity: 'meh' },
        });
        expect(bad.statusCode).toBe(400);
      });
    },
  );
}

const pg = DIALECTS.find((d) => d.name === 'postgres');
describe.skipIf(pg?.skip !== undefined)('two server processes on one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  let drop: () => Promise<void> = async () => undefined;
  let admin: TestAccount;
  const urls: string[] = [];

  async function start(databaseUrl: string): Promise<string> {
    const server = await startServe(['--no-demo', '--notify-every', '0'], {
      DATABASE_URL: databaseUrl,
      DEBRIEF_RATE_LIMIT: '0',
    });
    children.push(server.child);
    return server.url;
  }

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs']);
    const database = await createPostgresDatabase();
    drop = database.drop;
    const handle = await openDatabase({ dialect: 'postgres', url: database.url });
    await migrateToLatest(handle.db);
    admin = await createAccount(handle.db, 'root', 'admin');
    await handle.close();
    urls.push(await start(database.url), await start(database.url));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await drop();
  });

  it('sees one server’s writes from the other and detects conflicting versions', async () => {
    const [a, b] = urls as [string, string];
    const json = { ...admin.headers, 'content-type': 'application/json' };
    const created = await fetch(`${a}/api/post-mortems`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(minimalInput({ id: 'INC-TWO', title: 'Written on A' })),
    });
    expect(created.status).toBe(201);
    const seen = await fetch(`${b}/api/post-mortems/INC-TWO`, { headers: admin.headers });
    expect(seen.status).toBe(200);
    const doc = (await seen.json()) as Record<string, unknown>;
    const etag = seen.headers.get('etag') as string;
    const onB = await fetch(`${b}/api/post-mortems/INC-TWO`, {
      method: 'PUT',
      headers: { ...json, 'if-match': etag },
      body: JSON.stringify({ ...doc, title: 'Changed on B' }),
    });
    expect(onB.status).toBe(200);
    const onA = await fetch(`${a}/api/post-mortems/INC-TWO`, {
      method: 'PUT',
      headers: { ...json, 'if-match': etag },
      body: JSON.stringify({ ...doc, title: 'Changed on A from the old version' }),
    });
    expect(onA.status).toBe(409);
    const after = (await (
      await fetch(`${a}/api/post-mortems/INC-TWO`, { headers: admin.headers })
    ).json()) as {
      title: string;
    };
    expect(after.title).toBe('Changed on B');
    // Both appended to one audit trail without forking it.
    const verify = (await (await fetch(`${b}/api/audit/verify`, { headers: admin.headers })).json()) as {
      intact: boolean;
      entries: number;
    };
    expect(verify).toMatchObject({ intact: true });
    expect(verify.entries).toBeGreaterThanOrEqual(3);
  });
});
