/**
 * The search syntax of the timeline (`--q`): words and "quoted phrases" must all match; `OR` between two terms
 * matches either; `-word` or `-"phrase"` excludes; `word*` matches a prefix. IP addresses, domains, e-mail
 * addresses and file names are single words (`203.0.113.9`, `evil.example.com`, `cmd.exe`). Each database turns
 * the parsed query into its own full-text syntax (FTS5 on SQLite, tsquery on PostgreSQL).
 */
import type { ParseResult } from './time.js';

/** One search term. */
export interface SearchTerm {
  readonly text: string;
  readonly phrase: boolean;
  readonly prefix: boolean;
}

/** A parsed query: every group must match (a group matches when any of its terms does); no exclusion may. */
export interface SearchQuery {
  readonly groups: readonly (readonly SearchTerm[])[];
  readonly excluded: readonly SearchTerm[];
}

const TOKEN = /(-?)"([^"]*)"|(\S+)/g;

/** Parses the text of `--q`. */
export function parseSearch(input: string): ParseResult<SearchQuery> {
  const groups: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  let joinNext = false;
  for (const match of input.matchAll(TOKEN)) {
    const quoted = match[2];
    let word = match[3];
    if (word === 'OR') {
      if (groups.length === 0) return { ok: false, reason: 'OR needs a term on each side' };
      joinNext = true;
      continue;
    }
    let negated = match[1] === '-';
    if (word?.startsWith('-') && word.length > 1) {
      negated = true;
      word = word.slice(1);
    }
    const raw = quoted ?? word ?? '';
    const prefix = quoted === undefined && raw.endsWith('*') && raw.length > 1;
    const text = (prefix ? raw.slice(0, -1) : raw).trim();
    if (text === '') continue;
    const term: SearchTerm = { text, phrase: quoted !== undefined, prefix };
    if (negated) {
      if (joinNext) return { ok: false, reason: 'OR cannot join an excluded term' };
      excluded.push(term);
    } else if (joinNext) {
      groups[groups.length - 1]?.push(term);
      joinNext = false;
    } else {
      groups.push([term]);
    }
  }
  if (joinNext) return { ok: false, reason: 'OR needs a term on each side' };
  if (groups.length === 0) {
    return {
      ok: false,
      reason:
        excluded.length > 0
          ? 'a search needs at least one term to look for, not only exclusions'
          : 'the search is empty',
    };
  }
  return { ok: true, value: { groups, excluded } };
}

/** The query in SQLite FTS5 syntax: every term quoted (so no user text is read as an operator). */
export function toFts5(query: SearchQuery): string {
  const term = (t: SearchTerm): string => `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`;
  const groups = query.groups.map((g) =>
    g.length === 1 ? term(g[0] as SearchTerm) : `(${g.map(term).join(' OR ')})`,
  );
  const positive = groups.join(' AND ');
  return query.excluded.reduce(
    (expr, t) => `${expr} NOT ${term(t)}`,
    groups.length > 1 ? `(${positive})` : positive,
  );
}
