/** Pluralizes a count: `plural(1, 'error')` → `1 error`, `plural(2, 'entry', 'entries')` → `2 entries`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}
