import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { h2, rows, section } from '../../test/markdown.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import type { PostMortem } from './model.js';
import { audienceMarkdown } from './report-audience-common.js';
import { regulatorSections } from './report-audience-regulator.js';
import type { EvidenceCustody } from './report-custody.js';
import { reportContext } from './report-markdown-common.js';
import { redactForAudience } from './report-redaction.js';

const AT = '2026-12-04T10:00:00Z';
const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;
const E01 = demo.evidence[0];

function pack(custody?: EvidenceCustody[]): string {
  const redaction = redactForAudience(demo, 'regulator', custody === undefined ? {} : { custody });
  const ctx = reportContext(redaction.doc, AT);
  return audienceMarkdown(ctx, regulatorSections(ctx, custody === undefined ? undefined : redaction.custody));
}

describe('the regulator and auditor pack', () => {
  it('has facts, the notification timeline, compliance clocks, evidence, failed controls and remediation', () => {
    expect(h2(pack())).toEqual([
      '## 1. Facts',
      '## 2. Awareness and notification timeline',
      '## 3. Compliance clocks',
      '## 4. Evidence and chain of custody',
      '## 5. Failed controls',
      '## 6. Remediation status',
    ]);
  });

  it('lists awareness and every notification in time order, and the notifications made', () => {
    const md = section(pack(), '## 2. Awareness and notification timeline');
    const milestones = rows(md.split('### Notifications made')[0] ?? '').map((r) => r[1] ?? '');
    const awareness = milestones.findIndex((m) => m.startsWith('**Awareness**'));
    const notifications = milestones.filter((m) => m.startsWith('**Notification to'));
    expect(awareness).toBeGreaterThan(-1);
    expect(notifications).toHaveLength(3);
    expect(milestones.findIndex((m) => m.startsWith('**Notification to'))).toBeGreaterThan(awareness);
    expect(section(md, '### Notifications made')).toContain('`AP notification 2026-0318842`');
  });

  it('computes the notification deadlines: the GDPR 72-hour notice was met', () => {
    const deadlines = rows(section(pack(), '### Notification deadlines'));
    const art33 = deadlines.find((r) => r[1]?.includes('Art. 33(1)'));
    expect(art33?.[2]).toBe('72 h');
    expect(art33?.[4]).toBe('2026-03-05T12:05:00+01:00');
    expect(art33?.[6]).toBe('met');
  });

  it('lists every evidence hash, and says the custody log was not available without it', () => {
    const md = section(pack(), '## 4. Evidence and chain of custody');
    for (const item of demo.evidence) expect(md).toContain(`\`${item.sha256}\``);
    expect(rows(md).every((r) => r[6] === 'not available')).toBe(true);
    expect(md).toContain('The custody log was not available for this rendering');
  });

  it('shows the chain of custody, a broken chain and a hash that differs from the document', () => {
    const custody: EvidenceCustody[] = [
      {
        evidenceId: 'E-01',
        sha256: E01?.sha256 ?? '',
        size: 123_456,
        collectedBy: 'Anneke Vos',
        collectedAt: '2026-03-04T18:00:00Z',
        entries: [
          { seq: 1, action: 'collected', actor: 'Anneke Vos', at: '2026-03-04T18:00:00Z' },
          { seq: 2, action: 'registered', actor: 'avos', at: '2026-03-04T18:05:00Z' },
          { seq: 3, action: 'verified', actor: 'avos', at: '2026-03-20T09:00:00Z', reason: 'before review' },
        ],
        chainOk: true,
        problems: [],
      },
      {
        evidenceId: 'E-02',
        sha256: 'f'.repeat(64),
        size: 10,
        entries: [{ seq: 1, action: 'registered', actor: 'avos', at: '2026-03-02T15:10:00Z' }],
        chainOk: false,
        problems: ['custody entry 2 is missing'],
      },
    ];
    const md = section(pack(custody), '## 4. Evidence and chain of custody');
    const table = rows(md);
    expect(table.find((r) => r[0] === '`E-01`')?.[6]).toBe('chain intact, 3 entries');
    expect(table.find((r) => r[0] === '`E-02`')?.[6]).toBe(
      '**chain broken**, 1 entries, **hash differs from the document**',
    );
    expect(table.find((r) => r[0] === '`E-03`')?.[6]).toBe('not registered');
    const log = section(md, '#### `E-01`');
    expect(log).toContain(`- **SHA-256:** \`${E01?.sha256}\``);
    expect(log).toContain('- **Size:** 123,456 bytes');
    const entries = rows(log).map((r) => r.slice(0, 3));
    const mask = entries[1]?.[2] ?? '';
    expect(mask).toMatch(/^account-\d+$/);
    expect(entries).toEqual([
      ['1', 'collected', 'Responder 1'],
      ['2', 'registered', mask],
      ['3', 'verified', mask],
    ]);
    expect(section(md, '#### `E-02`')).toContain('**broken**: custody entry 2 is missing');
  });

  it('shows failed controls with their remediation, and every measure with its status and proof', () => {
    const md = pack();
    const controls = rows(section(md, '## 5. Failed controls'));
    expect(controls.find((r) => r[0] === '`FC-1`')?.[5]).toBe('`R-01` verified');
    const measures = rows(section(md, '## 6. Remediation status'));
    expect(measures).toHaveLength(demo.recommendations.length);
    expect(measures.find((r) => r[0] === '`R-10`')?.[7]).toBe('risk accepted until 2027-03-31');
    // Owners are roles in the pack, never names.
    expect(measures.find((r) => r[0] === '`R-01`')?.[4]).toBe('Responder 3');
  });
});
