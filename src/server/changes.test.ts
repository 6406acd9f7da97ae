import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { minimalInput } from '../../test/factories.js';
import { testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';

/** One server-sent event. */
interface Received {
  readonly event: string;
  readonly id?: string;
  readonly data: Record<string, unknown>;
}

/** Opens the change stream and collects its events until `close()`. */
function openStream(base: string, path: string, headers: Record<string, string>) {
  const events: Received[] = [];
  let status = 0;
  let contentType = '';
  let ended = false;
  let buffer = '';
  const { hostname, port } = new URL(base);
  const req = httpRequest({ hostname, port, path, headers }, (res) => {
    status = res.statusCode ?? 0;
    contentType = String(res.headers['content-type']);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => line !== '' && !line.startsWith(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        if (fields.event !== undefined) {
          events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? '{}') });
        }
        cut = buffer.indexOf('\n\n');
      }
    });
    res.on('end', () => {
      ended = true;
    });
  });
  req.end();
  return {
    events,
    status: () => status,
    contentType: () => contentType,
    ended: () => ended,
    close: () => req.destroy(),
  };
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`the change stream on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let base: string;
    let ana: TestAccount;
    let otto: TestAccount;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      ana = await createAccount(handle.db, 'ana', 'analyst', { scopes: ['read', 'write'] });
      otto = await createAccount(handle.db, 'otto', 'analyst', { scopes: ['read', 'write'] });
      app = await testServer(handle, { changesIntervalMs: 40, changesMaxAgeMs: 60_000 });
      for (const [id, restricted] of [
        ['INC-C1', false],
        ['INC-C2', true],
      ] as const) {
        const created = await app.inject({
          method: 'POST',
          url: '/api/post-mortems',
          headers: ana.headers,
          payload: minimalInput({ id, title: 'Watched', restricted }),
        });
        expect(created.statusCode).toBe(201);
      }
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    it('sends the stored version, then each new version with who stored it, to every watcher', async () => {
      const first = openStream(base, '/api/post-mortems/INC-C1/changes', ana.headers);
      const second = openStream(base, '/api/post-mortems/INC-C1/changes', otto.headers);
      try {
        await until('the baselines', () => first.events.length === 1 && second.events.length === 1);
        expect(first.status()).toBe(200);
        expect(first.contentType()).toBe('text/event-stream; charset=utf-8');
        expect(first.events[0]).toMatchObject({ event: 'version', id: '1', data: { version: 1, by: 'ana' } });
        const doc = await app.inject({
          method: 'GET',
          url: '/api/post-mortems/INC-C1',
          headers: otto.headers,
        });
        const put = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-C1',
          headers: { ...otto.headers, 'if-match': String(doc.headers.etag) },
          payload: { ...(doc.json() as object), title: 'Watched and edited' },
        });
        expect(put.statusCode).toBe(200);
        await until('the new version', () => first.events.length === 2 && second.events.length === 2);
        expect(first.events[1]).toMatchObject({
          event: 'version',
          id: '2',
          data: { version: 2, by: 'otto' },
        });
        expect(second.events[1]?.data).toEqual(first.events[1]?.data);
        // Nothing more while nothing changes.
        await new Promise((done) => setTimeout(done, 200));
        expect(first.events).toHaveLength(2);
      } finally {
        first.close();
        second.close();
      }
    });

    it('is refused like the post-mortem itself: 401 without credentials, 404 to an outsider', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/api/post-mortems/INC-C1/changes' });
      expect(anonymous.statusCode).toBe(401);
      const outsider = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-C2/changes',
        headers: otto.headers,
      });
      expect(outsider.statusCode).toBe(404);
      const missing = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-NONE/changes',
        headers: ana.headers,
      });
      expect(missing.statusCode).toBe(404);
    });

    it('ends open streams when the server closes (they would keep it from closing)', async () => {
      const stream = openStream(base, '/api/post-mortems/INC-C2/changes', ana.headers);
      await until('the baseline', () => stream.events.length === 1);
      stream.close();
      const other = await testServer(handle, { changesIntervalMs: 40 });
      const otherBase = await other.listen({ port: 0, host: '127.0.0.1' });
      const kept = openStream(otherBase, '/api/post-mortems/INC-C1/changes', ana.headers);
      await until('the baseline', () => kept.events.length === 1);
      await other.close();
      await until('the end of the stream', () => kept.ended());
    });
  });
}
