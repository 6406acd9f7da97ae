/**
 * For documents whose one JSON value holds several events (a TheHive case with its tasks and logs, a DFIR-IRIS case
 * export with its timeline): each value the scanner reads is expanded into events that share its byte range; a
 * value that is not an object, or that expands into a failure, is rejected with the reason.
 */
import type { NormalizedEvent } from '../../core/event.js';
import { readJsonRecords } from '../json-records.js';
import { reject } from '../lines.js';
import type { ByteSource, ParsedRecord } from '../types.js';

/** One event of an expanded value, or why an item of it could not be read. */
export type ExpandedEvent =
  | { readonly ok: true; readonly value: NormalizedEvent; readonly item?: object }
  | { readonly ok: false; readonly reason: string };

/** The placeholder reason of a value read and kept for expansion (never yielded). */
const PENDING = '\u0000pending';

export async function* expandJsonValues(
  content: ByteSource,
  maxRecordBytes: number,
  /** What a value must be, for the rejection of one that is not an object (e.g. "an IRIS case export"). */
  expected: string,
  expand: (value: object) => readonly ExpandedEvent[],
): AsyncGenerator<ParsedRecord> {
  // The scanner yields each JSON value once; its parsed value is kept to expand it into events.
  const values = new Map<number, object>();
  const records = readJsonRecords(content, maxRecordBytes, (value, text, where) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return reject(where, `expected a JSON object (${expected})`, text);
    values.set(where.offset, value);
    return reject(where, PENDING, text);
  });
  for await (const record of records) {
    const value = record.ok || record.reason !== PENDING ? undefined : values.get(record.where.offset);
    if (value === undefined) {
      yield record;
      continue;
    }
    values.delete(record.where.offset);
    const sample = record.ok ? '' : record.sample;
    let events: readonly ExpandedEvent[];
    try {
      events = expand(value);
    } catch (error) {
      yield reject(record.where, `could not normalize the record: ${(error as Error).message}`, sample);
      continue;
    }
    for (const event of events)
      yield event.ok
        ? {
            ok: true,
            event: event.value,
            where: record.where,
            fields: { kind: 'object', value: (event.item ?? {}) as Record<string, unknown> },
          }
        : reject(record.where, event.reason, sample);
  }
}
