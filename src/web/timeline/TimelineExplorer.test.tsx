// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { createMemoryRouter } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App, appRoutes } from '../App.js';
import { errorAnswer, FakeServer, type RecordedRequest } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc, timelineEvent } from '../workspace/workspace-fixtures.js';
import { ROW_HEIGHT } from './TimelineExplorer.js';
import type { TimelineEvent, TimelineHistogram } from './timeline-query.js';

const base = `/api/post-mortems/${DOC_ID}`;
let server: FakeServer;

// happy-dom lays nothing out: give the event list's scrolling box a height so the virtualizer renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('event-scroll') ? 20 * ROW_HEIGHT : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

/** A fake working timeline of `total` events, in pages of the requested size, with cursors `c<offset>`. */
function serveTimeline(total: number, filter: (e: TimelineEvent) => boolean = () => true) {
  const all = Array.from({ length: total }, (_, i) => timelineEvent(i)).filter(filter);
  server.on('GET', `${base}/timeline`, (request: RecordedRequest) => {
    const limit = Number(request.query.get('limit'));
    const offset = Number((request.query.get('after') ?? 'c0').slice(1));
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? `c${offset + limit}` : undefined;
    return { body: next === undefined ? { items } : { items, next } };
  });
}

const histogram: TimelineHistogram = {
  total: 1000,
  bucketMs: 3_600_000,
  buckets: Array.from({ length: 10 }, (_, i) => ({
    start: new Date(Date.UTC(2026, 2, 14, i)).toISOString(),
    count: i * 10,
  })),
};

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', base, { body: storedDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${base}/timeline/histogram`, { body: histogram });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

async function eventRows(): Promise<HTMLElement[]> {
  const table = await screen.findByRole('table', { name: 'Events' });
  await within(table).findByText('event number 0');
  return within(table)
    .getAllByRole('row')
    .filter((row) => row.classList.contains('event-row'));
}

describe('working timeline explorer', () => {
  it('renders the rows of the first page with time in UTC, host, user, action and message', async () => {
    serveTimeline(3);
    renderApp(`/post-mortems/${DOC_ID}/timeline`);
    const rows = await eventRows();
    expect(rows).toHaveLength(3);
    const cells = within(rows[1] as HTMLElement)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 5)).toEqual(['2026-03-14 09:01:00Z', 'web-1', 'alice', 'login', 'event number 1']);
    const [request] = server.made('GET', `${base}/timeline`);
    expect(request?.query.get('limit')).toBe('200');
    expect(request?.query.has('after')).toBe(false);
    expect(await screen.findByText('1,000 events')).toBeTruthy();
  });

  it('asks for the histogram only once the first page has answered (it is the slower query)', async () => {
    serveTimeline(30);
    // Hold the first page's answer until released.
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => {
      release = done;
    });
    const fakeFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const answer = fakeFetch(input, init);
      if (String(input).startsWith(`${base}/timeline?`)) await held;
      return answer;
    };
    try {
      renderApp(`/post-mortems/${DOC_ID}/timeline`);
      await waitFor(() => expect(server.made('GET', `${base}/timeline`)).toHaveLength(1));
      await new Promise((done) => setTimeout(done, 50));
      expect(server.made('GET', `${base}/timeline/histogram`)).toHaveLength(0);
      release();
      await screen.findByRole('img', { name: 'Events per hour' });
      expect(server.made('GET', `${base}/timeline/histogram`)).toHaveLength(1);
    } finally {
      globalThis.fetch = fakeFetch;
    }
  });

  it('requests the next page with the cursor only when scrolled near the end, and renders only what is in view', async () => {
    serveTimeline(450);
    renderApp(`/post-mortems/${DOC_ID}/timeline`);
    const rows = await eventRows();
    // 20 rows in view plus the overscan, never the whole page.
    expect(rows.length).toBeLessThan(40);
    expect(server.made('GET', `${base}/timeline`)).toHaveLength(1);
    const scroller = document.querySelector('.event-scroll') as HTMLElement;
    await act(async () => {
      scroller.scrollTop = 190 * ROW_HEIGHT;
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(server.made('GET', `${base}/timeline`)).toHaveLength(2));
    expect(server.made('GET', `${base}/timeline`)[1]?.query.get('after')).toBe('c200');
    expect(await screen.findByText('event number 205')).toBeTruthy();
  });

  it('writes the search to the URL as q (debounced) and asks the API with it', async () => {
    serveTimeline(5);
    const { router } = renderApp(`/post-mortems/${DOC_ID}/timeline`);
    await eventRows();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search events' }), {
      target: { value: 'login fail*' },
    });
    await waitFor(() => expect(whereIs(router)).toBe(`/post-mortems/${DOC_ID}/timeline?q=login+fail*`));
    await waitFor(() =>
      expect(server.made('GET', `${base}/timeline`).at(-1)?.query.get('q')).toBe('login fail*'),
    );
    // The histogram follows once that page has answered.
    await waitFor(() =>
      expect(server.made('GET', `${base}/timeline/histogram`).at(-1)?.query.get('q')).toBe('login fail*'),
    );
  });

  it('applies the field filters together, in the URL and in the request', async () => {
    serveTimeline(5);
    const { router } = renderApp(`/post-mortems/${DOC_ID}/timeline`);
    await eventRows();
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'web-1' } });
    fireEvent.change(screen.getByLabelText('User'), { target: { value: 'alice' } });
    fireEvent.click(screen.getByLabelText('Starred only'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(server.made('GET', `${base}/timeline`).at(-1)?.query.get('host')).toBe('web-1'),
    );
    const request = server.made('GET', `${base}/timeline`).at(-1);
    expect(request?.query.get('user')).toBe('alice');
    expect(request?.query.get('starred')).toBe('true');
    expect(new URLSearchParams(router.state.location.search).get('host')).toBe('web-1');
    // A filter chip removes one filter.
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter host' }));
    await waitFor(() => expect(server.made('GET', `${base}/timeline`).at(-1)?.query.has('host')).toBe(false));
    expect(server.made('GET', `${base}/timeline`).at(-1)?.query.get('user')).toBe('alice');
  });

  it('moves between rows with the arrow keys', async () => {
    serveTimeline(5);
    renderApp(`/post-mortems/${DOC_ID}/timeline`);
    const rows = await eventRows();
    (rows[0] as HTMLElement).focus();
    fireEvent.keyDown(rows[0] as HTMLElement, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toContain('event number 1'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.textContent).toContain('event number 4'));
  });

  it('stars an event at once and rolls the star back when the server refuses', async () => {
    serveTimeline(3);
    const starPath = `${base}/events/EV-0001%231/star`;
    server.on('POST', starPath, (request) => ({
      body: timelineEvent(1, { starred: (request.body as { starred: boolean }).starred }),
    }));
    renderApp(`/post-mortems/${DOC_ID}/timeline`);
    const rows = await eventRows();
    fireEvent.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Star' }));
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: 'Unstar' })).toBeTruthy();
    await waitFor(() => expect(server.made('POST', starPath)).toHaveLength(1));
    expect(server.made('POST', starPath)[0]?.body).toEqual({ starred: true });
    expect(server.made('POST', starPath)[0]?.headers['x-csrf-token']).toBe('csrf-123');

    server.on('POST', starPath, errorAnswer(403, 'forbidden', 'you may not curate this timeline'));
    fireEvent.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Unstar' }));
    // Optimistic: unstarred at once...
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: 'Star' })).toBeTruthy();
    // ...then starred again when the server refuses, with the reason.
    expect(await within(rows[1] as HTMLElement).findByRole('button', { name: 'Unstar' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('you may not curate this timeline');
  });

  it('brushes a time range on the histogram into the from and to filters', async () => {
    serveTimeline(3);
    const { router } = renderApp(`/post-mortems/${DOC_ID}/timeline`);
    await eventRows();
    const chart = await screen.findByRole('img', { name: 'Events per hour' });
    const slots = chart.querySelectorAll('rect.histogram-slot');
    fireEvent.pointerDown(slots[2] as Element, { pointerId: 1 });
    fireEvent.pointerMove(slots[4] as Element, { pointerId: 1 });
    fireEvent.pointerUp(slots[4] as Element, { pointerId: 1 });
    const from = '2026-03-14T02:00:00.000Z';
    const to = '2026-03-14T04:59:59.999Z';
    await waitFor(() => {
      const query = new URLSearchParams(router.state.location.search);
      expect([query.get('from'), query.get('to')]).toEqual([from, to]);
    });
    await waitFor(() => expect(server.made('GET', `${base}/timeline`).at(-1)?.query.get('from')).toBe(from));
    expect(server.made('GET', `${base}/timeline`).at(-1)?.query.get('to')).toBe(to);
  });

  it('brushes with the keyboard: arrows move, Shift extends, Enter applies', async () => {
    serveTimeline(3);
    const { router } = renderApp(`/post-mortems/${DOC_ID}/timeline`);
    await eventRows();
    const chart = await screen.findByRole('img', { name: 'Events per hour' });
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    fireEvent.keyDown(chart, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(chart, { key: 'Enter' });
    await waitFor(() => {
      const query = new URLSearchParams(router.state.location.search);
      expect([query.get('from'), query.get('to')]).toEqual([
        '2026-03-14T01:00:00.000Z',
        '2026-03-14T02:59:59.999Z',
      ]);
    });
  });

  it('opens the details of an event with Enter and promotes it with a milestone', async () => {
    serveTimeline(3);
    const eventPath = `${base}/events/EV-0001%232`;
    server.on('GET', eventPath, {
      body: {
        event: timelineEvent(2),
        raw: { encoding: 'text', bytes: 20, text: '{"msg":"raw line 2"}' },
        location: { sha256: 'a'.repeat(64), offset: 40, length: 20 },
      },
    });
    server.on('POST', `${eventPath}/promote`, {
      status: 201,
      body: { entry: { id: 'T-7', at: timelineEvent(2).time, text: 'event number 2' }, version: 4 },
    });
    renderApp(`/post-mortems/${DOC_ID}/timeline`);
    const rows = await eventRows();
    fireEvent.keyDown(rows[2] as HTMLElement, { key: 'Enter' });
    const panel = await screen.findByRole('complementary', { name: 'Event EV-0001#2' });
    expect(await within(panel).findByText('{"msg":"raw line 2"}')).toBeTruthy();
    fireEvent.change(within(panel).getByLabelText('Milestone'), { target: { value: 'detection' } });
    fireEvent.change(within(panel).getByLabelText('Detected by'), { target: { value: 'employee-report' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Promote' }));
    expect(await within(panel).findByText(/Added T-7 to the curated timeline/)).toBeTruthy();
    expect(server.made('POST', `${eventPath}/promote`)[0]?.body).toEqual({
      milestone: { kind: 'detection', source: 'employee-report' },
    });
    // The document changed: the workspace reads it again.
    await waitFor(() => expect(server.made('GET', base).length).toBeGreaterThanOrEqual(2));
  });
  it('asks for the first page once, also under StrictMode', async () => {
    serveTimeline(3);
    const router = createMemoryRouter(appRoutes, {
      initialEntries: [`/post-mortems/${DOC_ID}/timeline`],
    });
    render(
      <StrictMode>
        <App router={router} />
      </StrictMode>,
    );
    await eventRows();
    expect(server.made('GET', `${base}/timeline`)).toHaveLength(1);
  });
});
