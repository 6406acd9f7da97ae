import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseText, split } from '../../../test/ingest.js';
import { evtxParser } from '../formats/evtx.js';
import type { ParsedRecord } from '../types.js';

/** Two chunks, 112 records (the first chunk's records end before its free space). */
const TWO_CHUNKS = 'evtx-attack-samples/Defense_Evasion__DE_1102_security_log_cleared.evtx';
/** One chunk, 73 records. */
const ONE_CHUNK = 'evtx-attack-samples/Command_and_Control__DE_sysmon-3-rdp-tun.evtx';

const CHUNK = 65_536;
const chunkAt = (index: number) => 4096 + index * CHUNK;
/** The number of records a chunk header declares. */
const declared = (bytes: Buffer, index: number) =>
  Number(bytes.readBigUInt64LE(chunkAt(index) + 16) - bytes.readBigUInt64LE(chunkAt(index) + 8)) + 1;

const parse = (bytes: Uint8Array, chunkSize = 65_536) => parseText(evtxParser, bytes, {}, chunkSize);

/** What must hold for any input: locations inside the content, in order, not overlapping; reasons given. */
function expectWellFormed(records: readonly ParsedRecord[], size: number): void {
  let end = 0;
  for (const r of records) {
    expect(r.where.offset).toBeGreaterThanOrEqual(end);
    expect(r.where.length).toBeGreaterThanOrEqual(0);
    expect(r.where.offset + r.where.length).toBeLessThanOrEqual(size);
    end = r.where.offset + r.where.length;
    if (!r.ok) {
      expect(r.reason.length).toBeGreaterThan(0);
      expect(typeof r.sample).toBe('string');
    } else {
      expect(Number.isFinite(r.event.time.epochMs)).toBe(true);
      expect(r.event.message.length).toBeGreaterThan(0);
    }
  }
}

describe('evtx: damaged files', () => {
  itWithSample(
    'a chunk without its signature is rejected whole, and the next chunk is still read',
    TWO_CHUNKS,
    async (path) => {
      const bytes = readFileSync(path);
      bytes.fill(0x41, chunkAt(0), chunkAt(0) + 8);
      const records = await parse(bytes);
      const { events, rejected } = split(records);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.where).toEqual({ offset: chunkAt(0), length: CHUNK });
      expect(rejected[0]?.reason).toMatch(/chunk 0 at offset 4096: no chunk signature/);
      expect(events).toHaveLength(declared(bytes, 1));
      expectWellFormed(records, bytes.length);
    },
  );

  itWithSample(
    'a changed byte in record data keeps the events but labels them: records checksum mismatch',
    ONE_CHUNK,
    async (path) => {
      const bytes = readFileSync(path);
      bytes[chunkAt(0) + 512 + 9] = (bytes[chunkAt(0) + 512 + 9] ?? 0) ^ 0xff; // inside the first record's id
      const { events, rejected } = split(await parse(bytes));
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(73);
      expect(new Set(events.map((e) => e.labels?.evtx_integrity))).toEqual(
        new Set(['chunk records checksum mismatch']),
      );
    },
  );

  itWithSample('a changed chunk header is reported with each event of the chunk', ONE_CHUNK, async (path) => {
    const bytes = readFileSync(path);
    bytes[chunkAt(0) + 60] = 1; // an unused header byte covered by the header checksum
    const { events } = split(await parse(bytes));
    expect(events).toHaveLength(73);
    expect(events[0]?.labels?.evtx_integrity).toBe('chunk header checksum mismatch');
  });

  itWithSample(
    'a record with a damaged size is rejected alone; reading resumes at the next record',
    ONE_CHUNK,
    async (path) => {
      const bytes = readFileSync(path);
      const second = chunkAt(0) + 512 + bytes.readUInt32LE(chunkAt(0) + 512 + 4);
      bytes.writeUInt32LE(0xfff0, second + 4);
      const records = await parse(bytes);
      const { events, rejected } = split(records);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.where.offset).toBe(second);
      expect(rejected[0]?.reason).toMatch(/record size 65520 is impossible here/);
      expect(events).toHaveLength(72);
      expectWellFormed(records, bytes.length);
    },
  );

  itWithSample(
    'a file cut inside a chunk yields the records before the cut and reports the rest',
    ONE_CHUNK,
    async (path) => {
      const full = split(await parse(readFileSync(path))).events;
      const bytes = readFileSync(path).subarray(0, chunkAt(0) + 20_000);
      const records = await parse(bytes);
      const { events, rejected } = split(records);
      expect(events.length).toBeGreaterThan(0);
      expect(events).toEqual(full.slice(0, events.length));
      expect(rejected.map((r) => r.reason).join('\n')).toMatch(/the data ends inside this chunk/);
      expectWellFormed(records, bytes.length);
    },
  );

  it('an empty file yields nothing; a file shorter than its header is one rejection', async () => {
    expect(await parse(new Uint8Array(0))).toEqual([]);
    const short = await parse(Buffer.from('ElfFile\0 and nothing else', 'latin1'));
    expect(short).toHaveLength(1);
    expect(short[0]?.ok === false && short[0].reason).toMatch(
      /ends after 25 bytes, inside its 4096-byte header/,
    );
  });

  it('content that is not EVTX is rejected per block, never thrown', async () => {
    const text = Buffer.from('This is a plain text log line.\n'.repeat(5000));
    const records = await parse(text);
    expect(records.every((r) => !r.ok)).toBe(true);
    expect(records[0]?.ok === false && records[0].reason).toMatch(/no EVTX file signature/);
    expect(records.length).toBe(1 + Math.ceil((text.length - 4096) / CHUNK));
    expectWellFormed(records, text.length);
  });

  itWithSample('the size of the stream chunks does not change the result', ONE_CHUNK, async (path) => {
    const bytes = readFileSync(path);
    const reference = await parse(bytes);
    for (const size of [1000, 4096, 65_535, 200_000]) expect(await parse(bytes, size)).toEqual(reference);
  });
});

/** fast-check runs with a time bound per input: a hang fails the test instead of stalling it. */
const timed = async (bytes: Uint8Array): Promise<ParsedRecord[]> => {
  const started = performance.now();
  const records = await parse(bytes, 8192);
  expect(performance.now() - started).toBeLessThan(5000);
  expectWellFormed(records, bytes.length);
  return records;
};

describe('evtx: property-based robustness', () => {
  it('random bytes, with or without EVTX signatures, never throw and always finish', async () => {
    const header = Buffer.alloc(4096);
    header.write('ElfFile\0', 'latin1');
    const chunk = Buffer.alloc(512);
    chunk.write('ElfChnk\0', 'latin1');
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 140_000 }),
        fc.constantFrom('none', 'file', 'file+chunk'),
        async (random, prefix) => {
          const parts =
            prefix === 'none' ? [random] : prefix === 'file' ? [header, random] : [header, chunk, random];
          await timed(Buffer.concat(parts));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  itWithSample(
    'a file cut anywhere yields, before the cut, exactly the events of the whole file',
    TWO_CHUNKS,
    async (path) => {
      const bytes = readFileSync(path);
      const full = await parse(bytes);
      const byOffset = new Map(full.filter((r) => r.ok).map((r) => [r.where.offset, r]));
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: chunkAt(2) }), async (cut) => {
          const records = await timed(bytes.subarray(0, cut));
          for (const r of records.filter((x) => x.ok)) expect(r).toEqual(byOffset.get(r.where.offset));
        }),
        { numRuns: 80 },
      );
    },
    120_000,
  );

  itWithSample(
    'random byte changes never throw or hang, and every record is an event or a rejection with a reason',
    TWO_CHUNKS,
    async (path) => {
      const original = readFileSync(path);
      const used = chunkAt(2);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 0, max: used - 1 }), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 40,
          }),
          async (flips) => {
            const bytes = Buffer.from(original);
            for (const [at, xor] of flips) bytes[at] = (bytes[at] ?? 0) ^ xor;
            await timed(bytes);
          },
        ),
        { numRuns: 150 },
      );
    },
    180_000,
  );
});
