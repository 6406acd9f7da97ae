/**
 * The byte-exact reader under the CSV and TSV parsers (csv.ts): csv-parse decodes the fields (quotes, quoted
 * newlines, doubled quotes, byte-order mark); it is driven synchronously chunk by chunk, its `on_record` hook
 * reporting each record's end in bytes, so every row gets its exact byte range. A malformed row (an unclosed quote,
 * a row over the size limit) is rejected alone: reading starts again on the next line, where csv-parse by itself
 * would drop the rest of the file.
 */
import { type CsvError, type Info, type Parser, parse } from 'csv-parse';
import type { RecordLocation } from '../../core/event.js';
import type { ByteSource } from '../types.js';

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

/** Reads the first line's bytes (up to 64 KiB) ahead of decoding, to choose the delimiter; then replays them. */
export async function withHeaderLine(content: ByteSource): Promise<{ head: string; source: ByteSource }> {
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
