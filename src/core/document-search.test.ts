import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { searchDocuments } from './document-search.js';
import { parseSearch } from './search-query.js';

const docs = [
  buildPostMortem({
    id: 'INC-1',
    title: 'Phishing of a cloud engineer',
    timeline: [entry('T1', '2026-03-01T10:00:00Z', { text: 'Push approved by the engineer' })],
  }),
  buildPostMortem({
    id: 'INC-2',
    title: 'Ransomware on file servers',
    timeline: [entry('T1', '2026-04-01T10:00:00Z', { text: 'A phishing mail delivered the loader' })],
  }),
  buildPostMortem({ id: 'INC-3', title: 'Lost laptop' }),
];
const search = (q: string) => {
  const parsed = parseSearch(q);
  if (!parsed.ok) throw new Error(parsed.reason);
  return searchDocuments(docs, parsed.value);
};

describe('search across post-mortems', () => {
  it('ranks a title match above a match elsewhere, with snippets and their paths', () => {
    const hits = search('phishing');
    expect(hits.map((h) => [h.id, h.score])).toEqual([
      ['INC-1', 3],
      ['INC-2', 1],
    ]);
    expect(hits[1]?.snippets).toEqual([
      { path: 'timeline[0].text', text: 'A «phishing» mail delivered the loader' },
    ]);
  });

  it('requires every group, takes OR, excludes, and matches prefixes at word starts only', () => {
    expect(search('phishing push').map((h) => h.id)).toEqual(['INC-1']);
    expect(
      search('laptop OR ransomware')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['INC-2', 'INC-3']);
    expect(search('phishing -loader').map((h) => h.id)).toEqual(['INC-1']);
    expect(search('engin*').map((h) => h.id)).toEqual(['INC-1']);
    expect(search('hing')).toEqual([]);
  });
});
