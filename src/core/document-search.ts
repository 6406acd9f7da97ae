/**
 * Full-text search across post-mortems (`debrief search`), with the timeline's query syntax (words, "phrases",
 * OR, -exclude, prefix*): every group must match somewhere in a post-mortem's text (title, id, every prose field);
 * ranked by where and how often terms match; each result with snippets around the matches and their field paths.
 */
import { proseFields } from './blameless.js';
import { formatPath } from './check.js';
import type { PostMortem } from './model.js';
import type { SearchQuery, SearchTerm } from './search-query.js';

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly snippets: readonly { readonly path: string; readonly text: string }[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A term as a case-insensitive pattern at word boundaries (a prefix term leaves the end open). */
function termPattern(term: SearchTerm): RegExp {
  const body = escapeRegExp(term.text).replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}${term.prefix ? '' : '(?![\\p{L}\\p{N}_])'}`, 'giu');
}

function snippet(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 60);
  const end = Math.min(text.length, index + length + 60);
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${flat(text.slice(start, index))}«${flat(text.slice(index, index + length))}»${flat(text.slice(index + length, end))}${end < text.length ? '…' : ''}`;
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** The post-mortems matching `query`, best first; at most three snippets each. */
export function searchDocuments(docs: readonly PostMortem[], query: SearchQuery): SearchHit[] {
  const groups = query.groups.map((g) => g.map(termPattern));
  const excluded = query.excluded.map(termPattern);
  const hits: SearchHit[] = [];
  for (const doc of docs) {
    const fields = [
      { path: 'id', text: doc.id, weight: 3 },
      { path: 'title', text: doc.title, weight: 3 },
      ...proseFields({ ...doc, id: undefined, title: undefined }).map((f) => ({
        path: formatPath(f.path),
        text: f.text,
        weight: 1,
      })),
    ];
    if (excluded.some((p) => fields.some((f) => matches(p, f.text)))) continue;
    let score = 0;
    const snippets: { path: string; text: string }[] = [];
    let all = true;
    for (const group of groups) {
      let groupMatched = false;
      for (const pattern of group) {
        for (const field of fields) {
          pattern.lastIndex = 0;
          for (const match of field.text.matchAll(pattern)) {
            groupMatched = true;
            score += field.weight;
            if (snippets.length < 3 && !snippets.some((s) => s.path === field.path))
              snippets.push({
                path: field.path,
                text: snippet(field.text, match.index ?? 0, match[0].length),
              });
          }
        }
      }
      if (!groupMatched) all = false;
    }
    if (all && groups.length > 0) hits.push({ id: doc.id, title: doc.title, score, snippets });
  }
  return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
