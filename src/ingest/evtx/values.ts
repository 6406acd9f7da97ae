/**
 * EVTX substitution values as text, rendered as Windows renders them in event XML: UTF-16 and ANSI strings,
 * signed and unsigned integers of 8 to 64 bits, reals, booleans, binary (hex), GUIDs, sizes, FILETIME and
 * SYSTEMTIME (ISO 8601, UTC), SIDs, hexadecimal integers, and arrays of these (joined with ", "). Every read is
 * bounded by the value's size: a value too short for its type is rendered as hex rather than read past its end.
 */
import type { EventTime } from '../../core/event.js';

/** Value types of the BinXML type system ([MS-EVEN6] 2.2.11). */
export const VALUE_TYPE = {
  null: 0x00,
  string: 0x01,
  ansiString: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  size: 0x10,
  fileTime: 0x11,
  systemTime: 0x12,
  sid: 0x13,
  hex32: 0x14,
  hex64: 0x15,
  binXml: 0x21,
  array: 0x80,
} as const;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as uppercase hex, as Windows renders binary data. */
export function hexOf(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX[buf[i] ?? 0];
  return out.toUpperCase();
}

/** Removes the end-of-string characters Windows often stores with a string. */
function trimNul(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A UTF-16LE string of `chars` characters at `pos`. */
export function utf16(buf: Buffer, pos: number, chars: number): string {
  return buf.toString('utf16le', pos, pos + chars * 2);
}

/** An unsigned 64-bit value as decimal text (exact beyond 2^53). */
export function u64Text(buf: Buffer, pos: number): string {
  const lo = buf.readUInt32LE(pos);
  const hi = buf.readUInt32LE(pos + 4);
  return hi < 0x200000 ? String(hi * 4294967296 + lo) : buf.readBigUInt64LE(pos).toString();
}

/** An unsigned 64-bit value as `0x…` lowercase hex without leading zeros, as Windows renders HexInt64. */
function hex64Text(buf: Buffer, pos: number): string {
  const lo = buf.readUInt32LE(pos);
  const hi = buf.readUInt32LE(pos + 4);
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian), without Date's range limit. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** ISO 8601 UTC text of an epoch time, with `fraction` as the digits after the seconds. */
function isoText(epochMs: number, fraction: string): string {
  const days = Math.floor(epochMs / 86_400_000);
  const inDay = epochMs - days * 86_400_000;
  const [y, m, d] = civilFromDays(days);
  const seconds = Math.floor(inDay / 1000);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(Math.floor(seconds / 3600), 2)}:${pad(
    Math.floor(seconds / 60) % 60,
    2,
  )}:${pad(seconds % 60, 2)}.${fraction}Z`;
}

/** Milliseconds between 1601-01-01 (the FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;

/**
 * A FILETIME (100 ns ticks since 1601, UTC) as an event time: exact milliseconds, and text with all seven
 * fraction digits (`2019-03-19T23:35:07.5242021Z`). Undefined for zero, the "no time" value.
 */
export function fileTime(buf: Buffer, pos: number): EventTime | undefined {
  const lo = buf.readUInt32LE(pos);
  const hi = buf.readUInt32LE(pos + 4);
  if (lo === 0 && hi === 0) return undefined;
  // hi * 2^32 / 10^4 = hi * 429496 + hi * 7296 / 10^4, so every step stays below 2^53.
  const rest = hi * 7296 + lo;
  const ms1601 = hi * 429_496 + Math.floor(rest / 10_000);
  const epochMs = ms1601 - FILETIME_EPOCH_MS;
  const fraction = pad(ms1601 % 1000, 3) + pad(rest % 10_000, 4);
  return { epochMs, text: isoText(epochMs, fraction), assumed: false };
}

/** A SYSTEMTIME (eight 16-bit fields, UTC) as ISO 8601 text with milliseconds. */
function systemTimeText(buf: Buffer, pos: number): string {
  const field = (i: number) => pad(buf.readUInt16LE(pos + i * 2), i === 0 ? 4 : i === 7 ? 3 : 2);
  return `${field(0)}-${field(1)}-${field(3)}T${field(4)}:${field(5)}:${field(6)}.${field(7)}Z`;
}

/** `n` bytes at `start` as one little-endian number in uppercase hex. */
function hexLe(buf: Buffer, start: number, n: number): string {
  let out = '';
  for (let i = n - 1; i >= 0; i--) out += HEX[buf[start + i] ?? 0];
  return out.toUpperCase();
}

/** A GUID in registry form, `{0AAC8E5F-…}`. */
function guidText(buf: Buffer, pos: number): string {
  return `{${hexLe(buf, pos, 4)}-${hexLe(buf, pos + 4, 2)}-${hexLe(buf, pos + 6, 2)}-${hexOf(buf, pos + 8, pos + 10)}-${hexOf(
    buf,
    pos + 10,
    pos + 16,
  )}}`;
}

/** The length in bytes of the SID at `pos`, or 0 when `size` bytes cannot hold it. */
function sidLength(buf: Buffer, pos: number, size: number): number {
  if (size < 8) return 0;
  const length = 8 + (buf[pos + 1] ?? 0) * 4;
  return length <= size ? length : 0;
}

/** A SID as `S-1-5-21-…`. */
function sidText(buf: Buffer, pos: number): string {
  const count = buf[pos + 1] ?? 0;
  // The identifier authority is a 48-bit big-endian number.
  const authority = buf.readUInt16BE(pos + 2) * 4294967296 + buf.readUInt32BE(pos + 4);
  let text = `S-${buf[pos]}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${buf.readUInt32LE(pos + 8 + i * 4)}`;
  return text;
}

/** The size in bytes of one element of a fixed-size type, 0 for variable-size types. */
function fixedSize(type: number, size: number): number {
  switch (type) {
    case VALUE_TYPE.int8:
    case VALUE_TYPE.uint8:
      return 1;
    case VALUE_TYPE.int16:
    case VALUE_TYPE.uint16:
      return 2;
    case VALUE_TYPE.int32:
    case VALUE_TYPE.uint32:
    case VALUE_TYPE.real32:
    case VALUE_TYPE.bool:
    case VALUE_TYPE.hex32:
      return 4;
    case VALUE_TYPE.int64:
    case VALUE_TYPE.uint64:
    case VALUE_TYPE.real64:
    case VALUE_TYPE.fileTime:
    case VALUE_TYPE.hex64:
      return 8;
    case VALUE_TYPE.guid:
    case VALUE_TYPE.systemTime:
      return 16;
    case VALUE_TYPE.size:
      return size === 4 ? 4 : 8;
    default:
      return 0;
  }
}

/** One value of a fixed-size type at `pos`, whose `size` bytes are known to be enough. */
function fixedText(buf: Buffer, pos: number, type: number, size: number): string {
  switch (type) {
    case VALUE_TYPE.int8:
      return String(buf.readInt8(pos));
    case VALUE_TYPE.uint8:
      return String(buf[pos]);
    case VALUE_TYPE.int16:
      return String(buf.readInt16LE(pos));
    case VALUE_TYPE.uint16:
      return String(buf.readUInt16LE(pos));
    case VALUE_TYPE.int32:
      return String(buf.readInt32LE(pos));
    case VALUE_TYPE.uint32:
      return String(buf.readUInt32LE(pos));
    case VALUE_TYPE.int64:
      return buf.readBigInt64LE(pos).toString();
    case VALUE_TYPE.uint64:
      return u64Text(buf, pos);
    case VALUE_TYPE.real32:
      return String(buf.readFloatLE(pos));
    case VALUE_TYPE.real64:
      return String(buf.readDoubleLE(pos));
    case VALUE_TYPE.bool:
      return buf.readUInt32LE(pos) === 0 ? 'false' : 'true';
    case VALUE_TYPE.guid:
      return guidText(buf, pos);
    case VALUE_TYPE.fileTime:
      return fileTime(buf, pos)?.text ?? '1601-01-01T00:00:00.0000000Z';
    case VALUE_TYPE.systemTime:
      return systemTimeText(buf, pos);
    case VALUE_TYPE.hex32:
      return `0x${buf.readUInt32LE(pos).toString(16)}`;
    case VALUE_TYPE.size:
      return size === 4 ? `0x${buf.readUInt32LE(pos).toString(16)}` : hex64Text(buf, pos);
    default:
      return hex64Text(buf, pos);
  }
}

/** Splits NUL-separated strings (string arrays); the trailing NUL ends the last one. */
function splitStrings(text: string): string {
  return trimNul(text).split('\u0000').join(', ');
}

/** An array value: its elements as text, joined with ", ". */
function arrayText(buf: Buffer, pos: number, size: number, type: number): string {
  if (type === VALUE_TYPE.string) return splitStrings(buf.toString('utf16le', pos, pos + (size & ~1)));
  if (type === VALUE_TYPE.ansiString) return splitStrings(buf.toString('latin1', pos, pos + size));
  if (type === VALUE_TYPE.sid) {
    const parts: string[] = [];
    for (let at = pos, left = size; left > 0; ) {
      const length = sidLength(buf, at, left);
      if (length === 0) break;
      parts.push(sidText(buf, at));
      at += length;
      left -= length;
    }
    return parts.join(', ');
  }
  const width = type === VALUE_TYPE.size ? (size % 8 === 0 ? 8 : 4) : fixedSize(type, size);
  if (width === 0 || size % width !== 0) return hexOf(buf, pos, pos + size);
  const parts: string[] = [];
  for (let at = pos; at < pos + size; at += width) parts.push(fixedText(buf, at, type, width));
  return parts.join(', ');
}

/**
 * A substitution value as text. `buf[pos, pos + size)` must lie inside the buffer (the caller checks the value
 * table against the record). Binary XML values (0x21) are not text: the caller decodes them as a fragment.
 */
export function valueText(buf: Buffer, pos: number, size: number, type: number): string {
  switch (type) {
    case VALUE_TYPE.null:
      return '';
    case VALUE_TYPE.string:
      return trimNul(buf.toString('utf16le', pos, pos + (size & ~1)));
    case VALUE_TYPE.ansiString:
      return trimNul(buf.toString('latin1', pos, pos + size));
    case VALUE_TYPE.binary:
      return hexOf(buf, pos, pos + size);
    case VALUE_TYPE.sid:
      return sidLength(buf, pos, size) > 0 ? sidText(buf, pos) : hexOf(buf, pos, pos + size);
    default: {
      if (type & VALUE_TYPE.array) return arrayText(buf, pos, size, type & 0x7f);
      const width = fixedSize(type, size);
      return width > 0 && size >= width ? fixedText(buf, pos, type, size) : hexOf(buf, pos, pos + size);
    }
  }
}
