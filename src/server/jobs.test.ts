import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { testServer } from '../../test/server.js';
import type { PostMortemId } from '../core/ids.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { listEvidence } from '../db/evidence.repository.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { runNextJob } from '../services/jobs.js';
import { listen } from './app.js';

const NOW = '2026-11-22T12:00:00.000Z';

/** Twelve ECS events, one of them not JSON. */
function ecsFile(tag: string): Buffer {
  const lines = Array.from({ length: 11 }, (_, i) =>
    JSON.stringify({
      '@timestamp': `2026-03-14T10:${String(i).padStart(2, '0')}:00Z`,
      host: { name: `ws-${tag}` },
      event: { action: 'logon' },
      message: `event ${i} of ${tag}`,
    }),
  );
  lines.splice(5, 0, '{"@timestamp": "2026-03-14T10:30:00Z", truncated');
  return Buffer.from(`${lines.join('\n')}\n`);
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`uploads and jobs on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-jobs-'));
    const blobs = new BlobStore(join(dir, 'blobs'));
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let analyst: TestAccount;
    let viewer: TestAccount;
    let woken = 0;
    const runner = () => runNextJob({ handle, blobs, env: {}, now: () => NOW });

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-UP' }), { now: NOW });
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-HIDDEN', restricted: true }), {
        now: NOW,
      });
      analyst = await createAccount(handle.db, 'ana', 'analyst', { memberOf: ['INC-UP'] });
      viewer = await createAccount(handle.db, 'vic', 'viewer');
      app = await testServer(handle, { blobs, maxUploadBytes: 4096, jobs: { wake: () => woken++ } });
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const upload = (account: TestAccount, url: string, body: Buffer) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...account.headers, 'content-type': 'application/octet-stream' },
        payload: body,
      });

    it('streams an upload into evidence, queues its ingest, and runs it to the end', async () => {
      const res = await upload(
        analyst,
        '/api/post-mortems/INC-UP/evidence?name=ecs.json&collectedBy=SOC',
        ecsFile('a'),
      );
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        outcome: 'added',
        evidence: { id: 'EV-0001', originalName: 'ecs.json', registeredBy: 'ana', collectedBy: 'SOC' },
        job: { status: 'queued', kind: 'ingest', createdBy: 'ana', params: { evidenceId: 'EV-0001' } },
      });
      expect(woken).toBe(1);
      const done = await runner();
      expect(done).toMatchObject({ id: body.job.id, status: 'done', attempts: 1 });
      const job = await app.inject({
        method: 'GET',
        url: `/api/post-mortems/INC-UP/jobs/${body.job.id}`,
        headers: viewer.headers,
      });
      expect(job.statusCode).toBe(200);
      const source = job.json().result.sources[0];
      expect(source).toMatchObject({ status: 'done', accepted: 11, rejected: 1 });
      expect(source.rejects[0].where).toMatchObject({ line: 6 });
      const list = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-UP/jobs',
        headers: viewer.headers,
      });
      expect(list.json().map((j: { id: string }) => j.id)).toEqual([body.job.id]);
      // The same bytes again: the evidence is found, and its ingest has nothing left to do.
      const again = await upload(analyst, '/api/post-mortems/INC-UP/evidence?name=copy.json', ecsFile('a'));
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ outcome: 'existing', evidence: { id: 'EV-0001' } });
      expect(await runner()).toMatchObject({ status: 'done', result: { outcome: 'already-ingested' } });
      expect(await runner()).toBeUndefined();
    });

    it('refuses an upload over the limit and registers nothing', async () => {
      const before = (await listEvidence(handle.db, 'INC-UP' as PostMortemId)).length;
      const res = await upload(
        analyst,
        '/api/post-mortems/INC-UP/evidence?name=big.log',
        Buffer.alloc(5000, 65),
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('too_large');
      expect((await listEvidence(handle.db, 'INC-UP' as PostMortemId)).length).toBe(before);
    });

    it('answers 413 over a real connection while the client is still sending', async () => {
      const url = await listen(app, 0, '127.0.0.1');
      const res = await fetch(`${url}/api/post-mortems/INC-UP/evidence?name=huge.log`, {
        method: 'POST',
        headers: { ...analyst.headers, 'content-type': 'application/octet-stream' },
        body: Buffer.alloc(2 * 1024 * 1024, 66),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
    });

    it('checks ingest options before the transfer, and who may upload where', async () => {
      const bad = await upload(
        analyst,
        '/api/post-mortems/INC-UP/evidence?name=x.log&format=punchcards',
        ecsFile('b'),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('--format punchcards');
      expect(
        (await upload(viewer, '/api/post-mortems/INC-UP/evidence?name=x.json', ecsFile('c'))).statusCode,
      ).toBe(403);
      expect(
        (await upload(analyst, '/api/post-mortems/INC-HIDDEN/evidence?name=x.json', ecsFile('d'))).statusCode,
      ).toBe(404);
      const text = await app.inject({
        method: 'POST',
        url: '/api/post-mortems/INC-UP/evidence?name=x.json',
        headers: { ...analyst.headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(text.statusCode).toBe(400);
      expect(text.json().error.message).toContain('Content-Type: application/octet-stream');
    });

    it('takes over a job whose server stopped, and completes it', async () => {
      const res = await upload(analyst, '/api/post-mortems/INC-UP/evidence?name=second.json', ecsFile('e'));
      const id = res.json().job.id as string;
      // Another server claimed it and died: running, its heartbeat three minutes old.
      await sql`UPDATE jobs SET status = 'running', owner = 'gone:1:x', attempts = 1, heartbeat_at = ${'2026-11-22T11:57:00.000Z'} WHERE id = ${id}`.execute(
        handle.db,
      );
      const recent = await upload(analyst, '/api/post-mortems/INC-UP/evidence?name=third.json', ecsFile('f'));
      await sql`UPDATE jobs SET status = 'running', owner = 'alive:1:x', attempts = 1, heartbeat_at = ${'2026-11-22T11:59:30.000Z'} WHERE id = ${recent.json().job.id}`.execute(
        handle.db,
      );
      const taken = await runner();
      expect(taken).toMatchObject({ id, status: 'done', attempts: 2 });
      // The job whose server is still beating is left alone.
      expect(await runner()).toBeUndefined();
    });
  });
}
