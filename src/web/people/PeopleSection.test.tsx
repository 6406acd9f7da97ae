// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from '../workspace/workspace-fixtures.js';
import type { Member } from './MembersPanel.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const membersPath = `${docPath}/members`;

const people = [
  { id: 'P-1', name: 'Alice Analyst', team: 'SOC', email: 'alice@example.org', roles: ['facilitator'] },
  { id: 'P-2', name: 'Bob Responder', roles: ['responder'] },
];

const doc = () =>
  storedDoc({
    people,
    timeline: [{ id: 'T-1', at: '2026-03-14T09:00:00Z', text: 'SIEM alert fires' }],
    interviews: [
      {
        id: 'IV-1',
        participant: 'P-2',
        interviewer: 'P-1',
        at: '2026-03-16T10:00:00Z',
        notes: 'Calm talk.',
        statements: [{ entry: 'T-1', knew: 'The alert was noisy.', did: 'Waited.' }],
        timeline: ['T-1'],
      },
    ],
    review: { session: { start: '2026-03-20T14:00:00Z', durationMinutes: 90, location: 'Room 4' } },
  } as never);

function member(username: string, role: Member['role'] = 'analyst'): Member {
  return {
    id: `u-${username}`,
    username,
    displayName: `${username} name`,
    role,
    disabled: false,
    signIn: ['password'],
    createdAt: '2026-01-01T00:00:00Z',
    addedAt: '2026-03-01T00:00:00Z',
    addedBy: 'lead',
  };
}

/** PUT answers the sent document as version `version`. */
const storeAs = (version: number) => (request: { body: unknown }) => ({
  body: { ...(request.body as PostMortem), version },
  headers: { etag: etagOf(version) },
});

// The section is loaded lazily: import it once so the first test does not pay for its transform.
beforeAll(async () => {
  await import('../workspace/PeopleSection.js');
});

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: doc(), headers: { etag: etagOf(3) } });
  server.on('GET', membersPath, { body: [member('alice')] });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

const open = async () => {
  renderApp(`/post-mortems/${DOC_ID}/people`);
  return screen.findByRole('table', { name: 'People and roles' }, { timeout: 5000 });
};

describe('people and roles', () => {
  it('shows the people and saves an edit with If-Match', async () => {
    const table = await open();
    expect(within(table).getByRole('row', { name: /Alice Analyst P-1 SOC/ })).toBeTruthy();
    expect(within(table).getByText('responder')).toBeTruthy();
    server.on('PUT', docPath, storeAs(4));
    fireEvent.click(screen.getByRole('button', { name: 'Edit people' }));
    const form = screen.getByRole('form', { name: 'Edit people' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add person' }));
    const third = within(form).getByRole('group', { name: 'Person 3' });
    fireEvent.change(within(third).getByLabelText('Name'), { target: { value: 'Carol Counsel' } });
    fireEvent.change(within(third).getByLabelText('E-mail'), { target: { value: 'carol@example.org' } });
    fireEvent.click(within(third).getByLabelText('legal'));
    fireEvent.click(within(third).getByLabelText('approver'));
    const second = within(form).getByRole('group', { name: 'Person 2' });
    fireEvent.change(within(second).getByLabelText('Team'), { target: { value: 'SRE' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save people' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    const body = put?.body as PostMortem;
    expect(body.people).toEqual([
      people[0],
      { id: 'P-2', name: 'Bob Responder', team: 'SRE', roles: ['responder'] },
      // A free id (IV-1, T-1 and P-1, P-2 are taken) and the roles in the vocabulary's order.
      { id: 'P-3', name: 'Carol Counsel', email: 'carol@example.org', roles: ['approver', 'legal'] },
    ]);
    expect(body.interviews).toHaveLength(1);
    expect(await screen.findByRole('row', { name: /Carol Counsel P-3/ })).toBeTruthy();
  });

  it('checks the draft before saving', async () => {
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit people' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add person' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save people' }));
    expect(screen.getByRole('alert').textContent).toBe('Not saved: fix these first.person 3 needs a name');
    expect(server.made('PUT', docPath)).toHaveLength(0);
  });

  it('on a conflict shows both versions and keeps mine over theirs', async () => {
    const theirs = storedDoc({
      ...doc(),
      version: 4,
      people: [{ id: 'P-1', name: 'Alice A. Analyst', roles: ['facilitator', 'scribe'] }],
    } as never);
    let puts = 0;
    server.on('PUT', docPath, (request) => {
      puts += 1;
      return puts === 1
        ? errorAnswer(409, 'version_conflict', `post-mortem ${DOC_ID} changed since version 3`)
        : storeAs(5)(request);
    });
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Edit people' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove person 2' }));
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save people' }));

    const conflict = await screen.findByRole('region', { name: 'Conflict in the people' });
    expect(within(conflict).getByText('Alice Analyst (P-1): facilitator')).toBeTruthy();
    expect(within(conflict).getByText('Alice A. Analyst (P-1): facilitator, scribe')).toBeTruthy();
    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    expect(await screen.findByText('Saved as version 5.')).toBeTruthy();
    const second = server.made('PUT', docPath)[1];
    expect(second?.headers['if-match']).toBe(etagOf(4));
    expect((second?.body as PostMortem | undefined)?.people).toEqual([people[0]]);
  });
});

describe('interviews and the review session', () => {
  it('shows the interviews and saves a new one with a statement', async () => {
    await open();
    const list = screen.getByRole('list', { name: 'Interviews' });
    expect(within(list).getByRole('heading', { name: 'IV-1: Bob Responder' })).toBeTruthy();
    expect(within(list).getByText(/interviewed by Alice Analyst, about T-1/)).toBeTruthy();
    expect(within(list).getByText('The alert was noisy.')).toBeTruthy();

    server.on('PUT', docPath, storeAs(4));
    fireEvent.click(screen.getByRole('button', { name: 'Edit interviews' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add interview' }));
    const second = screen.getByRole('group', { name: 'Interview 2' });
    fireEvent.change(within(second).getByLabelText('Interviewee'), { target: { value: 'P-1' } });
    fireEvent.change(within(second).getByLabelText('When'), { target: { value: 'tomorrow' } });
    fireEvent.click(within(second).getByRole('button', { name: 'Add statement to interview 2' }));
    const statement = within(second).getByRole('group', { name: 'Statement 1 of interview 2' });
    fireEvent.change(within(statement).getByLabelText('About the timeline entry'), {
      target: { value: 'T-1' },
    });
    fireEvent.change(within(statement).getByLabelText('What they thought'), {
      target: { value: 'A false positive again.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save interviews' }));
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Not saved: fix these first\.interview 2: the time “tomorrow” is not a date and time/,
    );
    fireEvent.change(within(second).getByLabelText('When'), { target: { value: '2026-03-17T09:00+01:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save interviews' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect((put?.body as PostMortem | undefined)?.interviews[1]).toEqual({
      id: 'IV-2',
      participant: 'P-1',
      at: '2026-03-17T09:00+01:00',
      statements: [{ entry: 'T-1', thought: 'A false positive again.' }],
      timeline: [],
    });
  });

  it('shows the session with its attendees and calendar, and saves a change', async () => {
    await open();
    const calendar = screen.getByRole('link', { name: 'Download calendar (.ics)' });
    expect(calendar.getAttribute('href')).toBe(`/api/post-mortems/${DOC_ID}/calendar`);
    expect(screen.getByText('90 minutes')).toBeTruthy();
    const attendees = screen.getByRole('list', { name: 'Attendees' });
    expect(within(attendees).getByText('Alice Analyst (facilitator)')).toBeTruthy();
    expect(within(attendees).getByText(/Bob Responder \(responder\) — no e-mail/)).toBeTruthy();

    server.on('PUT', docPath, storeAs(4));
    fireEvent.click(screen.getByRole('button', { name: 'Edit session' }));
    const form = screen.getByRole('form', { name: 'Edit review session' });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '2026-03-21T09:30+01:00' } });
    fireEvent.change(within(form).getByLabelText('Duration in minutes'), { target: { value: '45' } });
    fireEvent.change(within(form).getByLabelText('Location'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Notes'), { target: { value: 'Bring the timeline.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save session' }));
    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect((put?.body as PostMortem | undefined)?.review).toEqual({
      approvals: [],
      session: { start: '2026-03-21T09:30+01:00', durationMinutes: 45, notes: 'Bring the timeline.' },
    });
  });
});

describe('members', () => {
  it('lets a lead add and remove members', async () => {
    server.on('GET', '/api/auth/me', {
      body: meAnswer({ permissions: ['post-mortem:read', 'post-mortem:edit', 'post-mortem:members'] }),
    });
    let list = [member('alice'), member('bob', 'contributor')];
    server.on('GET', membersPath, () => ({ body: list }));
    server.on('POST', membersPath, (request) => {
      const user = (request.body as { user: string }).user;
      list = [...list, member(user)];
      return { body: { username: user, added: true } };
    });
    server.on('DELETE', `${membersPath}/bob`, () => {
      list = list.filter((m) => m.username !== 'bob');
      return { body: member('bob') };
    });
    await open();
    const table = await screen.findByRole('table', { name: 'Members' });
    expect(within(table).getByRole('row', { name: /bob bob name contributor/ })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('User name to add'), { target: { value: 'carol' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    expect(await screen.findByText('carol was added.')).toBeTruthy();
    expect(server.made('POST', membersPath)[0]?.body).toEqual({ user: 'carol' });
    expect(server.made('POST', membersPath)[0]?.headers['x-csrf-token']).toBe('csrf-123');
    expect(await screen.findByRole('row', { name: /carol carol name/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove bob' }));
    expect(await screen.findByText('bob was removed.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('row', { name: /bob bob name/ })).toBeNull());
    expect(server.made('DELETE', `${membersPath}/bob`)).toHaveLength(1);
  });

  it("shows the server's message when adding fails", async () => {
    server.on('GET', '/api/auth/me', {
      body: meAnswer({ permissions: ['post-mortem:read', 'post-mortem:members'] }),
    });
    server.on('POST', membersPath, errorAnswer(404, 'not_found', 'no account named zed'));
    await open();
    fireEvent.change(await screen.findByLabelText('User name to add'), { target: { value: 'zed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));
    expect((await screen.findByRole('alert')).textContent).toBe('no account named zed');
  });
});

describe('read-only', () => {
  it('shows a viewer everything without edit controls', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    await open();
    await screen.findByRole('table', { name: 'Members' });
    expect(screen.getByRole('list', { name: 'Interviews' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download calendar (.ics)' })).toBeTruthy();
    for (const name of ['Edit people', 'Edit interviews', 'Edit session', 'Cancel session', 'Add member']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.queryByRole('button', { name: /^Remove / })).toBeNull();
  });
});
