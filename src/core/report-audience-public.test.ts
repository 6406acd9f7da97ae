import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { h2, rows, section } from '../../test/markdown.js';
import { assertNoInternalValues } from '../../test/report-leaks.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import type { PostMortem, Publication } from './model.js';
import { audienceMarkdown } from './report-audience-common.js';
import { publicSections } from './report-audience-public.js';
import { reportContext } from './report-markdown-common.js';
import { redactForAudience } from './report-redaction.js';
import { internalValues } from './report-redaction-values.js';

const AT = '2026-12-04T10:00:00Z';
const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;

function statement(publication: Partial<Publication>, change: Partial<PostMortem> = {}): string {
  const doc: PostMortem = {
    ...demo,
    ...change,
    publication: { customerActions: [], publicSections: [], ...publication },
  };
  const redaction = redactForAudience(doc, 'public');
  const ctx = reportContext(redaction.doc, AT);
  const md = audienceMarkdown(ctx, publicSections(ctx));
  assertNoInternalValues(md, internalValues(doc));
  return md;
}

describe('the public statement', () => {
  it('without any marking holds only the safe facts and says nothing else was marked public', () => {
    const md = statement({});
    expect(h2(md)).toEqual(['## Statement', '## What you should do', '## About this statement']);
    expect(section(md, '## Statement')).toContain('- **Detected:** 2026-03-02');
    expect(section(md, '## Statement')).toContain('- **Resolved:** 2026-03-13');
    expect(md).toContain('No public statement has been written yet');
    expect(md).toContain('Nothing else in this post-mortem was marked public');
    // Not even the summary, the milestone details or the people's roles.
    expect(md).not.toContain('adversary-in-the-middle');
    expect(md).not.toContain('SUP-55120');
    expect(md).not.toMatch(/Responder|Incident lead/);
  });

  it('shows the statement, what customers should do, and the sections marked public', () => {
    const md = statement({
      title: 'Billing data incident',
      statement: 'On 2 March we learned that billing data was copied.\n\nWe are sorry.',
      customerActions: ['Do not pay an invoice that names a new bank account; call us first.'],
      publicSections: ['summary', 'impact'],
    });
    expect(h2(md)).toEqual([
      '## Statement',
      '## What you should do',
      '## What happened',
      '## Who and what was affected',
    ]);
    expect(section(md, '## Statement')).toContain(
      'On 2 March we learned that billing data was copied.\n\nWe are sorry.',
    );
    expect(section(md, '## What you should do')).toBe(
      '\n- Do not pay an invoice that names a new bank account; call us first.\n',
    );
    // The summary is shown with its internal values masked.
    expect(section(md, '## What happened')).toContain('from the host-3 bucket');
    expect(section(md, '## Who and what was affected')).toContain('- **People affected:** 38,240');
  });

  it('shows only the lessons and recommendations marked public when their sections are not', () => {
    const md = statement(
      {},
      {
        lessons: demo.lessons.map((l) => (l.id === 'L-1' ? { ...l, public: true } : l)),
        recommendations: demo.recommendations.map((r) => (r.id === 'R-01' ? { ...r, public: true } : r)),
      },
    );
    expect(section(md, '## What we learned').trim().split('\n')).toHaveLength(1);
    expect(rows(section(md, '## What we are changing'))).toEqual([
      [
        'Enforce phishing-resistant MFA and compliant devices for the cloud console and privileged applications',
        'verified',
      ],
    ]);
    expect(md).not.toContain('About this statement');
  });

  it('uses the public title in the redacted document', () => {
    const doc = {
      ...demo,
      publication: { title: 'Billing data incident', customerActions: [], publicSections: [] },
    };
    expect(redactForAudience(doc, 'public').doc.title).toBe('Billing data incident');
    expect(redactForAudience(doc, 'public').doc.id).toBe('INC-2026-014');
  });
});
