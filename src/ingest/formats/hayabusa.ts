/**
 * Hayabusa timelines: `hayabusa csv-timeline` (`hayabusa-csv`) and `hayabusa json-timeline`, with or without
 * `-L` (`hayabusa-json`: pretty-printed objects one after another, JSON lines, or an array as older versions
 * wrote). Any output profile (minimal, standard, verbose, all-field-info, super-verbose...). Detection: a CSV
 * header, or JSON objects, with Hayabusa's Timestamp, RuleTitle and Level plus Computer, Channel or EventID.
 * Normalization: src/core/normalize-hayabusa.ts.
 */
import { isHayabusaRecord, normalizeHayabusa } from '../../core/normalize-hayabusa.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { detectDelimited } from './csv.js';
import { readHeaderRows } from './header-rows.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

/** The columns every Hayabusa profile writes, and those of which at least one must be there too. */
const REQUIRED = ['Timestamp', 'RuleTitle', 'Level'];
const ANY_OF = ['Computer', 'Channel', 'EventID'];

/** Is this CSV header Hayabusa's? */
export function isHayabusaHeader(columns: readonly string[]): boolean {
  const names = new Set(columns.map((c) => c.trim()));
  return REQUIRED.every((c) => names.has(c)) && ANY_OF.some((c) => names.has(c));
}

/** The header row of a sample: its first line, split at commas outside quotes. */
function headerOf(sample: Sample): string[] {
  const text = sample.text?.replace(/^\uFEFF/, '') ?? '';
  const end = text.indexOf('\n');
  const line = (end === -1 ? text : text.slice(0, end)).replace(/\r$/, '');
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** Hayabusa's CSV timeline. */
export const hayabusaCsvParser: FormatParser = {
  name: 'hayabusa-csv',
  description: 'Hayabusa csv-timeline output (any profile): detections with rule, level, ATT&CK tags',
  detect(sample) {
    if (!isHayabusaHeader(headerOf(sample))) return 0;
    return detectDelimited(sample, ',') > 0 ? 0.9 : 0;
  },
  parse(content, context) {
    return readHeaderRows(content, context.limits.maxRecordBytes, (row) =>
      normalizeHayabusa(row, context.zone),
    );
  },
};

/** Hayabusa's JSON or JSONL timeline. */
export const hayabusaJsonParser: FormatParser = {
  name: 'hayabusa-json',
  description: 'Hayabusa json-timeline output, JSON or JSONL (-L): detections with rule, level, ATT&CK tags',
  detect(sample) {
    // Ahead of windows-json (0.9), which also sees EventID, Channel and Computer in these objects.
    return shareOf(jsonSample(sample), isHayabusaRecord) >= 0.5 ? 0.95 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record) => normalizeHayabusa(record, zone)),
    );
  },
};
