/**
 * Streams an EVTX file: the 4 KiB file header ("ElfFile\0"), then 64 KiB chunks, each decoded as soon as it is
 * complete. Memory stays bounded by one chunk whatever the file size. A damaged header or chunk is reported and
 * reading goes on with the next chunk; all-zero chunks (space Windows preallocates) are skipped.
 */
import { type EventTime, REJECT_SAMPLE_BYTES, type RecordLocation } from '../../core/event.js';
import type { ByteSource } from '../types.js';
import { CHUNK_SIZE, chunkHeader, chunkRecords, isChunk } from './chunk.js';
import type { EventDraft } from './event-builder.js';
import { hexOf } from './values.js';

/** Size of the file header block; the first chunk starts here. */
export const FILE_HEADER_SIZE = 4096;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');

/** A record of the file, or a rejected byte range, located in the file. */
export type EvtxItem =
  | {
      readonly ok: true;
      readonly where: RecordLocation;
      readonly recordId: string;
      readonly draft: EventDraft;
      /** The record header's written time, a fallback when the event has no TimeCreated. */
      readonly writtenTime: EventTime | undefined;
      /** Checksum problems of the record's chunk, if any. */
      readonly integrity: string | undefined;
    }
  | { readonly ok: false; readonly where: RecordLocation; readonly reason: string; readonly sample: string };

/** Fills buffers of a given size from a stream of byte chunks of any size. */
class BlockReader {
  private readonly source: AsyncIterator<Uint8Array>;
  private current: Uint8Array | undefined;
  private at = 0;

  constructor(content: ByteSource) {
    this.source = content[Symbol.asyncIterator]();
  }

  /** Fills `target` and returns the number of bytes filled, less than its size only at the end of the data. */
  async fill(target: Buffer): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      if (this.current === undefined || this.at >= this.current.length) {
        const next = await this.source.next();
        if (next.done) break;
        this.current = next.value;
        this.at = 0;
        continue;
      }
      const n = Math.min(target.length - filled, this.current.length - this.at);
      target.set(this.current.subarray(this.at, this.at + n), filled);
      this.at += n;
      filled += n;
    }
    return filled;
  }
}

/** The sample shown for a rejected byte range: its first bytes as hex. */
function sampleOf(buf: Buffer, start: number, end: number): string {
  return hexOf(buf, start, Math.min(end, start + REJECT_SAMPLE_BYTES / 2));
}

const ZERO = Buffer.alloc(CHUNK_SIZE);
const isZero = (buf: Buffer, length: number): boolean => buf.compare(ZERO, 0, length, 0, length) === 0;

/**
 * The records of an EVTX file, in file order, each located by its byte offset and length in the file; one batch
 * per chunk (one await per 64 KiB rather than per record).
 */
export async function* readEvtx(content: ByteSource): AsyncGenerator<readonly EvtxItem[]> {
  const reader = new BlockReader(content);
  const head = Buffer.alloc(FILE_HEADER_SIZE);
  const headLength = await reader.fill(head);
  if (headLength === 0) return;
  const signed = headLength >= 8 && head.compare(FILE_MAGIC, 0, 8, 0, 8) === 0;
  if (!signed || headLength < FILE_HEADER_SIZE) {
    const reason = signed
      ? `the file ends after ${headLength} bytes, inside its ${FILE_HEADER_SIZE}-byte header`
      : 'no EVTX file signature ("ElfFile"): the file header is damaged or this is not an EVTX file';
    yield [
      { ok: false, where: { offset: 0, length: headLength }, reason, sample: sampleOf(head, 0, headLength) },
    ];
  }
  if (headLength < FILE_HEADER_SIZE) return;
  const buf = Buffer.alloc(CHUNK_SIZE);
  for (let index = 0, base = FILE_HEADER_SIZE; ; index++, base += CHUNK_SIZE) {
    const length = await reader.fill(buf);
    if (length === 0) return;
    yield [...chunkItems(buf, length, index, base)];
    if (length < CHUNK_SIZE) return;
  }
}

function* chunkItems(buf: Buffer, length: number, index: number, base: number): Generator<EvtxItem> {
  const where = { offset: base, length };
  if (!isChunk(buf, length)) {
    if (isZero(buf, length)) return;
    yield {
      ok: false,
      where,
      reason: `chunk ${index} at offset ${base}: no chunk signature ("ElfChnk"); its ${length} bytes are skipped`,
      sample: sampleOf(buf, 0, length),
    };
    return;
  }
  if (length < 512) {
    yield {
      ok: false,
      where,
      reason: `chunk ${index} at offset ${base}: the file ends inside the chunk header`,
      sample: sampleOf(buf, 0, length),
    };
    return;
  }
  const header = chunkHeader(buf, length);
  for (const item of chunkRecords(buf, length, header)) {
    const location = { offset: base + item.offset, length: item.size };
    if (item.ok) {
      yield {
        ok: true,
        where: location,
        recordId: item.recordId,
        draft: item.draft,
        writtenTime: item.writtenTime,
        integrity: header.integrity,
      };
    } else {
      yield {
        ok: false,
        where: location,
        reason: `chunk ${index}, offset ${item.offset}: ${item.reason}`,
        sample: sampleOf(buf, item.offset, item.offset + item.size),
      };
    }
  }
}
