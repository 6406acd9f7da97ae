// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from '../workspace/workspace-fixtures.js';
import { evidenceDetail, evidenceItem, ingestJob, rejectPage, sha } from './evidence-fixtures.js';
import { FakeXhr, installFakeXhr } from './fake-xhr.js';
import { jobPolling } from './use-job.js';

let server: FakeServer;
let restoreXhr: () => void;
const base = `/api/post-mortems/${DOC_ID}`;

// The section is loaded lazily: import it once so the first test does not pay for its transform.
beforeAll(async () => {
  await import('../workspace/EvidenceSection.js');
});

beforeEach(() => {
  jobPolling.intervalMs = 10;
  restoreXhr = installFakeXhr();
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', base, { body: storedDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${base}/evidence`, { body: [evidenceItem()] });
  server.on('GET', `${base}/jobs`, { body: [] });
  server.on('GET', `${base}/evidence/EV-0001`, { body: evidenceDetail() });
  server.on('GET', `${base}/evidence/EV-0001/rejects`, (request) => ({
    body: rejectPage(Number(request.query.get('offset')), Number(request.query.get('limit')), 45),
  }));
});

afterEach(() => {
  cleanup();
  server.uninstall();
  restoreXhr();
  jobPolling.intervalMs = 1000;
});

const open = async () => {
  renderApp(`/post-mortems/${DOC_ID}/evidence`);
  return screen.findByRole('table', { name: 'Evidence' }, { timeout: 5000 });
};

describe('evidence list and details', () => {
  it('lists each file with size, type, hash, provenance, custody count and what was parsed', async () => {
    const table = await open();
    const row = within(table).getByRole('row', { name: /okta\.csv/ });
    expect(within(row).getByText('2.0 KiB')).toBeTruthy();
    expect(within(row).getByText('text/csv')).toBeTruthy();
    expect(within(row).getByText(`${'a'.repeat(12)}…`)).toBeTruthy();
    expect(within(row).getByText('Bob Responder')).toBeTruthy();
    expect(within(row).getByText('40 accepted, 45 rejected')).toBeTruthy();
    expect(within(row).getByText('2026-03-14 09:00:00Z – 2026-03-14 17:30:00Z')).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent)[5],
    ).toBe('3');
    // The whole hash on demand, and copied.
    fireEvent.click(within(row).getByRole('button', { name: 'Show full SHA-256 of okta.csv' }));
    expect(within(row).getByText(sha('a'))).toBeTruthy();
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: async (text: string) => {
          copied = text;
        },
      },
    });
    fireEvent.click(within(row).getByRole('button', { name: 'Copy SHA-256 of okta.csv' }));
    expect(await within(row).findByText('Copied.')).toBeTruthy();
    expect(copied).toBe(sha('a'));
  });

  it('shows the chain of custody and pages through the rejected records, shown safely', async () => {
    const table = await open();
    fireEvent.click(within(table).getByRole('button', { name: 'okta.csv' }));
    const custody = await screen.findByRole('table', { name: 'Chain of custody of okta.csv' });
    const rows = within(custody).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const second = within(rows[1] as HTMLElement);
    expect(second.getByText('verified')).toBeTruthy();
    expect(second.getByText('carol')).toBeTruthy();
    expect(second.getByText('before the review')).toBeTruthy();
    expect(second.getByText(sha('2'))).toBeTruthy();
    expect(second.getByText(sha('1'))).toBeTruthy();

    const rejects = await screen.findByRole('table', { name: 'Rejected records of okta.csv' });
    expect(within(rejects).getAllByRole('row')).toHaveLength(21);
    expect(within(rejects).getByText('line 2, offset 0')).toBeTruthy();
    expect(within(rejects).getByText('bad record 1')).toBeTruthy();
    // Control characters are escaped, markup stays text.
    expect(within(rejects).getByText('\\x00\\x1b[31mrow 1<b>')).toBeTruthy();
    expect(screen.getByText('Rejects 1–20 of 45')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous rejects' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next rejects' }));
    expect(await screen.findByText('Rejects 21–40 of 45')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next rejects' }));
    expect(await screen.findByText('Rejects 41–45 of 45')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next rejects' }) as HTMLButtonElement).disabled).toBe(true);
    const offsets = server
      .made('GET', `${base}/evidence/EV-0001/rejects`)
      .map((r) => `${r.query.get('offset')}/${r.query.get('limit')}`);
    expect(offsets).toEqual(['0/20', '20/20', '40/20']);
  });

  it('verifies the evidence and says per item whether it is intact', async () => {
    server.on('POST', `${base}/evidence/verify`, {
      body: {
        ok: false,
        evidence: [
          {
            evidenceId: 'EV-0001',
            originalName: 'okta.csv',
            sha256: sha('a'),
            blobs: [{ sha256: sha('a'), role: 'content', status: 'ok' }],
            custodyEntries: 4,
            custody: [],
            ok: true,
          },
          {
            evidenceId: 'EV-0002',
            originalName: 'web.log',
            sha256: sha('b'),
            blobs: [
              {
                sha256: sha('b'),
                role: 'content',
                status: 'modified',
                actualSha256: sha('e'),
                actualSize: 10,
              },
            ],
            custodyEntries: 2,
            custody: [{ problem: 'modified', seq: 2, message: 'entry 2 was modified' }],
            ok: false,
          },
        ],
      },
    });
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Verify evidence' }));
    expect(await screen.findByText('1 of 2 items are not intact.')).toBeTruthy();
    const items = screen.getByRole('list', { name: 'Verification by item' });
    expect(within(items).getByText(/intact \(4 custody entries\)/)).toBeTruthy();
    expect(
      within(items).getByText(/the content file was modified: expected bbbbbbbbbbbb…, found eeeeeeeeeeee…/),
    ).toBeTruthy();
    expect(within(items).getByText('chain of custody: entry 2 was modified')).toBeTruthy();
    const [post] = server.made('POST', `${base}/evidence/verify`);
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    // The list is read again (verification adds custody entries).
    await waitFor(() => expect(server.made('GET', `${base}/evidence`).length).toBe(2));
  });

  it('lets a viewer verify but not upload', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    await open();
    expect(screen.getByRole('button', { name: 'Verify evidence' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Upload evidence' })).toBeNull();
    expect(screen.queryByLabelText('Evidence files to upload')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'okta.csv' }));
    await screen.findByRole('table', { name: 'Chain of custody of okta.csv' });
    expect(screen.queryByRole('button', { name: 'Parse okta.csv again' })).toBeNull();
  });
});

describe('evidence upload', () => {
  it('uploads with progress, follows the ingest job to done and refreshes the list', async () => {
    let polls = 0;
    server.on('GET', `${base}/jobs/J-1`, () => {
      polls += 1;
      if (polls === 1) {
        return {
          body: ingestJob({
            status: 'running',
            progress: { phase: 'parsing', bytesDone: 512, bytesTotal: 1024, accepted: 700, rejected: 2 },
          }),
        };
      }
      return {
        body: ingestJob({
          status: 'done',
          result: {
            outcome: 'ingested',
            sources: [
              {
                member: '',
                format: 'web-access',
                status: 'done',
                accepted: 1200,
                rejected: 3,
                firstTs: '2026-03-14T09:00:00.000Z',
                lastTs: '2026-03-14T18:00:00.000Z',
              },
            ],
          },
        }),
      };
    });
    await open();
    fireEvent.change(screen.getByLabelText('Time zone of times without offset'), {
      target: { value: 'Europe/Paris' },
    });
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'web-access' } });
    fireEvent.change(screen.getByLabelText('Collected by'), { target: { value: 'Bob' } });
    const file = new File(['x'.repeat(1024)], 'access.log', { type: 'text/plain' });
    fireEvent.change(screen.getByLabelText('Evidence files to upload'), { target: { files: [file] } });

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const xhr = FakeXhr.sent[0] as FakeXhr;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(
      `${base}/evidence?name=access.log&ingest=true&format=web-access&timezone=Europe%2FParis&collectedBy=Bob`,
    );
    expect(xhr.headers['content-type']).toBe('application/octet-stream');
    expect(xhr.headers['x-csrf-token']).toBe('csrf-123');
    expect(xhr.body).toBe(file);

    act(() => xhr.progress(256, 1024));
    const bar = screen.getByRole('progressbar', { name: 'access.log' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('25% · 256 B of 1.0 KiB')).toBeTruthy();

    act(() =>
      xhr.respond(201, {
        outcome: 'added',
        evidence: evidenceItem({ id: 'EV-0002', originalName: 'access.log', sources: undefined }),
        job: ingestJob(),
      }),
    );
    expect(await screen.findByText('Uploaded as EV-0002.')).toBeTruthy();
    expect(
      await screen.findByText(/Parsing: 512 B of 1\.0 KiB \(50%\), 700 accepted, 2 rejected/),
    ).toBeTruthy();
    expect(
      await screen.findByText(
        'Parsed: 1,200 accepted, 3 rejected as web-access, from 2026-03-14 09:00:00Z to 2026-03-14 18:00:00Z.',
      ),
    ).toBeTruthy();
    // Polling stopped at done; the list was read again after the upload and after the ingest.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls).toBe(2);
    expect(server.made('GET', `${base}/evidence`).length).toBeGreaterThanOrEqual(3);
    expect(server.made('GET', base).length).toBeGreaterThanOrEqual(2);
  });

  it('uploads dropped files one by one: a 413 and an already-held file are said on their file', async () => {
    await open();
    const big = new File(['x'.repeat(100)], 'huge.evtx');
    const again = new File(['y'], 'okta-copy.csv');
    const zone = screen.getByRole('region', { name: 'Drop zone: drop evidence files here' });
    fireEvent.drop(zone, { dataTransfer: { files: [big, again] } });
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    expect(FakeXhr.sent[0]?.url).toContain('name=huge.evtx');
    act(() =>
      FakeXhr.sent[0]?.respond(413, {
        error: {
          code: 'too_large',
          message: 'huge.evtx is over the 2 GiB upload limit (DEBRIEF_MAX_UPLOAD_BYTES)',
        },
      }),
    );
    expect(
      await screen.findByText(
        'huge.evtx was not uploaded: huge.evtx is over the 2 GiB upload limit (DEBRIEF_MAX_UPLOAD_BYTES)',
      ),
    ).toBeTruthy();
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    expect(FakeXhr.sent[1]?.url).toContain('name=okta-copy.csv');
    act(() => FakeXhr.sent[1]?.respond(200, { outcome: 'existing', evidence: evidenceItem() }));
    expect(
      await screen.findByText(
        'Already held, same SHA-256: okta-copy.csv is EV-0001 (okta.csv); nothing was added.',
      ),
    ).toBeTruthy();
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
  });

  it('shows a failed ingest with its error and parses it again', async () => {
    server.on('GET', `${base}/jobs`, {
      body: [
        ingestJob({ id: 'J-7', status: 'failed', params: { evidenceId: 'EV-0001' }, error: 'disk full' }),
        ingestJob({ id: 'J-3', status: 'done', params: { evidenceId: 'EV-0001' } }),
      ],
    });
    server.on('POST', `${base}/evidence/EV-0001/ingest`, {
      status: 202,
      body: ingestJob({ id: 'J-8', params: { evidenceId: 'EV-0001' } }),
    });
    server.on('GET', `${base}/jobs/J-8`, {
      body: ingestJob({
        id: 'J-8',
        status: 'done',
        params: { evidenceId: 'EV-0001' },
        result: {
          outcome: 'ingested',
          sources: [{ member: '', format: 'okta', status: 'done', accepted: 5, rejected: 0 }],
        },
      }),
    });
    await open();
    expect(await screen.findByText('Parsing okta.csv failed: disk full')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Parse again: okta.csv' }));
    expect(await screen.findByText('Parsed: 5 accepted, 0 rejected as okta.')).toBeTruthy();
    const [post] = server.made('POST', `${base}/evidence/EV-0001/ingest`);
    expect(post?.body).toEqual({});
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
  });

  it('stops polling and cancels the upload when the screen goes away', async () => {
    server.on('GET', `${base}/jobs`, {
      body: [ingestJob({ id: 'J-5', status: 'running', params: { evidenceId: 'EV-0001' } })],
    });
    let polls = 0;
    server.on('GET', `${base}/jobs/J-5`, () => {
      polls += 1;
      return { body: ingestJob({ id: 'J-5', status: 'running', params: { evidenceId: 'EV-0001' } }) };
    });
    await open();
    await waitFor(() => expect(polls).toBeGreaterThanOrEqual(2));
    const file = new File(['x'], 'late.log');
    fireEvent.change(screen.getByLabelText('Evidence files to upload'), { target: { files: [file] } });
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    cleanup();
    const after = polls;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(polls).toBe(after);
    expect(FakeXhr.sent[0]?.aborted).toBe(true);
  });

  it('reports a list that cannot be read', async () => {
    server.on('GET', `${base}/evidence`, errorAnswer(503, 'dependency_missing', 'no evidence store'));
    renderApp(`/post-mortems/${DOC_ID}/evidence`);
    expect(await screen.findByText('no evidence store')).toBeTruthy();
  });
});
