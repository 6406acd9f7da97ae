import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import { h2, rows, section } from '../../test/markdown.js';
import { readableText } from '../../test/report-leaks.js';
import { parsePostMortemText } from '../contract/post-mortem-file.js';
import type { PostMortem } from './model.js';
import { audienceMarkdown } from './report-audience-common.js';
import { executiveSections } from './report-audience-executive.js';
import { splitReport } from './report-build.js';
import { reportContext } from './report-markdown-common.js';

const AT = '2026-12-04T10:00:00Z';
const demo = parsePostMortemText(readFileSync('examples/demo-post-mortem.yaml', 'utf8'))
  .document as PostMortem;

function brief(doc: PostMortem): { md: string; ctx: ReturnType<typeof reportContext> } {
  const ctx = reportContext(doc, AT);
  return { md: audienceMarkdown(ctx, executiveSections(ctx)), ctx };
}

/** Words a reader reads: table borders and Markdown punctuation are not words. */
function words(md: string): number {
  return readableText(md)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

describe('the executive brief', () => {
  it('has its five parts in order: what happened, impact, response times, causes, recommendations', () => {
    expect(h2(brief(demo).md)).toEqual([
      '## 1. What happened',
      '## 2. Impact',
      '## 3. Response times',
      '## 4. Why it happened',
      '## 5. Top recommendations',
    ]);
  });

  it('stays short: the demo fits in about two pages (at most 900 words)', () => {
    const count = words(brief(demo).md);
    expect(count).toBeLessThanOrEqual(900);
    expect(count).toBeGreaterThan(300);
  });

  it('states the impact in figures and the clocks against their targets, with the chart', () => {
    const { md, ctx } = brief(demo);
    const impact = section(md, '## 2. Impact');
    expect(impact).toContain('- **People affected:** 38,240');
    expect(impact).toContain('- **Systems affected:** 4, 2 critical');
    const clocks = rows(section(md, '## 3. Response times'));
    expect(clocks.find((r) => r[0] === 'Time to detect (dwell time)')?.slice(2)).toEqual([
      '7d',
      '1d',
      '**over target** by 6d',
    ]);
    expect(clocks.find((r) => r[0] === 'Time to contain')?.[4]).toBe('within target');
    // The chart is a typed diagram block once the report is split.
    const { sections } = splitReport(md, ctx);
    const times = sections.find((s) => s.id === 'response-times');
    expect(times?.blocks.some((b) => b.kind === 'diagram' && b.diagram.kind === 'clocks')).toBe(true);
  });

  it('gives root causes in plain words and the most urgent recommendations with their status', () => {
    const { md } = brief(demo);
    expect(section(md, '## 4. Why it happened')).toContain('- **A setting was wrong:** Human cloud roles');
    const recs = rows(section(md, '## 5. Top recommendations'));
    expect(recs).toHaveLength(5);
    expect(recs[0]?.[1]).toBe('critical');
    expect(recs.find((r) => r[0]?.startsWith('Route all cloud'))?.[4]).toBe('in-progress — **overdue**');
    expect(section(md, '## 5. Top recommendations')).toContain('13 recommendations in total');
  });

  it('says what is missing instead of leaving a part out', () => {
    const { md } = brief(buildPostMortem());
    expect(h2(md)).toHaveLength(5);
    expect(section(md, '## 4. Why it happened')).toContain('_No root causes recorded.');
    expect(section(md, '## 3. Response times')).toContain('No clock could be measured');
  });
});
