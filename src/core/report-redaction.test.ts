import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { assertNoInternalValues, findLeaks } from '../../test/report-leaks.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import type { PostMortem } from './model.js';
import { audienceMarkdown } from './report-audience-common.js';
import { publicSections } from './report-audience-public.js';
import { regulatorSections } from './report-audience-regulator.js';
import type { EvidenceCustody } from './report-custody.js';
import { technicalMarkdown } from './report-markdown.js';
import { reportContext } from './report-markdown-common.js';
import { redactForAudience, scrubText } from './report-redaction.js';
import { internalValues, rolePseudonyms } from './report-redaction-values.js';

const AT = '2026-12-04T10:00:00Z';
const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;

/** A post-mortem with one of each kind of internal value, some of them only in free text. */
function richDoc(): PostMortem {
  return buildPostMortem({
    id: 'INC-2026-077',
    title: 'Ransomware on FS-BACKUP-02 via jdoe',
    people: [
      { id: 'P1', name: 'Will Harper', email: 'will.harper@corp.example', roles: ['responder'] },
      { id: 'P2', name: 'Dana Okafor', email: 'dana@corp.example', roles: ['incident-lead'] },
      { id: 'P3', name: 'Sam Reyes', roles: ['responder'] },
    ],
    summary: {
      whatHappened:
        'Will Harper saw CORP\\jdoe log on to fs-backup-02 from 2001:db8::42 and 10.20.30.40. Dana said we will ' +
        'restore. The dropper sat in C:\\Users\\jdoe\\AppData\\evil.exe and /var/tmp/.x/run.sh; mail to ' +
        'helpdesk@corp.example went unanswered. Harper escalated.',
    },
    timeline: [
      entry('T1', '2026-05-01T10:00:00Z', {
        text: 'Logon by CORP\\jdoe on FS-BACKUP-02',
        host: 'FS-BACKUP-02',
        user: 'CORP\\jdoe',
        milestone: { kind: 'compromise' },
      }),
      entry('T2', '2026-05-01T12:00:00Z', {
        text: 'Sam Reyes isolates the host',
        actor: 'Sam Reyes',
        milestone: { kind: 'detection', source: 'internal-control' },
      }),
    ],
    indicators: [
      { id: 'I1', type: 'ipv4', value: '10.20.30.40' },
      { id: 'I2', type: 'domain', value: 'evil-c2.example' },
      { id: 'I3', type: 'file-path', value: 'C:\\Users\\jdoe\\AppData\\evil.exe' },
    ],
    evidence: [
      {
        id: 'E1',
        title: 'EDR export of fs-backup-02',
        kind: 'export',
        collectedBy: 'Sam Reyes',
        location: '/srv/evidence/edr.zip',
        sha256: 'a'.repeat(64),
      },
    ],
    references: [{ system: 'jira', id: 'SEC-1', url: 'https://jira.corp.example/browse/SEC-1' }],
    recommendations: [
      { id: 'R1', title: 'Rotate jdoe credentials', type: 'corrective', priority: 'high', owner: 'P1' },
    ],
  });
}

function render(doc: PostMortem, audience: 'regulator' | 'public', custody?: EvidenceCustody[]): string {
  const redaction = redactForAudience(doc, audience, custody === undefined ? {} : { custody });
  const ctx = reportContext(redaction.doc, AT);
  const sections = audience === 'regulator' ? regulatorSections(ctx, redaction.custody) : publicSections(ctx);
  return audienceMarkdown(ctx, sections);
}

describe('internal values', () => {
  it('lists people, e-mails, hosts, addresses, accounts, indicators, paths and links with their kind', () => {
    const values = internalValues(richDoc());
    const kinds = new Map(values.map((v) => [v.value, v.kind]));
    expect(kinds.get('Will Harper')).toBe('person');
    expect(kinds.get('Harper')).toBe('name-part');
    expect(kinds.get('will.harper@corp.example')).toBe('email');
    expect(kinds.get('helpdesk@corp.example')).toBe('email');
    expect(kinds.get('FS-BACKUP-02')).toBe('host');
    expect(kinds.get('10.20.30.40')).toBe('address');
    expect(kinds.get('2001:db8::42')).toBe('address');
    expect(kinds.get('CORP\\jdoe')).toBe('account');
    expect(kinds.get('jdoe')).toBe('account');
    expect(kinds.get('evil-c2.example')).toBe('indicator');
    expect(kinds.get('C:\\Users\\jdoe\\AppData\\evil.exe')).toBe('path');
    expect(kinds.get('/srv/evidence/edr.zip')).toBe('path');
    expect(kinds.get('/var/tmp/.x/run.sh')).toBe('path');
    expect(kinds.get('https://jira.corp.example/browse/SEC-1')).toBe('url');
    expect(kinds.get('jira.corp.example')).toBe('host');
  });

  it('finds the demo values in their fields and leaves ids such as W-1.1.1.1 alone', () => {
    const values = internalValues(demo);
    const byValue = new Map(values.map((v) => [v.value, v]));
    for (const value of [
      'KRV-LT-0412',
      'krv-prod-billing-exports',
      'svc-reporting-export',
      '198.51.100.77',
    ]) {
      expect(byValue.has(value), value).toBe(true);
    }
    expect(values.some((v) => v.value === '1.1.1.1')).toBe(false);
    // Products and teams are no identities.
    expect(values.some((v) => v.value === 'Debrief' || v.value === 'Security Operations')).toBe(false);
  });
});

describe('pseudonyms', () => {
  it('name people by their main role, numbering those who share one, in the order of people', () => {
    const names = rolePseudonyms(demo);
    expect(names.get('P-02')).toBe('Incident lead');
    expect(names.get('P-03')).toBe('Responder 1');
    expect(names.get('P-04')).toBe('Responder 2');
    expect(names.get('P-10')).toBe('Responder 4');
    expect(names.get('P-06')).toBe('Privacy officer');
    expect(new Set(names.values()).size).toBe(demo.people.length);
  });

  it('are the same person everywhere in the report: names, first names and e-mail addresses', () => {
    const text = render(richDoc(), 'regulator');
    // Will Harper (P1) is the first of two responders; his full name, surname and owner id all become Responder 1.
    expect(scrubText('Will Harper, Harper, will.harper@corp.example', internalValues(richDoc()))).toBe(
      'Responder 1, Responder 1, Responder 1',
    );
    expect(text).toContain('| Responder 1 |');
    expect(text).not.toMatch(/Responder 3/);
  });

  it('are stable: redacting twice gives the same document', () => {
    const once = redactForAudience(demo, 'regulator');
    const twice = redactForAudience(demo, 'regulator');
    expect(JSON.stringify(once.doc)).toBe(JSON.stringify(twice.doc));
    expect(once.doc.people.find((p) => p.id === 'P-04')?.name).toBe('Responder 2');
  });
});

describe('scrubText', () => {
  const values = internalValues(richDoc());
  it('masks hosts ignoring case, and the longest value first', () => {
    expect(scrubText('fs-backup-02 and FS-BACKUP-02', values)).toBe('host-1 and host-1');
    expect(scrubText('CORP\\jdoe', values)).toBe('account-1');
  });
  it('matches the words of a name with their case only', () => {
    expect(scrubText('Will we restore? Ask Will.', values)).toBe(
      'Will we restore? Ask Will.'.replace(/Will/g, 'Responder 1'),
    );
    expect(scrubText('we will restore', values)).toBe('we will restore');
  });
  it('does not mask an address inside a longer number', () => {
    expect(scrubText('10.20.30.40 vs 10.20.30.401', values)).toBe('address-1 vs 10.20.30.401');
  });
});

describe('external renderings', () => {
  for (const audience of ['regulator', 'public'] as const) {
    it(`leak no internal value of the demo: ${audience}`, () => {
      const doc: PostMortem = {
        ...demo,
        publication: {
          customerActions: [],
          publicSections: ['summary', 'impact', 'timeline', 'lessons', 'recommendations'],
        },
      };
      assertNoInternalValues(render(doc, audience), internalValues(demo));
    });

    it(`leak no internal value of a document with every kind: ${audience}`, () => {
      const doc = {
        ...richDoc(),
        publication: { customerActions: [], publicSections: ['summary' as const] },
      };
      assertNoInternalValues(render(doc, audience), internalValues(doc));
    });
  }

  it('the regulator copy of the document is safe to draw with the full technical report', () => {
    // Any renderer can draw the redacted copy: even every technical section leaks nothing.
    for (const doc of [demo, richDoc()]) {
      const redacted = redactForAudience(doc, 'regulator').doc;
      assertNoInternalValues(technicalMarkdown(reportContext(redacted, AT)), internalValues(doc));
    }
  });

  it('the leak check itself finds a value hidden by Markdown escaping', () => {
    const values = internalValues(richDoc());
    expect(findLeaks('see fs\\-backup\\-02', values).map((l) => l.value)).toEqual(['FS-BACKUP-02']);
    expect(findLeaks('CORP\\\\jdoe', values).length).toBeGreaterThan(0);
  });

  it('mask custody actors and reasons with the document values', () => {
    const custody: EvidenceCustody[] = [
      {
        evidenceId: 'E-01',
        sha256: '67703f508914b408e41a9edb719a549101c4ce05495752cfe46a26cbeb7fab84',
        size: 1024,
        collectedBy: 'anneke.vos@korvalen.example',
        entries: [
          { seq: 1, action: 'collected', actor: 'avos', at: '2026-03-04T18:00:00Z' },
          {
            seq: 2,
            action: 'transferred',
            actor: 'Anneke Vos',
            at: '2026-03-04T19:00:00Z',
            reason: 'copied from KRV-LT-0412',
          },
        ],
        chainOk: true,
        problems: [],
      },
    ];
    const text = render(demo, 'regulator', custody);
    assertNoInternalValues(text, internalValues(demo, custody));
    expect(text).toContain('Responder 1');
    expect(text).toMatch(/\| 1 \| collected \| account-\d+ \|/);
    expect(text).toContain('copied from host-1');
  });

  it('property: random names and hosts written into free text never leak', () => {
    const word = fc.stringMatching(/^[a-z]{3,7}$/);
    const name = fc.tuple(word, word).map(([a, b]) => `Zx${a} Qv${b}`);
    const host = fc.tuple(word, fc.integer({ min: 1, max: 999 })).map(([w, n]) => `srv-${w}-${n}`);
    const filler = fc.lorem({ maxCount: 8 });
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
        host,
        filler,
        filler,
        (names, h, before, after) => {
          const [first = ''] = names;
          const given = first.split(' ')[0] ?? '';
          const doc = buildPostMortem({
            people: names.map((n, i) => ({ id: `P${i}`, name: n, roles: ['responder'] })),
            summary: { whatHappened: `${before} ${first} restarted ${h.toUpperCase()}. ${given} ${after}` },
            timeline: [
              entry('T1', '2026-05-01T10:00:00Z', {
                text: `${after} on ${h} by ${names.join(', ')}`,
                host: h,
              }),
            ],
            lessons: [{ id: 'L1', category: 'tooling', text: `${given} wrote: ${before} ${h}` }],
            publication: { publicSections: ['summary', 'timeline', 'lessons'] },
          });
          const values = internalValues(doc);
          for (const audience of ['regulator', 'public'] as const) {
            expect(findLeaks(render(doc, audience), values)).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
