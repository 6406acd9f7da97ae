/**
 * Timesketch events as normalized events: the importable format (JSONL or CSV with the mandatory `message`,
 * `datetime` in ISO 8601 and `timestamp_desc`, optionally `timestamp` in microseconds, any other attributes) and
 * what Timesketch exports in that shape (a search or sketch export: the event's attributes plus `_id`, `_index`,
 * `__ts_timeline_id`, `label` with the sketch's labels, `tag`, and `comment` when comments were requested).
 *
 * Analyst marks: the `__ts_star` label (or tag) → `source.starred: 'true'`; tags and non-internal labels →
 * `source.tags`, except those naming ATT&CK techniques or tactics → `threat.technique.id` / `threat.tactic.name`;
 * comments (`comment`, `comments`, `__ts_comments`) → `source.comment`. CSV exports write lists
 * as a Python list (`['__ts_star', 'evil']`, pandas) or comma-joined (`tag` in the sketch export); both are read.
 * References: Timesketch docs "Create timeline from JSON/JSONL/CSV file"; timesketch/api/v1/export.py
 * (query_results_to_dataframe) and resources/explore.py (labels and comments of an exported event).
 */
import { splitToolTags } from './case-tool-labels.js';
import { compactEvent, type EventTime, type NormalizedEvent, toPort, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseEpoch, parseIsoTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

/** The label Timesketch puts on a starred event. */
export const TIMESKETCH_STAR = '__ts_star';

/** Columns only Timesketch writes (its search/export internals and analyst annotations). */
export const TIMESKETCH_MARKERS = [
  '_id',
  '_index',
  '_type',
  '__ts_timeline_id',
  'label',
  'timesketch_label',
  '__ts_star',
  '__ts_comments',
  '__ts_emojis',
] as const;

const PY_STRING = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;

/**
 * A list-valued field as any export writes it: a JSON array, a JSON array or Python list in text
 * (`['a', 'b']`), or comma-separated text. Objects in a list give their `name`, `comment` or `text`.
 */
export function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (item !== null && typeof item === 'object') {
          const o = item as Doc;
          return toText(o.name) ?? toText(o.comment) ?? toText(o.text) ?? toText(o.label);
        }
        return toText(item);
      })
      .filter((item): item is string => item !== undefined);
  }
  const text = typeof value === 'string' ? value.trim() : toText(value);
  if (text === undefined || text === '' || text === '[]') return [];
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return listOf(parsed);
    } catch {
      // Not JSON: a Python list as pandas writes it.
    }
    const items: string[] = [];
    for (const m of text.matchAll(PY_STRING)) {
      const item = (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').trim();
      if (item !== '') items.push(item);
    }
    return items;
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const truthy = (value: unknown): boolean =>
  value === true || value === 1 || (typeof value === 'string' && /^(true|1|yes)$/i.test(value.trim()));

/** The event's instant: `datetime` (ISO 8601), else `timestamp` in microseconds (what Timesketch indexes). */
function timeOf(record: Doc, zone: string): ParseResult<EventTime> {
  const datetime = toText(record.datetime);
  if (datetime !== undefined) {
    const iso = parseIsoTimestamp(datetime, zone);
    if (iso.ok || record.timestamp === undefined) return iso;
  }
  const timestamp = record.timestamp;
  if (typeof timestamp === 'number' || (typeof timestamp === 'string' && timestamp.trim() !== '')) {
    return parseEpoch(timestamp, 'us');
  }
  return { ok: false, reason: 'no "datetime" or "timestamp" in the Timesketch event' };
}

/** Is this record in Timesketch's shape (the importable format's mandatory fields)? */
export function isTimesketchRecord(record: Doc): boolean {
  return (
    typeof record.message === 'string' &&
    typeof record.timestamp_desc === 'string' &&
    (typeof record.datetime === 'string' || typeof record.timestamp === 'number')
  );
}

/**
 * Normalizes one Timesketch event, from a JSONL object or a CSV row (all values text). Fails only when no time
 * can be read.
 */
export function normalizeTimesketch(
  record: Doc,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const time = timeOf(record, zone);
  if (!time.ok) return time;
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = toText(record[name]);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  // `timesketch_label` (a raw search hit) holds every sketch's labels: all are kept, the sketch is not known.
  const labelNames = [...listOf(record.label), ...listOf(record.labels), ...listOf(record.timesketch_label)];
  const tagNames = listOf(record.tag);
  const starred =
    labelNames.includes(TIMESKETCH_STAR) ||
    tagNames.includes(TIMESKETCH_STAR) ||
    truthy(record.__ts_star) ||
    truthy(record.starred);
  // Internal labels (`__ts_star`, `__ts_comment`, `__ts_hidden`) are marks, not tags.
  const tags = [...new Set([...tagNames, ...labelNames].filter((name) => !name.startsWith('__ts_')))];
  const comments = [...listOf(record.comment), ...listOf(record.comments), ...listOf(record.__ts_comments)];

  const labels: Record<string, string> = { 'source.tool': 'timesketch' };
  const label = (name: string, value: string | undefined): void => {
    if (value !== undefined) labels[name] = value.slice(0, 500);
  };
  if (starred) labels['source.starred'] = 'true';
  // Tags naming ATT&CK techniques or tactics (`attack.t1059.001`, `T1105`) are threat labels, as other tools' are.
  const split = splitToolTags(tags);
  if (split.tags.length > 0) labels['source.tags'] = split.tags.join(',').slice(0, 500);
  if (split.techniques.length > 0) labels['threat.technique.id'] = split.techniques.join(',');
  if (split.tactics.length > 0) labels['threat.tactic.name'] = split.tactics.join(',');
  if (comments.length > 0) labels['source.comment'] = comments.join(' | ').slice(0, 1000);
  label('timestamp_desc', text('timestamp_desc'));
  label('data_type', text('data_type'));
  label('parser', text('parser'));
  label('display_name', text('display_name'));
  label('source_short', text('source_short'));
  label('timesketch.event_id', text('_id'));
  label('timesketch.index', text('_index'));
  label('timesketch.timeline_id', text('__ts_timeline_id'));

  const timestampDesc = text('timestamp_desc');
  const fields = compactEvent({
    kind: 'event',
    action: timestampDesc,
    provider: 'timesketch',
    dataset: text('data_type'),
    hostName: text('hostname', 'host', 'computer_name'),
    userName: text('username', 'user', 'user_name'),
    filePath: text('filename', 'file_path', 'path'),
    url: text('url'),
    sourceIp: text('source_ip', 'src_ip'),
    sourcePort: toPort(record.source_port ?? record.src_port),
    destinationIp: text('destination_ip', 'dest_ip', 'dst_ip'),
    destinationPort: toPort(record.destination_port ?? record.dest_port ?? record.dst_port),
    processCommandLine: text('command_line'),
    fileHash: text('sha256_hash', 'sha256'),
  });
  const message = text('message') ?? (timestampDesc || undefined) ?? fallbackMessage.slice(0, 500);
  return { ok: true, value: { time: time.value, message, ...fields, labels } };
}
