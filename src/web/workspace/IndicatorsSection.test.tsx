// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndicatorList, IndicatorRow } from '../indicators/indicator-api.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const base = `/api/post-mortems/${DOC_ID}`;

function row(overrides: Partial<IndicatorRow>): IndicatorRow {
  return {
    type: 'ipv4',
    value: '203.0.113.9',
    events: 12,
    firstSeen: '2026-03-14T09:00:00.000Z',
    lastSeen: '2026-03-14T10:30:00.000Z',
    hosts: ['ws-17'],
    users: ['lh'],
    knownBad: null,
    inDocument: [],
    allowedBy: null,
    ...overrides,
  };
}

const ROWS: IndicatorRow[] = [
  row({ knownBad: 'feodo.txt' }),
  row({ type: 'url', value: 'https://evil.example.com/a.ps1', events: 3, inDocument: ['indicators[0]'] }),
  row({
    type: 'sha256',
    value: 'a'.repeat(64),
    events: 0,
    firstSeen: null,
    lastSeen: null,
    knownBad: 'hashes',
  }),
];

function listOf(rows: IndicatorRow[]): IndicatorList {
  return { indicators: rows, hidden: { '10.0.0.0/8': 4 }, unscannedEvents: 250 };
}

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', base, { body: storedDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${base}/indicators`, (request) => {
    const type = request.query.get('type');
    const bad = request.query.get('knownBad') === 'true';
    return {
      body: listOf(ROWS.filter((r) => (!type || r.type === type) && (!bad || r.knownBad !== null))),
    };
  });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

describe('indicators section', () => {
  it('lists the indicators defanged, marks the known-bad ones, and shows them as they are on request', async () => {
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    const table = await screen.findByRole('table', { name: 'Indicators (3)' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1] as HTMLElement).getByText('203[.]0[.]113[.]9')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Known bad: feodo.txt')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('2026-03-14 09:00:00 UTC')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('12')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('hxxps[://]evil[.]example[.]com/a.ps1')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('events; text (indicators[0])')).toBeTruthy();
    expect(screen.queryByText('https://evil.example.com/a.ps1')).toBeNull();
    expect(screen.getByText('250 events not scanned for indicators yet.')).toBeTruthy();
    expect(screen.getByText(/Hidden by the allow-list: 10\.0\.0\.0\/8 \(4\)/)).toBeTruthy();

    fireEvent.click(screen.getByLabelText('Show values as they are (not defanged)'));
    expect(screen.getByText('https://evil.example.com/a.ps1')).toBeTruthy();
    expect(screen.getByText('203.0.113.9')).toBeTruthy();
  });

  it('links each indicator seen in events to the working timeline filtered on it', async () => {
    const { router } = renderApp(`/post-mortems/${DOC_ID}/indicators`);
    const link = await screen.findByRole('link', {
      name: 'Events with hxxps[://]evil[.]example[.]com/a.ps1',
    });
    expect(link.getAttribute('href')).toBe(
      `/post-mortems/${DOC_ID}/timeline?ioc=https%3A%2F%2Fevil.example.com%2Fa.ps1`,
    );
    // Never seen in events: nothing to pivot to.
    expect(screen.queryByRole('link', { name: `Events with ${'a'.repeat(64)}` })).toBeNull();
    server.on('GET', `${base}/timeline`, { body: { items: [] } });
    server.on('GET', `${base}/timeline/histogram`, { body: { total: 0, bucketMs: 60000, buckets: [] } });
    fireEvent.click(link);
    await waitFor(() =>
      expect(whereIs(router)).toBe(
        `/post-mortems/${DOC_ID}/timeline?ioc=https%3A%2F%2Fevil.example.com%2Fa.ps1`,
      ),
    );
    // The explorer reads the filter from the address and asks the API for those events.
    await waitFor(() =>
      expect(server.made('GET', `${base}/timeline`).map((r) => r.query.get('ioc'))).toContain(
        'https://evil.example.com/a.ps1',
      ),
    );
  });

  it('sends the type and known-bad filters to the server', async () => {
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    await screen.findByRole('table', { name: 'Indicators (3)' });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'sha256' } });
    expect(await screen.findByRole('table', { name: 'Indicators (1)' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Known bad only'));
    const table = await screen.findByRole('table', { name: 'Indicators (2)' });
    expect(within(table).getByText('203[.]0[.]113[.]9')).toBeTruthy();
    const last = server.made('GET', `${base}/indicators`).at(-1);
    expect(last?.url).toBe(`${base}/indicators?knownBad=true`);
    expect(server.made('GET', `${base}/indicators`).some((r) => r.url.endsWith('?type=sha256'))).toBe(true);
  });

  it('scans events for indicators, shows what the scan did, and reads the list again', async () => {
    server.on('POST', `${base}/indicators/scan`, {
      body: { sources: 2, events: 1500, sightings: 3200, indicators: 41 },
    });
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    await screen.findByRole('table', { name: 'Indicators (3)' });
    fireEvent.click(screen.getByRole('button', { name: 'Scan events for indicators' }));
    expect(
      await screen.findByText('Scanned 1,500 events from 2 sources: 3,200 sightings of 41 indicators.'),
    ).toBeTruthy();
    const posted = server.made('POST', `${base}/indicators/scan`);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.headers['x-csrf-token']).toBe('csrf-123');
    await waitFor(() => expect(server.made('GET', `${base}/indicators`)).toHaveLength(2));
  });

  it('imports a known-bad list and lists every line that was not read', async () => {
    server.on('POST', `${base}/indicators/known-bad`, {
      body: {
        file: 'partner.txt',
        format: 'text',
        indicators: 2,
        seen: 1,
        rejected: [
          { origin: 'line 3', reason: 'no indicator on the line' },
          { origin: 'line 7', reason: 'no indicator on the line' },
        ],
      },
    });
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    await screen.findByRole('table', { name: 'Indicators (3)' });
    const form = screen.getByRole('form', { name: 'Import known-bad list' });
    fireEvent.change(within(form).getByLabelText('List name'), { target: { value: 'partner.txt' } });
    fireEvent.change(within(form).getByLabelText('List format'), { target: { value: 'text' } });
    fireEvent.change(within(form).getByLabelText('List text'), {
      target: { value: '203.0.113[.]9\nevil.example.com\nnothing here' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Import list' }));
    expect(
      await screen.findByText(
        'Imported partner.txt (text): 2 indicators marked known bad, 1 already seen in events.',
      ),
    ).toBeTruthy();
    expect(server.made('POST', `${base}/indicators/known-bad`)[0]?.body).toEqual({
      name: 'partner.txt',
      format: 'text',
      text: '203.0.113[.]9\nevil.example.com\nnothing here',
    });
    const rejected = screen.getByRole('table', { name: 'Not read (2)' });
    expect(within(rejected).getByText('line 3')).toBeTruthy();
    expect(within(rejected).getByText('line 7')).toBeTruthy();
    await waitFor(() => expect(server.made('GET', `${base}/indicators`)).toHaveLength(2));
  });

  it("shows the server's message when an import is refused", async () => {
    server.on('POST', `${base}/indicators/known-bad`, errorAnswer(400, 'invalid_input', 'the list is empty'));
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    const form = await screen.findByRole('form', { name: 'Import known-bad list' });
    fireEvent.change(within(form).getByLabelText('List name'), { target: { value: 'x' } });
    fireEvent.change(within(form).getByLabelText('List text'), { target: { value: '# only a comment' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Import list' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the list is empty');
    expect(server.made('POST', `${base}/indicators/known-bad`)[0]?.body).toMatchObject({ format: 'auto' });
  });

  it('offers the exports as download links', async () => {
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    const nav = await screen.findByRole('navigation', { name: 'Export the indicators' });
    const hrefs = within(nav)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')]);
    expect(hrefs).toEqual([
      ['Download as STIX 2.1 bundle', `${base}/indicators/export?format=stix`],
      ['Download as MISP event', `${base}/indicators/export?format=misp`],
      ['Download as CSV', `${base}/indicators/export?format=csv`],
      ['Download as DFIR-IRIS IOC CSV', `${base}/indicators/export?format=iris`],
    ]);
  });

  it('is read-only for a viewer: no scan, no import', async () => {
    server.on('GET', '/api/auth/me', {
      body: meAnswer({ permissions: ['post-mortem:read'] }),
    });
    renderApp(`/post-mortems/${DOC_ID}/indicators`);
    await screen.findByRole('table', { name: 'Indicators (3)' });
    expect(screen.queryByRole('button', { name: 'Scan events for indicators' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Import known-bad list' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Download as CSV' })).toBeTruthy();
  });
});
