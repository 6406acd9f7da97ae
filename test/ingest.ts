/**
 * Helpers for parser tests: run a parser over text or a file and collect its records; find the shared sample
 * logs, and skip a test with a reason when one is absent (CI always has ../shared; a bare checkout may not).
 */
import { closeSync, createReadStream, existsSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { it } from 'vitest';
import type { NormalizedEvent, RejectedRecord } from '../src/core/event.js';
import {
  DEFAULT_LIMITS,
  type FormatParser,
  type ParseContext,
  type ParsedRecord,
  type Sample,
} from '../src/ingest/types.js';

/** The shared sample folder beside the repository. */
export const SAMPLES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'samples');

/** A parse context with defaults (UTC, no mapping, default limits) and overrides. */
export function context(overrides: Partial<ParseContext> = {}): ParseContext {
  return { zone: 'UTC', mapping: {}, limits: DEFAULT_LIMITS, ...overrides };
}

async function* once(bytes: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

/** The records a parser yields for `text` (or bytes), in small chunks to exercise chunk boundaries. */
export async function parseText(
  parser: FormatParser,
  text: string | Uint8Array,
  overrides: Partial<ParseContext> = {},
  chunkSize = 4096,
): Promise<ParsedRecord[]> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const records: ParsedRecord[] = [];
  for await (const record of parser.parse(once(bytes, chunkSize), context(overrides))) records.push(record);
  return records;
}

/** The records a parser yields for a file. */
export async function parseFile(
  parser: FormatParser,
  path: string,
  overrides: Partial<ParseContext> = {},
): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  for await (const record of parser.parse(
    createReadStream(path, { highWaterMark: 256 * 1024 }),
    context(overrides),
  )) {
    records.push(record);
  }
  return records;
}

/** Splits records into accepted events and rejections. */
export function split(records: readonly ParsedRecord[]): {
  events: NormalizedEvent[];
  rejected: RejectedRecord[];
} {
  const events: NormalizedEvent[] = [];
  const rejected: RejectedRecord[] = [];
  for (const r of records) {
    if (r.ok) events.push(r.event);
    else rejected.push({ where: r.where, reason: r.reason, sample: r.sample });
  }
  return { events, rejected };
}

/** A detection sample of text, as the pipeline would build it. */
export function sampleOf(text: string | Uint8Array, fileName = 'evidence.log'): Sample {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const head = bytes.subarray(0, 64 * 1024);
  let decoded: string | undefined;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    decoded = undefined;
  }
  return { bytes: head, text: decoded, fileName };
}

/** The absolute path of a shared sample, or undefined when it is not present. */
export function samplePath(relative: string): string | undefined {
  const path = resolve(SAMPLES_DIR, relative);
  return existsSync(path) ? path : undefined;
}

/**
 * A test that needs a shared sample file: runs it with the file's path, or skips it saying which file is missing.
 */
export function itWithSample(
  name: string,
  relative: string,
  test: (path: string) => Promise<void> | void,
  timeout?: number,
): void {
  const path = samplePath(relative);
  if (path) it(name, () => test(path), timeout);
  else it.skip(`${name} (skipped: ../shared/samples/${relative} is not present)`, () => undefined);
}

/** The file name of a sample, for messages. */
export const sampleName = (path: string): string => basename(path);

const HEAD_BYTES = 64 * 1024;

/** A detection sample of bytes, built as the ingest pipeline builds it (src/services/ingest-evidence.ts). */
export function sampleOfBytes(bytes: Uint8Array, fileName: string): Sample {
  const head = bytes.subarray(0, HEAD_BYTES);
  const decode = (b: Uint8Array): string | undefined => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  };
  // A multi-byte character cut at the 64 KiB boundary is not binary content: the pipeline retries without it.
  const text = decode(head) ?? decode(head.subarray(0, Math.max(0, head.length - 3)));
  return { bytes: head, text, fileName };
}

/** The sample of a file's first 64 KiB. */
export function sampleOfFile(path: string): Sample {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return sampleOfBytes(buffer.subarray(0, read), basename(path));
  } finally {
    closeSync(fd);
  }
}
