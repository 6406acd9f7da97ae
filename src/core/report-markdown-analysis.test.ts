import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { edgesByLabel, mermaidBlocks, rows, section } from '../../test/markdown.js';
import type { PostMortemInput } from '../contract/post-mortem.schema.js';
import { renderMarkdownReport } from './report-build.js';

function render(overrides: Partial<PostMortemInput> = {}): string {
  return renderMarkdownReport(buildPostMortem(overrides), { generatedAt: '2026-04-01T10:00:00Z' });
}

const fiveWhys: PostMortemInput['analysis'] = {
  fiveWhys: [
    {
      id: 'FW1',
      problem: 'The mailbox was taken over',
      whys: [
        {
          id: 'W1',
          answer: 'The password was phished',
          whys: [
            { id: 'W2', answer: 'No phishing-resistant MFA', category: 'design-flaw' },
            {
              id: 'W3',
              answer: 'The lure passed the mail filter',
              whys: [{ id: 'W4', answer: 'Filter rules were stale', category: 'misconfiguration' }],
            },
          ],
        },
      ],
    },
  ],
};

describe('report: root causes and contributing factors', () => {
  it('shows each root cause with its category, linked factors and the recommendations addressing it', () => {
    const md = render({
      analysis: {
        contributingFactors: [
          { id: 'CF1', category: 'monitoring-gap', description: 'No alert on new MFA device' },
        ],
        rootCauses: [
          { id: 'RC1', statement: 'Legacy auth allowed', category: 'misconfiguration', factors: ['CF1'] },
        ],
      },
      recommendations: [
        { id: 'R1', title: 'Block legacy auth', type: 'preventive', priority: 'high', addresses: ['RC1'] },
      ],
    });
    expect(section(md, '### Root causes').trim()).toBe(
      [
        '- `RC1` **misconfiguration**: Legacy auth allowed',
        '  - Contributing factor `CF1` (monitoring-gap): No alert on new MFA device',
        '  - Addressed by: `R1`',
      ].join('\n'),
    );
    expect(rows(section(md, '### Contributing factors'))).toEqual([
      ['`CF1`', 'monitoring-gap', 'No alert on new MFA device', '—', '**none**'],
    ]);
  });
});

describe('report: 5 Whys', () => {
  it('nests each answer under the one it explains and marks leaves as root causes with their category', () => {
    const md = render({ analysis: fiveWhys });
    const list = section(md, '### 5 Whys')
      .split('\n')
      .filter((l) => /^\s*- /.test(l));
    expect(list).toEqual([
      '- The password was phished `W1`',
      '  - No phishing-resistant MFA `W2` — **root cause** (design-flaw)',
      '  - The lure passed the mail filter `W3`',
      '    - Filter rules were stale `W4` — **root cause** (misconfiguration)',
    ]);
    expect(md).toContain('#### `FW1` The mailbox was taken over');
  });

  it('draws the tree top-down from the problem, with the root causes styled apart', () => {
    const [diagram = ''] = mermaidBlocks(section(render({ analysis: fiveWhys }), '### 5 Whys'));
    expect(diagram.split('\n')[0]).toBe('flowchart TD');
    expect(edgesByLabel(diagram)).toEqual([
      'The mailbox was taken over --> The password was phished',
      'The password was phished --> Root cause (design-flaw)#58; No phishing-resistant MFA',
      'The password was phished --> The lure passed the mail filter',
      'The lure passed the mail filter --> Root cause (misconfiguration)#58; Filter rules were stale',
    ]);
    expect(diagram).toMatch(/^ {2}class n2,n4 rootCause$/m);
  });
});

describe('report: fishbone', () => {
  const analysis: PostMortemInput['analysis'] = {
    fishbone: {
      problem: 'Mailbox takeover',
      categories: ['people', 'technology'],
      causes: [
        {
          id: 'F1',
          category: 'technology',
          text: 'No MFA',
          causes: [{ id: 'F2', text: 'Legacy client', causes: [{ id: 'F3', text: 'Old ERP' }] }],
        },
        { id: 'F4', category: 'people', text: 'Phishing training overdue' },
      ],
    },
  };

  it('draws categories pointing at the effect, causes at their category and sub-causes at their parent', () => {
    const md = render({ analysis });
    const [diagram = ''] = mermaidBlocks(section(md, '### Fishbone (Ishikawa)'));
    expect(diagram.split('\n')[0]).toBe('flowchart LR');
    expect(diagram).not.toContain('ishikawa');
    expect(edgesByLabel(diagram).sort()).toEqual(
      [
        'people --> Mailbox takeover',
        'technology --> Mailbox takeover',
        'No MFA --> technology',
        'Legacy client --> No MFA',
        'Old ERP --> Legacy client',
        'Phishing training overdue --> people',
      ].sort(),
    );
  });

  it('lists the causes under each category, with sub-causes nested', () => {
    const md = render({ analysis });
    const list = section(md, '### Fishbone (Ishikawa)')
      .split('\n')
      .filter((l) => /^\s*- /.test(l));
    expect(list).toEqual([
      '- **people**',
      '  - Phishing training overdue `F4`',
      '- **technology**',
      '  - No MFA `F1`',
      '    - Legacy client `F2`',
      '      - Old ERP `F3`',
    ]);
  });

  it('uses the title as the effect when the fishbone names none', () => {
    const md = render({
      title: 'Ransomware on file server',
      analysis: { fishbone: { causes: [{ id: 'F1', category: 'process', text: 'x' }] } },
    });
    expect(md).toContain('Effect: **Ransomware on file server**');
  });
});

describe('report: FMEA', () => {
  it('sorts rows by RPN, highest first, with the action priority, the re-scored RPN and its reduction', () => {
    const row = (id: string, s: number, o: number, d: number) => ({
      id,
      function: 'Login',
      failureMode: `mode ${id}`,
      effect: 'takeover',
      cause: 'legacy',
      severity: s,
      occurrence: o,
      detection: d,
    });
    const md = render({
      analysis: {
        fmea: [
          row('FM1', 2, 3, 4),
          { ...row('FM2', 9, 5, 4), rescored: { severity: 9, occurrence: 2, detection: 2 } },
          row('FM3', 5, 5, 5),
          row('FM4', 4, 3, 2),
        ],
      },
    });
    // The FMEA rows (the rating scale table follows them).
    const table = rows(section(md, '### FMEA')).filter((r) => r[0]?.startsWith('`FM'));
    expect(table.map((r) => [r[0], r[6], r[7], r[8]])).toEqual([
      ['`FM2`', '9 × 5 × 4', '**180**', 'high'],
      ['`FM3`', '5 × 5 × 5', '**125**', 'medium'],
      ['`FM1`', '2 × 3 × 4', '**24**', 'low'],
      ['`FM4`', '4 × 3 × 2', '**24**', 'low'],
    ]);
    expect(table[0]?.slice(9, 12)).toEqual(['9 × 2 × 2', '36', '144 (80 %)']);
    expect(table[1]?.slice(9, 12)).toEqual(['not re-scored', '—', '—']);
    // The rating scale follows the table, one row per rating.
    expect(section(md, '### FMEA')).toContain('| 10 | critical: threatens safety');
  });
});

describe('report: vulnerabilities, controls, ATT&CK, patient zero', () => {
  it('links CVEs and ATT&CK techniques and shows controls with framework and reference', () => {
    const md = render({
      timeline: [entry('T1', '2026-03-14T08:00Z')],
      analysis: {
        vulnerabilities: [{ id: 'V1', cve: 'CVE-2024-3400', title: 'PAN-OS command injection', cvss: 10 }],
        failedControls: [{ id: 'FC1', name: 'MFA', framework: 'ISO 27001:2022', reference: 'A.8.5' }],
        attack: {
          vector: 'Phishing e-mail',
          initialAccess: 'T1566.002',
          techniques: [
            { id: 'T1566.002', name: 'Spearphishing Link', tactic: 'initial-access', timeline: ['T1'] },
          ],
        },
      },
    });
    expect(rows(section(md, '### Vulnerabilities'))[0]?.slice(0, 5)).toEqual([
      '`V1`',
      '[CVE-2024-3400](https://nvd.nist.gov/vuln/detail/CVE-2024-3400)',
      'PAN-OS command injection',
      '—',
      '10.0',
    ]);
    expect(rows(section(md, '### Failed controls'))[0]?.slice(0, 4)).toEqual([
      '`FC1`',
      'MFA',
      'ISO 27001:2022',
      'A.8.5',
    ]);
    const attack = section(md, '### ATT&CK');
    expect(attack).toContain('- **Attack vector:** Phishing e-mail');
    expect(attack).toContain(
      '- **Initial access:** [T1566.002](https://attack.mitre.org/techniques/T1566/002/) Spearphishing Link',
    );
    expect(rows(attack)).toEqual([
      [
        '[T1566.002](https://attack.mitre.org/techniques/T1566/002/)',
        'Spearphishing Link',
        'initial-access',
        '`T1`',
      ],
    ]);
  });

  it('shows patient zero with its justification and who confirmed it', () => {
    const md = render({
      people: [{ id: 'P1', name: 'Ana Analyst' }],
      analysis: {
        patientZero: {
          host: 'WS-0042',
          user: 'j.doe',
          at: '2026-03-10T09:00+01:00',
          justification: 'First beacon',
          confirmedBy: 'P1',
        },
      },
    });
    expect(section(md, '### Patient zero').trim()).toBe(
      [
        '- **Host:** `WS-0042`',
        '- **User:** `j.doe`',
        '- **First compromised at:** 2026-03-10T09:00+01:00 (2026-03-10 08:00 UTC)',
        '- **Justification:** First beacon',
        '- **Confirmed by:** Ana Analyst',
      ].join('\n'),
    );
  });
});
