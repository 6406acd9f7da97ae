// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;

const impact = {
  systems: [
    { name: 'cloud console', criticality: 'high', description: 'Admin access to production' },
    { name: 'SSO' },
  ],
  dataCategories: ['audit logs', 'customer contact details'],
  recordsAffected: 1200,
  peopleAffected: 340,
  businessImpact: 'Console access suspended for two hours.',
  cost: { amount: 15000, currency: 'EUR', note: 'forensics' },
};

const doc = () => storedDoc({ impact } as never);

/** PUT answers the sent document as version `version`. */
const storeAs = (version: number) => (request: { body: unknown }) => ({
  body: { ...(request.body as PostMortem), version },
  headers: { etag: etagOf(version) },
});

// The section is loaded lazily: import it once so the first test does not pay for its transform.
beforeAll(async () => {
  await import('./SummarySection.js');
});

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: doc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${docPath}/lint`, { body: { audience: 'internal', findings: [] } });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

const open = async () => {
  renderApp(`/post-mortems/${DOC_ID}/summary`);
  return screen.findByRole('region', { name: 'Impact' }, { timeout: 5000 });
};

const startEditing = async () => {
  const region = await open();
  fireEvent.click(within(region).getByRole('button', { name: 'Edit impact' }));
  return screen.getByRole('form', { name: 'Edit impact' });
};

describe('impact', () => {
  it('shows every fact of the impact to a viewer, without an edit button', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    const region = await open();
    const facts = within(region)
      .getAllByRole('definition')
      .map((dd) => dd.textContent);
    expect(facts).toEqual(['1,200', '340', '15,000 EUR (forensics)', 'audit logs, customer contact details']);
    expect(within(region).getByText('Console access suspended for two hours.')).toBeTruthy();
    const table = within(region).getByRole('table', { name: 'Systems affected' });
    expect(
      within(table).getByRole('row', { name: 'cloud console high Admin access to production' }),
    ).toBeTruthy();
    expect(within(table).getByRole('row', { name: 'SSO' })).toBeTruthy();
    expect(within(region).queryByRole('button', { name: 'Edit impact' })).toBeNull();
  });

  it('edits every field and saves the exact impact with If-Match', async () => {
    server.on('PUT', docPath, storeAs(4));
    const form = await startEditing();
    expect((within(form).getByLabelText('Records affected') as HTMLInputElement).value).toBe('1200');
    fireEvent.change(within(form).getByLabelText('Records affected'), { target: { value: '2500' } });
    fireEvent.change(within(form).getByLabelText('People affected'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Cost amount'), { target: { value: '20000.5' } });
    fireEvent.change(within(form).getByLabelText('Currency'), { target: { value: 'usd' } });
    fireEvent.change(within(form).getByLabelText('Cost note'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Remove data category 1' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add data category' }));
    fireEvent.change(within(form).getByLabelText('Data category 2'), { target: { value: 'session tokens' } });
    fireEvent.change(within(form).getByLabelText('Business impact'), { target: { value: '' } });
    const first = within(form).getByRole('group', { name: 'System 1' });
    fireEvent.change(within(first).getByLabelText('Criticality'), { target: { value: 'critical' } });
    fireEvent.change(within(first).getByLabelText('Description'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Remove system 2' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add system' }));
    const added = within(form).getByRole('group', { name: 'System 2' });
    fireEvent.change(within(added).getByLabelText('Name'), { target: { value: 'billing API' } });
    fireEvent.change(within(added).getByLabelText('Criticality'), { target: { value: 'medium' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect(put?.headers['x-csrf-token']).toBe('csrf-123');
    const body = put?.body as PostMortem;
    expect(body.impact).toStrictEqual({
      systems: [
        { name: 'cloud console', criticality: 'critical' },
        { name: 'billing API', criticality: 'medium' },
      ],
      dataCategories: ['customer contact details', 'session tokens'],
      recordsAffected: 2500,
      cost: { amount: 20000.5, currency: 'USD' },
    });
    // The rest of the document is sent as it was.
    expect(body.summary).toEqual(doc().summary);
    // The view shows the stored version.
    const region = screen.getByRole('region', { name: 'Impact' });
    expect(within(region).getByText('20,000.5 USD')).toBeTruthy();
    expect(within(region).getByRole('row', { name: 'billing API medium' })).toBeTruthy();
  });

  it('clearing the cost removes it', async () => {
    server.on('PUT', docPath, storeAs(4));
    const form = await startEditing();
    for (const label of ['Cost amount', 'Currency', 'Cost note']) {
      fireEvent.change(within(form).getByLabelText(label), { target: { value: '' } });
    }
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));
    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const body = server.made('PUT', docPath)[0]?.body as PostMortem;
    expect(body.impact.cost).toBeUndefined();
    expect('cost' in body.impact).toBe(false);
    expect(screen.getByText('not recorded')).toBeTruthy();
  });

  it('lists every schema problem with its path and does not save', async () => {
    const form = await startEditing();
    fireEvent.change(within(form).getByLabelText('Records affected'), { target: { value: '-5' } });
    fireEvent.change(within(form).getByLabelText('People affected'), { target: { value: '2.5' } });
    fireEvent.change(within(form).getByLabelText('Currency'), { target: { value: 'EU' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add system' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add data category' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));

    const alert = within(form).getByRole('alert');
    expect(alert.textContent).toMatch(/^Not saved: fix these first\./);
    const problems = within(alert)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(problems).toHaveLength(5);
    expect(problems).toContain('impact.systems[2].name: must not be empty');
    expect(problems).toContain('impact.dataCategories[2]: must not be empty');
    expect(problems).toContain('impact.cost.currency: expected an ISO 4217 currency code such as EUR');
    expect(problems.some((p) => p?.startsWith('impact.recordsAffected: '))).toBe(true);
    expect(problems.some((p) => p?.startsWith('impact.peopleAffected: '))).toBe(true);
    expect(server.made('PUT', docPath)).toHaveLength(0);
  });

  it('says a cost needs an amount, and a system may be listed once', async () => {
    const form = await startEditing();
    fireEvent.change(within(form).getByLabelText('Cost amount'), { target: { value: '' } });
    const second = within(form).getByRole('group', { name: 'System 2' });
    fireEvent.change(within(second).getByLabelText('Name'), { target: { value: 'Cloud Console ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));
    const problems = within(within(form).getByRole('alert'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(problems).toEqual([
      'impact.cost.amount: enter the amount, or clear the currency and note to record no cost',
      'impact.systems[1].name: “Cloud Console” is listed twice',
    ]);
    expect(server.made('PUT', docPath)).toHaveLength(0);
  });

  it('shows the server’s message when the save is refused', async () => {
    server.on('PUT', docPath, errorAnswer(403, 'forbidden', 'you may not edit this post-mortem'));
    const form = await startEditing();
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('you may not edit this post-mortem');
  });

  it('on a conflict shows both versions; Keep mine saves over theirs with their ETag', async () => {
    const theirs = storedDoc({ ...doc(), version: 4, impact: { ...impact, recordsAffected: 9000 } } as never);
    let puts = 0;
    server.on('PUT', docPath, (request) => {
      puts += 1;
      return puts === 1
        ? errorAnswer(409, 'version_conflict', `post-mortem ${DOC_ID} changed since version 3`)
        : storeAs(5)(request);
    });
    const form = await startEditing();
    fireEvent.change(within(form).getByLabelText('Records affected'), { target: { value: '1300' } });
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));

    const conflict = await screen.findByRole('region', { name: 'Conflict in the impact' });
    expect(within(conflict).getByText('Records affected: 1,300')).toBeTruthy();
    expect(within(conflict).getByText('Records affected: 9,000')).toBeTruthy();
    expect(within(conflict).getAllByText('Systems: cloud console (high), SSO')).toHaveLength(2);
    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    expect(await screen.findByText('Saved as version 5.')).toBeTruthy();
    const second = server.made('PUT', docPath)[1];
    expect(second?.headers['if-match']).toBe(etagOf(4));
    expect((second?.body as PostMortem | undefined)?.impact).toEqual({ ...impact, recordsAffected: 1300 });
  });

  it('on a conflict, Take theirs shows the stored version', async () => {
    const theirs = storedDoc({ ...doc(), version: 4, impact: { ...impact, peopleAffected: 1 } } as never);
    server.on('PUT', docPath, errorAnswer(409, 'version_conflict', 'changed'));
    const form = await startEditing();
    fireEvent.change(within(form).getByLabelText('People affected'), { target: { value: '7' } });
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save impact' }));
    const conflict = await screen.findByRole('region', { name: 'Conflict in the impact' });
    fireEvent.click(within(conflict).getByRole('button', { name: 'Take theirs' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Conflict in the impact' })).toBeNull());
    const region = screen.getByRole('region', { name: 'Impact' });
    expect(within(region).getAllByRole('definition')[1]?.textContent).toBe('1');
    expect(server.made('PUT', docPath)).toHaveLength(1);
  });
});
