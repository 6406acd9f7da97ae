import { describe, expect, it } from 'vitest';
import { ROWS_PER_GROUP, rowCount } from '../db/event-writer.js';
import { parserFor } from '../ingest/registry.js';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import {
  BATCH_BYTES,
  BATCH_RECORDS,
  type ParsedBatch,
  type ParseStart,
  parseBatches,
} from './parse-batches.js';

const start: ParseStart = {
  postMortemId: 'INC-2026-001',
  sourceId: 1,
  ordinalBase: 0,
  recordsDone: 0,
  counts: { accepted: 0, rejected: 0, firstTs: null, lastTs: null, assumed: 0 },
};

async function batchesOf(lines: readonly string[], from: ParseStart = start): Promise<ParsedBatch[]> {
  const parser = parserFor('json');
  if (!parser) throw new Error('json parser missing');
  const content = (async function* () {
    yield new TextEncoder().encode(`${lines.join('\n')}\n`);
  })();
  const out: ParsedBatch[] = [];
  for await (const b of parseBatches(
    parser,
    content,
    { zone: 'UTC', mapping: {}, limits: DEFAULT_LIMITS },
    from,
  ))
    out.push(b);
  return out;
}

const record = (i: number, pad = 0): string =>
  JSON.stringify({
    time: new Date(Date.UTC(2026, 2, 1, 0, 0, i)).toISOString(),
    msg: `event ${i}`,
    pad: 'x'.repeat(pad),
  });

describe('parseBatches', () => {
  it('cuts batches at BATCH_RECORDS records, keeping every record once and in order', async () => {
    const n = BATCH_RECORDS * 2 + 7;
    const batches = await batchesOf(Array.from({ length: n }, (_, i) => (i === 10 ? 'not json' : record(i))));
    expect(batches.map((b) => rowCount(b.rows) + b.rejects.length)).toEqual([
      BATCH_RECORDS,
      BATCH_RECORDS,
      7,
    ]);
    expect(batches.map((b) => b.recordsDone)).toEqual([BATCH_RECORDS, BATCH_RECORDS * 2, n]);
    // Rows come in groups of ROWS_PER_GROUP (one insert statement each); only a batch's last group is shorter.
    for (const b of batches) {
      const sizes = b.rows.map((g) => rowCount([g]));
      expect(sizes.slice(0, -1).every((size) => size === ROWS_PER_GROUP)).toBe(true);
      expect(sizes.at(-1)).toBeGreaterThan(0);
      expect(sizes.at(-1)).toBeLessThanOrEqual(ROWS_PER_GROUP);
    }
    expect(batches.at(-1)?.counts).toMatchObject({ accepted: n - 1, rejected: 1 });
    expect(batches[0]?.rejects[0]).toMatchObject({
      ordinal: 10,
      reason: expect.stringMatching(/invalid JSON/),
    });
  });

  it('cuts batches at BATCH_BYTES of records, so large records do not pile up in memory', async () => {
    const size = 900 * 1024;
    const batches = await batchesOf(Array.from({ length: 30 }, (_, i) => record(i, size)));
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) expect(rowCount(b.rows)).toBeLessThanOrEqual(Math.ceil(BATCH_BYTES / size));
    expect(batches.reduce((sum, b) => sum + rowCount(b.rows), 0)).toBe(30);
  });

  it('skips the records an interrupted attempt stored, and counts on from its checkpoint', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => record(i));
    const resumed = await batchesOf(lines, {
      ...start,
      ordinalBase: 100,
      recordsDone: 12,
      counts: { accepted: 12, rejected: 0, firstTs: 0, lastTs: 0, assumed: 0 },
    });
    const groups = resumed.flatMap((b) => b.rows);
    expect(rowCount(groups)).toBe(8);
    expect(groups[0]?.[2]).toBe(112); // the first stored ordinal: ordinalBase + the 13th record
    expect(resumed.at(-1)).toMatchObject({ recordsDone: 20, counts: { accepted: 20 } });
  });
});
