// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortemInput } from '../../contract/post-mortem.schema.js';
import type { PostMortem, Recommendation } from '../../core/model.js';
import { errorAnswer, FakeServer, type RecordedRequest } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const recPath = (id: string) => `${docPath}/recommendations/${id}`;

const RECS: PostMortemInput['recommendations'] = [
  { id: 'R-01', title: 'Bind sessions to devices', type: 'preventive', priority: 'high' },
  {
    id: 'R-02',
    title: 'Alert on impossible travel',
    type: 'detective',
    priority: 'critical',
    status: 'accepted',
    owner: 'P-01',
    due: '2020-01-01',
    tracker: { system: 'jira', key: 'SEC-12', url: 'https://jira.example.org/browse/SEC-12' },
  },
  {
    id: 'R-03',
    title: 'Shorten session lifetime',
    type: 'corrective',
    priority: 'medium',
    status: 'done',
    owner: 'Platform team',
    due: '2099-12-31',
  },
];

function doc(): PostMortem {
  return storedDoc({
    people: [{ id: 'P-01', name: 'Anneke Vos', roles: [] }],
    evidence: [{ id: 'EV-0001', title: 'Proxy logs', kind: 'log' }],
    recommendations: RECS,
  });
}

/** The PATCH answer: the recommendation changed by the request's body, at version 4. */
function patched(request: RecordedRequest) {
  const body = request.body as Record<string, unknown>;
  const id = request.path.split('/').at(-1) ?? '';
  const rec = doc().recommendations.find((r) => r.id === id) as Recommendation;
  return {
    body: { postMortem: DOC_ID, version: 4, recommendation: { ...rec, ...body } },
    headers: { etag: etagOf(4) },
  };
}

function column(name: string): HTMLElement {
  return screen.getByRole('region', { name: new RegExp(`^${name} \\(`) });
}

// The first test also waits for the section's code to load on demand.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: doc(), headers: { etag: etagOf(3) } });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

describe('recommendations board', () => {
  it('has one column per status in lifecycle order, with a card per recommendation', async () => {
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    await screen.findByRole('heading', { level: 2, name: 'Recommendations' });
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual([
      'Proposed (1)',
      'Accepted (1)',
      'In progress (0)',
      'Done (1)',
      'Verified (0)',
      'Risk accepted (0)',
      'Rejected (0)',
    ]);
    const accepted = within(column('Accepted')).getByRole('article', { name: /R-02/ });
    expect(accepted.textContent).toContain('Anneke Vos');
    expect(accepted.textContent).toContain('critical');
    expect(within(accepted).getByRole('link', { name: 'jira SEC-12' }).getAttribute('href')).toBe(
      'https://jira.example.org/browse/SEC-12',
    );
    expect(within(column('Proposed')).getByRole('article', { name: /R-01 Bind sessions/ })).toBeTruthy();
  });

  it('marks an overdue recommendation in words and filters to overdue ones', async () => {
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    const overdue = await screen.findByRole('article', { name: /R-02/ });
    expect(within(overdue).getByText('Overdue')).toBeTruthy();
    expect(overdue.className).toContain('overdue');
    const later = screen.getByRole('article', { name: /R-03/ });
    expect(within(later).queryByText('Overdue')).toBeNull();
    fireEvent.click(screen.getByLabelText('Overdue only'));
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(screen.getByRole('article', { name: /R-02/ })).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Overdue only'));
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'Platform team' } });
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(screen.getByRole('article', { name: /R-03/ })).toBeTruthy();
  });

  it('moves a card with PATCH, If-Match and the new status, and uses the new ETag next', async () => {
    server.on('PATCH', recPath('R-02'), patched);
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    fireEvent.change(await screen.findByLabelText('Move R-02 to'), { target: { value: 'in-progress' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move R-02' }));
    expect(await screen.findByText('R-02 moved to In progress (version 4).')).toBeTruthy();
    const [patch] = server.made('PATCH', recPath('R-02'));
    expect(patch?.headers['if-match']).toBe(etagOf(3));
    expect(patch?.headers['x-csrf-token']).toBe('csrf-123');
    expect(patch?.body).toEqual({ status: 'in-progress' });
    expect(within(column('In progress')).getByRole('article', { name: /R-02/ })).toBeTruthy();
    expect(within(column('Accepted')).queryByRole('article')).toBeNull();
    // The next change is based on the answer's ETag.
    fireEvent.click(screen.getByRole('button', { name: 'Edit R-02' }));
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'low' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save R-02' }));
    await waitFor(() => expect(server.made('PATCH', recPath('R-02'))).toHaveLength(2));
    const second = server.made('PATCH', recPath('R-02'))[1];
    expect(second?.headers['if-match']).toBe(etagOf(4));
    expect(second?.body).toEqual({ priority: 'low' });
  });

  it('asks for the verification when moving to verified and sends it', async () => {
    server.on('PATCH', recPath('R-03'), patched);
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    fireEvent.change(await screen.findByLabelText('Move R-03 to'), { target: { value: 'verified' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move R-03' }));
    const form = screen.getByRole('form', { name: 'Move R-03 to Verified' });
    fireEvent.change(within(form).getByLabelText('How it was shown to work'), {
      target: { value: 're-test' },
    });
    fireEvent.change(within(form).getByLabelText('Result'), { target: { value: 'session replay refused' } });
    fireEvent.click(within(form).getByLabelText(/EV-0001/));
    fireEvent.change(within(form).getByLabelText('Other evidence ids'), { target: { value: 'EV-0002' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Move to Verified' }));
    await screen.findByText('R-03 moved to Verified (version 4).');
    expect(server.made('PATCH', recPath('R-03'))[0]?.body).toEqual({
      status: 'verified',
      verification: { method: 're-test', result: 'session replay refused', evidence: ['EV-0001', 'EV-0002'] },
    });
  });

  it('sends the risk acceptance, and the reason when going back', async () => {
    server.on('PATCH', recPath('R-03'), patched);
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    fireEvent.change(await screen.findByLabelText('Move R-03 to'), { target: { value: 'in-progress' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move R-03' }));
    const form = screen.getByRole('form', { name: 'Move R-03 to In progress' });
    fireEvent.change(within(form).getByLabelText('Reason for going back'), {
      target: { value: 'regressed' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Move to In progress' }));
    await screen.findByText('R-03 moved to In progress (version 4).');
    expect(server.made('PATCH', recPath('R-03'))[0]?.body).toEqual({
      status: 'in-progress',
      why: 'regressed',
    });
  });

  it('shows the server message when a move is refused, and keeps the card where it was', async () => {
    server.on(
      'PATCH',
      recPath('R-01'),
      errorAnswer(400, 'invalid_input', 'accepted needs a due date (--due)'),
    );
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    fireEvent.click(await screen.findByRole('button', { name: 'Move R-01' }));
    // Proposed → accepted needs an owner and a due date: the form asks for them.
    const form = screen.getByRole('form', { name: 'Move R-01 to Accepted' });
    fireEvent.change(within(form).getByLabelText('Owner'), { target: { value: 'P-01' } });
    fireEvent.change(within(form).getByLabelText('Due date'), { target: { value: '2026-06-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Move to Accepted' }));
    const card = screen.getByRole('article', { name: /R-01/ });
    expect((await within(card).findByRole('alert')).textContent).toBe('accepted needs a due date (--due)');
    expect(server.made('PATCH', recPath('R-01'))[0]?.body).toEqual({
      status: 'accepted',
      owner: 'P-01',
      due: '2026-06-30',
    });
    expect(within(column('Proposed')).getByRole('article', { name: /R-01/ })).toBeTruthy();
  });

  it('adds a recommendation with the part editor: PUT with If-Match and the new item', async () => {
    server.on('PUT', docPath, (request) => ({
      body: { ...(request.body as PostMortem), version: 4 },
      headers: { etag: etagOf(4) },
    }));
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    fireEvent.click(await screen.findByRole('button', { name: 'Add recommendation' }));
    const form = screen.getByRole('form', { name: 'New recommendation' });
    expect((within(form).getByLabelText('Id') as HTMLInputElement).value).toBe('R-04');
    fireEvent.change(within(form).getByLabelText('Title'), {
      target: { value: 'Require phishing-resistant MFA' },
    });
    fireEvent.change(within(form).getByLabelText('Priority'), { target: { value: 'high' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save recommendation' }));
    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    const body = put?.body as PostMortem;
    expect(body.recommendations.map((r) => r.id)).toEqual(['R-01', 'R-02', 'R-03', 'R-04']);
    expect(body.recommendations[3]).toEqual({
      id: 'R-04',
      title: 'Require phishing-resistant MFA',
      type: 'preventive',
      priority: 'high',
      status: 'proposed',
      addresses: [],
      history: [],
    });
    expect(within(column('Proposed')).getByRole('article', { name: /R-04 Require/ })).toBeTruthy();
  });

  it('shows viewers the board without controls', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read'] }) });
    renderApp(`/post-mortems/${DOC_ID}/recommendations`);
    await screen.findByRole('article', { name: /R-01/ });
    expect(screen.queryByRole('button', { name: /Move/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add recommendation' })).toBeNull();
  });
});
