import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { validatePlaybookValue } from '../contract/playbook.js';
import { checkPlaybook, type Playbook } from './playbook.js';
import { renderMarkdownReport } from './report-build.js';
import { scorecard } from './scorecard.js';

const doc = buildPostMortem({
  timeline: [
    entry('T-1', '2026-03-02T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
    entry('T-2', '2026-03-02T10:45:00Z', { milestone: { kind: 'acknowledgement' } }),
    entry('T-3', '2026-03-02T10:30:00Z', { text: 'Keys revoked', tags: ['playbook:S2'] }),
  ],
});
const parsed = validatePlaybookValue({
  name: 'Phishing | v2',
  version: '3',
  steps: [
    {
      id: 'S1',
      title: 'Acknowledge',
      phase: 'detection',
      owner: 'soc',
      target: { within: '15m' },
      match: { milestone: 'acknowledgement' },
    },
    { id: 'S2', title: 'Revoke', phase: 'containment', after: ['S1'] },
    { id: 'S3', title: 'Update | leadership', phase: 'communication', target: { within: '2h' } },
  ],
});
const check = checkPlaybook(doc, parsed.playbook as Playbook);

describe('the playbook part of the report', () => {
  it('shows each step with what the plan said, what was done and the outcome, escaping table text', () => {
    const md = renderMarkdownReport(doc, { generatedAt: '2026-04-01T00:00:00Z', playbook: check });
    expect(md).toContain('### What the plan said, what we did');
    expect(md).toContain('_Playbook Phishing \\| v2, version 3. Adherence: **28 / 100**');
    expect(md).toContain(
      '| `S1` | Acknowledge<br>detection, soc; within 15m of detection | `T-2`<br>2026-03-02 10:45 UTC | **late** by 30m |',
    );
    expect(md).toContain('| **out of order**<br>before `S1` |');
    expect(md).toMatch(
      /\| `S3` \| Update \\\| leadership<br>communication; within 2h of detection \| — \| \*\*skipped\*\* \|/,
    );
    // The section sits in the response evaluation, before what went well.
    expect(md.indexOf('What the plan said')).toBeGreaterThan(md.indexOf('## 6. Response evaluation'));
    expect(md.indexOf('What the plan said')).toBeLessThan(md.indexOf('### What went well'));
  });

  it('leaves the report unchanged without a playbook', () => {
    const md = renderMarkdownReport(doc, { generatedAt: '2026-04-01T00:00:00Z' });
    expect(md).not.toContain('What the plan said');
    expect(md).not.toContain('Playbook adherence');
  });

  it('adds playbook adherence to the scorecard and its overall mean', () => {
    const without = scorecard(doc, { at: '2026-04-01T00:00:00Z' });
    const withPlaybook = scorecard(doc, { at: '2026-04-01T00:00:00Z', playbook: check });
    expect(withPlaybook.items.at(-1)).toEqual({
      id: 'playbook',
      label: 'Playbook adherence (Phishing | v2 3)',
      score: 28,
      computation: check.computation,
    });
    expect(withPlaybook.items).toHaveLength(without.items.length + 1);
    expect(withPlaybook.overall).not.toBe(without.overall);
  });
});
