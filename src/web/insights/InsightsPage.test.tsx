// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';
import { emptyInsights, fullInsights } from './insights-fixtures.js';

let server: FakeServer;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

/** The region of one chart, found by its heading. */
const card = async (name: string) => screen.findByRole('region', { name });
const chartIn = (region: HTMLElement) => within(region).getByRole('img');
const bars = (region: HTMLElement) => [...chartIn(region).querySelectorAll('rect.bar')];
const barLabels = (region: HTMLElement) =>
  [...chartIn(region).querySelectorAll('text.bar-label')].map((t) => t.textContent);
const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));

describe('insights page', () => {
  it('draws the recurring causes and the top 15 techniques, most frequent first, with their data tables', async () => {
    server.on('GET', '/api/insights', { body: fullInsights() });
    renderApp('/insights');
    expect(await screen.findByRole('heading', { level: 1, name: 'Insights' })).toBeTruthy();

    const causes = await card('Recurring root causes');
    expect(barLabels(causes)).toEqual(['misconfiguration', 'process', 'software-defect']);
    expect(bars(causes)).toHaveLength(3);
    const widths = bars(causes).map((b) => Number(b.getAttribute('width')));
    expect(widths[0]).toBeGreaterThan(widths[1] as number);
    expect(chartIn(causes).getAttribute('aria-label')).toBe(
      'Root causes by category, most frequent first: misconfiguration 4, process 2, software-defect 1',
    );
    expect(within(causes).getByText('Show the data')).toBeTruthy();
    expect(rowsOf(within(causes).getByRole('table', { name: 'Recurring root causes' }))).toEqual([
      ['misconfiguration', '4', '2'],
      ['process', '2', '2'],
      ['software-defect', '1', '1'],
    ]);

    const techniques = await card('ATT&CK techniques seen');
    expect(bars(techniques)).toHaveLength(15);
    expect(barLabels(techniques)[0]).toBe('T1000');
    expect(barLabels(techniques)[14]).toBe('T1014');
    expect(chartIn(techniques).getAttribute('aria-label')).toMatch(
      /^Top 15 ATT&CK techniques by post-mortems: T1000 3/,
    );
    // The table lists all 18, not only the drawn 15.
    expect(rowsOf(within(techniques).getByRole('table', { name: 'ATT&CK techniques seen' }))).toHaveLength(
      18,
    );
  });

  it('draws each clock per incident over time with its unit, restricted incidents unnamed', async () => {
    server.on('GET', '/api/insights', { body: fullInsights() });
    renderApp('/insights');
    const detect = await card('Time to detect (dwell time)');
    const chart = chartIn(detect);
    expect(chart.querySelectorAll('circle.trend-point')).toHaveLength(3);
    expect(chart.getAttribute('aria-label')).toBe(
      'Time to detect (dwell time) per incident in hours, 3 incidents from 2026-02-01 to 2026-03-02',
    );
    expect(within(chart).getByText('hours')).toBeTruthy();
    expect(
      rowsOf(within(detect).getByRole('table', { name: 'Time to detect (dwell time) per incident' })),
    ).toEqual([
      ['INC-1', '2026-02-01', 'high', '10h', '10'],
      ['Restricted post-mortem', '2026-02-10', 'high', '20h', '20'],
      ['INC-2', '2026-03-02', 'high', '1d 6h', '30'],
    ]);
    expect(
      rowsOf(
        within(detect).getByRole('table', { name: 'Time to detect (dwell time) per quarter and severity' }),
      ),
    ).toEqual([['2026-Q1', 'high', '2', '10h', '1d 6h']]);
    // Time to contain is under two hours' scale: minutes.
    const contain = await card('Time to contain');
    expect(chartIn(contain).getAttribute('aria-label')).toMatch(
      /in minutes, 1 incident from 2026-02-01 to 2026-02-01$/,
    );
    expect(
      screen.getByText('1 restricted post-mortem is counted in these figures but never named.', {
        exact: false,
      }),
    ).toBeTruthy();
  });

  it('shows completion overall and per post-mortem, and overdue recommendations by owner', async () => {
    server.on('GET', '/api/insights', { body: fullInsights() });
    renderApp('/insights');
    const completion = await card('Recommendation completion');
    expect(chartIn(completion).getAttribute('aria-label')).toBe(
      'Recommendation completion: All post-mortems: 10 recommendations, 2 verified, 1 done, 1 risk-accepted or rejected, 6 open; then per post-mortem, most open first',
    );
    expect(barLabels(completion)).toEqual(['All post-mortems', 'INC-1', 'INC-2', 'Restricted post-mortem']);
    // All post-mortems: 4 non-empty parts; INC-1: verified, done, open; INC-2: verified, closed, open; restricted: open.
    expect(bars(completion)).toHaveLength(4 + 3 + 3 + 1);
    const table = within(completion).getByRole('table', {
      name: 'Recommendation completion per post-mortem',
    });
    expect(rowsOf(table)).toEqual([
      ['All post-mortems', '10', '2', '1', '1', '6', '4'],
      ['INC-1 Phished admin', '6', '1', '1', '0', '4', '3'],
      ['INC-2 Open bucket', '3', '1', '0', '1', '1', '0'],
      ['Restricted post-mortem', '1', '0', '0', '0', '1', '1'],
    ]);
    expect(within(table).getByRole('link', { name: 'INC-1 Phished admin' }).getAttribute('href')).toBe(
      '/post-mortems/INC-1',
    );
    expect(
      within(completion).getByText(/10 recommendations: 40% completed, 67% of the done ones verified/),
    ).toBeTruthy();

    const overdue = await card('Overdue recommendations by owner');
    expect(barLabels(overdue)).toEqual(['Platform team', '(restricted post-mortems)', 'SOC']);
    expect(bars(overdue).map((b) => b.getAttribute('class'))).toEqual([
      'bar bar-warn',
      'bar bar-warn',
      'bar bar-warn',
    ]);
    const [platform, restricted, soc] = bars(overdue).map((b) => Number(b.getAttribute('width')));
    expect(restricted).toBeCloseTo((platform as number) / 2);
    expect(soc).toBe(restricted);
    const overdueTable = within(overdue).getByRole('table', { name: 'Overdue recommendations by owner' });
    expect(rowsOf(overdueTable)).toEqual([
      ['Platform team', '2', 'INC-1'],
      ['(restricted post-mortems)', '1', 'Not named (restricted)'],
      ['SOC', '1', 'INC-1'],
    ]);
  });

  it('sends the since date as the query, keeps it in the URL, and goes back to all time', async () => {
    server.on('GET', '/api/insights', (request) => ({
      body: fullInsights({ since: request.query.get('since') }),
    }));
    const { router } = renderApp('/insights?since=2026-01-01');
    expect(await screen.findByText(/3 post-mortems created since 2026-01-01\./)).toBeTruthy();
    expect(server.made('GET', '/api/insights').at(-1)?.url).toBe('/api/insights?since=2026-01-01');
    const field = screen.getByLabelText('Since') as HTMLInputElement;
    expect(field.value).toBe('2026-01-01');

    fireEvent.change(field, { target: { value: '2026-02-15' } });
    await waitFor(() =>
      expect(server.made('GET', '/api/insights').at(-1)?.url).toBe('/api/insights?since=2026-02-15'),
    );
    expect(whereIs(router)).toBe('/insights?since=2026-02-15');
    expect(await screen.findByText(/created since 2026-02-15\./)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show all time' }));
    await waitFor(() => expect(server.made('GET', '/api/insights').at(-1)?.url).toBe('/api/insights'));
    expect(whereIs(router)).toBe('/insights');
    expect(await screen.findByText(/^3 post-mortems\./)).toBeTruthy();
  });

  it('says what to do when there are no post-mortems yet, and per chart when a part is missing', async () => {
    server.on('GET', '/api/insights', { body: emptyInsights() });
    renderApp('/insights');
    expect(await screen.findByText(/No post-mortems yet\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New post-mortem' }).getAttribute('href')).toBe('/new');
    expect(screen.queryByRole('img')).toBeNull();
    cleanup();

    server.on('GET', '/api/insights', { body: emptyInsights({ postMortems: 1, since: null }) });
    renderApp('/insights');
    expect(await screen.findByText(/^No clock measured yet\./)).toBeTruthy();
    expect(
      within(await card('Recurring root causes')).getByText(/^No root causes recorded yet\./),
    ).toBeTruthy();
    expect(
      within(await card('Recommendation completion')).getByText(/^No recommendations yet\./),
    ).toBeTruthy();
    expect(
      within(await card('Overdue recommendations by owner')).getByText(/^Nothing overdue\./),
    ).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('offers all time when nothing was created since the date', async () => {
    server.on('GET', '/api/insights', (request) => ({
      body: request.query.has('since') ? emptyInsights({ since: '2027-01-01' }) : fullInsights(),
    }));
    const { router } = renderApp('/insights?since=2027-01-01');
    expect(
      await screen.findByText(
        'No post-mortem was created since 2027-01-01. Choose an earlier date, or look at all time.',
      ),
    ).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: 'Show all time' });
    fireEvent.click(buttons.at(-1) as HTMLElement);
    expect(await card('Recurring root causes')).toBeTruthy();
    expect(whereIs(router)).toBe('/insights');
  });

  it("shows the server's message when the insights cannot be loaded, and tries again", async () => {
    server.on(
      'GET',
      '/api/insights',
      errorAnswer(400, 'invalid_input', '--since "2026-13-01" is not a date YYYY-MM-DD'),
    );
    renderApp('/insights?since=2026-13-01');
    expect(screen.getByRole('status')).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'The insights could not be loaded: --since "2026-13-01" is not a date YYYY-MM-DD',
    );
    server.on('GET', '/api/insights', { body: fullInsights() });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await card('Recurring root causes')).toBeTruthy();
    expect(server.made('GET', '/api/insights')).toHaveLength(2);
  });
});
