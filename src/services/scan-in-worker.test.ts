import { describe, expect, it } from 'vitest';
import { canScanInWorker, type ScanJob, scanInWorker } from './scan-in-worker.js';

const job: ScanJob = {
  target: { dialect: 'sqlite', path: '/nonexistent/debrief.sqlite' },
  postMortemId: 'INC-2026-001' as ScanJob['postMortemId'],
};

// The same misbehaving workers as parse-in-worker.test.ts: they speak the same error message.
const script = (name: string): URL => new URL(`../../test/workers/${name}.mjs`, import.meta.url);

describe('scanInWorker', () => {
  it('stops a worker that outgrows its heap cap and says how to go on without it', async () => {
    await expect(scanInWorker(script('out-of-memory'), job)).rejects.toThrow(
      /scan worker ran out of memory.*DEBRIEF_PARSE_WORKER=0.*resumes/,
    );
  }, 60_000);

  it("passes on the worker's own error", async () => {
    await expect(scanInWorker(script('fails'), job)).rejects.toThrow('blob 1234 is missing');
  });

  it('fails when the worker ends without a result', async () => {
    await expect(scanInWorker(script('exits'), job)).rejects.toThrow(
      /stopped \(code 0\) before the scan ended/,
    );
  });

  it('keeps an in-memory database in its own thread', () => {
    expect(canScanInWorker({ dialect: 'sqlite', path: ':memory:' })).toBe(false);
    expect(canScanInWorker({ dialect: 'sqlite', path: '/data/debrief.sqlite' })).toBe(true);
    expect(canScanInWorker({ dialect: 'postgres', url: 'postgres://localhost/debrief' })).toBe(true);
  });
});
