/**
 * What kind of file a piece of evidence is, from its first bytes (magic numbers) and then its name. Used to
 * record a media type with the evidence and to pick the kind of its reference in the post-mortem.
 */
import type { EvidenceKind } from './vocabulary.js';

const MAGIC: readonly (readonly [readonly number[], string])[] = [
  [[0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 'application/x-ms-evtx'],
  [[0x1f, 0x8b], 'application/gzip'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x25, 0x50, 0x44, 0x46], 'application/pdf'],
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0xd4, 0xc3, 0xb2, 0xa1], 'application/vnd.tcpdump.pcap'],
  [[0xa1, 0xb2, 0xc3, 0xd4], 'application/vnd.tcpdump.pcap'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'application/x-pcapng'],
];

const BY_EXTENSION: Readonly<Record<string, string>> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xml: 'application/xml',
  log: 'text/plain',
  txt: 'text/plain',
  md: 'text/markdown',
  eml: 'message/rfc822',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
};

/** The media type of a file from its first bytes, then its extension; `application/octet-stream` if unknown. */
export function guessMediaType(fileName: string, head: Uint8Array): string {
  for (const [magic, type] of MAGIC) {
    if (magic.every((byte, i) => head[i] === byte)) return type;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension && BY_EXTENSION[extension]) return BY_EXTENSION[extension];
  // Text without NUL bytes in its first bytes: a log or a note.
  return head.length > 0 && !head.includes(0) ? 'text/plain' : 'application/octet-stream';
}

/** The evidence kind a media type suggests, for the reference added to the post-mortem. */
export function evidenceKindFor(mediaType: string, fileName: string): EvidenceKind {
  if (mediaType.startsWith('image/')) return 'screenshot';
  if (mediaType.includes('pcap')) return 'network-capture';
  if (mediaType === 'message/rfc822') return 'email';
  if (
    mediaType === 'application/pdf' ||
    mediaType.includes('wordprocessing') ||
    mediaType === 'text/markdown'
  ) {
    return 'document';
  }
  if (/\.(e01|dd|img|vmdk|vhdx?)$/i.test(fileName)) return 'disk-image';
  if (/\.(mem|dmp|vmem|lime)$/i.test(fileName)) return 'memory-image';
  if (mediaType === 'application/zip' || mediaType === 'application/gzip') return 'export';
  return 'log';
}
