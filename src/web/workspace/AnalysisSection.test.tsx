// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import type { FiveWhys } from '../../core/model-analysis.js';
import { analysisDoc } from '../analysis/analysis-fixtures.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const lintPath = `${docPath}/lint`;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: analysisDoc(), headers: { etag: etagOf(3) } });
  server.on('GET', lintPath, { body: { audience: 'internal', findings: [] } });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

/** Opens the analysis section and waits for its code and document (the first load compiles the section). */
async function openAnalysis(): Promise<void> {
  renderApp(`/post-mortems/${DOC_ID}/analysis`);
  await screen.findByRole('heading', { level: 2, name: 'Root cause analysis' }, { timeout: 5000 });
}

/** The list item of a why, found by its answer. */
function whyItem(answer: string): HTMLElement {
  const li = screen.getByText(answer, { exact: false }).closest('li');
  if (!li) throw new Error(`no why "${answer}"`);
  return li;
}

describe('5 Whys tree editor', () => {
  it('shows each analysis as nested lists with root causes marked and the shallow chain flagged', async () => {
    await openAnalysis();
    expect(screen.getByRole('heading', { level: 4, name: 'Analysis W-1' })).toBeTruthy();
    const top = screen.getByRole('list', { name: 'Whys of W-1' });
    const under = within(top).getByRole('list', { name: 'Whys under W-1.1' });
    expect(within(under).getByText(/The device condition was in report-only mode/)).toBeTruthy();
    const leaf = whyItem('The device condition was in report-only mode.');
    expect(within(leaf).getByText('Root cause')).toBeTruthy();
    expect(within(leaf).getByText('process-gap')).toBeTruthy();
    // Chains shorter than three whys: the check of core says so under the root cause concerned only.
    const shallow = whyItem('Nobody saw the alert for six days.');
    expect(within(shallow).getByText(/the chain to root cause W-1.2 has 1 why;/)).toBeTruthy();
    expect(within(shallow).queryByText(/W-1.1.1/)).toBeNull();
    expect(within(leaf).getByText(/the chain to root cause W-1.1.1 has 2 whys/)).toBeTruthy();
    expect(within(leaf).queryByText(/W-1.2 has/)).toBeNull();
  });

  it('adds, edits and removes whys, and saves the tree with If-Match', async () => {
    server.on('PUT', docPath, (request) => ({
      body: { ...(request.body as PostMortem), version: 4 },
      headers: { etag: etagOf(4) },
    }));
    await openAnalysis();
    fireEvent.click(screen.getByRole('button', { name: 'Edit 5 Whys' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add why under “Nobody saw the alert for six…”' }));
    const added = screen.getByLabelText('Answer of why W-1.2.1');
    expect(document.activeElement).toBe(added);
    fireEvent.change(added, { target: { value: 'The finding went to an unread mailbox.' } });
    // The checks follow the draft: the shallow chain now ends at the new why.
    expect(screen.queryByText(/the chain to root cause W-1.2 has/)).toBeNull();
    expect(screen.getByText(/the chain to root cause W-1.2.1 has 2 whys/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Root cause category of W-1.2.1'), {
      target: { value: 'monitoring-gap' },
    });
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Evidence linked to W-1.2.1' })).getByRole('checkbox', {
        name: 'E-01 IdP sign-in log',
      }),
    );
    fireEvent.change(screen.getByLabelText('Problem of W-1'), { target: { value: 'Stolen session used.' } });
    // Removing a why with a why below it asks first.
    fireEvent.click(screen.getByRole('button', { name: 'Remove “The IdP accepted the cookie from…”' }));
    const confirm = screen.getByRole('group', { name: 'Confirm removing why W-1.1' });
    expect(within(confirm).getByText('Remove why W-1.1 and the 1 why below it?')).toBeTruthy();
    fireEvent.click(
      within(confirm).getByRole('button', { name: 'Confirm removing “The IdP accepted the cookie from…”' }),
    );
    expect(screen.queryByLabelText('Answer of why W-1.1')).toBeNull();
    expect(screen.queryByLabelText('Answer of why W-1.1.1')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Save 5 Whys' }));
    expect(await screen.findByText('Saved as version 4.')).toBeTruthy();
    const [put] = server.made('PUT', docPath);
    expect(put?.headers['if-match']).toBe(etagOf(3));
    const body = put?.body as PostMortem;
    expect(body.analysis.fiveWhys).toEqual([
      {
        id: 'W-1',
        problem: 'Stolen session used.',
        whys: [
          {
            id: 'W-1.2',
            answer: 'Nobody saw the alert for six days.',
            evidence: [],
            timeline: [],
            whys: [
              {
                id: 'W-1.2.1',
                answer: 'The finding went to an unread mailbox.',
                evidence: ['E-01'],
                timeline: [],
                whys: [],
                category: 'monitoring-gap',
              },
            ],
          },
        ],
      },
    ] satisfies FiveWhys[]);
    // The other parts went along unchanged.
    expect(body.analysis.fmea.map((r) => r.id)).toEqual(['FM-1', 'FM-2']);
    expect(screen.getByText('The finding went to an unread mailbox.', { exact: false })).toBeTruthy();
  });

  it('does not send a why without an answer, and says where it is', async () => {
    await openAnalysis();
    fireEvent.click(screen.getByRole('button', { name: 'Edit 5 Whys' }));
    fireEvent.click(
      screen.getByRole('button', { name: 'Add why under “An attacker used a stolen session…”' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save 5 Whys' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('analysis.fiveWhys[0].whys[2].answer: must not be empty');
    expect(server.made('PUT', docPath)).toHaveLength(0);
  });

  it('on a conflict shows both versions and keeps mine on request', async () => {
    const theirs = analysisDoc({ version: 4 });
    const theirTree: PostMortem = {
      ...theirs,
      analysis: {
        ...theirs.analysis,
        fiveWhys: theirs.analysis.fiveWhys.map((a) => ({ ...a, problem: 'Their wording of the problem.' })),
      },
    };
    let puts = 0;
    server.on('PUT', docPath, (request) => {
      puts += 1;
      if (puts === 1)
        return errorAnswer(409, 'version_conflict', `post-mortem ${DOC_ID} changed since version 3`);
      return { body: { ...(request.body as PostMortem), version: 5 }, headers: { etag: etagOf(5) } };
    });
    await openAnalysis();
    fireEvent.click(screen.getByRole('button', { name: 'Edit 5 Whys' }));
    fireEvent.change(screen.getByLabelText('Problem of W-1'), {
      target: { value: 'My wording of the problem.' },
    });
    server.on('GET', docPath, { body: theirTree, headers: { etag: etagOf(4) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save 5 Whys' }));
    const conflict = await screen.findByRole('region', { name: 'Conflict in the 5 Whys' });
    expect(within(conflict).getByText('W-1: My wording of the problem.')).toBeTruthy();
    expect(within(conflict).getByText('W-1: Their wording of the problem.')).toBeTruthy();
    expect(within(conflict).getByText('Their version (version 4)')).toBeTruthy();
    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(server.made('PUT', docPath)).toHaveLength(2));
    const second = server.made('PUT', docPath)[1];
    expect(second?.headers['if-match']).toBe(etagOf(4));
    const kept = second?.body as PostMortem | undefined;
    expect(kept?.analysis.fiveWhys[0]?.problem).toBe('My wording of the problem.');
  });

  it('shows language findings under the why they concern, and reads them again after a save', async () => {
    server.on('GET', lintPath, {
      body: {
        audience: 'internal',
        findings: [
          {
            path: 'analysis.fiveWhys[0].whys[1].answer',
            start: 0,
            end: 6,
            text: 'Nobody',
            rule: 'failed-to',
            category: 'blame',
            suggestion: 'what happened, and what made it hard to do',
          },
        ],
      },
    });
    server.on('PUT', docPath, (request) => ({
      body: { ...(request.body as PostMortem), version: 4 },
      headers: { etag: etagOf(4) },
    }));
    await openAnalysis();
    const list = await screen.findByRole('list', { name: '1 language finding: why W-1.2' });
    expect(list.closest('li')).toBe(whyItem('Nobody saw the alert for six days.'));
    expect(list.textContent).toContain('failed-to “Nobody” blames a person. Instead: what happened');
    expect(
      within(whyItem('The device condition')).queryByRole('list', { name: /language finding/ }),
    ).toBeNull();
    expect(server.made('GET', lintPath)).toHaveLength(1);
    expect(server.made('GET', lintPath)[0]?.query.get('audience')).toBe('internal');
    fireEvent.click(screen.getByRole('button', { name: 'Edit 5 Whys' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save 5 Whys' }));
    await screen.findByText('Saved as version 4.');
    await waitFor(() => expect(server.made('GET', lintPath)).toHaveLength(2));
  });

  it('is read-only for a viewer', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    await openAnalysis();
    expect(screen.getByText('Your role may read the analysis, not change it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Add / })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
