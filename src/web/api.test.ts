import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, apiGet, apiGetDocument, apiSend, apiUrl, onUnauthenticated, setCsrfToken } from './api.js';
import { errorAnswer, FakeServer } from './testing/fake-server.js';

let server: FakeServer;

beforeEach(() => {
  server = new FakeServer().install();
});

afterEach(() => {
  server.uninstall();
  setCsrfToken(undefined);
});

describe('api client', () => {
  it('builds API URLs with queries, leaving out empty values and repeating arrays', () => {
    expect(apiUrl('/post-mortems', { limit: 5, status: undefined, q: '', tag: ['a', 'b c'] })).toBe(
      '/api/post-mortems?limit=5&tag=a&tag=b+c',
    );
    expect(apiUrl('/api/health')).toBe('/api/health');
  });

  it('sends the CSRF token on writes only, with If-Match, and returns ETags of document reads', async () => {
    setCsrfToken('tok');
    server.on('GET', '/api/post-mortems/INC-1', { body: { id: 'INC-1' }, headers: { etag: '"4-abc"' } });
    server.on('PUT', '/api/post-mortems/INC-1', { body: { id: 'INC-1', version: 5 } });
    const read = await apiGetDocument<{ id: string }>('/post-mortems/INC-1');
    expect(read).toEqual({ data: { id: 'INC-1' }, status: 200, etag: '"4-abc"' });
    await apiSend('PUT', '/post-mortems/INC-1', { id: 'INC-1' }, { ifMatch: read.etag as string });
    const [get, put] = server.requests;
    expect(get?.headers['x-csrf-token']).toBeUndefined();
    expect(put?.headers['x-csrf-token']).toBe('tok');
    expect(put?.headers['if-match']).toBe('"4-abc"');
    expect(put?.body).toEqual({ id: 'INC-1' });
  });

  it("turns the server's error shape into an ApiError and calls the 401 hook unless told not to", async () => {
    let calls = 0;
    const off = onUnauthenticated(() => {
      calls += 1;
    });
    server.on('GET', '/api/post-mortems', errorAnswer(401, 'unauthenticated', 'sign in first'));
    server.on(
      'GET',
      '/api/post-mortems/X',
      errorAnswer(404, 'not_found', 'post-mortem X does not exist', { id: 'X' }),
    );
    server.on('POST', '/api/tokens', errorAnswer(401, 'reauthentication_required', 'sign in again'));
    const missing = await apiGet('/post-mortems/X').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'post-mortem X does not exist',
      details: { id: 'X' },
    });
    await expect(apiGet('/post-mortems')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(calls).toBe(1);
    await expect(apiGet('/post-mortems', undefined, { expect401: true })).rejects.toBeInstanceOf(ApiError);
    await expect(apiSend('POST', '/tokens', { name: 'x' })).rejects.toMatchObject({
      code: 'reauthentication_required',
    });
    expect(calls).toBe(1);
    off();
  });
});
