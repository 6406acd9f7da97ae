import { describe, expect, it } from 'vitest';
import { EVENT_ROW_WIDTH } from '../db/event-writer.js';
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
    expect(batches.map((b) => b.rows.length / EVENT_ROW_WIDTH + b.rejects.length)).toEqual([
      BATCH_RECORDS,
      BATCH_RECORDS,
      7,
    ]);
    expect(batches.map((b) => b.recordsDone)).toEqual([BATCH_RECORDS, BATCH_RECORDS * 2, n]);
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
    for (const b of batches)
      expect(b.rows.length / EVENT_ROW_WIDTH).toBeLessThanOrEqual(Math.ceil(BATCH_BYTES / size));
    expect(batches.reduce((sum, b) => sum + b.rows.length / EVENT_ROW_WIDTH, 0)).toBe(30);
  });

  it('skips the records an interrupted attempt stored, and counts on from its checkpoint', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => record(i));
    const resumed = await batchesOf(lines, {
      ...start,
      ordinalBase: 100,
      recordsDone: 12,
      counts: { accepted: 12, rejected: 0, firstTs: 0, lastTs: 0, assumed: 0 },
    });
    const rows = resumed.flatMap((b) => b.rows);
    expect(rows.length / EVENT_ROW_WIDTH).toBe(8);
    expect(rows[2]).toBe(112); // the first stored ordinal: ordinalBase + the 13th record
    expect(resumed.at(-1)).toMatchObject({ recordsDone: 20, counts: { accepted: 20 } });
  });
});
