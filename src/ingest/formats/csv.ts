/**
 * CSV and TSV exports with a header row (SIEM searches, spreadsheet exports), read row by row with their exact
 * byte ranges by delimited.ts (csv-parse underneath). CSV's delimiter is `,` or `;`, whichever the header uses
 * more. Each row is normalized generically with the user's mapping (`--map` or a preset); fields the mapping
 * leaves out are found by their usual names, compared without case and punctuation (`Source IP` → source.ip).
 */
import type { FieldMapping, MappableField } from '../../core/field-mapping.js';
import { CANDIDATES, normalizeGeneric } from '../../core/normalize-generic.js';
import { parseAnyTimestamp } from '../../core/timestamps.js';
import { reject } from '../lines.js';
import type { ByteSource, FormatParser, ParseContext, ParsedRecord, Sample } from '../types.js';
import { readDelimited, withHeaderLine } from './delimited.js';

/** Splits the first record of a sample at `delimiter`, honoring quotes; also returns the rest of the text. */
function splitSampleRecord(text: string, from: number, delimiter: string): { fields: string[]; end: number } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n') break;
    else if (c !== '\r') field += c;
  }
  fields.push(field);
  return { fields, end: quoted ? -1 : i + 1 };
}

const COLUMN_NAME = /^[A-Za-z_@#$][\w .@#$%/()[\]{}:-]{0,79}$/;
const TIME_LIKE = /time|date|timestamp|(?:^|[^a-z])ts(?:$|[^a-z])|created|_time/i;

/**
 * Detection score of a delimited file: a header of plausible column names (at least two) and the same number
 * of fields in the sampled records → 0.5, or 0.6 when a column name looks like a time.
 */
export function detectDelimited(sample: Sample, delimiter: string): number {
  const text = sample.text?.replace(/^\uFEFF/, '');
  if (text === undefined || text.startsWith('#') || text.startsWith('{') || text.startsWith('[')) return 0;
  const header = splitSampleRecord(text, 0, delimiter);
  const names = header.fields.map((name) => name.trim());
  if (names.length < 2 || header.end === -1) return 0;
  if (names.filter((name) => name === '').length > 1) return 0;
  if (!names.every((name) => name === '' || COLUMN_NAME.test(name))) return 0;
  const truncated = sample.bytes.length >= 64 * 1024;
  let at = header.end;
  let records = 0;
  while (at > 0 && at < text.length && records < 50) {
    const row = splitSampleRecord(text, at, delimiter);
    if (row.end === -1 || (truncated && row.end > text.length)) break; // cut by the sample's size limit
    if (!(row.fields.length === 1 && row.fields[0]?.trim() === '')) {
      if (row.fields.length !== names.length) return 0;
      records++;
    }
    at = row.end;
  }
  return names.some((name) => TIME_LIKE.test(name)) ? 0.6 : 0.5;
}

/** CSV's delimiter: `;` when the header line has more semicolons than commas (outside quotes), else `,`. */
export function sniffCsvDelimiter(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The mapping for a file's columns: the user's mapping, plus, for each field it leaves out and whose usual
 * names (CANDIDATES) match no column exactly, the column whose name matches one when case and punctuation are
 * ignored (`Source IP` → source.ip, `Event Name` → eventName). The time, when still unmapped, comes from the
 * first column whose name looks like a time and whose value in the first row reads as one.
 */
export function inferColumnMapping(
  columns: readonly string[],
  firstRow: readonly string[],
  mapping: FieldMapping,
  zone: string,
): FieldMapping {
  const out: Partial<Record<MappableField, string>> = { ...mapping };
  const exact = new Set(columns);
  const squashed = new Map<string, string>();
  for (const column of columns) if (!squashed.has(squash(column))) squashed.set(squash(column), column);
  for (const field of Object.keys(CANDIDATES) as MappableField[]) {
    const candidates = CANDIDATES[field];
    if (out[field] !== undefined || candidates.some((name) => exact.has(name))) continue;
    for (const name of candidates) {
      const column = squashed.get(squash(name));
      if (column !== undefined) {
        out[field] = column;
        break;
      }
    }
  }
  if (out.timestamp === undefined) {
    const index = columns.findIndex(
      (column, i) => TIME_LIKE.test(column) && parseAnyTimestamp(firstRow[i] ?? '', zone).ok,
    );
    if (index !== -1) out.timestamp = columns[index];
  }
  return out;
}

/** A column name no file has: fields mapped to it read as empty. */
const NO_COLUMN = '\u0000';

/**
 * The mapping normalizeGeneric is given for a file: a field whose usual names match exactly one column is
 * mapped to it, and a field that matches none to an always-empty column, so each row costs one lookup per
 * field instead of a search through every usual name (several times faster on real exports). Fields whose
 * usual names match several columns stay unmapped: per row, the first non-empty of them is taken.
 */
export function explicitMapping(columns: readonly string[], mapping: FieldMapping): FieldMapping {
  const out: Partial<Record<MappableField, string>> = { ...mapping };
  const present = new Set(columns);
  for (const field of Object.keys(CANDIDATES) as MappableField[]) {
    if (out[field] !== undefined) continue;
    const matches = CANDIDATES[field].filter((name) => present.has(name));
    // Without any time column the search stays, for its message naming the usual time fields.
    if (matches.length === 1) out[field] = matches[0];
    else if (matches.length === 0 && field !== 'timestamp') out[field] = NO_COLUMN;
  }
  return out;
}

async function* parseDelimited(
  content: ByteSource,
  context: ParseContext,
  tabs: boolean,
): AsyncGenerator<ParsedRecord> {
  const { head, source } = await withHeaderLine(content);
  const delimiter = tabs ? '\t' : sniffCsvDelimiter(head);
  let columns: readonly string[] | undefined;
  let mapping: FieldMapping | undefined;
  for await (const record of readDelimited(source, delimiter, context.limits.maxRecordBytes)) {
    if (!record.ok) {
      yield reject(record.where, record.reason, record.text);
      continue;
    }
    if (columns === undefined) {
      columns = record.fields.map((name) => name.trim());
      continue;
    }
    if (record.fields.length !== columns.length) {
      const reason = `row has ${record.fields.length} fields, the header has ${columns.length}`;
      yield reject(record.where, reason, record.text);
      continue;
    }
    mapping ??= explicitMapping(
      columns,
      inferColumnMapping(columns, record.fields, context.mapping, context.zone),
    );
    const row: Record<string, string> = { [NO_COLUMN]: '' };
    columns.forEach((name, i) => {
      row[name] = record.fields[i] ?? '';
    });
    const event = normalizeGeneric(row, {
      mapping,
      zone: context.zone,
      ...(context.dataset === undefined ? {} : { dataset: context.dataset }),
      fallbackMessage: record.text,
    });
    yield event.ok
      ? { ok: true, event: event.value, where: record.where }
      : reject(record.where, event.reason, record.text);
  }
}

/** CSV with a header row; `,` or `;` delimited. */
export const csvParser: FormatParser = {
  name: 'csv',
  description:
    'CSV with a header row (SIEM exports); "," or ";" delimited; fields mapped with --map or a preset',
  detect(sample) {
    const text = sample.text?.replace(/^\uFEFF/, '') ?? '';
    return detectDelimited(
      sample,
      sniffCsvDelimiter(text.slice(0, Math.max(0, text.indexOf('\n')) || text.length)),
    );
  },
  parse(content, context) {
    return parseDelimited(content, context, false);
  },
};

/** TSV with a header row. */
export const tsvParser: FormatParser = {
  name: 'tsv',
  description: 'Tab-separated values with a header row; fields mapped with --map or a preset',
  detect(sample) {
    return detectDelimited(sample, '\t');
  },
  parse(content, context) {
    return parseDelimited(content, context, true);
  },
};
