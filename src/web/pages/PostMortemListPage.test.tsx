// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer, pageOf, summary } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';

let server: FakeServer;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

const items = [
  summary(),
  summary({
    id: 'INC-2026-015',
    title: 'Phishing of the finance team',
    status: 'in-review',
    severity: 'critical',
    types: ['process', 'organizational'],
    restricted: true,
    tags: ['phishing'],
  }),
];

describe('post-mortem list', () => {
  it('shows each summary with a link starting with its id, its status, severity, types and restricted badge', async () => {
    server.on('GET', '/api/post-mortems', { body: pageOf(items) });
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Post-mortems' })).toBeTruthy();
    const first = await screen.findByRole('link', { name: /^INC-2026-014/ });
    expect(first.getAttribute('href')).toBe('/post-mortems/INC-2026-014');
    const row = screen.getByRole('link', { name: /^INC-2026-015/ }).closest('tr') as HTMLElement;
    expect(within(row).getByText('Restricted')).toBeTruthy();
    expect(within(row).getByText('In review')).toBeTruthy();
    expect(within(row).getByText('Critical')).toBeTruthy();
    expect(within(row).getByText('Process, Organizational')).toBeTruthy();
    const firstRow = first.closest('tr') as HTMLElement;
    expect(within(firstRow).queryByText('Restricted')).toBeNull();
    expect(screen.getByRole('link', { name: 'New post-mortem' }).getAttribute('href')).toBe('/new');
    const [request] = server.made('GET', '/api/post-mortems');
    expect(request?.query.get('limit')).toBe('50');
    expect(request?.query.get('offset')).toBe('0');
  });

  it('puts a filter in the URL and in the request, and shows what the server matched', async () => {
    // The fake server filters by status and severity as the real one does.
    server.on('GET', '/api/post-mortems', (request) => ({
      body: pageOf(
        items.filter(
          (i) =>
            (request.query.get('status') ?? i.status) === i.status &&
            (request.query.get('severity') ?? i.severity) === i.severity,
        ),
      ),
    }));
    const { router } = renderApp('/?status=in-review');
    await screen.findByRole('link', { name: /^INC-2026-015/ });
    expect(screen.queryByRole('link', { name: /^INC-2026-014/ })).toBeNull();
    expect(server.made('GET', '/api/post-mortems').at(-1)?.query.get('status')).toBe('in-review');

    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'high' } });
    await waitFor(() =>
      expect(server.made('GET', '/api/post-mortems').at(-1)?.query.get('severity')).toBe('high'),
    );
    expect(server.made('GET', '/api/post-mortems').at(-1)?.query.get('status')).toBe('in-review');
    expect(whereIs(router)).toBe('/?status=in-review&severity=high');
    expect(await screen.findByText('No post-mortem matches these filters.')).toBeTruthy();

    const tags = screen.getByLabelText('Tags') as HTMLInputElement;
    fireEvent.change(tags, { target: { value: 'cloud, ransomware' } });
    await waitFor(() => expect(tags.value).toBe('cloud, ransomware'));
    fireEvent.blur(tags);
    await waitFor(() =>
      expect(server.made('GET', '/api/post-mortems').at(-1)?.query.getAll('tag')).toEqual([
        'cloud',
        'ransomware',
      ]),
    );
    fireEvent.change(screen.getByLabelText('Updated from'), { target: { value: '2026-03-01' } });
    await waitFor(() =>
      expect(server.made('GET', '/api/post-mortems').at(-1)?.query.get('from')).toBe('2026-03-01'),
    );

    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    await screen.findByRole('link', { name: /^INC-2026-014/ });
    expect(whereIs(router)).toBe('/');
  });

  it('searches with /api/search and lists the hits', async () => {
    server.on('GET', '/api/post-mortems', { body: pageOf(items) });
    server.on('GET', '/api/search', {
      body: {
        hits: [
          {
            id: 'INC-2026-015',
            title: 'Phishing of the finance team',
            score: 2,
            snippets: [{ path: 'summary.whatHappened', text: 'a phishing e-mail' }],
          },
        ],
        restrictedMatches: 1,
      },
    });
    const { router } = renderApp('/');
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Search post-mortems' }), {
      target: { value: 'phishing e-mail' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('region', { name: 'Search results' });
    expect(within(results).getByRole('link', { name: /^INC-2026-015/ })).toBeTruthy();
    expect(within(results).getByText(/1 restricted post-mortem/)).toBeTruthy();
    expect(server.made('GET', '/api/search').at(-1)?.url).toBe('/api/search?q=phishing+e-mail');
    expect(whereIs(router)).toBe('/?q=phishing+e-mail');
  });

  it('says so when there is nothing yet, and when the list cannot be loaded (with a retry)', async () => {
    let fail = true;
    server.on('GET', '/api/post-mortems', () =>
      fail ? errorAnswer(503, 'database_unavailable', 'the database does not answer') : { body: pageOf([]) },
    );
    renderApp('/');
    expect((await screen.findByRole('alert')).textContent).toContain('the database does not answer');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No post-mortems yet/)).toBeTruthy();
  });
});
