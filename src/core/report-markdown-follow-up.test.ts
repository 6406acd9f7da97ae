import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { rows, section } from '../../test/markdown.js';
import type { PostMortemInput } from '../contract/post-mortem.schema.js';
import { renderMarkdownReport } from './report-build.js';

function render(overrides: Partial<PostMortemInput> = {}, generatedAt = '2026-04-01T10:00:00Z'): string {
  return renderMarkdownReport(buildPostMortem(overrides), { generatedAt });
}

describe('report: response evaluation', () => {
  it('names the detection source from the earliest detection milestone', () => {
    const md = render({
      timeline: [
        entry('T9', '2026-03-15T08:00Z', { milestone: { kind: 'detection', source: 'internal-control' } }),
        entry('T5', '2026-03-14T08:00+01:00', {
          milestone: { kind: 'detection', source: 'customer', detail: 'phone call' },
        }),
      ],
    });
    expect(md).toContain(
      '- **Detected by:** customer — `T5` at 2026-03-14T08:00+01:00 (2026-03-14 07:00 UTC) — phone call',
    );
  });

  it('shows the scorecard with each aspect, its score and how it was computed', () => {
    const md = render({
      timeline: [
        entry('T1', '2026-03-14T08:00Z', { milestone: { kind: 'detection', source: 'employee-report' } }),
      ],
    });
    const scores = section(md, '### Scorecard');
    expect(scores).toMatch(/_Overall: \*\*75 \/ 100\*\*/);
    expect(scores).toContain('| Detection source | 75 | detected by an employee report (T1): 75 |');
    expect(scores).toContain('| Time to contain | — | not computable: no containment milestone |');
  });

  it('lists what went well, what went poorly, lucky breaks and communication', () => {
    const md = render({
      evaluation: {
        wentWell: ['EDR isolated the host'],
        wentPoorly: ['Paging took 40 minutes'],
        luckyBreaks: ['The attacker used a known tool'],
        communication: 'First stakeholder update after 3h.',
      },
    });
    expect(section(md, '### What went well').trim()).toBe('- EDR isolated the host');
    expect(section(md, '### What went poorly').trim()).toBe('- Paging took 40 minutes');
    expect(section(md, '### Lucky breaks').trim()).toBe('- The attacker used a known tool');
    expect(section(md, '### Communication').trim()).toBe('First stakeholder update after 3h.');
  });
});

describe('report: lessons learned', () => {
  it('groups lessons by category in the vocabulary order and flags those no recommendation addresses', () => {
    const md = render({
      lessons: [
        { id: 'L1', category: 'tooling', text: 'SIEM lacked M365 logs' },
        { id: 'L2', category: 'security-gap', text: 'No conditional access' },
        { id: 'L3', category: 'tooling', text: 'No SOAR playbook' },
      ],
      recommendations: [
        { id: 'R1', title: 'Onboard logs', type: 'detective', priority: 'high', addresses: ['L1'] },
      ],
    });
    const lessons = section(md, '## 7. Lessons learned');
    expect(lessons.match(/^### .*/gm)).toEqual(['### Security gaps', '### Tooling']);
    expect(section(md, '### Tooling').trim()).toBe(
      [
        '- SIEM lacked M365 logs `L1`',
        '  - Addressed by: `R1`',
        '- No SOAR playbook `L3`',
        '  - Addressed by: **none**',
      ].join('\n'),
    );
  });
});

describe('report: recommendations', () => {
  const recommendations: PostMortemInput['recommendations'] = [
    {
      id: 'R1',
      title: 'Train staff',
      type: 'training',
      priority: 'low',
      owner: 'P1',
      due: '2026-06-30',
      status: 'accepted',
    },
    {
      id: 'R2',
      title: 'Enforce phishing-resistant MFA',
      type: 'preventive',
      priority: 'critical',
      owner: 'IAM team',
      due: '2026-03-31',
      status: 'in-progress',
      addresses: ['RC1'],
      tracker: { system: 'jira', key: 'SEC-7', url: 'https://jira.example.com/browse/SEC-7' },
    },
    {
      id: 'R3',
      title: 'Alert on new MFA device',
      type: 'detective',
      priority: 'high',
      status: 'verified',
      verification: {
        method: 'Purple-team test',
        at: '2026-03-25T10:00Z',
        by: 'P1',
        result: 'Alert fired in 2 min',
        evidence: ['E1'],
      },
    },
    {
      id: 'R4',
      title: 'Replace legacy ERP',
      type: 'corrective',
      priority: 'high',
      status: 'risk-accepted',
      riskAcceptance: {
        approver: 'CFO',
        rationale: 'Replacement planned',
        at: '2026-03-20T09:00Z',
        expires: '2026-03-31',
      },
    },
    {
      id: 'R5',
      title: 'Ban USB',
      type: 'preventive',
      priority: 'medium',
      status: 'rejected',
      rejectionReason: 'Breaks lab work',
    },
  ];
  const doc: Partial<PostMortemInput> = {
    people: [{ id: 'P1', name: 'Ana Analyst' }],
    evidence: [{ id: 'E1', title: 'Test report', kind: 'document' }],
    analysis: { rootCauses: [{ id: 'RC1', statement: 'No MFA', category: 'design-flaw' }] },
    recommendations,
  };

  it('sorts the table by priority and shows owner, due date, status, what it addresses and the tracker', () => {
    const table = rows(section(render(doc), '## 8. Recommendations').split('### Details')[0] ?? '');
    expect(table.map((r) => r[0])).toEqual(['`R2`', '`R3`', '`R4`', '`R5`', '`R1`']);
    expect(table[0]).toEqual([
      '`R2`',
      'Enforce phishing-resistant MFA',
      'preventive',
      'critical',
      'IAM team',
      '2026-03-31',
      'in-progress — **overdue**',
      '`RC1`',
      '[jira SEC-7](https://jira.example.com/browse/SEC-7)',
    ]);
    expect(table[4]?.[4]).toBe('Ana Analyst');
    expect(table[4]?.[6]).toBe('accepted');
  });

  it('summarizes the statuses and counts overdue actions', () => {
    expect(render(doc)).toContain(
      '5 recommendations: 1 accepted, 1 in-progress, 1 verified, 1 risk-accepted, 1 rejected. **1 overdue.** Sorted by priority, then as written.',
    );
    expect(render(doc, '2026-03-01T00:00:00Z')).not.toContain('overdue');
  });

  it('details verification, risk acceptance with expiry, rejection reason and tracker link', () => {
    const details = section(render(doc), '### Details');
    expect(section(details, '#### `R3` Alert on new MFA device').trim()).toBe(
      '- **Verification:** Purple-team test by Ana Analyst at 2026-03-25T10:00Z: Alert fired in 2 min — Evidence: `E1`',
    );
    expect(section(details, '#### `R4` Replace legacy ERP').trim()).toBe(
      [
        '- **Risk accepted by:** CFO at 2026-03-20T09:00Z',
        '- **Rationale:** Replacement planned',
        '- **Acceptance expires:** 2026-03-31 — **expired**',
      ].join('\n'),
    );
    expect(section(details, '#### `R5` Ban USB').trim()).toBe('- **Rejected because:** Breaks lab work');
    expect(section(details, '#### `R2` Enforce phishing-resistant MFA').trim()).toBe(
      '- **Tracker:** [jira SEC-7](https://jira.example.com/browse/SEC-7)',
    );
  });
});

describe('report: compliance', () => {
  it('names the applicable regimes and shows the incident attributes and notification records', () => {
    const md = render({
      timeline: [
        entry('N1', '2026-03-16T10:00+01:00', { milestone: { kind: 'notification', recipient: 'CNIL' } }),
      ],
      compliance: {
        regimes: ['gdpr', 'nis2'],
        attributes: {
          personalData: true,
          riskLevel: 'high-risk',
          significant: true,
          peopleAffected: 1200,
          peopleAffectedByJurisdiction: { FR: 1000, DE: 200 },
          jurisdictions: ['FR', 'DE'],
        },
        notifications: [
          {
            id: 'NR1',
            regime: 'gdpr',
            recipient: 'CNIL',
            obligation: 'initial',
            submittedAt: '2026-03-16T10:00+01:00',
            reference: 'CNIL-2026-123',
            entry: 'N1',
          },
        ],
      },
    });
    expect(section(md, '### Applicable regimes').trim()).toBe(
      ['- EU GDPR (Art. 33/34) (`gdpr`)', '- EU NIS2 (Art. 23) (`nis2`)'].join('\n'),
    );
    const attributes = new Map(rows(section(md, '### Incident attributes')).map((r) => [r[0], r[1]]));
    expect(attributes.get('Personal data involved')).toBe('yes');
    expect(attributes.get('Risk to individuals')).toBe('high-risk');
    expect(attributes.get('NIS2 significant incident')).toBe('yes');
    expect(attributes.get('DORA major ICT-related incident')).toBe('no');
    expect(attributes.get('People affected')).toBe('1,200');
    expect(attributes.get('People affected by jurisdiction')).toBe('FR: 1,000, DE: 200');
    expect(rows(section(md, '### Notifications made'))).toEqual([
      [
        '`NR1`',
        'EU GDPR (Art. 33/34)',
        'CNIL',
        'initial',
        '2026-03-16T10:00+01:00 (2026-03-16 09:00 UTC)',
        '`CNIL-2026-123`',
        '`N1`',
      ],
    ]);
  });

  it('shows each obligation’s deadline and status at the time of the report, with how it was computed', () => {
    const md = render(
      {
        timeline: [entry('A', '2026-03-02T12:05:00+01:00', { milestone: { kind: 'awareness' } })],
        compliance: {
          regimes: ['gdpr', 'circia'],
          attributes: { personalData: true, riskLevel: 'risk' },
          notifications: [
            {
              id: 'N1',
              regime: 'gdpr',
              recipient: 'AP',
              obligation: 'authority',
              submittedAt: '2026-03-06T09:00:00+01:00',
            },
            {
              id: 'N2',
              regime: 'gdpr',
              recipient: 'AP',
              obligation: 'interim',
              submittedAt: '2026-03-07T09:00:00+01:00',
            },
          ],
        },
      },
      '2026-03-04T10:00:00Z',
    );
    const deadlines = section(md, '### Notification deadlines');
    expect(deadlines).toContain('Status at 2026-03-04T10:00:00Z');
    const byObligation = new Map(rows(deadlines).map((r) => [r[1], r]));
    expect(byObligation.get('Notify the supervisory authority (Art. 33(1))')).toEqual([
      'EU GDPR',
      'Notify the supervisory authority (Art. 33(1))',
      '72 h',
      'awareness milestone (A), 2026-03-02T12:05:00+01:00',
      '2026-03-05T12:05:00+01:00',
      '**missed**',
      'submitted 20h 55m late (72 h after the awareness milestone (A) at 2026-03-02T12:05:00+01:00)',
    ]);
    expect(byObligation.get('Communicate the breach to the data subjects (Art. 34)')?.[5]).toBe(
      'not applicable',
    );
    const circia = byObligation.get('Covered cyber incident report (proposed 6 CFR 226.5), proposed rule');
    expect(circia?.[5]).toBe('due');
    expect(deadlines).toContain('- `N2`: "interim" is not an obligation of gdpr');
  });

  it('says no deadlines are computed when no regime is listed', () => {
    expect(section(render(), '### Notification deadlines').trim()).toBe(
      '_No regimes listed, so no deadlines are computed._',
    );
  });
});
