/**
 * Rows of a comma-separated file with a header, handed to a tool-specific normalizer as an object keyed by the
 * header's column names (plaso l2tcsv and dynamic CSV, Timesketch CSV). Decoding and byte ranges come from
 * delimited.ts; a row whose field count differs from the header's is rejected alone. Also the detection helper
 * that reads a sample's header line.
 */
import type { NormalizedEvent } from '../../core/event.js';
import type { ParseResult } from '../../core/time.js';
import { reject } from '../lines.js';
import type { ByteSource, ParsedRecord, Sample } from '../types.js';
import { readDelimited } from './delimited.js';

/** The column names of a sample's first line (comma-separated, quotes honored), trimmed; [] for no text. */
export function headerColumns(sample: Sample): string[] {
  const text = sample.text?.replace(/^\uFEFF/, '');
  if (text === undefined) return [];
  const end = text.indexOf('\n');
  const line = (end === -1 ? text : text.slice(0, end)).replace(/\r$/, '');
  const columns: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      columns.push(field.trim());
      field = '';
    } else field += c;
  }
  columns.push(field.trim());
  return columns;
}

/** Reads a CSV file with a header row, normalizing each row (an object keyed by column name). */
export async function* readHeaderRows(
  content: ByteSource,
  maxRecordBytes: number,
  normalize: (row: Readonly<Record<string, string>>, text: string) => ParseResult<NormalizedEvent>,
  /** How a header cell becomes a column name (default: without a byte-order mark, trimmed). */
  columnName: (cell: string) => string = (cell) => cell.replace(/^\uFEFF/, '').trim(),
): AsyncGenerator<ParsedRecord> {
  let columns: readonly string[] | undefined;
  for await (const record of readDelimited(content, ',', maxRecordBytes)) {
    if (!record.ok) {
      yield reject(record.where, record.reason, record.text);
      continue;
    }
    if (columns === undefined) {
      columns = record.fields.map(columnName);
      continue;
    }
    if (record.fields.length !== columns.length) {
      const reason = `row has ${record.fields.length} fields, the header has ${columns.length}`;
      yield reject(record.where, reason, record.text);
      continue;
    }
    // A null-prototype object: a column named `__proto__` is just a column.
    const row: Record<string, string> = Object.create(null);
    columns.forEach((name, i) => {
      row[name] = record.fields[i] ?? '';
    });
    const event = normalize(row, record.text);
    yield event.ok
      ? { ok: true, event: event.value, where: record.where, fields: { kind: 'object', value: row } }
      : reject(record.where, event.reason, record.text);
  }
}
