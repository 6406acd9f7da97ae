import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { rows, section } from '../../test/markdown.js';
import type { PostMortemInput } from '../contract/post-mortem.schema.js';
import { renderMarkdownReport } from './report-build.js';

function render(overrides: Partial<PostMortemInput> = {}): string {
  return renderMarkdownReport(buildPostMortem(overrides), { generatedAt: '2026-04-01T10:00:00Z' });
}

const SHA = 'a'.repeat(64);

describe('report: appendices', () => {
  it('lists evidence with its full SHA-256 and custody details', () => {
    const md = render({
      people: [{ id: 'P1', name: 'Ana Analyst' }],
      evidence: [
        {
          id: 'E1',
          title: 'Okta System Log',
          kind: 'log',
          sha256: SHA,
          sourceSystem: 'Okta',
          collectedBy: 'P1',
          collectedAt: '2026-03-14T10:00+01:00',
        },
        { id: 'E2', title: 'Screenshot', kind: 'screenshot' },
      ],
    });
    expect(rows(section(md, '## Appendix A. Evidence'))).toEqual([
      [
        '`E1`',
        'Okta System Log',
        'log',
        `\`${SHA}\``,
        'Okta',
        'Ana Analyst',
        '2026-03-14T10:00+01:00 (2026-03-14 09:00 UTC)',
        '—',
      ],
      ['`E2`', 'Screenshot', 'screenshot', 'not hashed', '—', '—', '—', '—'],
    ]);
  });

  it('shows indicator values as code so they are not clickable, pipes included', () => {
    const md = render({
      indicators: [
        {
          id: 'I1',
          type: 'url',
          value: 'https://evil.example/a|b',
          firstSeen: '2026-03-10T08:00Z',
          lastSeen: '2026-03-12',
        },
        { id: 'I2', type: 'user-agent', value: 'curl `x`' },
      ],
    });
    expect(rows(section(md, '## Appendix B. Indicators'))).toEqual([
      ['`I1`', 'url', '`https://evil.example/a\\|b`', '2026-03-10T08:00Z', '2026-03-12', '—', '—'],
      ['`I2`', 'user-agent', '`` curl `x` ``', '—', '—', '—', '—'],
    ]);
  });

  it('lists people with team, job title and review roles', () => {
    const md = render({
      people: [
        { id: 'P1', name: 'Ana Analyst', team: 'SOC', jobTitle: 'Analyst', roles: ['responder', 'scribe'] },
      ],
    });
    expect(rows(section(md, '## Appendix C. People and roles'))).toEqual([
      ['`P1`', 'Ana Analyst', 'SOC', 'Analyst', 'responder, scribe'],
    ]);
  });

  it('shows each interview with what the participant knew, thought and did', () => {
    const md = render({
      people: [
        { id: 'P1', name: 'Ana Analyst' },
        { id: 'P2', name: 'Bo Lead' },
      ],
      timeline: [entry('T1', '2026-03-14T08:00Z')],
      interviews: [
        {
          id: 'IV1',
          participant: 'P1',
          interviewer: 'P2',
          at: '2026-03-18T14:00+01:00',
          timeline: ['T1'],
          statements: [{ entry: 'T1', knew: 'One alert', thought: 'False positive', did: 'Closed it' }],
        },
      ],
    });
    const interviews = section(md, '## Appendix D. Interviews');
    expect(interviews).toContain('### `IV1` Ana Analyst');
    expect(interviews).toContain(
      'Held at 2026-03-18T14:00+01:00 (2026-03-18 13:00 UTC), interviewed by Bo Lead. Speaks about `T1`.',
    );
    expect(rows(interviews)).toEqual([['`T1`', 'One alert', 'False positive', 'Closed it']]);
  });

  it('lists attachments, the review session and the approvals', () => {
    const md = render({
      people: [{ id: 'P1', name: 'Ana Analyst' }],
      attachments: [{ id: 'AT1', name: 'slides.pdf', mediaType: 'application/pdf', sha256: SHA }],
      review: {
        session: { start: '2026-03-20T14:00+01:00', durationMinutes: 90, location: 'Room 4' },
        approvals: [
          { person: 'P1', at: '2026-03-21T09:00Z', decision: 'changes-requested', comment: 'Add costs' },
        ],
      },
    });
    expect(rows(section(md, '## Appendix E. Attachments'))).toEqual([
      ['`AT1`', 'slides.pdf', 'application/pdf', `\`${SHA}\``, '—', '—'],
    ]);
    const review = section(md, '## Appendix F. Review and sign-off');
    expect(review).toContain('- **Start:** 2026-03-20T14:00+01:00 (2026-03-20 13:00 UTC)');
    expect(review).toContain('- **Duration:** 90 min');
    expect(review).toContain('- **Location:** Room 4');
    expect(rows(review)).toEqual([
      ['Ana Analyst', '**changes requested**', '2026-03-21T09:00Z', 'Add costs'],
    ]);
  });
});

describe('report: language review', () => {
  it('lists blaming, counterfactual and hindsight words with their field, or says there are none', () => {
    const clean = render({});
    expect(section(clean, '### Language review').trim()).toBe(
      '_No blaming, counterfactual or hindsight language found (`debrief lint`)._',
    );
    const md = render({
      summary: { whatHappened: 'The admin should have known. Obviously a careless change.' },
    });
    expect(rows(section(md, '### Language review')).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['`summary.whatHappened`', 'should have', 'counterfactual'],
      ['`summary.whatHappened`', 'Obviously', 'hindsight'],
      ['`summary.whatHappened`', 'careless', 'blame'],
    ]);
  });
});
