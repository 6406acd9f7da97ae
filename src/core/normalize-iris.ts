/**
 * DFIR-IRIS timeline rows (the case timeline's CSV, as IRIS's "Upload CSV" reads it and its export writes it) as
 * normalized events. Columns: event_date, event_tz, [event_end_date, event_end_tz,] event_title, event_category,
 * event_content, event_raw, event_source, event_assets (`;`-separated), event_iocs (`|`-separated), event_tags
 * (`|`-separated). event_date is written without an offset (`2023-03-26T03:00:30.000`) and event_tz beside it
 * (`+00:00`). Event categories are ATT&CK tactic names (Initial Access, Execution...) or IRIS's own (Legitimate,
 * Remediation, Unspecified).
 *
 * Every IRIS timeline event was written or kept by an analyst, so each is marked `source.starred`: IRIS holds the
 * case's curated timeline, which is what Debrief's curated-timeline candidates are.
 */
import { tacticName, toolLabels } from './case-tool-labels.js';
import { compactEvent, type NormalizedEvent, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseIsoTimestamp } from './timestamps.js';

/** The columns that make a CSV an IRIS timeline (the rest are optional). */
export const IRIS_TIMELINE_REQUIRED = ['event_date', 'event_title'] as const;

/** The columns IRIS writes, in its order; used to recognize the header. */
export const IRIS_TIMELINE_COLUMNS = [
  'event_date',
  'event_tz',
  'event_end_date',
  'event_end_tz',
  'event_title',
  'event_category',
  'event_content',
  'event_raw',
  'event_source',
  'event_assets',
  'event_iocs',
  'event_tags',
] as const;

/** The header IRIS's timeline CSV import expects (what Debrief's IRIS export writes): the same, without end times. */
export const IRIS_IMPORT_COLUMNS = IRIS_TIMELINE_COLUMNS.filter(
  (c) => c !== 'event_end_date' && c !== 'event_end_tz',
);

const split = (text: string | undefined, separator: RegExp): string[] =>
  (text ?? '')
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** The instant of an IRIS date and its separate zone column (`+00:00`, `+0200`, empty). */
export function irisTime(
  date: string,
  tz: string | undefined,
  zone: string,
): ParseResult<NormalizedEvent['time']> {
  const text = date.trim();
  const offset = (tz ?? '').trim();
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
  if (!hasOffset && /^[+-]\d{2}:?\d{2}$/.test(offset)) {
    const read = parseIsoTimestamp(`${text}${offset}`, zone);
    return read.ok ? { ok: true, value: { ...read.value, text: `${text} ${offset}` } } : read;
  }
  return parseIsoTimestamp(text, zone);
}

/** Normalizes one IRIS timeline row (column name → value). Fails when event_date is missing or unreadable. */
export function normalizeIrisTimeline(
  row: Readonly<Record<string, string>>,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const date = toText(row.event_date);
  if (date === undefined) return { ok: false, reason: 'no event_date in the IRIS timeline row' };
  const time = irisTime(date, row.event_tz, zone);
  if (!time.ok) return time;
  const category = toText(row.event_category);
  const tactic = category === undefined ? undefined : tacticName(category);
  const assets = split(row.event_assets, /;/);
  const iocs = split(row.event_iocs, /\|/);
  const labels = toolLabels({
    tool: 'iris',
    tags: split(row.event_tags, /[|,]/),
    ...(tactic === undefined ? {} : { tactics: [tactic] }),
    starred: true,
  });
  const label = (name: string, value: string | undefined, max = 500): void => {
    const text = toText(value);
    if (text !== undefined) labels[name] = text.slice(0, max);
  };
  label('iris.category', category);
  label('iris.source', row.event_source);
  label('iris.assets', assets.join(', '));
  label('iris.iocs', iocs.join(', '));
  label('iris.content', row.event_content, 1000);
  label('iris.raw', row.event_raw);
  label('iris.end_date', [row.event_end_date, row.event_end_tz].map(toText).filter(Boolean).join(' '));
  const title = toText(row.event_title);
  const fields = compactEvent({
    kind: 'event',
    provider: 'iris',
    dataset: 'iris.timeline',
    hostName: assets[0],
    labels,
  });
  return {
    ok: true,
    value: { time: time.value, message: (title ?? fallbackMessage).slice(0, 1000), ...fields },
  };
}
