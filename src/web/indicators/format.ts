/** Small display helpers shared by the indicator and ATT&CK screens. */

/** An instant as `2026-02-23 08:05:00 UTC` (the API sends UTC ISO 8601; seconds are enough for a table). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** An instant to the minute, `2026-02-23 08:05 UTC`, where space is short (matrix cells). */
export function formatMinute(iso: string | null | undefined): string {
  const full = formatInstant(iso);
  return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test(full) ? `${full.slice(0, 16)} UTC` : full;
}

/** `1 event`, `3 events`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}
