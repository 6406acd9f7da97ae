import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { h2, rows, section } from '../../test/markdown.js';
import type { PostMortemInput } from '../contract/post-mortem.schema.js';
import { CLOCK_DEFINITIONS } from './clocks.js';
import { renderMarkdownReport } from './report-build.js';
import { MILESTONE_LABELS } from './report-markdown-common.js';
import { CLOCK_NAMES, MILESTONE_KINDS } from './vocabulary.js';

const GENERATED_AT = '2026-04-01T10:00:00Z';

function render(overrides: Partial<PostMortemInput> = {}): string {
  return renderMarkdownReport(buildPostMortem(overrides), { generatedAt: GENERATED_AT });
}

const SECTIONS = [
  '## 1. Incident summary',
  '## 2. Impact',
  '## 3. Timeline',
  '## 4. Clocks against targets',
  '## 5. Root cause analysis',
  '## 6. Response evaluation',
  '## 7. Lessons learned',
  '## 8. Recommendations',
  '## 9. Compliance',
  '## Appendix A. Evidence',
  '## Appendix B. Indicators',
  '## Appendix C. People and roles',
  '## Appendix D. Interviews',
  '## Appendix E. Attachments',
  '## Appendix F. Review and sign-off',
];

describe('renderMarkdownReport: structure', () => {
  it('puts the title first, then the sections in the fixed order', () => {
    const md = render({ id: 'INC-2026-014', title: 'Phishing led to mailbox takeover' });
    expect(md.split('\n')[0]).toBe('# INC-2026-014 — Phishing led to mailbox takeover');
    expect(h2(md)).toEqual(SECTIONS);
  });

  it('keeps every section of an empty document, each saying what is missing and where to add it', () => {
    const md = render();
    expect(h2(md)).toEqual(SECTIONS);
    for (const note of [
      '_No references (tickets, incident records, cases) recorded. Add them under `references` in the post-mortem file._',
      '_No account of what happened recorded. Add it under `summary.whatHappened` in the post-mortem file._',
      '_No affected systems recorded. Add them under `impact.systems` in the post-mortem file._',
      '_No timeline entries recorded. Add them under `timeline` in the post-mortem file._',
      '_No root causes recorded. Add them under `analysis.rootCauses` in the post-mortem file._',
      '_No 5 Whys analyses recorded. Add them under `analysis.fiveWhys` in the post-mortem file._',
      '_No fishbone causes recorded. Add them under `analysis.fishbone.causes` in the post-mortem file._',
      '_No FMEA rows recorded. Add them under `analysis.fmea` in the post-mortem file._',
      '_No patient zero recorded. Add it under `analysis.patientZero` in the post-mortem file._',
      '_No strengths recorded. Add them under `evaluation.wentWell` in the post-mortem file._',
      '_No lessons learned recorded. Add them under `lessons` in the post-mortem file._',
      '_No recommendations recorded. Add them under `recommendations` in the post-mortem file._',
      '_No notifications recorded. Add them under `compliance.notifications` in the post-mortem file._',
      '_No evidence items recorded. Add them under `evidence` in the post-mortem file._',
      '_No interviews recorded. Add them under `interviews` in the post-mortem file._',
      '_No approvals recorded. Add them under `review.approvals` in the post-mortem file._',
    ]) {
      expect(md).toContain(note);
    }
  });

  it('gives the same bytes for the same input', () => {
    const overrides: Partial<PostMortemInput> = {
      timeline: [entry('T2', '2026-03-14T10:00Z'), entry('T1', '2026-03-14T09:00Z')],
      recommendations: [{ id: 'R1', title: 'Fix', type: 'corrective', priority: 'low' }],
    };
    expect(render(overrides)).toBe(render(overrides));
  });
});

describe('renderMarkdownReport: header', () => {
  it('shows status, severity, types, tags, restricted flag, version, created, updated and generation time', () => {
    const md = render({
      status: 'in-review',
      severity: 'critical',
      types: ['technical', 'process'],
      tags: ['phishing', 'm365'],
      version: 7,
      created: '2026-03-14T09:00+01:00',
      updated: '2026-03-20T12:00:00Z',
    });
    const header = md.slice(0, md.indexOf('## 1.'));
    expect(header).toContain('- **Status:** in-review');
    expect(header).toContain('- **Severity:** critical');
    expect(header).toContain('- **Types:** technical, process');
    expect(header).toContain('- **Tags:** phishing, m365');
    expect(header).toContain('- **Restricted:** no');
    expect(header).toContain('- **Version:** 7');
    expect(header).toContain('- **Created:** 2026-03-14T09:00+01:00 (2026-03-14 08:00 UTC)');
    expect(header).toContain('- **Updated:** 2026-03-20T12:00:00Z');
    expect(header).toContain('- **Report generated:** 2026-04-01T10:00:00Z');
  });

  it('sums up detection, dwell time, containment, impact, breaches, actions and notifications at a glance', () => {
    const md = render({
      severity: 'high',
      impact: { peopleAffected: 38240, recordsAffected: 412806 },
      timeline: [
        entry('T1', '2026-03-10T08:00Z', { milestone: { kind: 'compromise' } }),
        entry('T2', '2026-03-14T08:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
        entry('T3', '2026-03-14T10:00Z', { milestone: { kind: 'containment' } }),
      ],
      analysis: { rootCauses: [{ id: 'RC1', statement: 'x', category: 'other' }] },
      recommendations: [
        { id: 'R1', title: 'a', type: 'process', priority: 'low', status: 'verified' },
        { id: 'R2', title: 'b', type: 'process', priority: 'low', status: 'accepted', due: '2026-03-01' },
      ],
      compliance: {
        notifications: [{ id: 'N1', regime: 'gdpr', recipient: 'CNIL', submittedAt: '2026-03-15T10:00Z' }],
      },
    });
    expect(section(md, '**At a glance**').trim().split('\n').slice(0, 8)).toEqual([
      '- **Detected by:** customer, 2026-03-14 08:00 UTC',
      '- **Dwell time:** 4d — **over target**',
      '- **Time to contain:** 2h',
      '- **Affected:** 38,240 people, 412,806 records',
      '- **Clock breaches:** 1: Time to detect (dwell time)',
      '- **Root causes:** 1',
      '- **Recommendations:** 2, of which 1 closed (verified, risk accepted or rejected) and **1 overdue**',
      '- **Notifications made:** 1 (gdpr)',
    ]);
  });

  it('puts a need-to-know banner on a restricted post-mortem', () => {
    expect(render({ restricted: true })).toContain('> **RESTRICTED.**');
    expect(render({ restricted: false })).not.toContain('RESTRICTED');
  });

  it('links references only through http(s) URLs', () => {
    const md = render({
      references: [
        { system: 'jira', id: 'SEC-42', title: 'Ticket', url: 'https://jira.example.com/browse/SEC-42' },
        { system: 'wiki', url: 'javascript:alert(1)' },
      ],
    });
    expect(md).toContain(
      '- jira `SEC-42`: Ticket — [https://jira.example.com/browse/SEC-42](https://jira.example.com/browse/SEC-42)',
    );
    expect(md).toContain('- wiki — `javascript:alert(1)`');
    expect(md).not.toContain('](javascript:');
  });
});

describe('renderMarkdownReport: summary and impact', () => {
  it('shows the four summary parts and the impact figures', () => {
    const md = render({
      summary: {
        whatHappened: 'A phish.',
        howDetected: 'A customer called.',
        whoWasInvolved: 'SOC',
        howResolved: 'Reset.',
      },
      impact: {
        systems: [{ name: 'Exchange Online', criticality: 'high', description: 'Mail' }],
        dataCategories: ['contact details', 'invoices'],
        recordsAffected: 1234567,
        peopleAffected: 1200,
        businessImpact: 'Two days of invoicing lost.',
        cost: { amount: 250000, currency: 'EUR', note: 'estimate' },
      },
    });
    expect(section(md, '### How it was detected')).toContain('A customer called.');
    expect(rows(section(md, '### Affected systems'))).toEqual([['Exchange Online', 'high', 'Mail']]);
    expect(md).toContain('- **Data categories:** contact details; invoices');
    expect(md).toContain('- **Records affected:** 1,234,567');
    expect(md).toContain('- **People affected:** 1,200');
    expect(md).toContain('- **Cost:** 250,000 EUR — estimate');
  });
});

describe('renderMarkdownReport: timeline', () => {
  it('sorts entries by time and shows each time as written and in UTC', () => {
    const md = render({
      timeline: [
        entry('T2', '2026-03-14T10:30:15+01:00'),
        entry('T1', '2026-03-14T08:00Z'),
        entry('T3', '2026-03-15'),
      ],
    });
    const table = rows(section(md, '## 3. Timeline'));
    expect(table.map((r) => r[0])).toEqual(['`T1`', '`T2`', '`T3`']);
    expect(table[1]?.slice(1, 3)).toEqual(['2026-03-14T10:30:15+01:00', '2026-03-14 09:30:15 UTC']);
    expect(table[2]?.slice(1, 3)).toEqual(['2026-03-15', '2026-03-15']);
  });

  it('shows source, host, user, evidence and ATT&CK ids, and marks uncertain entries with ≈', () => {
    const md = render({
      evidence: [{ id: 'E1', title: 'EDR export', kind: 'export' }],
      timeline: [
        entry('T1', '2026-03-14T08:00Z', {
          source: 'EDR alert',
          host: 'WS-0042',
          user: 'j.doe',
          evidence: ['E1'],
          attack: ['T1566.002'],
          uncertain: true,
        }),
      ],
    });
    const [row] = rows(section(md, '## 3. Timeline'));
    expect(row).toEqual([
      '`T1`',
      '2026-03-14T08:00Z',
      '≈ 2026-03-14 08:00 UTC',
      '',
      'entry T1',
      'EDR alert',
      'host `WS-0042`<br>user `j.doe`',
      '`E1`',
      '`T1566.002`',
    ]);
  });

  it('shows every milestone kind in the table and in the diagram', () => {
    const timeline = MILESTONE_KINDS.map((kind, i) => {
      const at = `2026-03-${String(10 + i).padStart(2, '0')}T09:00Z`;
      if (kind === 'detection') return entry(`M${i}`, at, { milestone: { kind, source: 'customer' } });
      if (kind === 'notification')
        return entry(`M${i}`, at, { milestone: { kind, recipient: 'CNIL', regime: 'gdpr' } });
      return entry(`M${i}`, at, { milestone: { kind } });
    });
    const md = render({ timeline });
    const table = section(md, '## 3. Timeline').split('```mermaid')[0] ?? '';
    const diagram = md.split('```mermaid\ntimeline')[1]?.split('```')[0] ?? '';
    for (const kind of MILESTONE_KINDS) {
      expect(table).toContain(`**${MILESTONE_LABELS[kind]}**`);
      expect(diagram).toContain(MILESTONE_LABELS[kind]);
    }
    expect(table).toContain('**Detection** (customer)');
    expect(table).toContain('**Notification** to CNIL (gdpr)');
  });

  it('draws the milestones as a Mermaid timeline with one section per UTC day', () => {
    const md = render({
      timeline: [
        entry('T1', '2026-03-14T23:30-02:00', { milestone: { kind: 'compromise' }, text: 'Phish clicked' }),
        entry('T2', '2026-03-15T09:00Z', { milestone: { kind: 'detection', source: 'employee-report' } }),
        entry('T3', '2026-03-16', { milestone: { kind: 'containment' } }),
        entry('T4', '2026-03-16T10:00Z', { text: 'not a milestone' }),
      ],
    });
    const diagram = md.split('```mermaid\n')[1]?.split('\n```')[0];
    expect(diagram).toBe(
      [
        'timeline',
        '  title Milestones (UTC)',
        '  section 2026-03-15',
        '    01#58;30 : Compromise#58; Phish clicked',
        '    09#58;00 : Detection (employee-report)#58; entry T2',
        '  section 2026-03-16',
        '    time unknown : Containment#58; entry T3',
      ].join('\n'),
    );
  });

  it("uses a milestone's detail in the diagram and keeps the full text in the table", () => {
    const md = render({
      timeline: [
        entry('T1', '2026-03-14T08:00Z', {
          text: 'A long account of how the customer reported the fraud e-mail',
          milestone: { kind: 'detection', source: 'customer', detail: 'Customer report SUP-1' },
        }),
      ],
    });
    expect(md).toContain('08#58;00 : Detection (customer)#58; Customer report SUP-1');
    expect(rows(section(md, '## 3. Timeline'))[0]?.[4]).toBe(
      'A long account of how the customer reported the fraud e-mail',
    );
  });

  it('draws the entries themselves when none is a milestone, and says so', () => {
    const md = render({ timeline: [entry('T1', '2026-03-14T08:00Z', { text: 'Login from new country' })] });
    expect(md).toContain('### Key events (UTC)');
    expect(md).toContain('No entry is marked as a milestone');
    expect(md).toContain('08#58;00 : Login from new country');
  });
});

describe('renderMarkdownReport: clocks', () => {
  const timeline = [
    entry('C1', '2026-03-10T08:00Z', { milestone: { kind: 'compromise' } }),
    entry('D1', '2026-03-14T08:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
    entry('K1', '2026-03-14T14:00Z', { milestone: { kind: 'containment' } }),
    entry('A1', '2026-03-14', { milestone: { kind: 'acknowledgement' } }),
  ];

  it('lists every clock with its value, entries, target and status', () => {
    const md = render({ severity: 'high', timeline, evaluation: { targets: { timeToContain: 'PT4H' } } });
    const table = rows(section(md, '## 4. Clocks against targets'));
    expect(table.map((r) => r[0])).toEqual(CLOCK_NAMES.map((n) => CLOCK_DEFINITIONS[n].label));
    const byLabel = new Map(table.map((r) => [r[0], r]));
    expect(byLabel.get('Time to contain')).toEqual([
      'Time to contain',
      '6h (`PT6H`)',
      '`D1` detection → `K1` containment',
      '4h (`PT4H`), set in this post-mortem',
      '**BREACHED** by 2h',
    ]);
    expect(byLabel.get('Time to detect (dwell time)')?.slice(1)).toEqual([
      '4d (`P4D`)',
      '`C1` compromise → `D1` detection',
      '2d (`P2D`), default for high severity',
      '**BREACHED** by 2d',
    ]);
    expect(byLabel.get('Time to eradicate')?.[4]).toBe('not computable: no eradication milestone');
    expect(byLabel.get('Time to acknowledge')?.[1]).toMatch(/^≈ /);
    expect(byLabel.get('Time to acknowledge')?.[4]).toContain('≈ approximate');
  });

  it('lists the breaches with how far over target they are', () => {
    const md = render({ severity: 'high', timeline, evaluation: { targets: { timeToContain: 'PT4H' } } });
    expect(section(md, '### Breaches').trim()).toBe(
      [
        '- **Time to detect (dwell time):** 4d against a target of 2d (severity default), over by **2d** (`C1` → `D1`).',
        '- **Time to contain:** 6h against a target of 4h (set in this post-mortem), over by **2h** (`D1` → `K1`).',
      ].join('\n'),
    );
  });

  it('says so when no clock exceeds its target', () => {
    const md = render({ severity: 'high', timeline: timeline.slice(1, 3) });
    expect(section(md, '### Breaches').trim()).toBe('_No measured clock exceeded its target._');
    expect(md).toContain('| within target |');
  });
});

describe('renderMarkdownReport: escaping user text', () => {
  const hostile =
    'a | b <script>alert(1)</script> <img src=x onerror=alert(1)>\n# heading\n- item\n```\n[x](javascript:alert(1))';
  const doc: Partial<PostMortemInput> = {
    title: 'Title <b>bold</b> | pipe ##',
    summary: { whatHappened: hostile },
    timeline: [entry('T1', '2026-03-14T08:00Z', { text: hostile, source: 'a|b', host: 'h`|`x' })],
    impact: { systems: [{ name: hostile }] },
    lessons: [{ id: 'L1', category: 'tooling', text: hostile }],
    recommendations: [{ id: 'R1', title: 'x | y', type: 'process', priority: 'low', description: hostile }],
  };

  it('lets no raw HTML through, even to a renderer that allows HTML', () => {
    const html = new MarkdownIt({ html: true }).render(render(doc));
    expect(html).not.toMatch(/<script|<img|<b>|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('keeps pipes and newlines from breaking table rows and columns', () => {
    const md = render(doc);
    const timeline = rows(section(md, '## 3. Timeline'));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toHaveLength(9);
    expect(timeline[0]?.[4]).toBe(
      'a \\| b &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;<br>\\# heading<br>\\- item<br>\\`\\`\\`<br>\\[x\\](javascript:alert(1))',
    );
    const html = new MarkdownIt().render(md);
    const timelineTable = html.split('</table>').find((t) => t.includes('Time (as written)')) ?? '';
    const htmlRows = timelineTable.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    expect(htmlRows).toHaveLength(2);
    for (const row of htmlRows) expect(row.match(/<t[hd]>/g)).toHaveLength(9);
  });

  it('adds no heading, list or code block from user text', () => {
    const md = render(doc);
    expect(h2(md)).toEqual(SECTIONS);
    const html = new MarkdownIt().render(md);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toContain('<pre><code>\n');
    expect(html).toContain('<h1>INC-2026-001 — Title &lt;b&gt;bold&lt;/b&gt; | pipe ##</h1>');
  });

  it('keeps multi-line text inside its list item', () => {
    const md = render({ evaluation: { wentWell: ['first line\nsecond line'] } });
    expect(section(md, '### What went well').trim()).toBe('- first line\\\n  second line');
  });

  it('shows ids in backticks', () => {
    const md = render({ timeline: [entry('T-1:a', '2026-03-14T08:00Z')] });
    expect(rows(section(md, '## 3. Timeline'))[0]?.[0]).toBe('`T-1:a`');
  });
});
