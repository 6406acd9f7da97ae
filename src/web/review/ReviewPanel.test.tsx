// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../core/access.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from '../workspace/workspace-fixtures.js';
import type { ReportVersion, ReviewOverview } from './review-api.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const versionsPath = `${docPath}/versions`;
const HASH = `sha256:${'ab12'.repeat(16)}`;
const EDITOR: Permission[] = ['post-mortem:read', 'post-mortem:edit'];
const LEAD: Permission[] = [...EDITOR, 'post-mortem:members'];

function version(number: number, overrides: Partial<ReportVersion> = {}): ReportVersion {
  return {
    postMortemId: DOC_ID,
    number,
    revision: number + 2,
    contentHash: HASH,
    approvers: [{ person: 'P-01', name: 'Anneke Vos', at: `2026-03-1${number}T10:00:00Z` }],
    approvedAt: `2026-03-1${number}T10:00:00Z`,
    waivers: [],
    ...overrides,
  };
}

function overview(overrides: Partial<ReviewOverview> = {}): ReviewOverview {
  return {
    id: DOC_ID,
    status: 'draft',
    revision: 3,
    currentHash: HASH,
    versions: [],
    round: {
      approvers: ['P-01'],
      approved: [],
      changesRequested: [],
      pending: ['P-01'],
      decisions: [],
      complete: false,
    },
    waivers: [],
    gate: {
      lint: [
        {
          path: 'summary.whatHappened',
          start: 0,
          end: 8,
          text: 'careless',
          rule: 'blame-adjective',
          category: 'blame',
          suggestion: 'describe what happened, not the person',
        },
      ],
      unexplained: [],
      gates: [
        { gate: 'blameless-lint', clean: false },
        { gate: 'compliance', clean: true },
      ],
      passed: false,
    },
    ...overrides,
  };
}

function signIn(permissions: Permission[]) {
  server.on('GET', '/api/auth/me', { body: meAnswer({ permissions }) });
}

beforeEach(() => {
  server = new FakeServer().install();
  signIn(EDITOR);
  server.on('GET', docPath, {
    body: storedDoc({ people: [{ id: 'P-01', name: 'Anneke Vos', roles: ['approver'] }] }),
    headers: { etag: etagOf(3) },
  });
  server.on('GET', versionsPath, { body: overview() });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

async function panel(): Promise<HTMLElement> {
  renderApp(`/post-mortems/${DOC_ID}/report`);
  // The first test also waits for the section's code to load on demand.
  const region = await screen.findByRole('region', { name: 'Review and sign-off' }, { timeout: 5000 });
  await within(region).findByText(/The gate/);
  return region;
}

describe('review and sign-off', () => {
  it('shows the state and the gate blockers, and lets an editor submit with If-Match', async () => {
    server.on('POST', `${docPath}/review/submit`, {
      body: { id: DOC_ID, version: 4, status: 'in-review', approvers: ['P-01'], gate: overview().gate },
    });
    const region = await panel();
    expect(within(region).getByText('Draft', { selector: 'strong' })).toBeTruthy();
    expect(within(region).getByText(/careless/).textContent).toContain(
      'describe what happened, not the person',
    );
    expect(
      within(region)
        .getByText(/Blameless language/)
        .closest('li')?.textContent,
    ).toContain('blocking');
    expect(within(region).queryByRole('button', { name: 'Publish' })).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Waive' })).toBeNull();

    server.on('GET', versionsPath, { body: overview({ status: 'in-review' }) });
    fireEvent.click(within(region).getByRole('button', { name: 'Submit for review' }));
    expect(
      await within(region).findByText(/Submitted for review: the post-mortem is in review/),
    ).toBeTruthy();
    const [submit] = server.made('POST', `${docPath}/review/submit`);
    expect(submit?.headers['if-match']).toBe(etagOf(3));
    expect(submit?.headers['x-csrf-token']).toBe('csrf-123');
    expect(await within(region).findByText('In review', { selector: 'strong' })).toBeTruthy();
    // The document is read again (its status and version changed).
    await waitFor(() => expect(server.made('GET', docPath)).toHaveLength(2));
    expect(within(region).getByRole('button', { name: 'Approve' })).toBeTruthy();
  });

  it('approves with a comment, and asks for a comment before requesting changes', async () => {
    server.on('GET', versionsPath, { body: overview({ status: 'in-review' }) });
    const decision = {
      id: DOC_ID,
      version: 4,
      status: 'approved',
      progress: { ...overview().round, approved: ['P-01'], pending: [], complete: true },
      gate: overview().gate,
      frozen: version(1),
    };
    server.on('POST', `${docPath}/review/approve`, { body: decision });
    server.on('POST', `${docPath}/review/request-changes`, { body: { ...decision, status: 'in-review' } });
    const region = await panel();
    expect(within(region).getByText(/Anneke Vos: waiting/)).toBeTruthy();

    fireEvent.click(within(region).getByRole('button', { name: 'Request changes' }));
    expect(within(region).getByRole('alert').textContent).toContain('Say what should change');
    expect(server.made('POST', `${docPath}/review/request-changes`)).toHaveLength(0);

    fireEvent.change(within(region).getByLabelText(/Comment/), { target: { value: 'Name the control.' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Request changes' }));
    await within(region).findByText(/Your request for changes is recorded/);
    expect(server.made('POST', `${docPath}/review/request-changes`)[0]?.body).toEqual({
      comment: 'Name the control.',
    });

    fireEvent.change(within(region).getByLabelText(/Comment/), { target: { value: 'Fair and complete.' } });
    server.on('GET', versionsPath, { body: overview({ status: 'approved', versions: [version(1)] }) });
    fireEvent.click(within(region).getByRole('button', { name: 'Approve' }));
    expect(
      await within(region).findByText(
        `Your approval is recorded; the post-mortem is approved. Report version 1 is frozen (${HASH}).`,
      ),
    ).toBeTruthy();
    const [approve] = server.made('POST', `${docPath}/review/approve`);
    expect(approve?.body).toEqual({ comment: 'Fair and complete.' });
    expect(approve?.headers['if-match']).toBe(etagOf(3));
    expect(await within(region).findByText('Approved', { selector: 'strong' })).toBeTruthy();
  });

  it('lets an admin decide for a named approver, and offers it to nobody else', async () => {
    server.on('GET', versionsPath, { body: overview({ status: 'in-review' }) });
    server.on('POST', `${docPath}/review/approve`, {
      body: {
        id: DOC_ID,
        version: 4,
        status: 'approved',
        progress: { ...overview().round, approved: ['P-01'], pending: [], complete: true },
        gate: overview().gate,
        frozen: version(1),
      },
    });
    const editorPanel = await panel();
    expect(within(editorPanel).queryByLabelText('Decide as')).toBeNull();
    cleanup();
    const base = meAnswer();
    server.on('GET', '/api/auth/me', {
      body: meAnswer({ user: { ...base.user, role: 'admin' }, permissions: [...LEAD, 'users:manage'] }),
    });
    const region = await panel();
    const decideAs = within(region).getByLabelText('Decide as') as HTMLSelectElement;
    expect([...decideAs.options].map((o) => o.textContent)).toEqual([
      'Myself (the approver with my e-mail)',
      'Anneke Vos, on their behalf (recorded in the audit trail)',
    ]);
    fireEvent.change(decideAs, { target: { value: 'P-01' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(server.made('POST', `${docPath}/review/approve`)).toHaveLength(1));
    expect(server.made('POST', `${docPath}/review/approve`)[0]?.body).toEqual({ person: 'P-01' });
  });

  it('lets a lead waive a blocking gate with a reason, publish and reopen', async () => {
    signIn(LEAD);
    server.on('POST', `${docPath}/review/waivers`, {
      body: {
        id: DOC_ID,
        contentHash: HASH,
        waiver: {
          gate: 'blameless-lint',
          reason: 'quoted from the attacker',
          by: 'lead',
          at: '2026-03-12T10:00:00Z',
        },
        gate: overview().gate,
      },
    });
    const region = await panel();
    fireEvent.click(within(region).getByRole('button', { name: 'Waive' }));
    expect(within(region).getByRole('alert').textContent).toContain('at least 10 characters');
    fireEvent.change(within(region).getByLabelText(/Reason for the waiver/), {
      target: { value: 'quoted from the attacker' },
    });
    fireEvent.click(within(region).getByRole('button', { name: 'Waive' }));
    await within(region).findByText('The gate “Blameless language” is waived.');
    expect(server.made('POST', `${docPath}/review/waivers`)[0]?.body).toEqual({
      gate: 'blameless-lint',
      reason: 'quoted from the attacker',
    });
    cleanup();

    server.on('GET', versionsPath, { body: overview({ status: 'approved', versions: [version(1)] }) });
    server.on('POST', `${docPath}/review/publish`, {
      body: {
        id: DOC_ID,
        version: 5,
        reportVersion: 1,
        contentHash: HASH,
        publishedAt: '2026-03-12T11:00:00Z',
      },
    });
    const approved = await panel();
    expect(within(approved).queryByRole('button', { name: 'Submit for review' })).toBeNull();
    server.on('GET', versionsPath, {
      body: overview({
        status: 'published',
        versions: [version(1, { publishedAt: '2026-03-12T11:00:00Z' })],
      }),
    });
    fireEvent.click(within(approved).getByRole('button', { name: 'Publish' }));
    await within(approved).findByText('Published: report version 1 is the published version.');
    expect(await within(approved).findByText('Published', { selector: 'strong' })).toBeTruthy();
    server.on('POST', `${docPath}/review/reopen`, {
      body: { id: DOC_ID, version: 6, status: 'draft', draftAfter: 1 },
    });
    fireEvent.click(within(approved).getByRole('button', { name: 'Reopen' }));
    await within(approved).findByText('Reopened: the post-mortem is a draft again.');
    expect(server.made('POST', `${docPath}/review/reopen`)).toHaveLength(1);
  });

  it('shows viewers the state and versions without any action', async () => {
    signIn(['post-mortem:read']);
    const region = await panel();
    expect(within(region).queryAllByRole('button')).toHaveLength(0);
  });

  it('lists the versions with their reports, and shows the diff of two versions', async () => {
    server.on('GET', versionsPath, {
      body: overview({ versions: [version(1), version(2, { publishedAt: '2026-03-13T09:00:00Z' })] }),
    });
    server.on('GET', `${docPath}/diff`, {
      body: {
        id: DOC_ID,
        from: 1,
        to: 'current',
        patch: '--- version 1\n+++ current\n-title: Old\n+title: New\n',
        changes: [{ path: 'title', kind: 'changed', old: 'Old', new: 'New' }],
      },
    });
    const region = await panel();
    const table = within(region).getByRole('table', { name: 'Approved versions' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.textContent).toContain('ab12ab12ab12…');
    expect(rows[1]?.textContent).toContain('Anneke Vos');
    expect(rows[1]?.textContent).toContain('not published');
    expect(rows[2]?.textContent).toContain('2026-03-13T09:00:00Z');
    expect(within(table).getByRole('link', { name: 'Version 1 report as PDF' }).getAttribute('href')).toBe(
      `${docPath}/report?format=pdf&version=1`,
    );
    fireEvent.change(within(region).getByLabelText('Compare from'), { target: { value: '1' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Show differences' }));
    const changes = await within(region).findByRole('table', {
      name: 'Changes from version 1 to the current document',
    });
    expect(within(changes).getByRole('row', { name: /title/ }).textContent).toBe('titlechangedOldNew');
    expect(region.querySelector('pre')?.textContent).toContain('+title: New');
    const [diff] = server.made('GET', `${docPath}/diff`);
    expect(diff?.query.get('from')).toBe('1');
    expect(diff?.query.get('to')).toBe('current');
  });

  it('asks for the password again when the server wants a recent sign-in, then retries', async () => {
    signIn(LEAD);
    server.on('GET', versionsPath, { body: overview({ status: 'approved', versions: [version(1)] }) });
    let attempts = 0;
    server.on('POST', `${docPath}/review/publish`, () => {
      attempts += 1;
      return attempts === 1
        ? errorAnswer(401, 'reauthentication_required', 'this needs a recent sign-in (within 10 minutes)', {
            reauthenticate: 'password',
          })
        : {
            body: {
              id: DOC_ID,
              version: 5,
              reportVersion: 1,
              contentHash: HASH,
              publishedAt: '2026-03-12T11:00:00Z',
            },
          };
    });
    server.on('POST', '/api/auth/reauthenticate', {
      body: { authenticatedAt: '2026-03-12T11:00:00Z', recentUntil: '2026-03-12T11:10:00Z' },
    });
    const region = await panel();
    fireEvent.click(within(region).getByRole('button', { name: 'Publish' }));
    const prompt = await within(region).findByRole('region', { name: 'Confirm it is you' });
    expect(within(prompt).getByRole('alert').textContent).toBe(
      'this needs a recent sign-in (within 10 minutes)',
    );
    expect(within(prompt).getByText(/needs a recent sign-in. Confirm your password/)).toBeTruthy();
    // Still signed in: the page did not go to the sign-in page.
    expect(screen.getByRole('heading', { level: 2, name: 'Report' })).toBeTruthy();
    fireEvent.change(within(prompt).getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'Confirm and retry' }));
    await within(region).findByText('Published: report version 1 is the published version.');
    expect(server.made('POST', '/api/auth/reauthenticate')[0]?.body).toEqual({ password: 'correct horse' });
    expect(server.made('POST', `${docPath}/review/publish`)).toHaveLength(2);
  });
});
