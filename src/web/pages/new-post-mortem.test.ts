import { describe, expect, it } from 'vitest';
import { postMortemSchema } from '../../contract/post-mortem.schema.js';
import { buildNewPostMortem, problemsOf, suggestNextId } from './new-post-mortem.js';

describe('suggestNextId', () => {
  it('follows the highest number of the year, padded to three digits', () => {
    expect(suggestNextId(['INC-2026-009', 'INC-2026-012', 'INC-2025-400', 'OTHER-2026-999'], 2026)).toBe(
      'INC-2026-013',
    );
    expect(suggestNextId([], 2026)).toBe('INC-2026-001');
    expect(suggestNextId(['INC-2026-999'], 2026)).toBe('INC-2026-1000');
  });
});

describe('buildNewPostMortem', () => {
  it('builds a document the file format accepts, with a prompt per type', () => {
    const document = buildNewPostMortem({
      id: 'INC-2026-001',
      title: 'T',
      severity: 'low',
      types: ['organizational'],
    });
    const parsed = postMortemSchema.parse(document);
    expect(parsed.summary.whatHappened).toContain('Organizational:');
    expect(parsed.summary.whatHappened).not.toContain('Technical:');
    expect(parsed.analysis.fishbone.categories).toEqual(['people', 'process', 'technology', 'environment']);
  });

  it('names the problems of an invalid input', () => {
    expect(problemsOf({ id: 'bad id!', title: '', severity: 'low', types: [] }).join('\n')).toMatch(
      /id:.*\n[\s\S]*types/,
    );
  });
});
