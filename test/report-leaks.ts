/**
 * Leak checks for external reports: does any value that must stay inside the team (from `internalValues`)
 * appear in a rendering? Written independently of the redaction code, and stricter than it: the text is also
 * searched with Markdown escapes, HTML entities and tags undone, so `svc\_export` or `a&amp;b` still count.
 *
 * Matching: people's full names as whole words, ignoring case; the words of a name (`name-part`) as whole words
 * with their case (so the verb "will" is no leak of "Will"); every other value anywhere, ignoring case.
 */
import type { InternalValue } from '../src/core/report-redaction-values.js';

/** One internal value found in a text, with some context around it. */
export interface Leak {
  readonly kind: string;
  readonly value: string;
  readonly source: string;
  readonly context: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** The text as a reader sees it: entities decoded, Markdown backslash escapes and HTML tags removed. */
export function readableText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matcher(value: InternalValue): RegExp {
  const body = escapeRegExp(value.value);
  if (value.kind === 'name-part') return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'u');
  if (value.kind === 'person') return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu');
  return new RegExp(body, 'iu');
}

/** Every internal value found in `text` (as written, and as a reader sees it). */
export function findLeaks(text: string, values: readonly InternalValue[]): Leak[] {
  const texts = [text, readableText(text)];
  const leaks: Leak[] = [];
  for (const value of values) {
    const pattern = matcher(value);
    for (const candidate of texts) {
      const match = pattern.exec(candidate);
      if (match === null) continue;
      const at = match.index;
      leaks.push({
        kind: value.kind,
        value: value.value,
        source: value.source,
        context: candidate.slice(Math.max(0, at - 40), at + value.value.length + 40).replace(/\s+/g, ' '),
      });
      break;
    }
  }
  return leaks;
}

/** Throws, listing every leak with its context, when `text` holds any of the internal values. */
export function assertNoInternalValues(text: string, values: readonly InternalValue[]): void {
  const leaks = findLeaks(text, values);
  if (leaks.length === 0) return;
  const lines = leaks.map((l) => `- ${l.kind} ${JSON.stringify(l.value)} (from ${l.source}): …${l.context}…`);
  throw new Error(`${leaks.length} internal value(s) leaked into an external report:\n${lines.join('\n')}`);
}
