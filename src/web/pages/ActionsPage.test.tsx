// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer, type RecordedRequest } from '../testing/fake-server.js';
import { meAnswer, pageOf } from '../testing/fixtures.js';
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

const actions = [
  {
    postMortem: 'INC-2026-014',
    postMortemTitle: 'Ransomware on the file server',
    id: 'REC-2',
    title: 'Enforce MFA on VPN',
    status: 'in-progress',
    priority: 'high',
    owner: 'bob',
    ownerName: 'Bob Builder',
    due: '2026-11-20',
    overdue: true,
    daysLeft: -15,
    suggestedPriority: 'critical',
    priorityBasis: 'addresses a root cause',
  },
  {
    postMortem: 'INC-2026-015',
    postMortemTitle: 'Phishing of the finance team',
    id: 'REC-1',
    title: 'Phishing training',
    status: 'accepted',
    priority: 'medium',
    owner: null,
    ownerName: null,
    due: '2026-12-10',
    overdue: false,
    daysLeft: 5,
    suggestedPriority: null,
    priorityBasis: null,
  },
];

/** The fake server filters by owner, status and overdue as the real one does. */
function filtering(request: RecordedRequest) {
  const owner = request.query.get('owner');
  const status = request.query.get('status');
  const overdue = request.query.get('overdue') === 'true';
  return {
    body: actions.filter(
      (a) =>
        (owner === null || a.owner === owner) &&
        (status === null || a.status === status) &&
        (!overdue || a.overdue),
    ),
  };
}

describe('actions page', () => {
  it('lists the actions with links to their post-mortem, the overdue marking, owner, status and priority', async () => {
    server.on('GET', '/api/actions', { body: actions });
    renderApp('/actions');
    expect(await screen.findByRole('heading', { level: 1, name: 'Actions' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Actions, soonest due first' });
    const link = within(table).getByRole('link', { name: 'INC-2026-014' });
    expect(link.getAttribute('href')).toBe('/post-mortems/INC-2026-014/recommendations');
    const late = link.closest('tr') as HTMLElement;
    expect(within(late).getByText('Enforce MFA on VPN')).toBeTruthy();
    expect(within(late).getByText('REC-2')).toBeTruthy();
    expect(within(late).getByText('Bob Builder')).toBeTruthy();
    expect(within(late).getByText('In progress')).toBeTruthy();
    expect(within(late).getByText('Overdue')).toBeTruthy();
    expect(within(late).getByText('15 days late')).toBeTruthy();
    expect(within(late).getByText('High')).toBeTruthy();
    expect(within(late).getByText('suggested: Critical')).toBeTruthy();
    const onTime = within(table).getByRole('link', { name: 'INC-2026-015' }).closest('tr') as HTMLElement;
    expect(within(onTime).queryByText('Overdue')).toBeNull();
    expect(within(onTime).getByText('No owner')).toBeTruthy();
    expect(within(onTime).getByText('2026-12-10')).toBeTruthy();
    expect(within(onTime).getByText('in 5 days')).toBeTruthy();
    expect(screen.getByText('2 actions in 2 post-mortems, 1 overdue.')).toBeTruthy();
    expect(server.made('GET', '/api/actions').at(-1)?.url).toBe('/api/actions');
  });

  it('writes the filters to the URL, sends them to the API and puts them in the export links', async () => {
    server.on('GET', '/api/actions', filtering);
    const { router } = renderApp('/actions?status=in-progress');
    await screen.findByRole('link', { name: 'INC-2026-014' });
    expect(screen.queryByRole('link', { name: 'INC-2026-015' })).toBeNull();
    expect(server.made('GET', '/api/actions').at(-1)?.url).toBe('/api/actions?status=in-progress');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('in-progress');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Overdue only' }));
    await waitFor(() => expect(server.made('GET', '/api/actions').at(-1)?.query.get('overdue')).toBe('true'));
    fireEvent.change(screen.getByLabelText('Due within'), { target: { value: '7d' } });
    await waitFor(() => expect(server.made('GET', '/api/actions').at(-1)?.query.get('dueWithin')).toBe('7d'));
    const owner = screen.getByRole('textbox', { name: 'Owner' }) as HTMLInputElement;
    fireEvent.change(owner, { target: { value: ' bob ' } });
    await waitFor(() => expect(owner.value).toBe(' bob '));
    fireEvent.submit(owner.form as HTMLFormElement);
    await waitFor(() =>
      expect(server.made('GET', '/api/actions').at(-1)?.url).toBe(
        '/api/actions?owner=bob&status=in-progress&overdue=true&dueWithin=7d',
      ),
    );
    expect(whereIs(router)).toBe('/actions?owner=bob&status=in-progress&overdue=true&dueWithin=7d');
    await screen.findByRole('link', { name: 'INC-2026-014' });

    const exports = screen.getByRole('navigation', { name: 'Export' });
    const hrefs = within(exports)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')]);
    const filters = 'owner=bob&status=in-progress&overdue=true&dueWithin=7d';
    expect(hrefs).toEqual([
      ['Export for Jira (CSV)', `/api/actions/export?format=jira&${filters}`],
      ['Export for Trello (CSV)', `/api/actions/export?format=trello&${filters}`],
      ['Export for Asana (CSV)', `/api/actions/export?format=asana&${filters}`],
      ['Export for monday.com (CSV)', `/api/actions/export?format=monday&${filters}`],
    ]);

    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'nobody' } });
    fireEvent.blur(screen.getByLabelText('Owner'));
    expect(await screen.findByText('No action matches these filters.')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    await screen.findByRole('link', { name: 'INC-2026-015' });
    expect(whereIs(router)).toBe('/actions');
    expect(server.made('GET', '/api/actions').at(-1)?.url).toBe('/api/actions');
    expect(screen.getByRole('link', { name: 'Export for Jira (CSV)' }).getAttribute('href')).toBe(
      '/api/actions/export?format=jira',
    );
  });

  it('says so when there are no actions, and shows the server’s error with a retry', async () => {
    let fail = true;
    server.on('GET', '/api/actions', () =>
      fail ? errorAnswer(400, 'invalid_input', 'dueWithin "x": use 7d, 2w or an ISO duration') : { body: [] },
    );
    renderApp('/actions');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('dueWithin "x": use 7d, 2w or an ISO duration');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No actions yet/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('is reached from the header’s Actions link', async () => {
    server.on('GET', '/api/post-mortems', { body: pageOf([]) });
    server.on('GET', '/api/actions', { body: actions });
    const { router } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const link = within(nav).getByRole('link', { name: 'Actions' });
    expect(link.getAttribute('href')).toBe('/actions');
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { level: 1, name: 'Actions' })).toBeTruthy();
    expect(whereIs(router)).toBe('/actions');
    expect(within(nav).getByRole('link', { name: 'Actions' }).getAttribute('aria-current')).toBe('page');
  });
});
