// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, setCsrfToken } from '../api.js';
import { FakeXhr, installFakeXhr } from './fake-xhr.js';
import { DEFAULT_UPLOAD_OPTIONS, uploadEvidence, uploadUrl } from './upload.js';

let restore: () => void;

beforeEach(() => {
  restore = installFakeXhr();
  setCsrfToken('csrf-9');
});

afterEach(() => {
  restore();
  setCsrfToken(undefined);
});

const file = () => new File(['line one\nline two\n'], 'auth log.csv', { type: 'text/csv' });

describe('uploadUrl', () => {
  it('sends the name and the options, leaving out empty ones and the format when not parsing', () => {
    expect(uploadUrl('INC-1', 'a b.log', DEFAULT_UPLOAD_OPTIONS)).toBe(
      '/api/post-mortems/INC-1/evidence?name=a+b.log&ingest=true',
    );
    const url = uploadUrl('INC-1', 'x.log', {
      ...DEFAULT_UPLOAD_OPTIONS,
      format: 'syslog',
      timezone: 'Europe/Paris',
      collectedBy: ' Bob ',
      collectedAt: '2026-03-15',
      sourceSystem: 'web-1',
      description: 'auth log',
    });
    expect(url).toBe(
      '/api/post-mortems/INC-1/evidence?name=x.log&ingest=true&format=syslog&timezone=Europe%2FParis&description=auth+log&collectedBy=Bob&collectedAt=2026-03-15&sourceSystem=web-1',
    );
    expect(uploadUrl('INC-1', 'x.log', { ...DEFAULT_UPLOAD_OPTIONS, ingest: false, format: 'csv' })).toBe(
      '/api/post-mortems/INC-1/evidence?name=x.log&ingest=false',
    );
  });
});

describe('uploadEvidence', () => {
  it('posts the file as octet-stream with the CSRF header, reports progress and returns the answer', async () => {
    const progress: [number, number][] = [];
    const f = file();
    const handle = uploadEvidence('INC-1', f, DEFAULT_UPLOAD_OPTIONS, (sent, total) =>
      progress.push([sent, total]),
    );
    const [xhr] = FakeXhr.sent;
    expect(xhr?.method).toBe('POST');
    expect(xhr?.url).toBe('/api/post-mortems/INC-1/evidence?name=auth+log.csv&ingest=true');
    expect(xhr?.headers).toEqual({
      'content-type': 'application/octet-stream',
      accept: 'application/json',
      'x-csrf-token': 'csrf-9',
    });
    expect(xhr?.body).toBe(f);
    xhr?.progress(9, 18);
    xhr?.progress(18, 18);
    xhr?.respond(201, { outcome: 'added', evidence: { id: 'EV-0001' } });
    const answer = await handle.done;
    expect(answer.outcome).toBe('added');
    expect(progress).toEqual([
      [9, 18],
      [18, 18],
    ]);
  });

  it("rejects with the server's message on a 413 or 400", async () => {
    const handle = uploadEvidence('INC-1', file(), DEFAULT_UPLOAD_OPTIONS, () => undefined);
    FakeXhr.sent[0]?.respond(413, {
      error: { code: 'too_large', message: 'the file is over the 1 GiB upload limit' },
    });
    const error = await handle.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect((error as ApiError).message).toBe('the file is over the 1 GiB upload limit');

    const second = uploadEvidence('INC-1', file(), DEFAULT_UPLOAD_OPTIONS, () => undefined);
    FakeXhr.sent[1]?.respond(413, '<html>Request Entity Too Large</html>');
    await expect(second.done).rejects.toThrow('the file is larger than the server accepts (413)');
  });

  it('rejects when the connection drops or the upload is cancelled', async () => {
    const dropped = uploadEvidence('INC-1', file(), DEFAULT_UPLOAD_OPTIONS, () => undefined);
    FakeXhr.sent[0]?.fail();
    await expect(dropped.done).rejects.toThrow(/the upload was interrupted/);
    const cancelled = uploadEvidence('INC-1', file(), DEFAULT_UPLOAD_OPTIONS, () => undefined);
    cancelled.abort();
    await expect(cancelled.done).rejects.toThrow('the upload was cancelled');
    expect(FakeXhr.sent[1]?.aborted).toBe(true);
  });
});
