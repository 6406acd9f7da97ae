// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeServer } from '../testing/fake-server.js';
import { meAnswer } from '../testing/fixtures.js';
import { renderApp } from '../testing/render-app.js';
import { DOC_ID, etagOf, storedDoc } from '../workspace/workspace-fixtures.js';
import { LintFindings } from './LintFindings.js';
import type { LintState, WebLintFinding } from './use-lint-findings.js';

const finding = (path: string, rule = 'human-error'): WebLintFinding => ({
  path,
  start: 0,
  end: 11,
  text: 'human error',
  rule,
  category: 'blame',
  suggestion: 'what made the error possible',
});

afterEach(cleanup);

describe('LintFindings', () => {
  const lint: LintState = {
    status: 'ready',
    findings: [
      finding('lessons[0].text'),
      finding('lessons[1].text'),
      finding('lessons[10].text', 'careless'),
    ],
  };

  it('shows the findings of exactly one path: rule, what was found, and the suggestion', () => {
    render(<LintFindings lint={lint} path="lessons[1].text" label="lesson L-2" />);
    const list = screen.getByRole('list', { name: '1 language finding: lesson L-2' });
    expect(list.textContent).toBe(
      'human-error “human error” blames a person. Instead: what made the error possible.',
    );
  });

  it('with a prefix shows everything under a place, not a sibling whose index starts the same', () => {
    render(<LintFindings lint={lint} path="lessons[1]" prefix />);
    expect(
      within(screen.getByRole('list', { name: '1 language finding' })).getAllByRole('listitem'),
    ).toHaveLength(1);
    cleanup();
    render(<LintFindings lint={lint} path="lessons" prefix />);
    expect(screen.getByRole('list', { name: '3 language findings' })).toBeTruthy();
  });

  it('renders nothing while loading, on an error, or when the text reads well', () => {
    const { container } = render(
      <>
        <LintFindings lint={{ status: 'loading' }} path="lessons[0].text" />
        <LintFindings lint={{ status: 'error', message: 'down' }} path="lessons[0].text" />
        <LintFindings lint={lint} path="summary.whatHappened" />
      </>,
    );
    expect(container.innerHTML).toBe('');
  });
});

describe('language findings in the summary', () => {
  let server: FakeServer;
  const docPath = `/api/post-mortems/${DOC_ID}`;

  beforeEach(() => {
    server = new FakeServer().install();
    server.on('GET', '/api/auth/me', { body: meAnswer() });
    server.on('GET', docPath, { body: storedDoc(), headers: { etag: etagOf(3) } });
    server.on('GET', `${docPath}/lint`, {
      body: { audience: 'internal', findings: [finding('summary.howDetected', 'obviously')] },
    });
  });
  afterEach(() => server.uninstall());

  it('appear under the summary text they concern', async () => {
    renderApp(`/post-mortems/${DOC_ID}/summary`);
    const list = await screen.findByRole(
      'list',
      { name: '1 language finding: How it was detected' },
      { timeout: 5000 },
    );
    expect(list.closest('dd')?.textContent).toContain('A SIEM alert on an impossible journey.');
    expect(list.textContent).toContain('obviously');
    expect(screen.getAllByRole('list', { name: /language finding/ })).toHaveLength(1);
  });
});
