/**
 * TheHive case documents as JSON (TheHive 4 and 5 API output saved to a file: a case with its observables, tasks
 * and task logs, or those objects one by one as an array or JSON lines). One JSON value can give several events
 * (the case opened and closed, each task, log and sighted observable); they share the value's byte range.
 * Normalization: src/core/normalize-thehive.ts.
 */
import { isTheHiveObject, normalizeTheHive } from '../../core/normalize-thehive.js';
import { readJsonRecords } from '../json-records.js';
import { reject } from '../lines.js';
import type { ByteSource, FormatParser, ParseContext, ParsedRecord, Sample } from '../types.js';
import { jsonSample, shareOf } from './json.js';

/** A TheHive case document, seen at its start: `{ … "_type": "case" …` (a case larger than the sample). */
const CASE_START = /^\s*\{[\s\S]{0,4000}?"_type"\s*:\s*"(?:case|Case)"/;

/** The placeholder reason of a value read and kept for expansion (never yielded). */
const PENDING = '\u0000pending';

async function* parseTheHive(content: ByteSource, context: ParseContext): AsyncGenerator<ParsedRecord> {
  // The scanner yields each JSON value once; its parsed value is kept to expand it into events.
  const values = new Map<number, unknown>();
  const records = readJsonRecords(content, context.limits.maxRecordBytes, (value, text, where) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return reject(where, 'expected a JSON object (a TheHive case, task, log or observable)', text);
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
    let events: ReturnType<typeof normalizeTheHive>;
    try {
      events = normalizeTheHive(value, context.zone);
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
            fields: { kind: 'object', value: event.item },
          }
        : reject(record.where, event.reason, sample);
  }
}

/** TheHive case documents. */
export const theHiveParser: FormatParser = {
  name: 'thehive-json',
  description: 'TheHive 4/5 case JSON (case, tasks, task logs, sighted observables as API output)',
  detect(sample: Sample): number {
    if (shareOf(jsonSample(sample), isTheHiveObject) >= 0.5) return 0.95;
    return sample.text !== undefined && CASE_START.test(sample.text) ? 0.9 : 0;
  },
  parse(content, context) {
    return parseTheHive(content, context);
  },
};
