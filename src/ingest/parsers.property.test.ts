/**
 * Every registered parser, fed random, truncated and hostile variants of a typical file of its format: it never
 * throws, ends, and accounts for what it read (each record an event or a rejection with a reason, inside the
 * content, in order). The per-format tests check the values; this one checks that no format escapes the contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/format-fixtures.js';
import { parseText } from '../../test/ingest.js';
import { REJECT_SAMPLE_BYTES } from '../core/event.js';
import { PARSERS } from './registry.js';
import type { FormatParser, ParsedRecord } from './types.js';

const encode = (text: string | Uint8Array): Uint8Array =>
  typeof text === 'string' ? new TextEncoder().encode(text) : text;

/** Asserts the parser contract over the records of `bytes`; returns the records. */
async function parseChecked(parser: FormatParser, bytes: Uint8Array, chunk: number): Promise<ParsedRecord[]> {
  const records = await parseText(parser, bytes, { referenceDate: '2026-03-02', year: 2026 }, chunk);
  let previous = 0;
  for (const r of records) {
    expect(r.where.offset).toBeGreaterThanOrEqual(previous);
    expect(r.where.length).toBeGreaterThanOrEqual(0);
    expect(r.where.offset + r.where.length).toBeLessThanOrEqual(bytes.length);
    previous = r.where.offset;
    if (r.ok) {
      expect(Number.isFinite(r.event.time.epochMs)).toBe(true);
      expect(typeof r.event.message).toBe('string');
    } else {
      expect(r.reason.trim()).not.toBe('');
      expect(r.sample.length).toBeLessThanOrEqual(REJECT_SAMPLE_BYTES);
    }
  }
  return records;
}

/** A variant of the fixture: cut short, with bytes overwritten, inserted or lines repeated. */
const mutation = (base: Uint8Array) =>
  fc.oneof(
    fc.integer({ min: 0, max: base.length }).map((end) => base.subarray(0, end)),
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 })
      .map((edits) => {
        const copy = Uint8Array.from(base);
        for (const [at, value] of edits) if (copy.length > 0) copy[at % copy.length] = value;
        return copy;
      }),
    fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, bytes]) => {
      const i = base.length === 0 ? 0 : at % base.length;
      return Uint8Array.from([...base.subarray(0, i), ...bytes, ...base.subarray(i)]);
    }),
    fc.tuple(fc.nat(), fc.string({ maxLength: 40 })).map(([at, text]) => {
      const i = base.length === 0 ? 0 : at % base.length;
      return Uint8Array.from([...base.subarray(0, i), ...encode(`\n${text}\n`), ...base.subarray(i)]);
    }),
  );

describe('every parser under random, truncated and hostile input', () => {
  for (const parser of PARSERS) {
    it(`${parser.name}: never throws, ends, and every record is an event or a reasoned rejection`, async () => {
      const base = encode(FIXTURES[parser.name].content);
      // The unmodified fixture gives at least one event: the property runs on a parser that works.
      const clean = await parseChecked(parser, base, 4096);
      expect(clean.some((r) => r.ok) || parser.name === 'evtx').toBe(true);
      await fc.assert(
        fc.asyncProperty(mutation(base), fc.integer({ min: 1, max: 97 }), async (bytes, chunk) => {
          await parseChecked(parser, bytes, chunk);
        }),
        { numRuns: 60 },
      );
    }, 60_000);
  }
});

/** JSON values of the wrong type and shape where the normalizers expect strings, numbers and objects. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', ' ', 'null', '1e400', '-0', 'NaN', '9'.repeat(40), '\u0000', '\ud800', '0x7fffffff'),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 1e21, 0.5),
);
const hostileKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '@timestamp',
    'timestamp',
    'time',
    'ts',
    'eventTime',
    'published',
    'createdDateTime',
    'TimeCreated',
    'EventID',
    'event',
    'host',
    'user',
    'source',
    'process',
    'id.orig_h',
    'actor',
    'eventSource',
    'eventName',
    'eventVersion',
    'userIdentity',
  ),
);
const hostileRecord = fc.dictionary(hostileKey, hostileValue, { maxKeys: 10 });

/** Parsers that read one JSON object per line: each non-blank line is exactly one record. */
const JSON_LINE_FORMATS = [
  'json',
  'ecs-json',
  'okta',
  'zeek-json',
  'windows-json',
  'cloudtrail',
  'entra',
  'plaso-json',
  'timesketch-jsonl',
  'hayabusa-json',
  'chainsaw-json',
];

describe('JSON-line parsers over hostile records', () => {
  for (const parser of PARSERS.filter((p) => JSON_LINE_FORMATS.includes(p.name))) {
    it(`${parser.name}: accepts or rejects every line exactly once, whatever its fields hold`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              hostileRecord.map((r) => JSON.stringify(r)),
              fc.string({ maxLength: 30 }),
            ),
            {
              minLength: 1,
              maxLength: 20,
            },
          ),
          async (rows) => {
            // A line that is blank, or a bare JSON array or scalar, is not an object record: keep objects and text.
            const kept = rows
              .map((r) => r.replace(/[\r\n\u2028\u2029]/g, ' '))
              .filter((r) => r.trim() !== '');
            fc.pre(kept.length > 0 && kept.every((r) => !/^\s*[[\d"tfn-]/.test(r)));
            // The file opens with one whole object line, as JSON lines do: a broken first value spanning lines would
            // be read as the start of a pretty-printed document instead (docs/ingest.md, JSON evidence).
            const bytes = encode(`{"first":1}\n${kept.join('\n')}\n`);
            const records = await parseChecked(parser, bytes, 512);
            expect(records.length).toBe(kept.length + 1);
          },
        ),
        // A counterexample found once: a time that prints in exponent notation read as NaN.
        { numRuns: 150, examples: [[['{"ts":1.5e-323}']]] },
      );
    }, 60_000);
  }
});
