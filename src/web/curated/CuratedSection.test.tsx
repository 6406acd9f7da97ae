// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeClocks } from '../../core/clocks.js';
import type { PostMortem, TimelineEntry } from '../../core/model.js';
import { errorAnswer, FakeServer, type RecordedRequest } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from '../workspace/workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const clocksPath = `${docPath}/clocks`;

const entry = (id: string, at: string, text: string, more: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id,
  at,
  text,
  evidence: [],
  events: [],
  attack: [],
  tags: [],
  uncertain: false,
  ...more,
});

const T1 = entry('T-1', '2026-03-14T09:00:00Z', 'SIEM alert fires', {
  milestone: { kind: 'detection', source: 'internal-control' },
  evidence: ['E1'],
  events: ['EV-0001#12'],
});
const T2 = entry('T-2', '2026-03-14T10:00:00Z', 'Analyst looks at the alert');
const T3 = entry('T-3', '2026-03-15T12:00:00Z', 'Sessions revoked', { milestone: { kind: 'containment' } });

const doc = (): PostMortem =>
  storedDoc({
    evidence: [
      { id: 'E1', title: 'SIEM alert export', kind: 'alert' },
      { id: 'E2', title: 'Proxy log', kind: 'log' },
    ],
    timeline: [T1, T2, T3],
    analysis: {
      fiveWhys: [
        {
          id: 'W-1',
          problem: 'The alert waited an hour',
          whys: [{ id: 'W-1.1', answer: 'The queue was long', timeline: ['T-2'] }],
        },
      ],
    },
  } as never);

/** The stored document: PUT stores the sent body as version `version`, the clocks follow it. */
let stored: PostMortem;
const storeAs = (version: number) => (request: RecordedRequest) => {
  stored = { ...(request.body as PostMortem), version };
  return { body: stored, headers: { etag: etagOf(version) } };
};

beforeAll(async () => {
  await import('../workspace/CuratedSection.js');
});

beforeEach(() => {
  stored = doc();
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: stored, headers: { etag: etagOf(3) } });
  server.on('GET', clocksPath, () => ({ body: computeClocks(stored) }));
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

const open = async () => {
  renderApp(`/post-mortems/${DOC_ID}/curated`);
  await screen.findByRole('heading', { name: 'Curated timeline' }, { timeout: 5000 });
  await screen.findByRole('table', { name: 'Clocks against targets' });
};

const startEditing = () => {
  fireEvent.click(screen.getByRole('button', { name: 'Edit timeline' }));
  return screen.getByRole('form', { name: 'Edit curated timeline' });
};

const group = (id: string) => screen.getByRole('group', { name: `Entry ${id}` });

const sentTimeline = (n = 0) => (server.made('PUT', docPath)[n]?.body as PostMortem | undefined)?.timeline;

describe('curated timeline editing', () => {
  it('shows a viewer the timeline without edit controls', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read'] }) });
    await open();
    expect(screen.getByText('SIEM alert fires')).toBeTruthy();
    expect(screen.getByText(/detection by internal-control/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit timeline' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Save|Add entry|Remove/ })).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it("saves an entry's text, time and milestone with If-Match, in time order, and reads the clocks again", async () => {
    await open();
    const clocks = screen.getByRole('table', { name: 'Clocks against targets' });
    expect(within(clocks).getByRole('row', { name: /Time to acknowledge/ }).className).toContain('missing');
    expect(server.made('GET', clocksPath)).toHaveLength(1);
    server.on('PUT', docPath, storeAs(4));

    startEditing();
    const second = group('T-2');
    expect(within(group('T-1')).getByText(/Promoted from working-timeline event EV-0001#12/)).toBeTruthy();
    expect((within(group('T-1')).getByLabelText('E1: SIEM alert export') as HTMLInputElement).checked).toBe(
      true,
    );
    const first = group('T-1');
    expect((within(first).getByLabelText('Milestone') as HTMLSelectElement).value).toBe('detection');
    expect((within(first).getByLabelText('Detection source') as HTMLSelectElement).value).toBe(
      'internal-control',
    );
    expect((within(first).getByLabelText('Time') as HTMLInputElement).value).toBe('2026-03-14T09:00:00Z');
    fireEvent.change(within(second).getByLabelText('Text'), {
      target: { value: 'On-call analyst acknowledges the alert' },
    });
    fireEvent.change(within(second).getByLabelText('Milestone'), { target: { value: 'acknowledgement' } });
    fireEvent.change(within(second).getByLabelText('Milestone detail'), { target: { value: 'by phone' } });
    // The entry moves after T-3 by its time: saved in time order.
    fireEvent.change(within(second).getByLabelText('Time'), {
      target: { value: '2026-03-15T14:00:00+01:00' },
    });
    const third = group('T-3');
    fireEvent.change(within(third).getByLabelText('Milestone'), { target: { value: 'notification' } });
    fireEvent.change(within(third).getByLabelText('Notification recipient'), {
      target: { value: 'the regulator' },
    });
    fireEvent.change(within(third).getByLabelText('Regime'), { target: { value: 'gdpr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save timeline' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    expect(sentTimeline()).toEqual([
      T1,
      { ...T3, milestone: { kind: 'notification', recipient: 'the regulator', regime: 'gdpr' } },
      {
        ...T2,
        at: '2026-03-15T14:00:00+01:00',
        text: 'On-call analyst acknowledges the alert',
        milestone: { kind: 'acknowledgement', detail: 'by phone' },
      },
    ]);
    // The rest of the document is sent as it was.
    expect((put?.body as PostMortem | undefined)?.analysis.fiveWhys).toEqual(doc().analysis.fiveWhys);

    // The visual timeline shows the saved version; the clocks are read again and now measure acknowledgement.
    expect(screen.getByText('On-call analyst acknowledges the alert')).toBeTruthy();
    expect(screen.getByText('notification to the regulator')).toBeTruthy();
    await waitFor(() => expect(server.made('GET', clocksPath)).toHaveLength(2));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Clocks against targets' })).getByRole('row', {
          name: /Time to acknowledge/,
        }).className,
      ).not.toContain('missing'),
    );
  });

  it('adds an entry with the next free id, techniques and evidence links', async () => {
    await open();
    server.on('PUT', docPath, storeAs(4));
    startEditing();
    fireEvent.click(screen.getByRole('button', { name: 'Add entry' }));
    const added = group('T-4');
    expect(document.activeElement).toBe(within(added).getByLabelText('Time'));
    fireEvent.change(within(added).getByLabelText('Time'), {
      target: { value: '2026-03-14T08:30:00+01:00' },
    });
    fireEvent.change(within(added).getByLabelText('Text'), { target: { value: 'Phishing mail opened' } });
    fireEvent.change(within(added).getByLabelText('Milestone'), { target: { value: 'detection' } });
    fireEvent.change(within(added).getByLabelText('Detection source'), {
      target: { value: 'employee-report' },
    });
    fireEvent.change(within(added).getByLabelText('ATT&CK techniques'), {
      target: { value: 't1566.002, T1078,' },
    });
    expect((within(added).getByLabelText('ATT&CK techniques') as HTMLInputElement).value).toBe(
      't1566.002, T1078,',
    );
    fireEvent.click(within(added).getByLabelText('E2: Proxy log'));
    fireEvent.click(within(added).getByLabelText('Time or fact uncertain'));
    fireEvent.click(screen.getByRole('button', { name: 'Save timeline' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    expect(sentTimeline()).toEqual([
      entry('T-4', '2026-03-14T08:30:00+01:00', 'Phishing mail opened', {
        milestone: { kind: 'detection', source: 'employee-report' },
        attack: ['T1566.002', 'T1078'],
        evidence: ['E2'],
        uncertain: true,
      }),
      T1,
      T2,
      T3,
    ]);
    const entries = screen.getAllByRole('listitem').filter((li) => li.classList.contains('curated-entry'));
    expect(entries[0]?.textContent).toMatch(/T-4.*Phishing mail opened/);
  });

  it('removes an entry after confirming, naming the links elsewhere that it breaks', async () => {
    await open();
    server.on('PUT', docPath, storeAs(4));
    startEditing();
    fireEvent.click(within(group('T-2')).getByRole('button', { name: 'Remove entry T-2' }));
    const confirm = screen.getByRole('group', { name: 'Confirm removing entry T-2' });
    expect(confirm.textContent).toMatch(/One other place links to it/);
    const links = within(confirm).getByRole('list', { name: 'Links to entry T-2' });
    expect(
      within(links)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['analysis.fiveWhys[0].whys[0].timeline[0]']);
    // Keeping it changes nothing.
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep entry T-2' }));
    expect(group('T-2')).toBeTruthy();

    // T-3 has no links: the confirmation says so.
    fireEvent.click(within(group('T-3')).getByRole('button', { name: 'Remove entry T-3' }));
    expect(screen.getByRole('group', { name: 'Confirm removing entry T-3' }).textContent).toMatch(
      /Nothing else in the document links to it/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Keep entry T-3' }));

    fireEvent.click(within(group('T-2')).getByRole('button', { name: 'Remove entry T-2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removing entry T-2' }));
    expect(screen.queryByRole('group', { name: 'Entry T-2' })).toBeNull();
    const broken = screen.getByRole('list', { name: 'Broken links' });
    expect(broken.textContent).toBe('analysis.fiveWhys[0].whys[0].timeline[0]');
    fireEvent.click(screen.getByRole('button', { name: 'Save timeline' }));

    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    expect(sentTimeline()).toEqual([T1, T3]);
    expect(screen.queryByText('Analyst looks at the alert')).toBeNull();
  });

  it('blocks the save of a bad time or an empty text and names each problem', async () => {
    await open();
    startEditing();
    fireEvent.change(within(group('T-1')).getByLabelText('Time'), {
      target: { value: '2026-03-14T09:00:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add entry' }));
    fireEvent.change(within(group('T-4')).getByLabelText('Time'), { target: { value: '2026-03-14' } });
    fireEvent.change(within(group('T-2')).getByLabelText('ATT&CK techniques'), { target: { value: 'T15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save timeline' }));

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^Not saved: fix these first\./);
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Entry T-1, time: a date-time needs an offset (Z or ±HH:MM) so it names one instant; write e.g. 2026-03-14T09:12:00Z',
      'Entry T-2, technique 1: expected a MITRE ATT&CK technique id such as T1566 or T1566.002',
      'Entry T-4, text: must not be empty',
    ]);
    expect(server.made('PUT', docPath)).toHaveLength(0);
    // Still editing: the draft is kept.
    expect((within(group('T-1')).getByLabelText('Time') as HTMLInputElement).value).toBe(
      '2026-03-14T09:00:00',
    );
  });

  it('shows both versions on a conflict and keeps mine over theirs', async () => {
    const theirs = {
      ...doc(),
      version: 4,
      timeline: [{ ...T1, text: 'SIEM alert fires (rule 4711)' }, T2, T3],
    };
    let puts = 0;
    server.on('PUT', docPath, (request) => {
      puts += 1;
      return puts === 1
        ? errorAnswer(409, 'version_conflict', `post-mortem ${DOC_ID} changed since version 3`)
        : storeAs(5)(request);
    });
    await open();
    startEditing();
    fireEvent.change(within(group('T-1')).getByLabelText('Text'), {
      target: { value: 'Alert on impossible travel' },
    });
    server.on('GET', docPath, { body: theirs, headers: { etag: etagOf(4) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save timeline' }));

    const conflict = await screen.findByRole('region', { name: 'Conflict in the curated timeline' });
    expect(
      within(conflict).getByText(
        'T-1 2026-03-14T09:00:00Z: Alert on impossible travel (milestone: detection by internal-control)',
      ),
    ).toBeTruthy();
    expect(
      within(conflict).getByText(
        'T-1 2026-03-14T09:00:00Z: SIEM alert fires (rule 4711) (milestone: detection by internal-control)',
      ),
    ).toBeTruthy();
    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    expect(await screen.findByText('Saved as version 5.')).toBeTruthy();
    const second = server.made('PUT', docPath)[1];
    expect(second?.headers['if-match']).toBe(etagOf(4));
    expect(sentTimeline(1)).toEqual([{ ...T1, text: 'Alert on impossible travel' }, T2, T3]);
  });
});
