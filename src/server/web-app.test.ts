import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/databases.js';
import { testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { APP_CSP, insideFolder, mediaTypeOf } from './routes/web-app.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>';
const SCRIPT = 'console.log("debrief");';

/** A GET sent as written, without the URL normalization fetch and inject apply (`..` stays in the path). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the web application at the root', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-web-'));
  const built = join(dir, 'build', 'web');
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(built, 'assets'), { recursive: true });
    writeFileSync(join(built, 'index.html'), INDEX);
    writeFileSync(join(built, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(built, 'assets', 'index-abc123.css'), 'body{color:red}');
    writeFileSync(join(built, 'assets', 'logo-def456.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // Secrets next to and above the assets folder: traversal must never reach them.
    writeFileSync(join(built, 'secret.txt'), 'SECRET-NEXT-TO-ASSETS');
    writeFileSync(join(dir, 'build', 'package.json'), '{"name":"SECRET-PACKAGE"}');
    handle = await createTestDatabase('sqlite');
    app = await testServer(handle, { webRoot: built });
    unbuilt = await testServer(handle, { webRoot: join(dir, 'nothing-here') });
  });

  afterAll(async () => {
    await app?.close();
    await unbuilt?.close();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redirects the addresses of its former /app/ base to the same page at the root, permanently', async () => {
    for (const [from, to] of [
      ['/app', '/'],
      ['/app?x=1', '/?x=1'],
      ['/app/', '/'],
      ['/app/post-mortems/INC-1/timeline?q=a', '/post-mortems/INC-1/timeline?q=a'],
      ['/app//evil.example', '/'],
    ]) {
      const res = await app.inject({ method: 'GET', url: from as string });
      expect(res.statusCode, from).toBe(308);
      expect(res.headers.location, from).toBe(to);
    }
  });

  it('answers every client route with index.html, not cached, under the application CSP', async () => {
    for (const url of [
      '/',
      '/login',
      '/setup',
      '/reset',
      '/insights',
      '/actions?overdue=true',
      '/post-mortems/INC-2026-014',
      '/post-mortems/INC-2026-014/timeline',
      '/new?x=1',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(APP_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(APP_CSP).toContain("script-src 'self';");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("answers a browser's unknown page with the application (404), and everything else with the JSON error", async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const page = await app.inject({ method: 'GET', url: '/no/such/page', headers: html });
    expect(page.statusCode).toBe(404);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-security-policy']).toBe(APP_CSP);
    for (const [method, url, headers] of [
      ['GET', '/no/such/page', {}],
      ['GET', '/api/no-such-route', html],
      ['GET', '/assets-not', {}],
      ['POST', '/no/such/page', html],
    ] as const) {
      const res = await app.inject({ method, url, headers });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('not_found');
    }
  });

  it('serves hashed assets with their media type and a year of immutable caching', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body).toBe(SCRIPT);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-security-policy']).toBe(APP_CSP);
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    const css = await app.inject({ method: 'GET', url: '/assets/index-abc123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await app.inject({ method: 'GET', url: '/assets/logo-def456.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(mediaTypeOf('x.woff2')).toBe('font/woff2');
    expect(mediaTypeOf('x.unknown')).toBe('application/octet-stream');
  });

  it('answers 404 for a missing asset, never the index (a stale page must not parse HTML as a script)', async () => {
    for (const url of ['/assets/index-old999.js', '/assets/', '/assets/nested/x.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('<!doctype html>');
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('refuses path traversal out of the assets folder, encoded or not', async () => {
    for (const url of [
      '/assets/..%2Fsecret.txt',
      '/assets/..%2F..%2Fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%2E%2E%2Fsecret.txt',
      '/assets/..%5Csecret.txt',
      '/assets/%252e%252e%252fsecret.txt',
      '/assets/index-abc123.js%00.png',
      `/assets/${encodeURIComponent(join(built, 'secret.txt'))}`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('SECRET');
    }
    // Over a real socket, where the `..` segments reach the server as sent.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of ['/assets/../secret.txt', '/assets/../../package.json']) {
      const res = await rawGet(base, path);
      expect(res.body, path).not.toContain('SECRET');
      expect(res.status, path).toBe(404);
    }
    expect(insideFolder('/srv/web/assets', '../web/assets-evil/x.js')).toBeUndefined();
    expect(insideFolder('/srv/web/assets', '/etc/passwd')).toBeUndefined();
    expect(insideFolder('/srv/web/assets', 'a/../b.js')).toBe('/srv/web/assets/b.js');
  });

  it('says the web application is not built (503) when dist/web is missing', async () => {
    for (const url of ['/', '/login', '/assets/index-abc123.js']) {
      const res = await unbuilt.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.json().error.message).toContain('the web application is not built: run npm run build');
    }
  });

  it('is public: the shell loads without signing in (the API it calls enforces access)', async () => {
    const res = await app.inject({ method: 'GET', url: '/post-mortems/INC-SECRET' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('INC-SECRET');
  });
});
