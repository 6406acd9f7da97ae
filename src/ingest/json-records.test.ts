import { Readable } from 'node:stream';
import fc from 'fast-check';
import streamArray from 'stream-json/streamers/stream-array.js';
import { describe, expect, it } from 'vitest';
import type { RecordLocation } from '../core/event.js';
import { readJsonRecords, type ToRecord } from './json-records.js';
import type { ParsedRecord } from './types.js';

/** A ToRecord that accepts any value and carries it (as JSON) in the message, so tests can compare. */
const carry: ToRecord = (value, _text, where) => {
  let message: string;
  try {
    message = JSON.stringify(value);
  } catch {
    return { ok: false, where, reason: 'too deep to print', sample: '' };
  }
  return { ok: true, event: { time: { epochMs: 0, text: '', assumed: false }, message }, where };
};

async function* chunks(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length] ?? bytes.length);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

interface Run {
  readonly bytes: Uint8Array;
  readonly records: ParsedRecord[];
}

async function read(
  input: string | Uint8Array,
  sizes: readonly number[] = [4096],
  max = 1 << 20,
): Promise<Run> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const records: ParsedRecord[] = [];
  for await (const record of readJsonRecords(chunks(bytes, sizes), max, carry)) records.push(record);
  return { bytes, records };
}

const values = (run: Run): unknown[] =>
  run.records.filter((r) => r.ok).map((r) => (r.ok ? JSON.parse(r.event.message) : undefined));
const reasons = (run: Run): string[] => run.records.flatMap((r) => (r.ok ? [] : [r.reason]));
const slice = (bytes: Uint8Array, where: RecordLocation): string =>
  new TextDecoder().decode(bytes.subarray(where.offset, where.offset + where.length));

/** The offset property: every accepted record's bytes parse to the value it carries. */
function expectExactRanges(run: Run): void {
  let previousEnd = 0;
  for (const record of run.records) {
    expect(record.where.offset).toBeGreaterThanOrEqual(previousEnd);
    expect(record.where.offset + record.where.length).toBeLessThanOrEqual(run.bytes.length);
    previousEnd = record.where.offset + record.where.length;
    if (record.ok)
      expect(JSON.stringify(JSON.parse(slice(run.bytes, record.where)))).toBe(record.event.message);
  }
}

describe('readJsonRecords: JSON lines', () => {
  it('gives each line its number and exact byte range, skips blank lines, and rejects a bad line by number', async () => {
    const run = await read('{"a":1}\r\n\n   \n{"b":"x"}\n{bad json}\n{"c":[1,2]}');
    expect(values(run)).toEqual([{ a: 1 }, { b: 'x' }, { c: [1, 2] }]);
    expect(run.records.map((r) => r.where)).toEqual([
      { offset: 0, length: 7, line: 1 },
      { offset: 14, length: 9, line: 4 },
      { offset: 24, length: 10, line: 5 },
      { offset: 35, length: 11, line: 6 },
    ]);
    expect(reasons(run)).toEqual([expect.stringMatching(/^invalid JSON on line 5: /)]);
  });

  it('keeps the lines after a broken first line instead of reading the rest as one value', async () => {
    const run = await read('{"a":\n{"b":1}\n{"c":2}\n');
    expect(values(run)).toEqual([{ b: 1 }, { c: 2 }]);
    expect(reasons(run)).toEqual([expect.stringMatching(/line 1/)]);
  });

  it('rejects a line over the limit once and keeps the lines after it', async () => {
    const long = JSON.stringify({ x: 'y'.repeat(5000) });
    const run = await read(`{"a":1}\n${long}\n{"b":2}\n`, [700], 1000);
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons(run)).toEqual([expect.stringMatching(/longer than the limit of 1,000/)]);
  });

  it('rejects a first line over the limit, however long, and keeps the lines after it', async () => {
    for (const size of [5_000, 300_000]) {
      const long = JSON.stringify({ x: 'y'.repeat(size) });
      const run = await read(`${long}\n{"b":2}\n`, [4096], 1000);
      expect(values(run)).toEqual([{ b: 2 }]);
      expect(run.records.map((r) => r.where.line)).toEqual([1, 2]);
      expect(reasons(run)).toEqual([expect.stringMatching(/longer than the limit of 1,000/)]);
    }
  });

  it('rejects a truncated last line and keeps every line before it', async () => {
    const run = await read('{"a":1}\n{"b":2}\n{"c":');
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons(run)).toEqual([expect.stringMatching(/^invalid JSON on line 3/)]);
  });

  it('skips a byte-order mark but counts it in the offsets', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}\n{"b":2}')]);
    const run = await read(bom);
    expect(run.records.map((r) => r.where.offset)).toEqual([3, 11]);
    expectExactRanges(run);
  });
});

describe('readJsonRecords: arrays, wrappers and single objects', () => {
  const tricky = [
    { s: 'brackets ] } [ { inside', nested: [[1, [2, [3]]], { deep: { deeper: [] } }] },
    { quote: 'she said \\"hi\\" \\\\', unicode: 'é日本\u2028', esc: '\\u005d' },
    [1, 2, { arr: ['}', ']'] }],
    'a string element',
    42.5e3,
    null,
    true,
  ];

  it('streams each element of a top-level array with its exact bytes, whatever the chunking', async () => {
    const text = ` [\n  ${tricky.map((v) => JSON.stringify(v)).join(' ,\n\t')}\n] \n`;
    for (const sizes of [[1], [3, 7], [4096]]) {
      const run = await read(text, sizes);
      expect(values(run)).toEqual(tricky);
      expect(reasons(run)).toEqual([]);
      expectExactRanges(run);
    }
  });

  it('reads the records of a CloudTrail file, a Graph page and a data wrapper, ignoring the wrapper keys', async () => {
    const cloudTrail = await read('{"Records":[{"eventName":"A"},{"eventName":"B"}]}');
    expect(values(cloudTrail)).toEqual([{ eventName: 'A' }, { eventName: 'B' }]);
    expect(cloudTrail.records[0]?.where).toEqual({ offset: 12, length: 17 });
    const graph = await read(
      '{\n "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",\n' +
        ' "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x]",\n' +
        ' "value": [\n  {"id": "1"},\n  {"id": "2"}\n ]\n}\n',
    );
    expect(values(graph)).toEqual([{ id: '1' }, { id: '2' }]);
    expectExactRanges(graph);
    const data = await read('{"data": [], "meta": {"count": 0}}\n{"data": [{"id": 3}]}');
    expect(values(data)).toEqual([{ id: 3 }]);
  });

  it('does not unwrap a record whose "data" array is not its first key or holds no objects', async () => {
    const run = await read('{\n  "ts": 1,\n  "data": [1, 2]\n}\n');
    expect(values(run)).toEqual([{ ts: 1, data: [1, 2] }]);
    expect(values(await read('{"data": [1, 2]}'))).toEqual([{ data: [1, 2] }]);
    const line = '{"time":"2024-01-01T00:00:00Z","data":[{"k":1}],"value":[{"v":2}]}';
    expect(values(await read(`${line}\n${line}\n`))).toEqual([JSON.parse(line), JSON.parse(line)]);
  });

  it('reads concatenated CloudTrail files (one wrapper object per line) as all their records', async () => {
    const run = await read('{"Records":[{"n":1},{"n":2}]}\n{"Records":[{"n":3}]}\n');
    expect(values(run)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expectExactRanges(run);
  });

  it('reads one pretty-printed object, and several in a row, each as one record', async () => {
    const one = JSON.stringify({ actor: { id: 'x' }, target: [{ id: 1 }] }, null, 2);
    expect(values(await read(one))).toEqual([JSON.parse(one)]);
    const run = await read(`${one}\n${one}\n`);
    expect(values(run)).toEqual([JSON.parse(one), JSON.parse(one)]);
    expectExactRanges(run);
  });

  it('keeps the elements before a truncation and rejects the incomplete tail', async () => {
    const run = await read('[{"a":1},{"b":2},{"c":[1,2');
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons(run)).toEqual([
      expect.stringMatching(/^truncated: the content ends inside this JSON value/),
    ]);
    expect(run.records.at(-1)?.where).toEqual({ offset: 17, length: 9 });
    const wrapped = await read('{"Records":[{"a":1},{"b":"cut');
    expect(values(wrapped)).toEqual([{ a: 1 }]);
    expect(reasons(wrapped)).toEqual([
      expect.stringMatching(/^truncated: the content ends inside this JSON value/),
    ]);
  });

  it('says so when an array is cut between elements', async () => {
    const run = await read('[{"a":1},');
    expect(values(run)).toEqual([{ a: 1 }]);
    expect(reasons(run)).toEqual([expect.stringMatching(/before its JSON array or object is closed/)]);
  });

  it('rejects an element over the limit and keeps the elements after it', async () => {
    const run = await read(`[{"a":1},{"big":"${'x'.repeat(10_000)}"},{"b":2}]`, [333], 1000);
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons(run)).toEqual([expect.stringMatching(/10,010 bytes, longer than the limit of 1,000/)]);
    expect(run.records[1]?.where).toEqual({ offset: 9, length: 10_010 });
  });

  it('survives nesting a hundred thousand levels deep', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const run = await read(`[${deep},{"after":true}]`, [65_536], 1 << 20);
    expect(values(run).at(-1)).toEqual({ after: true });
    expect(run.records).toHaveLength(2);
  });

  it('rejects stray closing brackets outside any value instead of dropping them silently', async () => {
    const run = await read('[{"a":1}] ] {"b":2}');
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons(run)).toEqual(['unexpected "]" outside any JSON value']);
  });

  it('reads objects written back to back on one line (Kinesis Firehose) as separate records', async () => {
    const run = await read('{"a":1}{"b":2} {"c":3}\n{"d":4}\n');
    expect(values(run)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
    expectExactRanges(run);
  });
});

describe('readJsonRecords and its source', () => {
  it('closes the source when the consumer stops early, in either reading mode', async () => {
    for (const text of ['{"a":1}\n{"b":2}\n', '[{"a":1},{"b":2}]']) {
      let closed = false;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          yield new TextEncoder().encode(text);
          yield new TextEncoder().encode('\n');
        } finally {
          closed = true;
        }
      }
      for await (const _ of readJsonRecords(source(), 1 << 20, carry)) break;
      expect(closed).toBe(true);
    }
  });
});

describe('readJsonRecords compared with stream-json', () => {
  const elements = [{ a: 1 }, { b: 'two ]' }, { c: [3] }];

  async function viaStreamJson(text: string): Promise<unknown[]> {
    const out: unknown[] = [];
    const stream = Readable.from([Buffer.from(text)]).pipe(streamArray.withParserAsStream());
    for await (const item of stream as AsyncIterable<{ key: number; value: unknown }>) {
      // stream-json yields {key, value}: the element's index and value, but no byte position.
      expect(Object.keys(item).sort()).toEqual(['key', 'value']);
      out.push(item.value);
    }
    return out;
  }

  it('reads the same values as stream-json, and also gives each element its byte range', async () => {
    const text = JSON.stringify(elements);
    expect(await viaStreamJson(text)).toEqual(elements);
    const run = await read(text);
    expect(values(run)).toEqual(elements);
    expect(run.records.map((r) => slice(run.bytes, r.where))).toEqual(elements.map((e) => JSON.stringify(e)));
  });

  it('keeps what precedes a truncation, where stream-json fails the whole stream', async () => {
    const text = JSON.stringify(elements).slice(0, -3);
    await expect(viaStreamJson(text)).rejects.toThrow();
    expect(values(await read(text))).toEqual(elements.slice(0, 2));
  });
});

describe('readJsonRecords properties', () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  \n ');
  const sizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 });

  it('reads back every element of any array written with any whitespace, with exact ranges', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(json, space, space), { maxLength: 12 }),
        space,
        sizes,
        async (items, pad, chunkSizes) => {
          const text = `${pad}[${items.map(([v, a, b]) => `${a}${JSON.stringify(v)}${b}`).join(',')}]${pad}`;
          const run = await read(text, chunkSizes);
          expect(values(run)).toEqual(items.map(([v]) => JSON.parse(JSON.stringify(v))));
          expect(reasons(run)).toEqual([]);
          expectExactRanges(run);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws or loses order on truncated or corrupted content, and every rejection has a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(json, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        sizes,
        async (items, cut, flips, chunkSizes) => {
          const whole = new TextEncoder().encode(JSON.stringify(items));
          const bytes = whole.slice(0, cut % (whole.length + 1));
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
          const run = await read(bytes, chunkSizes, 256);
          for (const record of run.records) if (!record.ok) expect(record.reason.length).toBeGreaterThan(0);
          expectExactRanges(run);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps, of a truncated array, exactly the elements that were complete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(json, { minLength: 1, maxLength: 8 }), fc.nat(), async (items, cut) => {
        const parts = items.map((v) => JSON.stringify(v));
        const text = `[${parts.join(',')}]`;
        const at = cut % (text.length + 1);
        // An element is complete when its last byte is in, and for a bare number or literal, the byte after it.
        const expected: unknown[] = [];
        let start = 1;
        for (const part of parts) {
          const end = start + part.length;
          if (end < at || (end === at && /[}\]"]$/.test(part))) expected.push(JSON.parse(part));
          start = end + 1;
        }
        const run = await read(text.slice(0, at));
        expect(values(run)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('yields exactly one record per non-blank line of JSON lines, valid or not', async () => {
    const line = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 30 }).filter((s) => !/[\n\r]/.test(s)),
      fc.constantFrom('{', '[', '}', '{"a":', '"open', '   '),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 15 }),
        sizes,
        async (first, rest, chunkSizes) => {
          const lines = [JSON.stringify(first), ...rest.map(([l]) => l)];
          const text = [`${lines[0]}\n`, ...rest.map(([l, end]) => `${l}${end}`)].join('');
          const run = await read(text, chunkSizes);
          expect(run.records).toHaveLength(lines.filter((l) => l.trim() !== '').length);
          expectExactRanges(run);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects strings over the limit without buffering them, and keeps the records around them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 300, max: 5000 }), sizes, async (size, chunkSizes) => {
        const text = `[{"a":1},"${'\\"'.repeat(size)}",{"b":2}]`;
        const run = await read(text, chunkSizes, 256);
        expect(values(run)).toEqual([{ a: 1 }, { b: 2 }]);
        expect(reasons(run)).toEqual([expect.stringMatching(/longer than the limit of 256/)]);
      }),
      { numRuns: 50 },
    );
  });
});
