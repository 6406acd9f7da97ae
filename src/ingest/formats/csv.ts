/**
 * CSV and TSV exports with a header row (SIEM searches, spreadsheet exports). csv-parse decodes the fields
 * (quotes, quoted newlines, doubled quotes, byte-order mark); it is driven synchronously chunk by chunk, its
 * `on_record` hook reporting each record's end in bytes, so every row gets its exact byte range. A malformed row
 * (an unclosed quote, a row over the size limit) is rejected alone: reading starts again on the next line, where
 * csv-parse by itself would drop the rest of the file. CSV's delimiter is `,` or `;`, whichever the header uses
 * more. Each row is normalized generically with the user's mapping (`--map` or a preset); fields the mapping
 * leaves out are found by their usual names, compared without case and punctuation (`Source IP` → source.ip).
 */
import { type CsvError, type Info, type Parser, parse } from 'csv-parse';
import type { RecordLocation } from '../../core/event.js';
import type { FieldMapping, MappableField } from '../../core/field-mapping.js';
import { CANDIDATES, normalizeGeneric } from '../../core/normalize-generic.js';
import { parseAnyTimestamp } from '../../core/timestamps.js';
import { reject } from '../lines.js';
import type { ByteSource, FormatParser, ParseContext, ParsedRecord, Sample } from '../types.js';

/** One decoded record of a delimited file, with its exact byte range (line ending excluded). */
export type DelimitedRecord =
  | {
      readonly ok: true;
      readonly fields: readonly string[];
      readonly where: RecordLocation;
      readonly text: string;
    }
  | { readonly ok: false; readonly where: RecordLocation; readonly reason: string; readonly text: string };

const LF = 10;
const CR = 13;

function errorReason(error: CsvError, maxRecordBytes: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is not closed before the end of the file';
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return `record is longer than the limit of ${maxRecordBytes.toLocaleString('en')} bytes (DEBRIEF_MAX_RECORD_BYTES)`;
  }
  return `malformed CSV: ${error.message.slice(0, 120)}`;
}

const toBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Decodes the records of a delimited file in order, each with its byte range. Empty and blank lines are
 * skipped. The first record is the header; callers tell it apart.
 */
export async function* readDelimited(
  content: ByteSource,
  delimiter: string,
  maxRecordBytes: number,
): AsyncGenerator<DelimitedRecord> {
  let kept = Buffer.alloc(0); // bytes from `keptStart` on that no record has been given out for
  let keptStart = 0;
  let total = 0;
  let done = 0; // end of the last record given out, its line ending included
  let line = 1; // the line number at `done`
  let collected: { fields: string[]; end: number }[] = [];
  let parser: Parser | undefined;
  // A bad record whose line is longer than what is read yet: skipped, without keeping it, to its line end.
  let skip: { from: number; line: number; head: string; reason: string; lastCr: boolean } | undefined;

  const start = (base: number, atFileStart: boolean): Parser => {
    const next = parse({
      delimiter,
      bom: atFileStart,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: maxRecordBytes,
      on_record: (fields: string[], info: Info) => {
        collected.push({ fields, end: base + info.bytes });
        return undefined; // collected here, so the stream's own buffer never fills
      },
    });
    next.on('error', () => undefined); // errors are read synchronously from `errored`
    return next;
  };
  const bad = (where: RecordLocation, reason: string, text: string): DelimitedRecord => ({
    ok: false,
    where,
    reason,
    text: text.slice(0, 200),
  });

  /** Skips blank lines (and the byte-order mark) at `done`; returns where the next record starts. */
  const skipBlank = (): number => {
    let at = done;
    if (at === 0 && kept[0] === 0xef && kept[1] === 0xbb && kept[2] === 0xbf) at = 3;
    for (;;) {
      const c = kept[at - keptStart];
      if (c === LF) {
        line++;
        at++;
      } else if (c === CR && kept[at - keptStart + 1] === LF) {
        line++;
        at += 2;
      } else {
        return at;
      }
    }
  };

  /** The record in [from, to): its location (line ending excluded), text, and how many line feeds it holds. */
  const slice = (from: number, to: number): { where: RecordLocation; text: string; lines: number } => {
    const bytes = kept.subarray(from - keptStart, to - keptStart);
    let end = bytes.length;
    if (bytes[end - 1] === LF) end--;
    if (bytes[end - 1] === CR) end--;
    let lines = 0;
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) lines++;
    return { where: { offset: from, length: end, line }, text: bytes.toString('utf8', 0, end), lines };
  };

  function* drain(): Generator<DelimitedRecord> {
    for (const { fields, end } of collected) {
      const r = slice(skipBlank(), end);
      done = end;
      line += r.lines;
      if (r.text.trim() !== '') yield { ok: true, fields, where: r.where, text: r.text };
    }
    collected = [];
  }

  const restart = (from: number, sourceDone: boolean): void => {
    parser = start(from, false);
    parser.write(kept.subarray(from - keptStart));
    if (sourceDone) parser.end();
  };

  /** After a parse error: rejects the bad record's first line and reads on from the next line. */
  function* recover(sourceDone: boolean): Generator<DelimitedRecord> {
    while (parser?.errored && skip === undefined) {
      const reason = errorReason(parser.errored as CsvError, maxRecordBytes);
      const from = skipBlank();
      const lf = kept.indexOf(LF, from - keptStart);
      if (lf === -1 && !sourceDone) {
        const head = kept.subarray(from - keptStart, from - keptStart + 200).toString('utf8');
        skip = { from, line, head, reason, lastCr: kept[kept.length - 1] === CR };
        kept = Buffer.alloc(0);
        keptStart = total;
        return;
      }
      const end = lf === -1 ? total : keptStart + lf + 1;
      const r = slice(from, end);
      yield bad(r.where, reason, r.text);
      line += r.lines;
      done = end;
      restart(end, sourceDone);
      yield* drain();
    }
  }

  parser = start(0, true);
  for await (const raw of content) {
    const chunk = toBuffer(raw);
    const chunkStart = total;
    total += chunk.length;
    if (skip !== undefined) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) {
        skip.lastCr = chunk[chunk.length - 1] === CR;
        keptStart = total;
        continue;
      }
      const cr = lf > 0 ? chunk[lf - 1] === CR : skip.lastCr;
      const lineEnd = chunkStart + lf;
      yield bad(
        { offset: skip.from, length: lineEnd - (cr ? 1 : 0) - skip.from, line: skip.line },
        skip.reason,
        skip.head,
      );
      line = skip.line + 1;
      done = lineEnd + 1;
      kept = Buffer.from(chunk.subarray(lf + 1));
      keptStart = done;
      skip = undefined;
      restart(done, false);
    } else {
      // Copy: the source may reuse its buffer for the next chunk.
      kept = kept.length === 0 ? Buffer.from(chunk) : Buffer.concat([kept, chunk]);
      parser?.write(chunk);
    }
    yield* drain();
    yield* recover(false);
    if (skip === undefined && done > keptStart) {
      kept = kept.subarray(done - keptStart);
      keptStart = done;
    }
  }
  if (skip !== undefined) {
    yield bad({ offset: skip.from, length: total - skip.from, line: skip.line }, skip.reason, skip.head);
    return;
  }
  parser?.end();
  yield* drain();
  yield* recover(true);
}

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

/** Reads the first line's bytes (up to 64 KiB) ahead of decoding, to choose the delimiter; then replays them. */
async function withHeaderLine(content: ByteSource): Promise<{ head: string; source: ByteSource }> {
  const iterator = content[Symbol.asyncIterator]();
  const ahead: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.from(toBuffer(next.value));
    ahead.push(chunk);
    size += chunk.length;
    if (chunk.includes(LF) || size >= 64 * 1024) break;
  }
  const joined = Buffer.concat(ahead);
  const lf = joined.indexOf(LF);
  const head = joined.toString('utf8', 0, lf === -1 ? joined.length : lf);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* ahead;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, source: replay() };
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
