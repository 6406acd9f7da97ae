// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeClocks } from '../../core/clocks.js';
import type { PostMortem } from '../../core/model.js';
import { FakeEventSource } from '../testing/fake-event-source.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: storedDoc(), headers: { etag: etagOf(3) } });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

describe('workspace', () => {
  it('shows the id and title, status and severity, and a Sections navigation marking the current section', async () => {
    renderApp(`/post-mortems/${DOC_ID}`);
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.textContent).toBe(`${DOC_ID} Stolen session used against the cloud console`);
    expect(screen.getByText('Status: draft')).toBeTruthy();
    expect(screen.getByText('Severity: high')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    const names = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(names).toEqual([
      'Summary',
      'People',
      'Evidence',
      'Working timeline',
      'Curated timeline',
      'Analysis',
      'Evaluation',
      'Recommendations',
      'Indicators',
      'ATT&CK',
      'Compliance',
      'Report',
    ]);
    const summaryLink = within(nav).getByRole('link', { name: 'Summary' });
    expect(summaryLink.getAttribute('aria-current')).toBe('page');
    expect(summaryLink.getAttribute('href')).toBe(`/post-mortems/${DOC_ID}/summary`);
    expect(within(nav).getByRole('link', { name: 'Report' }).getAttribute('aria-current')).toBeNull();
    // The summary section is loaded on demand and shows the document's texts and impact.
    expect(await screen.findByText('An attacker replayed a stolen session cookie.')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Systems affected' })).toBeTruthy();
  });

  it('offers the report in every format and audience, and previews it in a sandboxed frame', async () => {
    // happy-dom does not load frames: it logs "Iframe page loading is disabled", which is expected here.
    renderApp(`/post-mortems/${DOC_ID}/report`);
    const pdf = await screen.findByRole('link', { name: 'Executive report as PDF' });
    expect(pdf.getAttribute('href')).toBe(`/api/post-mortems/${DOC_ID}/report?format=pdf&audience=executive`);
    expect(screen.getAllByRole('link', { name: / report as / })).toHaveLength(24);
    const frame = screen.getByTitle('Report preview: Technical');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('src')).toBe(
      `/api/post-mortems/${DOC_ID}/report?format=html&audience=technical`,
    );
    fireEvent.change(screen.getByLabelText('Preview for'), { target: { value: 'public' } });
    expect(screen.getByTitle('Report preview: Public').getAttribute('src')).toContain('audience=public');
  });

  it('reports a post-mortem the caller may not see as not found', async () => {
    server.on('GET', docPath, errorAnswer(404, 'not_found', `post-mortem ${DOC_ID} does not exist`));
    renderApp(`/post-mortems/${DOC_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: `${DOC_ID} not found` })).toBeTruthy();
  });
});

describe('summary editing', () => {
  it('saves the whole document with If-Match and the CSRF token, and shows the new version', async () => {
    server.on('PUT', docPath, (request) => ({
      body: { ...(request.body as PostMortem), version: 4 },
      headers: { etag: etagOf(4) },
    }));
    renderApp(`/post-mortems/${DOC_ID}/summary`);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit summary' }));
    fireEvent.change(screen.getByLabelText('How it was resolved'), {
      target: { value: 'Sessions revoked.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save summary' }));
    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect(put?.headers['x-csrf-token']).toBe('csrf-123');
    const body = put?.body as PostMortem;
    expect(body.summary).toEqual({
      whatHappened: 'An attacker replayed a stolen session cookie.',
      howDetected: 'A SIEM alert on an impossible journey.',
      howResolved: 'Sessions revoked.',
    });
    expect(body.impact.systems).toEqual([{ name: 'cloud console', criticality: 'high' }]);
    expect(screen.getByText('Sessions revoked.')).toBeTruthy();
    // The next save is based on the new version.
    fireEvent.click(screen.getByRole('button', { name: 'Edit summary' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save summary' }));
    await waitFor(() => expect(server.made('PUT', docPath)).toHaveLength(2));
    expect(server.made('PUT', docPath)[1]?.headers['if-match']).toBe(etagOf(4));
  });

  it('is read-only for a viewer', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    renderApp(`/post-mortems/${DOC_ID}/summary`);
    await screen.findByText('An attacker replayed a stolen session cookie.');
    expect(screen.queryByRole('button', { name: 'Edit summary' })).toBeNull();
  });

  it('on a version conflict shows both versions of each changed field and saves the chosen merge', async () => {
    // Someone else stored version 4 meanwhile: they rewrote "What happened" and added "Who was involved".
    const theirs = storedDoc({
      version: 4,
      title: 'Their new title',
      summary: {
        whatHappened: 'Their account of what happened.',
        howDetected: 'A SIEM alert on an impossible journey.',
        whoWasInvolved: 'The on-call SRE.',
      },
    });
    let puts = 0;
    server.on('PUT', docPath, (request) => {
      puts += 1;
      if (puts === 1) {
        return errorAnswer(409, 'version_conflict', `post-mortem ${DOC_ID} changed since version 3`, {
          storedVersion: 4,
          baseVersion: 3,
        });
      }
      return { body: { ...(request.body as PostMortem), version: 5 }, headers: { etag: etagOf(5) } };
    });
    renderApp(`/post-mortems/${DOC_ID}/summary`);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit summary' }));
    // I rewrite "What happened" too, and "How it was detected".
    fireEvent.change(screen.getByLabelText('What happened'), {
      target: { value: 'My account of what happened.' },
    });
    fireEvent.change(screen.getByLabelText('How it was detected'), {
      target: { value: 'My detection story.' },
    });
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save summary' }));

    const what = await screen.findByRole('group', { name: 'What happened' });
    expect(within(what).getByText('My account of what happened.')).toBeTruthy();
    expect(within(what).getByText('Their account of what happened.')).toBeTruthy();
    const detected = screen.getByRole('group', { name: 'How it was detected' });
    expect(within(detected).getByText('My detection story.')).toBeTruthy();
    const who = screen.getByRole('group', { name: 'Who was involved' });
    expect(within(who).getByText('The on-call SRE.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'How it was resolved' })).toBeNull();
    // Both changed "What happened": nothing is preselected, so saving waits for a choice.
    const save = screen.getByRole('button', { name: 'Save merged version' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect((within(detected).getByLabelText('Keep mine') as HTMLInputElement).checked).toBe(true);
    expect((within(who).getByLabelText('Take theirs') as HTMLInputElement).checked).toBe(true);

    fireEvent.click(within(what).getByLabelText('Take theirs'));
    expect(save.disabled).toBe(false);
    fireEvent.click(save);

    await waitFor(() => expect(server.made('PUT', docPath)).toHaveLength(2));
    const merged = server.made('PUT', docPath)[1];
    expect(merged?.headers['if-match']).toBe(etagOf(4));
    const body = merged?.body as PostMortem;
    expect(body.summary).toEqual({
      whatHappened: 'Their account of what happened.',
      howDetected: 'My detection story.',
      whoWasInvolved: 'The on-call SRE.',
    });
    // Their other changes are kept.
    expect(body.title).toBe('Their new title');
    expect(await screen.findByText('Saved as version 5.')).toBeTruthy();
  });
});

describe('curated timeline', () => {
  it('shows the entries with milestone markers and the clocks, a breached one marked', async () => {
    const doc = storedDoc({
      timeline: [
        {
          id: 'T-1',
          at: '2026-03-14T09:00:00Z',
          text: 'SIEM alert fires',
          milestone: { kind: 'detection', source: 'internal-control' },
        },
        { id: 'T-2', at: '2026-03-14T10:00:00Z', text: 'Analyst looks at the alert' },
        {
          id: 'T-3',
          at: '2026-03-15T12:00:00Z',
          text: 'Sessions revoked',
          milestone: { kind: 'containment' },
        },
      ],
    });
    server.on('GET', docPath, { body: doc, headers: { etag: etagOf(3) } });
    server.on('GET', `${docPath}/clocks`, { body: computeClocks(doc) });
    renderApp(`/post-mortems/${DOC_ID}/curated`);
    expect(await screen.findByText('SIEM alert fires')).toBeTruthy();
    const entries = screen.getAllByRole('listitem').filter((li) => li.classList.contains('curated-entry'));
    expect(entries.map((li) => li.classList.contains('milestone'))).toEqual([true, false, true]);
    expect(within(entries[0] as HTMLElement).getByText(/detection by internal-control/)).toBeTruthy();
    const clocks = await screen.findByRole('table', { name: 'Clocks against targets' });
    const contain = within(clocks).getByRole('row', { name: /Time to contain/ });
    expect(contain.className).toContain('breached');
    expect(within(contain).getByText(/Breached, over by/)).toBeTruthy();
    const detect = within(clocks).getByRole('row', { name: /Time to detect/ });
    expect(detect.className).not.toContain('breached');
    expect(within(detect).getByText('no compromise milestone')).toBeTruthy();
  });
});

describe('changes by others', () => {
  let uninstall: () => void;
  beforeEach(() => {
    uninstall = FakeEventSource.install();
  });
  afterEach(() => uninstall());

  it('shows a newer version someone stored without reloading the page, and says who and when', async () => {
    renderApp(`/post-mortems/${DOC_ID}`);
    await screen.findByText('An attacker replayed a stolen session cookie.');
    const stream = FakeEventSource.opened(`/api/post-mortems/${DOC_ID}/changes`);
    if (stream === undefined) throw new Error('the workspace opened no change stream');
    // The baseline is the version shown: nothing to do.
    act(() => stream.emit('version', { version: 3, updatedAt: '2026-12-05T09:00:00.000Z', by: 'otto' }));
    expect(server.made('GET', docPath)).toHaveLength(1);
    server.on('GET', docPath, {
      body: storedDoc({ version: 4, summary: { whatHappened: 'Otto rewrote the story.' } }),
      headers: { etag: etagOf(4) },
    });
    act(() => stream.emit('version', { version: 4, updatedAt: '2026-12-05T10:32:07.000Z', by: 'otto' }));
    expect(await screen.findByText('Otto rewrote the story.')).toBeTruthy();
    expect(screen.getByText('version 4')).toBeTruthy();
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('otto saved version 4 at 10:32 UTC; it is shown now.');
    fireEvent.click(within(status).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/otto saved version 4/)).toBeNull();
  });

  it('keeps an edit going when their version arrives, and saving shows both versions instead of overwriting', async () => {
    renderApp(`/post-mortems/${DOC_ID}/summary`);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit summary' }));
    fireEvent.change(screen.getByLabelText('What happened'), { target: { value: 'My account.' } });
    const theirs = storedDoc({ version: 4, summary: { whatHappened: 'Their account.' } });
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    server.on('PUT', docPath, (request) =>
      request.headers['if-match'] === etagOf(3)
        ? errorAnswer(409, 'version_conflict', 'changed since version 3')
        : { body: { ...(request.body as PostMortem), version: 5 }, headers: { etag: etagOf(5) } },
    );
    const stream = FakeEventSource.opened(`/api/post-mortems/${DOC_ID}/changes`);
    act(() => stream?.emit('version', { version: 4, updatedAt: '2026-12-05T10:40:00.000Z', by: 'otto' }));
    expect(await screen.findByText('version 4')).toBeTruthy();
    // My draft is still there, and saving goes against the version my edit started from.
    expect((screen.getByLabelText('What happened') as HTMLTextAreaElement).value).toBe('My account.');
    fireEvent.click(screen.getByRole('button', { name: 'Save summary' }));
    const what = await screen.findByRole('group', { name: 'What happened' });
    expect(within(what).getByText('My account.')).toBeTruthy();
    expect(within(what).getByText('Their account.')).toBeTruthy();
    expect(server.made('PUT', docPath).map((r) => r.headers['if-match'])).toEqual([etagOf(3)]);
  });

  it('says nothing about a version the signed-in user stored, and closes the stream on leaving', async () => {
    const { router } = renderApp(`/post-mortems/${DOC_ID}`);
    await screen.findByText('An attacker replayed a stolen session cookie.');
    const stream = FakeEventSource.opened(`/api/post-mortems/${DOC_ID}/changes`);
    server.on('GET', docPath, { body: storedDoc({ version: 4 }), headers: { etag: etagOf(4) } });
    const me = meAnswer().user.username;
    act(() => stream?.emit('version', { version: 4, updatedAt: '2026-12-05T10:32:07.000Z', by: me }));
    expect(await screen.findByText('version 4')).toBeTruthy();
    expect(screen.queryByText(/saved version 4/)).toBeNull();
    server.on('GET', '/api/post-mortems', { body: { items: [], total: 0 } });
    await act(() => router.navigate('/'));
    await screen.findByRole('heading', { level: 1, name: 'Post-mortems' });
    expect(stream?.closed).toBe(true);
  });
});
