/**
 * Generic JSON: objects of any shape (JSON lines, an array, an object wrapping an array, or single objects),
 * normalized with the user's field mapping (`--map`, `--preset`) and the usual field names. Also the detection
 * helpers the JSON family shares: the sample's objects, parsed once, and the share of them a test accepts.
 */

import type { NormalizedEvent } from '../../core/event.js';
import { normalizeGeneric } from '../../core/normalize-generic.js';
import type { SourceFields } from '../../core/source-fields.js';
import type { ParseResult } from '../../core/time.js';
import { JsonScanner, readJsonRecords, type ToRecord } from '../json-records.js';
import { reject } from '../lines.js';
import type { FormatParser, Sample } from '../types.js';

/** What detection learns from a sample: the JSON objects in it and how they were wrapped. */
export interface JsonSample {
  /** The complete JSON objects in the sample (at most 200), in order. */
  readonly objects: readonly Readonly<Record<string, unknown>>[];
  /** Complete values in the sample that are not objects or are invalid JSON. */
  readonly others: number;
  /** The wrapper key (`Records`, `value`...) when the content is an object wrapping an array. */
  readonly wrapperKey?: string;
}

const samples = new WeakMap<Sample, JsonSample>();

/**
 * The JSON objects at the start of a sample, parsed once per sample and shared by every JSON parser's detection.
 * The value cut by the end of the sample is ignored.
 */
export function jsonSample(sample: Sample): JsonSample {
  const cached = samples.get(sample);
  if (cached) return cached;
  const objects: Readonly<Record<string, unknown>>[] = [];
  let others = 0;
  let wrapperKey: string | undefined;
  // Bytes, not `sample.text`: a character cut by the end of the sample must not hide that the content is JSON.
  const bytes = sample.bytes;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) {
    const scanner = new JsonScanner(sample.bytes.length + 1);
    scanner.push(sample.bytes);
    wrapperKey = scanner.wrapperKey;
    for (const item of scanner.out) {
      if ('ok' in item) {
        others++;
        continue;
      }
      try {
        const value: unknown = JSON.parse(item.text);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          if (objects.length < 200) objects.push(value as Record<string, unknown>);
        } else others++;
      } catch {
        others++;
      }
    }
  }
  const result: JsonSample = wrapperKey === undefined ? { objects, others } : { objects, others, wrapperKey };
  samples.set(sample, result);
  return result;
}

/** The share (0..1) of the sample's objects that satisfy `test`; 0 when there are none. */
export function shareOf(
  sample: JsonSample,
  test: (record: Readonly<Record<string, unknown>>) => boolean,
): number {
  if (sample.objects.length === 0) return 0;
  let n = 0;
  for (const record of sample.objects) if (test(record)) n++;
  return n / sample.objects.length;
}

/** A `ToRecord` for formats whose records are JSON objects: anything else is rejected. */
export function objectRecords(
  normalize: (
    record: Readonly<Record<string, unknown>>,
    text: string,
  ) => ParseResult<NormalizedEvent> & { readonly fields?: SourceFields },
): ToRecord {
  return (value, text, where) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return reject(where, `expected a JSON object, found ${kind}`, text);
    }
    const record = value as Readonly<Record<string, unknown>>;
    let result: ParseResult<NormalizedEvent> & { readonly fields?: SourceFields };
    try {
      result = normalize(record, text);
    } catch (error) {
      // A record nested too deeply for the engine's recursion (JSON.stringify of a value) must not end the file.
      return reject(where, `could not normalize the record: ${(error as Error).message}`, text);
    }
    return result.ok
      ? { ok: true, event: result.value, where, fields: result.fields ?? { kind: 'object', value: record } }
      : reject(where, result.reason, text);
  };
}

/** Generic JSON objects, fields found by the user's mapping or the usual names. */
export const jsonParser: FormatParser = {
  name: 'json',
  description:
    'JSON objects of any shape (JSON lines, an array, a wrapper object); fields by usual names or --map',
  detect(sample: Sample): number {
    const json = jsonSample(sample);
    if (json.objects.length === 0) return 0;
    // Mostly objects: any JSON evidence qualifies, at the score every specific format beats.
    return json.objects.length >= 4 * json.others ? 0.5 : 0.2;
  },
  parse(content, context) {
    const options = {
      mapping: context.mapping,
      zone: context.zone,
      ...(context.dataset === undefined ? {} : { dataset: context.dataset }),
    };
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record, text) => normalizeGeneric(record, { ...options, fallbackMessage: text })),
    );
  },
};
