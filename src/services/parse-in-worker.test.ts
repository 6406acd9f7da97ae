import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import { type ParseJob, parseInWorker } from './parse-in-worker.js';

const job: ParseJob = {
  blobRoot: '/nonexistent',
  contentSha256: '0'.repeat(64),
  format: 'json',
  parse: { zone: 'UTC', mapping: {}, limits: DEFAULT_LIMITS },
  start: {
    postMortemId: 'INC-2026-001',
    sourceId: 1,
    ordinalBase: 0,
    recordsDone: 0,
    counts: { accepted: 0, rejected: 0, firstTs: null, lastTs: null, assumed: 0 },
  },
};

const script = (name: string): URL => new URL(`../../test/workers/${name}.mjs`, import.meta.url);

async function drain(url: URL): Promise<number> {
  let batches = 0;
  for await (const _ of parseInWorker(url, job)) batches++;
  return batches;
}

describe('parseInWorker', () => {
  it('stops a worker that outgrows its heap cap and says how to go on without it', async () => {
    await expect(drain(script('out-of-memory'))).rejects.toThrow(
      /ran out of memory.*DEBRIEF_PARSE_WORKER=0.*resumes/,
    );
  }, 60_000);

  it("passes on the worker's own error", async () => {
    await expect(drain(script('fails'))).rejects.toThrow('blob 1234 is missing');
  });

  it('fails when the worker ends without finishing', async () => {
    await expect(drain(script('exits'))).rejects.toThrow(/stopped before the end/);
  });
});
