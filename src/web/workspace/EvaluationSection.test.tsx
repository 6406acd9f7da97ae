// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostMortem } from '../../core/model.js';
import { analysisDoc } from '../analysis/analysis-fixtures.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf } from './workspace-fixtures.js';

let server: FakeServer;
const docPath = `/api/post-mortems/${DOC_ID}`;
const evaluationPath = `${docPath}/evaluation`;

const doc = analysisDoc({
  evaluation: {
    targets: { timeToContain: 'PT4H' },
    wentWell: ['The on-call engineer joined the bridge within minutes.'],
    wentPoorly: ['The alert mailbox was not read.'],
  },
  lessons: [
    {
      id: 'L-1',
      category: 'security-gap',
      text: 'The team should have bound sessions to devices.',
      evidence: ['E-01'],
    },
  ],
});

const scorecard = {
  overall: 71,
  items: [
    {
      id: 'timeToContain',
      label: 'Time to contain',
      score: 100,
      computation: '2 h 14 min within the 4 h target',
    },
    { id: 'detectionSource', label: 'Detection source', score: 42, computation: 'third party: 40' },
    {
      id: 'scope',
      label: 'Scope known at containment',
      score: null,
      computation: 'not computable: evaluation.scope is not recorded',
    },
  ],
  strengths: [],
  weaknesses: [],
  luckyBreaks: [],
};

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', docPath, { body: doc, headers: { etag: etagOf(3) } });
  server.on('GET', evaluationPath, { body: scorecard });
  server.on('GET', `${docPath}/lint`, {
    body: {
      audience: 'internal',
      findings: [
        {
          path: 'lessons[0].text',
          start: 9,
          end: 20,
          text: 'should have',
          rule: 'should-have',
          category: 'counterfactual',
          suggestion: 'what happened and what was known at the time',
        },
      ],
    },
  });
  server.on('PUT', docPath, (request) => ({
    body: { ...(request.body as PostMortem), version: 4 },
    headers: { etag: etagOf(4) },
  }));
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

async function openEvaluation(): Promise<void> {
  renderApp(`/post-mortems/${DOC_ID}/evaluation`);
  await screen.findByRole(
    'heading',
    { level: 2, name: 'Response evaluation and lessons' },
    { timeout: 5000 },
  );
}

describe('response evaluation', () => {
  it('shows the scorecard of the API with each score, its band in words and its computation', async () => {
    await openEvaluation();
    const table = await screen.findByRole('table', { name: 'Scores of the response, 0 to 100' });
    const contain = within(table).getByRole('row', { name: /Time to contain/ });
    expect(within(contain).getByText(/100/).textContent).toBe('100 (good)');
    expect(within(contain).getByText('2 h 14 min within the 4 h target')).toBeTruthy();
    expect(
      within(within(table).getByRole('row', { name: /Detection source/ })).getByText(/42/).textContent,
    ).toBe('42 (poor)');
    const scope = within(table).getByRole('row', { name: /Scope known/ });
    expect(within(scope).getByText('not computable')).toBeTruthy();
    expect(within(scope).getByText('not computable: evaluation.scope is not recorded')).toBeTruthy();
    expect(screen.getByText('Overall:').closest('p')?.textContent).toContain('Overall: 71 (fair)');
  });

  it('shows the server message when the scorecard cannot be computed', async () => {
    server.on('GET', evaluationPath, errorAnswer(403, 'forbidden', 'you may not read this post-mortem'));
    await openEvaluation();
    expect((await screen.findByText('you may not read this post-mortem')).getAttribute('role')).toBe('alert');
  });

  it('edits what went well and poorly, keeping the targets, and reads the scorecard again', async () => {
    await openEvaluation();
    await screen.findByRole('table', { name: 'Scores of the response, 0 to 100' });
    fireEvent.click(screen.getByRole('button', { name: 'Edit what went well and poorly' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add to lucky breaks' }));
    fireEvent.change(screen.getByLabelText('Lucky breaks, item 1'), {
      target: { value: 'The archived logs were complete.' },
    });
    fireEvent.change(screen.getByLabelText('What went poorly, item 1'), {
      target: { value: 'Alerts went to an unread mailbox.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save what went well and poorly' }));
    await screen.findByText('Saved as version 4.');
    const body = server.made('PUT', docPath)[0]?.body as PostMortem;
    expect(body.evaluation).toEqual({
      targets: { timeToContain: 'PT4H' },
      wentWell: ['The on-call engineer joined the bridge within minutes.'],
      wentPoorly: ['Alerts went to an unread mailbox.'],
      luckyBreaks: ['The archived logs were complete.'],
    });
    expect(screen.getByRole('list', { name: 'Lucky breaks' }).textContent).toBe(
      'The archived logs were complete.',
    );
    await waitFor(() => expect(server.made('GET', evaluationPath)).toHaveLength(2));
  });
});

describe('lessons learned', () => {
  it('shows the language findings under the lesson they concern', async () => {
    await openEvaluation();
    const findings = await screen.findByRole('list', { name: '1 language finding: lesson L-1' });
    expect(findings.closest('li.lesson')?.textContent).toContain(
      'The team should have bound sessions to devices.',
    );
    expect(findings.textContent).toContain('should-have “should have” is counterfactual.');
    expect(screen.getAllByRole('list', { name: /language finding/ })).toHaveLength(1);
  });

  it('adds and edits lessons and saves them', async () => {
    await openEvaluation();
    fireEvent.click(screen.getByRole('button', { name: 'Edit lessons' }));
    fireEvent.change(screen.getByLabelText('Text of lesson L-1'), {
      target: { value: 'Sessions bound to devices resist replay.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a lesson' }));
    const text = screen.getByLabelText('Text of lesson L-2');
    expect(document.activeElement).toBe(text);
    fireEvent.change(text, { target: { value: 'Every alert source must reach the SIEM.' } });
    fireEvent.change(screen.getByLabelText('Category of lesson L-2'), { target: { value: 'tooling' } });
    fireEvent.click(screen.getByLabelText('Lesson L-2 may appear in the public report'));
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Timeline entries linked to L-2' })).getByRole('checkbox', {
        name: /^T-1 /,
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save lessons' }));
    await screen.findByText('Saved as version 4.');
    const body = server.made('PUT', docPath)[0]?.body as PostMortem;
    expect(server.made('PUT', docPath)[0]?.headers['if-match']).toBe(etagOf(3));
    expect(body.lessons).toEqual([
      {
        id: 'L-1',
        category: 'security-gap',
        text: 'Sessions bound to devices resist replay.',
        evidence: ['E-01'],
        timeline: [],
      },
      {
        id: 'L-2',
        category: 'tooling',
        text: 'Every alert source must reach the SIEM.',
        evidence: [],
        timeline: ['T-1'],
        public: true,
      },
    ]);
    expect(screen.getByText('Every alert source must reach the SIEM.')).toBeTruthy();
  });

  it('is read-only for a viewer', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read'] }) });
    await openEvaluation();
    await screen.findByRole('table', { name: 'Scores of the response, 0 to 100' });
    expect(screen.getByText('Your role may read the evaluation, not change it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('The team should have bound sessions to devices.')).toBeTruthy();
  });
});
