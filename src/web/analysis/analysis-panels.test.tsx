// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import { FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf } from '../workspace/workspace-fixtures.js';
import { analysisDoc } from './analysis-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: analysisDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', `${docPath}/lint`, { body: { audience: 'internal', findings: [] } });
  server.on('PUT', docPath, (request) => ({
    body: { ...(request.body as PostMortem), version: 4 },
    headers: { etag: etagOf(4) },
  }));
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

async function openAnalysis(): Promise<void> {
  renderApp(`/post-mortems/${DOC_ID}/analysis`);
  await screen.findByRole('heading', { level: 2, name: 'Root cause analysis' }, { timeout: 5000 });
}

/** The row ids of the FMEA table, top to bottom. */
function fmeaOrder(): string[] {
  const table = screen.getByRole('table', { name: 'FMEA rows by RPN, highest first' });
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

/** The texts drawn in the fishbone SVG. */
function drawnTexts(): string[] {
  const region = screen.getByRole('region', { name: 'Fishbone diagram' });
  return [...region.querySelectorAll('svg text')].map((t) => t.textContent ?? '');
}

describe('FMEA table', () => {
  it('ranks rows by RPN, highest first, and marks high action priority in words', async () => {
    await openAnalysis();
    expect(fmeaOrder()).toEqual(['FM-2', 'FM-1']);
    const high = screen.getByRole('row', { name: /FM-2/ });
    expect(high.className).toContain('priority-high');
    expect(within(high).getByText('240')).toBeTruthy();
    expect(within(high).getByText('high')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /FM-1/ })).getByText('30')).toBeTruthy();
  });

  it('recomputes the RPN live while editing, re-ranks on request, and saves the rows', async () => {
    await openAnalysis();
    fireEvent.click(screen.getByRole('button', { name: 'Edit FMEA' }));
    fireEvent.change(screen.getByLabelText('Severity of FM-1 (1 to 10)'), { target: { value: '10' } });
    expect(screen.getByRole('status', { name: 'RPN of FM-1' }).textContent).toBe('60');
    fireEvent.change(screen.getByLabelText('Occurrence of FM-1 (1 to 10)'), { target: { value: '10' } });
    expect(screen.getByRole('status', { name: 'RPN of FM-1' }).textContent).toBe('300');
    // The row being edited keeps its place until the user asks.
    expect(fmeaOrder()).toEqual(['FM-2', 'FM-1']);
    fireEvent.click(screen.getByRole('button', { name: 'Sort by RPN' }));
    expect(fmeaOrder()).toEqual(['FM-1', 'FM-2']);
    fireEvent.click(screen.getByRole('button', { name: 'Add FMEA row' }));
    fireEvent.change(screen.getByLabelText('Function of FM-3'), { target: { value: 'Logging' } });
    fireEvent.change(screen.getByLabelText('Failure mode of FM-3'), {
      target: { value: 'Logs not ingested' },
    });
    fireEvent.change(screen.getByLabelText('Effect of FM-3'), { target: { value: 'Blind spot' } });
    fireEvent.change(screen.getByLabelText('Cause of FM-3'), { target: { value: 'No inventory' } });
    fireEvent.change(screen.getByLabelText('Detection of FM-3 (1 to 10)'), { target: { value: '11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save FMEA' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'analysis.fmea[2].detection: ratings run from 1 to 10',
    );
    expect(server.made('PUT', docPath)).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Detection of FM-3 (1 to 10)'), { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save FMEA' }));
    await screen.findByText('Saved as version 4.');
    const body = server.made('PUT', docPath)[0]?.body as PostMortem;
    expect(body.analysis.fmea.map((r) => [r.id, r.severity, r.occurrence, r.detection])).toEqual([
      ['FM-1', 10, 10, 3],
      ['FM-2', 6, 5, 8],
      ['FM-3', 1, 1, 9],
    ]);
    expect(body.analysis.fmea[2]).toMatchObject({ function: 'Logging', failureMode: 'Logs not ingested' });
    expect(fmeaOrder()).toEqual(['FM-1', 'FM-2', 'FM-3']);
  });
});

describe('fishbone', () => {
  it('draws the categories and causes as SVG and lists them as the accessible alternative', async () => {
    await openAnalysis();
    const texts = drawnTexts();
    expect(texts).toEqual(expect.arrayContaining(['Console session stolen', 'process', 'people']));
    expect(texts).toContain('Report-only mode without end date');
    const process = screen.getByRole('list', { name: 'Causes: process' });
    expect(within(process).getByText(/Report-only mode without end date/)).toBeTruthy();
  });

  it('adds a cause that the SVG shows at once, renames and removes categories, and saves', async () => {
    await openAnalysis();
    fireEvent.click(screen.getByRole('button', { name: 'Edit fishbone' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add cause to technology' }));
    fireEvent.change(screen.getByLabelText('Text of cause FB-2'), {
      target: { value: 'Push MFA relayed <by proxy>' },
    });
    expect(drawnTexts()).toContain('Push MFA relayed <by proxy>');
    // Text is drawn as text, never as markup.
    expect(screen.getByRole('region', { name: 'Fishbone diagram' }).querySelector('by')).toBeNull();
    fireEvent.change(screen.getByLabelText('New name for category people'), { target: { value: 'staff' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rename category people' }));
    expect(screen.getByRole('heading', { level: 4, name: 'staff' })).toBeTruthy();
    expect(drawnTexts()).toContain('staff');
    fireEvent.click(screen.getByRole('button', { name: 'Remove “environment”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removing “environment”' }));
    fireEvent.change(screen.getByLabelText('New category'), { target: { value: 'suppliers' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add category' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save fishbone' }));
    await screen.findByText('Saved as version 4.');
    const body = server.made('PUT', docPath)[0]?.body as PostMortem;
    expect(body.analysis.fishbone).toEqual({
      problem: 'Console session stolen',
      categories: ['staff', 'process', 'technology', 'suppliers'],
      causes: [
        {
          id: 'FB-1',
          category: 'process',
          text: 'Report-only mode without end date',
          evidence: [],
          timeline: [],
          causes: [],
        },
        {
          id: 'FB-2',
          category: 'technology',
          text: 'Push MFA relayed <by proxy>',
          evidence: [],
          timeline: [],
          causes: [],
        },
      ],
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save fishbone' })).toBeNull());
  });

  it('offers no editing to a viewer', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read'] }) });
    await openAnalysis();
    expect(screen.queryByRole('button', { name: 'Edit fishbone' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit FMEA' })).toBeNull();
    expect(screen.queryByRole('spinbutton')).toBeNull();
  });
});
