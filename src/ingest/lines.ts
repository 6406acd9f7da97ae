/**
 * Splits a byte stream into lines with their exact byte ranges, for every line-oriented format. Offsets count
 * bytes of the (decompressed) content, so an event can point back at its original bytes. `\n` and `\r\n` end
 * lines; a UTF-8 byte-order mark at the start is skipped. A line longer than the limit is not buffered: it is
 * reported once as too long (with its first bytes) and skipped up to its end, so one huge line cannot exhaust
 * memory or hide the lines after it.
 */
import { REJECT_SAMPLE_BYTES, type RecordLocation, type RejectedRecord } from '../core/event.js';
import type { ByteSource, ParsedRecord } from './types.js';

/** One line of the content. */
export interface Line {
  /** The line's text without its line ending, decoded as UTF-8. */
  readonly text: string;
  readonly where: RecordLocation & { readonly line: number };
  /** Set when the line exceeded the limit; `text` then holds only its first bytes. */
  readonly tooLong?: true;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Yields the lines of `content`; empty lines are yielded too (callers decide whether they matter). */
export async function* readLines(content: ByteSource, maxLineBytes: number): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = 0; // byte offset of the current line's first byte
  let lineNumber = 1;
  let skipping = false; // inside a line already reported as too long
  let skippedHead = '';
  let position = 0; // byte offset of the current chunk's first byte
  let first = true;

  const finish = (tail: Buffer, endOffset: number): Line => {
    const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    let end = bytes.length;
    // The record's bytes exclude its line ending, `\r\n` as well as `\n`.
    const cr = end > 0 && bytes[end - 1] === 13 ? 1 : 0;
    end -= cr;
    const line: Line = {
      text: bytes.toString('utf8', 0, end),
      where: { offset: lineStart, length: endOffset - lineStart - cr, line: lineNumber },
    };
    pending = [];
    pendingBytes = 0;
    return line;
  };

  for await (const raw of content) {
    let chunk = toBuffer(raw);
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        position = 3;
        lineStart = 3;
      }
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) break;
      const end = position + nl; // offset of the newline byte
      if (skipping) {
        yield {
          text: skippedHead,
          where: { offset: lineStart, length: end - lineStart, line: lineNumber },
          tooLong: true,
        };
        skipping = false;
      } else if (pendingBytes + (nl - start) > maxLineBytes) {
        const head = Buffer.concat([...pending, chunk.subarray(start, nl)]).subarray(0, REJECT_SAMPLE_BYTES);
        yield {
          text: head.toString('utf8'),
          where: { offset: lineStart, length: end - lineStart, line: lineNumber },
          tooLong: true,
        };
        pending = [];
        pendingBytes = 0;
      } else {
        yield finish(chunk.subarray(start, nl), end);
      }
      start = nl + 1;
      lineStart = end + 1;
      lineNumber++;
    }
    if (start < chunk.length && !skipping) {
      const rest = chunk.subarray(start);
      if (pendingBytes + rest.length > maxLineBytes) {
        skippedHead = Buffer.concat([...pending, rest])
          .subarray(0, REJECT_SAMPLE_BYTES)
          .toString('utf8');
        skipping = true;
        pending = [];
        pendingBytes = 0;
      } else {
        // Copy: the source may reuse its buffer for the next chunk.
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
    position += chunk.length;
  }
  if (skipping) {
    yield {
      text: skippedHead,
      where: { offset: lineStart, length: position - lineStart, line: lineNumber },
      tooLong: true,
    };
  } else if (pendingBytes > 0) {
    yield finish(Buffer.alloc(0), position);
  }
}

/** A rejection for a record: the reason and the record's first bytes as its sample. */
export function reject(where: RecordLocation, reason: string, text: string): ParsedRecord {
  const sample = Buffer.from(text, 'utf8').subarray(0, REJECT_SAMPLE_BYTES).toString('utf8');
  return { ok: false, where, reason, sample } satisfies { ok: false } & RejectedRecord;
}

/** The rejection of a line longer than the limit. */
export function tooLong(line: Line, maxLineBytes: number): ParsedRecord {
  return reject(
    line.where,
    `record is ${line.where.length.toLocaleString('en')} bytes, longer than the limit of ${maxLineBytes.toLocaleString('en')} (DEBRIEF_MAX_RECORD_BYTES)`,
    line.text,
  );
}
