// @vitest-environment happy-dom
import { act, cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ComplianceReport, ObligationResult } from '../../core/compliance.js';
import { FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const compliancePath = `${docPath}/compliance`;
const NOW = Date.parse('2026-03-07T10:00:00Z');
/** 2 h 14 min 05 s after NOW, written in the trigger's offset. */
const DUE = '2026-03-07T13:14:05+01:00';
const DUE_MS = Date.parse('2026-03-07T12:14:05Z');

function result(overrides: Partial<ObligationResult>): ObligationResult {
  return {
    regime: 'gdpr',
    regimeName: 'GDPR',
    obligation: 'authority',
    title: 'Notify the supervisory authority',
    provision: 'Art. 33(1)',
    recipient: 'supervisory authority',
    status: 'due',
    reason: '72 h after awareness',
    period: '72 h',
    proposed: false,
    uncertain: false,
    approximate: false,
    notes: [],
    ...overrides,
  };
}

function report(authority: Partial<ObligationResult> = {}): ComplianceReport {
  return {
    at: new Date(NOW).toISOString(),
    tableVersion: '2026.1',
    unmatchedNotifications: [],
    results: [
      result({ due: DUE, secondsLeft: 8045, ...authority }),
      result({
        obligation: 'individuals',
        title: 'Communicate the breach to the data subjects',
        status: 'met',
        reason: 'submitted 2 h before the deadline',
        submittedAt: '2026-03-06T09:00:00Z',
      }),
      result({
        regime: 'nis2',
        regimeName: 'NIS2',
        obligation: 'early-warning',
        title: 'Early warning',
        status: 'missed',
        reason: 'not submitted; overdue',
        due: '2026-03-06T10:00:00Z',
        secondsLeft: -86400,
      }),
      result({
        regime: 'nis2',
        regimeName: 'NIS2',
        obligation: 'final-report',
        title: 'Final report',
        status: 'not-applicable',
        reason: 'applies only when significant',
      }),
    ],
  };
}

// The first test also waits for the section's code to load on demand.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(NOW);
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, {
    body: storedDoc({ compliance: { regimes: ['gdpr', 'nis2'] } }),
    headers: { etag: etagOf(3) },
  });
  server.on('GET', compliancePath, { body: report() });
});

afterEach(() => {
  cleanup();
  server.uninstall();
  vi.useRealTimers();
});

describe('compliance clocks', () => {
  it('shows each regime with met, missed, due and not applicable, and a countdown ticking every second', async () => {
    renderApp(`/post-mortems/${DOC_ID}/compliance`);
    const gdpr = await screen.findByRole('table', { name: 'GDPR' });
    const authority = within(gdpr).getByRole('row', { name: /Notify the supervisory authority/ });
    expect(within(authority).getByText('Due')).toBeTruthy();
    expect(within(authority).getByText('2 h 14 min 05 s left').getAttribute('aria-hidden')).toBe('true');
    // Screen readers read the time to the minute.
    expect(within(authority).getByText('2 h 14 min left').className).toBe('visually-hidden');
    expect(within(gdpr).getByRole('row', { name: /data subjects/ }).textContent).toContain('Met');
    const nis2 = screen.getByRole('table', { name: 'NIS2' });
    expect(within(nis2).getByRole('row', { name: /Early warning/ }).textContent).toContain('Missed');
    expect(within(nis2).getByText('overdue by 1 d 0 h 00 min 00 s')).toBeTruthy();
    expect(within(nis2).getByRole('row', { name: /Final report/ }).textContent).toContain('Not applicable');

    act(() => vi.advanceTimersByTime(1000));
    expect(within(authority).getByText('2 h 14 min 04 s left')).toBeTruthy();
    act(() => vi.advanceTimersByTime(5000));
    expect(within(authority).getByText('2 h 13 min 59 s left')).toBeTruthy();
    expect(within(authority).getByText('2 h 13 min left')).toBeTruthy();
  });

  it('turns an open deadline to overdue when it passes, and announces only that change', async () => {
    renderApp(`/post-mortems/${DOC_ID}/compliance`);
    const gdpr = await screen.findByRole('table', { name: 'GDPR' });
    const live = document.querySelector('[aria-live="polite"]') as HTMLElement;
    act(() => vi.advanceTimersByTime(5000));
    expect(live.textContent).toBe('');
    act(() => vi.setSystemTime(DUE_MS - 1000));
    act(() => vi.advanceTimersByTime(3000));
    const authority = within(gdpr).getByRole('row', { name: /Notify the supervisory authority/ });
    expect(within(authority).getByText('overdue by 2 s')).toBeTruthy();
    expect(within(authority).getByText('Overdue')).toBeTruthy();
    expect(within(authority).getByText('overdue by less than a minute')).toBeTruthy();
    await waitFor(() =>
      expect(live.textContent).toBe('GDPR: Notify the supervisory authority is now overdue.'),
    );
  });

  it('reads the deadlines again every minute and announces a status change', async () => {
    renderApp(`/post-mortems/${DOC_ID}/compliance`);
    await screen.findByRole('table', { name: 'GDPR' });
    expect(server.made('GET', compliancePath)).toHaveLength(1);
    server.on('GET', compliancePath, {
      body: report({ status: 'met', submittedAt: '2026-03-07T10:00:30Z', reason: 'submitted in time' }),
    });
    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    await waitFor(() => expect(server.made('GET', compliancePath)).toHaveLength(2));
    const authority = await waitFor(() =>
      within(screen.getByRole('table', { name: 'GDPR' })).getByRole('row', { name: /submitted in time/ }),
    );
    expect(within(authority).getByText('Met')).toBeTruthy();
    const live = document.querySelector('[aria-live="polite"]') as HTMLElement;
    await waitFor(() => expect(live.textContent).toBe('GDPR: Notify the supervisory authority is now met.'));
  });
});
