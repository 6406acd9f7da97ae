/**
 * The byte scanner under json-records.ts: finds the boundaries of JSON values (strings, escapes, nesting) in a
 * stream of chunks, with their exact byte offsets and lengths, without parsing them. Values are handed out as
 * text for `JSON.parse`; a value longer than the record limit is rejected and skipped without being buffered, and a
 * truncated tail is rejected. Why our own scanner and not stream-json: see json-records.ts.
 */
import type { RecordLocation } from '../core/event.js';
import { reject } from './lines.js';
import type { ParsedRecord } from './types.js';

/** Keys whose array value holds the records when a file is one object wrapping them. */
export const WRAPPER_KEYS: ReadonlySet<string> = new Set(['Records', 'records', 'value', 'data']);

/** Turns one parsed JSON value into a parser's record; the raw text is the message of last resort. */
export type ToRecord = (value: unknown, text: string, where: RecordLocation) => ParsedRecord;

/** A complete value found by the scanner, not yet parsed. */
export interface Scanned {
  readonly text: string;
  readonly where: RecordLocation;
}

/** What the scanner finds: a complete value, or a rejection (too long, truncated, stray bracket). */
export type ScanOutput = Scanned | ParsedRecord;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
export const NEWLINE = 0x0a;

// Scanner states: between records, inside an object or array record, a string record, a bare scalar record, or
// the remainder of a wrapper object (scanned, not kept).
const IDLE = 0;
const CONTAINER = 1;
const STRING = 2;
const SCALAR = 3;
const TAIL = 4;

const isSpace = (c: number): boolean => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
/** Bytes that end a bare value (number, literal, or garbage): space and JSON punctuation. */
const SCALAR_ENDS = new Set([...' \n\r\t,{}[]"'].map((ch) => ch.charCodeAt(0)));

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const bytesText = (bytes: number): string => bytes.toLocaleString('en');

/**
 * Finds the boundaries of JSON values in a byte stream without parsing them: top-level values, the elements of a
 * top-level array, and the elements of the array in a wrapper object. Depth is a counter, never recursion, so
 * deep nesting cannot overflow the stack. Feed chunks with `push`, then call `finish`; results collect in `out`.
 */
export class JsonScanner {
  /** Complete values and rejections found so far; the caller drains it. */
  readonly out: ScanOutput[] = [];
  /** The first non-space byte of the content, its offset, and where the first top-level record ended. */
  firstByte = -1;
  firstStart = -1;
  firstEnd = -1;
  /** The wrapper key of the first wrapper object found, if any. */
  wrapperKey: string | undefined;

  private position = 0; // offset of the next chunk's first byte
  private depth = 0;
  private arrayDepth = 0; // the depth whose values are records: 0 top level, 1 top-level array, 2 wrapped array
  private state = IDLE;
  private inString = false;
  private escaped = false;
  private recordStart = -1;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private over = false; // the current record exceeds the limit; only its head is kept
  private head = '';
  private topObject = false; // the current record is a top-level object, so it may be a wrapper
  private key: number[] | undefined; // bytes of the key being read at depth 1 of a top-level object
  private lastKey = '';
  private plainKeys = 0; // keys read so far at depth 1, not counting `@odata.context`-like annotations
  private afterColon = false;
  private pendingWrapper = false; // saw `"data": [`; the next byte decides whether it wraps records
  private quoteAt = -1; // in the current chunk: the next `"` found by indexOf (chunk length: none; -1: not looked)
  private backslashAt = -1; // likewise for `\`

  constructor(private readonly maxRecordBytes: number) {}

  /** Scans one chunk. */
  push(input: Uint8Array): void {
    const chunk = toBuffer(input);
    const n = chunk.length;
    let i = 0;
    if (this.position === 0 && n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    // The hot loop works on locals, written back at the end; methods it calls only touch record fields.
    let { state, depth, inString } = this;
    this.quoteAt = -1;
    this.backslashAt = -1;
    let seg = state === IDLE || state === TAIL ? -1 : 0; // where the current record's bytes start in this chunk
    while (i < n) {
      if (inString) {
        let end: number;
        if (this.key === undefined) {
          end = this.closingQuote(chunk, i);
          if (end === -1) {
            i = n;
            continue;
          }
        } else {
          // A key of a top-level object, kept to recognize wrapper objects.
          const c = chunk[i] as number;
          i++;
          if (!this.escaped && c === QUOTE) {
            end = i - 1;
          } else {
            this.escaped = !this.escaped && c === BACKSLASH;
            if (this.key.length < 16) this.key.push(c);
            continue;
          }
        }
        inString = false;
        i = end + 1;
        if (state === STRING) {
          this.complete(chunk, seg, i);
          state = IDLE;
          seg = -1;
        } else if (this.key !== undefined) {
          this.lastKey = String.fromCharCode(...this.key);
          if (!this.lastKey.startsWith('@')) this.plainKeys++;
          this.key = undefined;
        }
        continue;
      }
      const c = chunk[i] as number;
      if (state === IDLE) {
        if (isSpace(c) || c === COMMA) {
          i++;
          continue;
        }
        if (this.firstByte === -1) {
          this.firstByte = c;
          this.firstStart = this.position + i;
        }
        if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
          if (this.arrayDepth > 0) {
            // Leaving an array; leaving a wrapped one, the rest of its wrapper object is scanned for its end.
            depth--;
            state = this.arrayDepth === 2 && depth === 1 ? TAIL : IDLE;
            this.arrayDepth = 0;
            this.afterColon = false;
          } else {
            const where = { offset: this.position + i, length: 1 };
            this.out.push(reject(where, `unexpected "${String.fromCharCode(c)}" outside any JSON value`, ''));
          }
          i++;
          continue;
        }
        if (c === OPEN_BRACKET && this.arrayDepth === 0) {
          depth = 1;
          this.arrayDepth = 1;
          i++;
          continue;
        }
        this.recordStart = this.position + i;
        seg = i;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          state = CONTAINER;
          depth++;
          this.topObject = this.arrayDepth === 0 && c === OPEN_BRACE;
          this.lastKey = '';
          this.plainKeys = 0;
          this.afterColon = false;
        } else if (c === QUOTE) {
          state = STRING;
          inString = true;
        } else {
          state = SCALAR;
        }
        i++;
        continue;
      }
      if (state === SCALAR) {
        if (SCALAR_ENDS.has(c)) {
          this.complete(chunk, seg, i);
          state = IDLE;
          seg = -1;
          continue; // the delimiter is read again between records
        }
        i++;
        continue;
      }
      // Inside an object or array record, or the tail of a wrapper object.
      const tracking = state === TAIL || this.topObject;
      if (this.pendingWrapper && !isSpace(c)) {
        this.pendingWrapper = false;
        if (c === OPEN_BRACE || c === CLOSE_BRACKET) {
          // `{"Records":[{…` or an empty `[]`: the object wraps records. Drop what was kept of it.
          this.wrapperKey ??= this.lastKey;
          this.arrayDepth = depth;
          this.resetRecord();
          state = IDLE;
          seg = -1;
          continue;
        }
      }
      if (c === QUOTE) {
        inString = true;
        if (tracking && depth === 1 && !this.afterColon) this.key = [];
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (c === OPEN_BRACKET && tracking && depth === 1 && this.afterColon) {
          // A wrapper's array is under its first key, after annotations only: a record's "data" field is not.
          this.pendingWrapper = this.plainKeys === 1 && WRAPPER_KEYS.has(this.lastKey);
        }
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth <= this.arrayDepth) {
          if (state !== TAIL) this.complete(chunk, seg, i + 1);
          state = IDLE;
          seg = -1;
        }
      } else if (tracking && depth === 1) {
        if (c === COLON) this.afterColon = true;
        else if (c === COMMA) this.afterColon = false;
      }
      i++;
    }
    Object.assign(this, { state, depth, inString });
    if (seg >= 0 && state !== IDLE && state !== TAIL) this.keep(chunk.subarray(seg));
    this.position += n;
  }

  /**
   * The index of the quote that closes the current string, from `i` in `chunk`, or -1 when the chunk ends first.
   * Most bytes of JSON are inside strings, so the native indexOf jumps to the next quote or backslash (measured
   * faster than a byte loop even for short strings); both positions are remembered for the rest of the chunk.
   */
  private closingQuote(chunk: Buffer, from: number): number {
    const n = chunk.length;
    let i = from;
    while (i < n) {
      if (this.escaped) {
        this.escaped = false;
        i++;
        continue;
      }
      if (this.quoteAt < i) {
        const at = chunk.indexOf(QUOTE, i);
        this.quoteAt = at === -1 ? n : at;
      }
      if (this.backslashAt < i) {
        const at = chunk.indexOf(BACKSLASH, i);
        this.backslashAt = at === -1 ? n : at;
      }
      if (this.backslashAt < this.quoteAt) {
        this.escaped = true;
        i = this.backslashAt + 1;
        continue;
      }
      return this.quoteAt === n ? -1 : this.quoteAt;
    }
    return -1;
  }

  /** Ends the content: a value still open is truncated; a bare number at the very end is complete. */
  finish(): void {
    // A bare value at the end of the content is complete at top level; inside an array it was cut short.
    if (this.state === SCALAR && this.arrayDepth === 0) {
      this.complete(Buffer.alloc(0), 0, 0);
    } else if (this.state !== IDLE && this.state !== TAIL) {
      const length = this.position - this.recordStart;
      const sample = this.over ? this.head : this.headOf(this.parts);
      const where = { offset: this.recordStart, length };
      this.out.push(
        reject(
          where,
          `truncated: the content ends inside this JSON value (${bytesText(length)} bytes)`,
          sample,
        ),
      );
      this.resetRecord();
      this.state = IDLE;
    } else if (this.depth > 0) {
      const where = { offset: this.position, length: 0 };
      this.out.push(
        reject(where, 'truncated: the content ends before its JSON array or object is closed', ''),
      );
    }
    this.depth = 0;
  }

  private keep(piece: Buffer): void {
    if (this.over) return;
    if (this.partsBytes + piece.length > this.maxRecordBytes) {
      this.head = this.headOf([...this.parts, piece]);
      this.over = true;
      this.parts = [];
      this.partsBytes = 0;
      return;
    }
    // Copy: the source may reuse its buffer for the next chunk.
    this.parts.push(Buffer.from(piece));
    this.partsBytes += piece.length;
  }

  private headOf(pieces: readonly Buffer[]): string {
    const kept: Buffer[] = [];
    let size = 0;
    for (const piece of pieces) {
      if (size >= 200) break;
      kept.push(piece.subarray(0, 200 - size));
      size += Math.min(piece.length, 200 - size);
    }
    return Buffer.concat(kept).toString('utf8');
  }

  private complete(chunk: Buffer, seg: number, end: number): void {
    const length = this.position + end - this.recordStart;
    const where = { offset: this.recordStart, length };
    if (this.arrayDepth === 0 && this.firstEnd === -1) this.firstEnd = this.position + end;
    if (this.over || length > this.maxRecordBytes) {
      const sample = this.over ? this.head : this.headOf([...this.parts, chunk.subarray(seg, end)]);
      this.out.push(
        reject(
          where,
          `record is ${bytesText(length)} bytes, longer than the limit of ${bytesText(this.maxRecordBytes)} (DEBRIEF_MAX_RECORD_BYTES)`,
          sample,
        ),
      );
    } else {
      const tail = chunk.subarray(seg, end);
      const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
      this.out.push({ text: bytes.toString('utf8'), where });
    }
    this.resetRecord();
    this.state = IDLE;
  }

  private resetRecord(): void {
    this.parts = [];
    this.partsBytes = 0;
    this.over = false;
    this.head = '';
    this.recordStart = -1;
    this.topObject = false;
    this.key = undefined;
    this.pendingWrapper = false;
  }
}
