/**
 * Timesketch timelines as JSONL and CSV: the importable format (`message`, `datetime`, `timestamp_desc`, optional
 * `timestamp` in microseconds) and Timesketch's own exports in that shape, with stars, tags, labels and comments.
 * Detection: the three mandatory fields; a CSV that also has a column only plaso writes (`source_long`,
 * `parser`, `display_name`) and none only Timesketch writes (`_id`, `_index`, `__ts_timeline_id`, `label`...) is
 * left to plaso-csv (it scores higher there). Search hits with a nested `_source` are read flattened.
 * Normalization: src/core/normalize-timesketch.ts.
 */
import { isPlasoJsonEvent } from '../../core/normalize-plaso.js';
import { isTimesketchRecord, normalizeTimesketch } from '../../core/normalize-timesketch.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { headerColumns, readHeaderRows } from './header-rows.js';
import { jsonSample, objectRecords, shareOf } from './json.js';
import { hasPlasoMarker, hasTimesketchMarker } from './plaso.js';

type Doc = Readonly<Record<string, unknown>>;

/** A search hit (`{_id, _index, _source: {...}}`) as one flat event; other records as they are. */
function flattenHit(record: Doc): Doc {
  const source = record._source;
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return record;
  const { _source: _, ...rest } = record;
  return { ...(source as Doc), ...rest };
}

const isTimesketchJson = (record: Doc): boolean => {
  const flat = flattenHit(record);
  return isTimesketchRecord(flat) && !isPlasoJsonEvent(flat);
};

/** Timesketch JSONL (and JSON arrays of events). */
export const timesketchJsonlParser: FormatParser = {
  name: 'timesketch-jsonl',
  description:
    'Timesketch JSONL (importable format and exports: message, datetime, timestamp_desc; stars, tags)',
  detect(sample: Sample): number {
    return shareOf(jsonSample(sample), isTimesketchJson) >= 0.5 ? 0.9 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record, text) => {
        const flat = flattenHit(record);
        const result = normalizeTimesketch(flat, zone, text);
        if (!result.ok || flat === record) return result;
        return { ...result, fields: { kind: 'object', value: flat } };
      }),
    );
  },
};

/** Timesketch CSV. */
export const timesketchCsvParser: FormatParser = {
  name: 'timesketch-csv',
  description:
    'Timesketch CSV (importable format and exports: message, datetime, timestamp_desc; stars, tags)',
  detect(sample: Sample): number {
    const columns = headerColumns(sample);
    const required =
      columns.includes('message') &&
      columns.includes('timestamp_desc') &&
      (columns.includes('datetime') || columns.includes('timestamp'));
    if (!required) return 0;
    if (hasTimesketchMarker(columns)) return 0.92;
    // Without Timesketch's own columns, plaso's dynamic CSV (0.9) wins when it has plaso's columns.
    return hasPlasoMarker(columns) ? 0.8 : 0.85;
  },
  parse(content, context) {
    const zone = context.zone;
    return readHeaderRows(content, context.limits.maxRecordBytes, (row, text) =>
      normalizeTimesketch(row, zone, text),
    );
  },
};
