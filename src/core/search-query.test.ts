import { describe, expect, it } from 'vitest';
import { parseSearch, toFts5 } from './search-query.js';

const fts = (text: string) => {
  const parsed = parseSearch(text);
  return parsed.ok ? toFts5(parsed.value) : `error: ${parsed.reason}`;
};

describe('timeline search syntax', () => {
  it('requires every word, keeping addresses and file names whole', () => {
    expect(fts('mimikatz 203.0.113.9 cmd.exe')).toBe('("mimikatz" AND "203.0.113.9" AND "cmd.exe")');
  });

  it('keeps quoted phrases, prefixes, OR groups and exclusions', () => {
    expect(fts('"failed password" ssh* OR rdp -"known scanner"')).toBe(
      '("failed password" AND ("ssh"* OR "rdp")) NOT "known scanner"',
    );
  });

  it('quotes user text so FTS operators in it are plain words', () => {
    expect(fts('NEAR AND x"y')).toBe('("NEAR" AND "AND" AND "x""y")');
  });

  it('refuses queries that cannot mean anything', () => {
    expect(fts('')).toBe('error: the search is empty');
    expect(fts('-noise')).toBe('error: a search needs at least one term to look for, not only exclusions');
    expect(fts('OR x')).toBe('error: OR needs a term on each side');
    expect(fts('x OR')).toBe('error: OR needs a term on each side');
  });
});
