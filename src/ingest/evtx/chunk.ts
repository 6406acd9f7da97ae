/**
 * One EVTX chunk (64 KiB): its header (signature "ElfChnk\0", record numbers, the offset of the last record,
 * the free-space offset, CRC32 of the header and of the records), then its event records (signature
 * 0x00002a2a, size, record id, written time, BinXML event, copy of the size).
 *
 * Records are read from offset 512 up to the last record the header names. A record whose header is damaged is
 * rejected and reading resumes at the next intact record header; a record whose BinXML cannot be decoded is
 * rejected alone. When fewer records are read than the (checksum-valid) header declares, the shortfall is
 * reported as one rejection, so no record disappears silently. Checksum mismatches are reported with each event
 * of the chunk (label `evtx_integrity`): its records are still read, but may be altered.
 */
import { crc32 } from 'node:zlib';
import type { EventTime } from '../../core/event.js';
import { ChunkContext } from './binxml.js';
import type { EventDraft } from './event-builder.js';
import { fileTime, u64Text } from './values.js';
import { walkEvent } from './walk.js';

/** Size of a chunk in an EVTX file. */
export const CHUNK_SIZE = 65_536;
/** Size of the chunk header, where the first record starts. */
const CHUNK_HEADER_SIZE = 512;
/** Size of an event record header (signature, size, id, written time). */
const RECORD_HEADER_SIZE = 24;
/** The smallest possible record: its header and the copy of its size. */
const MIN_RECORD_SIZE = RECORD_HEADER_SIZE + 4;
const RECORD_MAGIC = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

/** A record read from a chunk (offsets relative to the chunk). */
export type ChunkItem =
  | {
      readonly ok: true;
      readonly offset: number;
      readonly size: number;
      readonly recordId: string;
      readonly draft: EventDraft;
      /** The record header's written time (often zero in exported files; a fallback only). */
      readonly writtenTime: EventTime | undefined;
    }
  | { readonly ok: false; readonly offset: number; readonly size: number; readonly reason: string };

/** What the chunk header says, after checking it. */
export interface ChunkHeader {
  /** Problems with the checksums, for the events of this chunk; undefined when both match. */
  readonly integrity: string | undefined;
  /** Offset of the last record, when the header gives a usable one. */
  readonly lastRecord: number | undefined;
  /** Offset of the free space after the records, when usable. */
  readonly freeSpace: number | undefined;
  /** Number of records the header declares, when the header checksum is valid. */
  readonly declared: number | undefined;
}

/** Does `buf` begin with the chunk signature? */
export function isChunk(buf: Buffer, length: number): boolean {
  return length >= 8 && buf.compare(CHUNK_MAGIC, 0, 8, 0, 8) === 0;
}

/** Reads and checks the header of a chunk that has its signature and at least 512 bytes. */
export function chunkHeader(buf: Buffer, length: number): ChunkHeader {
  const problems: string[] = [];
  const headerOk =
    crc32(buf.subarray(128, CHUNK_HEADER_SIZE), crc32(buf.subarray(0, 120))) === buf.readUInt32LE(124);
  if (!headerOk) problems.push('chunk header checksum mismatch');
  const last = buf.readUInt32LE(44);
  const free = buf.readUInt32LE(48);
  const freeSpace = free >= CHUNK_HEADER_SIZE && free <= CHUNK_SIZE ? free : undefined;
  if (freeSpace !== undefined && freeSpace <= length) {
    if (crc32(buf.subarray(CHUNK_HEADER_SIZE, freeSpace)) !== buf.readUInt32LE(52)) {
      problems.push('chunk records checksum mismatch');
    }
  }
  const first = Number(buf.readBigUInt64LE(8));
  const lastNumber = Number(buf.readBigUInt64LE(16));
  const count = lastNumber - first + 1;
  return {
    integrity: problems.length > 0 ? problems.join('; ') : undefined,
    lastRecord: last >= CHUNK_HEADER_SIZE && last + MIN_RECORD_SIZE <= CHUNK_SIZE ? last : undefined,
    freeSpace,
    declared: headerOk && count > 0 && count <= CHUNK_SIZE / MIN_RECORD_SIZE ? count : undefined,
  };
}

/** Why the record header at `pos` is unusable, or undefined when it is intact. */
function recordProblem(buf: Buffer, length: number, pos: number): string | undefined {
  if (pos + RECORD_HEADER_SIZE > length) return 'record header is cut off by the end of the data';
  if (buf.compare(RECORD_MAGIC, 0, 4, pos, pos + 4) !== 0) return 'no record signature (0x00002a2a)';
  const size = buf.readUInt32LE(pos + 4);
  if (size < MIN_RECORD_SIZE || pos + size > CHUNK_SIZE) return `record size ${size} is impossible here`;
  if (pos + size > length) return `record of ${size} bytes is cut off by the end of the data`;
  const copy = buf.readUInt32LE(pos + size - 4);
  if (copy !== size) return `record size ${size} does not match its copy at the record end (${copy})`;
  return undefined;
}

/** The offset of the next intact record header in `[from, end)`, if any. */
function resync(buf: Buffer, length: number, from: number, end: number): number | undefined {
  for (
    let at = buf.indexOf(RECORD_MAGIC, from);
    at >= 0 && at < end;
    at = buf.indexOf(RECORD_MAGIC, at + 1)
  ) {
    if (recordProblem(buf, length, at) === undefined) return at;
  }
  return undefined;
}

const isZero = (buf: Buffer, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
};

/** A rejection's reason text for an exception raised while decoding a record. */
function decodeFailure(error: unknown): string {
  return `BinXML: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The records of a chunk, in order. `buf` holds the chunk from its first byte; `length` is the number of bytes
 * present (less than 64 KiB when the file ends inside the chunk).
 */
export function* chunkRecords(buf: Buffer, length: number, header: ChunkHeader): Generator<ChunkItem> {
  const context = new ChunkContext(buf, length);
  // Records run up to the last record the header names; without a usable one, up to the first gap.
  const limit = header.lastRecord;
  const dataEnd = Math.min(length, header.freeSpace ?? length);
  let pos = CHUNK_HEADER_SIZE;
  let read = 0;
  /** End of the last range reported: ranges never overlap. */
  let covered = CHUNK_HEADER_SIZE;
  while (limit === undefined ? pos + RECORD_HEADER_SIZE <= dataEnd : pos <= limit) {
    if (pos >= length) break; // the data ends before the records do: reported below as a shortfall
    const problem = recordProblem(buf, length, pos);
    if (problem !== undefined) {
      if (limit === undefined && isZero(buf, pos, Math.min(pos + 8, length))) break;
      const next = resync(buf, length, pos + 1, limit === undefined ? dataEnd : limit + 1);
      const end = next ?? Math.max(dataEnd, Math.min(length, pos + RECORD_HEADER_SIZE));
      yield { ok: false, offset: pos, size: Math.max(end - pos, 0), reason: problem };
      covered = Math.max(end, pos);
      read++;
      if (next === undefined) break;
      pos = next;
      continue;
    }
    const size = buf.readUInt32LE(pos + 4);
    const recordId = u64Text(buf, pos + 8);
    read++;
    let draft: EventDraft | undefined;
    let failure: string | undefined;
    try {
      draft = walkEvent(context, context.fragment(pos + RECORD_HEADER_SIZE, pos + size - 4, 0, false));
    } catch (error) {
      failure = decodeFailure(error);
    }
    if (draft !== undefined) {
      yield { ok: true, offset: pos, size, recordId, draft, writtenTime: fileTime(buf, pos + 16) };
    } else {
      yield { ok: false, offset: pos, size, reason: `record ${recordId}: ${failure ?? 'undecodable'}` };
    }
    pos += size;
    covered = pos;
  }
  if (header.declared !== undefined && read < header.declared) {
    const cut = length < CHUNK_SIZE ? ' (the data ends inside this chunk)' : '';
    yield {
      ok: false,
      offset: covered,
      size: Math.max(Math.min(length, header.freeSpace ?? length) - covered, 0),
      reason: `chunk declares ${header.declared} records but only ${read} could be read${cut}`,
    };
  }
}
