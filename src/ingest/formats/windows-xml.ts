/**
 * The `windows-xml` format: Windows events as XML, either an `<Events>` document or a bare sequence of `<Event>`
 * elements (wevtutil qe /f:xml, Get-WinEvent's ToXml(), evtxexport -f xml, Event Viewer "Save as XML").
 *
 * A streaming splitter finds each top-level `<Event …>…</Event>` with its exact byte range, skipping comments,
 * CDATA and processing instructions (which may contain `</Event>`), without buffering anything outside an
 * event. Each event is then read by the strict reader of src/ingest/evtx/event-xml.ts. An event longer than the
 * record limit is rejected and skipped without being buffered; an event left open by the start of the next one
 * is rejected alone. UTF-8 (with or without BOM) and UTF-16LE (with BOM, as PowerShell writes) are read.
 */
import { normalizeWindows, windowsTime } from '../../core/normalize-windows.js';
import { parseXmlElement, XmlError, xmlEventDraft } from '../evtx/event-xml.js';
import { reject } from '../lines.js';
import type { ByteSource, FormatParser, ParsedRecord, Sample } from '../types.js';

type Encoding = 'utf8' | 'utf16le';

/** A piece of the content: an event's byte range, or a range rejected by the splitter. */
type Piece =
  | { readonly kind: 'event'; readonly offset: number; readonly length: number; readonly text: string }
  | {
      readonly kind: 'reject';
      readonly offset: number;
      readonly length: number;
      readonly reason: string;
      readonly sample: string;
    };

const encode = (text: string, encoding: Encoding) => Buffer.from(text, encoding);
const BANG = 0x21;
const QUESTION = 0x3f;
const SLASH = 0x2f;
const E = 0x45;

/** Splits a byte stream into top-level `<Event>` elements. */
class EventSplitter {
  /** Growable storage; `buf` is its filled part. Growing doubles it, so appending is amortized O(1) per byte. */
  private store = Buffer.alloc(0);
  private buf = this.store.subarray(0, 0);
  /** Absolute offset of `buf[0]`. */
  private base = 0;
  /** Scan position in `buf`. */
  private pos = 0;
  /** Absolute offset of the open event's `<`, or -1. */
  private eventAt = -1;
  /** Set when the open event exceeded the limit: its bytes are dropped, only its first bytes kept. */
  private tooLong: string | undefined;
  /** A terminator being looked for (end of a comment, CDATA, PI), or undefined. */
  private skipUntil: Buffer | undefined;
  private readonly unit: number;
  private readonly p: Readonly<Record<'lt' | 'comment' | 'cdata' | 'pi' | 'decl' | 'open' | 'close', Buffer>>;
  private readonly ends: Readonly<Record<'comment' | 'cdata' | 'pi' | 'gt', Buffer>>;

  constructor(
    private readonly encoding: Encoding,
    private readonly maxBytes: number,
  ) {
    this.unit = encoding === 'utf16le' ? 2 : 1;
    this.p = {
      lt: encode('<', encoding),
      comment: encode('<!--', encoding),
      cdata: encode('<![CDATA[', encoding),
      pi: encode('<?', encoding),
      decl: encode('<!', encoding),
      open: encode('<Event', encoding),
      close: encode('</Event', encoding),
    };
    this.ends = {
      comment: encode('-->', encoding),
      cdata: encode(']]>', encoding),
      pi: encode('?>', encoding),
      gt: encode('>', encoding),
    };
  }

  /** The next occurrence of `pattern` at or after `from`, aligned to the character size. */
  private find(pattern: Buffer, from: number): number {
    let at = this.buf.indexOf(pattern, from);
    while (at >= 0 && this.unit === 2 && at % 2 !== 0) at = this.buf.indexOf(pattern, at + 1);
    return at;
  }

  /** The character (byte, or UTF-16 unit) at `at`, or -1 past the data. */
  private charAt(at: number): number {
    if (at + this.unit > this.buf.length) return -1;
    return this.unit === 2 ? this.buf.readUInt16LE(at) : (this.buf[at] ?? -1);
  }

  /** Does `pattern` occur at `at` (within the bytes present)? */
  private matches(pattern: Buffer, at: number): boolean {
    const end = at + pattern.length;
    return end <= this.buf.length && this.buf.compare(pattern, 0, pattern.length, at, end) === 0;
  }

  /** Is the character after `<Event` or `</Event` at `at` a delimiter (so this is not `<Events`)? */
  private delimited(at: number): boolean {
    const c = this.charAt(at);
    return c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  }

  private sampleAt(start: number): string {
    return this.buf.subarray(start, start + 200 * this.unit).toString(this.encoding);
  }

  /** Adds bytes and returns the pieces completed by them; `final` flushes at the end of the content. */
  push(chunk: Uint8Array | undefined, final: boolean): Piece[] {
    if (chunk !== undefined) this.append(chunk);
    const out: Piece[] = [];
    const u = this.unit;
    for (;;) {
      if (this.skipUntil !== undefined) {
        const end = this.find(this.skipUntil, this.pos);
        if (end < 0) {
          this.pos = Math.max(this.pos, this.buf.length - this.skipUntil.length);
          break;
        }
        this.pos = end + this.skipUntil.length;
        this.skipUntil = undefined;
        continue;
      }
      const lt = this.find(this.p.lt, this.pos);
      if (lt < 0) {
        this.pos = this.buf.length - (this.buf.length % u);
        break;
      }
      if (!final && lt + 10 * u > this.buf.length) {
        this.pos = lt;
        break;
      }
      // Classify by the character after "<" first: most tags (<Data, </Data) are settled by one comparison.
      const next = this.charAt(lt + u);
      if (next === BANG && this.matches(this.p.comment, lt)) {
        this.pos = lt + this.p.comment.length;
        this.skipUntil = this.ends.comment;
      } else if (next === BANG && this.matches(this.p.cdata, lt)) {
        this.pos = lt + this.p.cdata.length;
        this.skipUntil = this.ends.cdata;
      } else if (next === QUESTION) {
        this.pos = lt + this.p.pi.length;
        this.skipUntil = this.ends.pi;
      } else if (next === SLASH && this.matches(this.p.close, lt) && this.delimited(lt + 7 * u)) {
        const gt = this.find(this.ends.gt, lt + 7 * u);
        if (gt < 0 && !final) {
          this.pos = lt;
          break;
        }
        const end = gt < 0 ? this.buf.length : gt + u;
        if (this.eventAt >= 0) out.push(this.finishEvent(end));
        this.pos = end;
      } else if (next === E && this.matches(this.p.open, lt) && this.delimited(lt + 6 * u)) {
        if (this.eventAt >= 0) {
          out.push(this.unclosed(lt, `unclosed <Event>: another <Event> starts at offset ${this.base + lt}`));
        }
        this.eventAt = this.base + lt;
        this.tooLong = undefined;
        this.pos = lt + 6 * u;
      } else {
        // Any other markup (<Events>, <!DOCTYPE>, stray tags) is skipped.
        this.pos = lt + (next === BANG ? this.p.decl.length : u);
      }
    }
    if (final && this.eventAt >= 0) {
      out.push(this.unclosed(this.buf.length, 'unclosed <Event>: the data ends before </Event>'));
    }
    this.compact();
    return out;
  }

  private finishEvent(end: number): Piece {
    const offset = this.eventAt;
    const start = offset - this.base;
    this.eventAt = -1;
    if (this.tooLong !== undefined) {
      const length = this.base + end - offset;
      const reason = `record is ${length.toLocaleString('en')} bytes, longer than the limit of ${this.maxBytes.toLocaleString('en')} (DEBRIEF_MAX_RECORD_BYTES)`;
      return { kind: 'reject', offset, length, reason, sample: this.tooLong };
    }
    return { kind: 'event', offset, length: end - start, text: this.buf.toString(this.encoding, start, end) };
  }

  private unclosed(end: number, reason: string): Piece {
    const offset = this.eventAt;
    const start = Math.max(offset - this.base, 0);
    const sample = this.tooLong ?? this.sampleAt(start);
    this.eventAt = -1;
    return { kind: 'reject', offset, length: this.base + end - offset, reason, sample };
  }

  private append(chunk: Uint8Array): void {
    const length = this.buf.length + chunk.length;
    if (length > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.store.length * 2, 65_536));
      this.store.copy(grown, 0, 0, this.buf.length);
      this.store = grown;
    }
    this.store.set(chunk, this.buf.length);
    this.buf = this.store.subarray(0, length);
  }

  /**
   * Drops bytes no longer needed (an open event is kept unless it is too long), once they are at least half of
   * the buffer, so that each byte is moved a bounded number of times.
   */
  private compact(): void {
    if (
      this.eventAt >= 0 &&
      this.tooLong === undefined &&
      this.base + this.buf.length - this.eventAt > this.maxBytes
    ) {
      this.tooLong = this.sampleAt(this.eventAt - this.base);
    }
    const keepFrom = this.eventAt >= 0 && this.tooLong === undefined ? this.eventAt - this.base : this.pos;
    if (keepFrom > 0 && keepFrom * 2 >= this.buf.length) {
      this.store.copyWithin(0, keepFrom, this.buf.length);
      this.buf = this.store.subarray(0, this.buf.length - keepFrom);
      this.base += keepFrom;
      this.pos -= keepFrom;
    }
  }
}

/** The encoding of XML content from its first bytes: UTF-16LE when it starts with that byte-order mark. */
const encodingOf = (head: Uint8Array): Encoding =>
  head[0] === 0xff && head[1] === 0xfe ? 'utf16le' : 'utf8';

function sampleText(sample: Sample): string | undefined {
  if (encodingOf(sample.bytes) === 'utf16le') return Buffer.from(sample.bytes).toString('utf16le');
  return sample.text;
}

function toRecord(piece: Piece, zone: string): ParsedRecord {
  if (piece.kind === 'reject') {
    return {
      ok: false,
      where: { offset: piece.offset, length: piece.length },
      reason: piece.reason,
      sample: piece.sample,
    };
  }
  const where = { offset: piece.offset, length: piece.length };
  const text = piece.text;
  try {
    const draft = xmlEventDraft(parseXmlElement(text));
    if (draft.timeText === undefined)
      return reject(where, 'no System/TimeCreated/@SystemTime in the event', text);
    const time = windowsTime(draft.timeText, zone);
    if (!time.ok) return reject(where, `TimeCreated: ${time.reason}`, text);
    return {
      ok: true,
      event: normalizeWindows(draft, time.value),
      where,
      fields: { kind: 'windows', event: draft },
    };
  } catch (error) {
    if (error instanceof XmlError) return reject(where, `invalid event XML: ${error.message}`, text);
    throw error;
  }
}

/** Windows events as XML. */
export const windowsXmlParser: FormatParser = {
  name: 'windows-xml',
  description: 'Windows events as XML (<Events>/<Event> from wevtutil, Get-WinEvent ToXml(), evtxexport)',
  detect(sample) {
    const text = sampleText(sample);
    if (text === undefined) return 0;
    if (/<Event\s+xmlns=['"]http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event['"]/.test(text)) {
      return 0.95;
    }
    return /<Event[\s>]/.test(text) && /<System>/.test(text) && /<EventID[\s>]/.test(text) ? 0.8 : 0;
  },
  async *parse(content: ByteSource, context): AsyncGenerator<ParsedRecord> {
    let splitter: EventSplitter | undefined;
    for await (const chunk of content) {
      splitter ??= new EventSplitter(encodingOf(chunk), context.limits.maxRecordBytes);
      for (const piece of splitter.push(chunk, false)) yield toRecord(piece, context.zone);
    }
    for (const piece of splitter?.push(undefined, true) ?? []) yield toRecord(piece, context.zone);
  },
};
