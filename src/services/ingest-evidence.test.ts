import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import { failingParser, testLines, testLinesParser } from '../../test/test-parser.js';
import { zipOf } from '../../test/zip.js';
import type { PostMortemId } from '../core/ids.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { listRejects } from '../db/event.repository.js';
import { listCustody, listEvidence } from '../db/evidence.repository.js';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import { importPostMortem } from './import-post-mortem.js';
import { type IngestOptions, ingestFiles } from './ingest-evidence.js';
import { markEvent } from './mark-event.js';
import { queryTimeline } from './query-timeline.js';
import { readPostMortem } from './read-post-mortem.js';
import { showEvent } from './show-event.js';
import { markTag } from './source-marks.js';

const NOW = '2026-11-22T12:00:00.000Z';

/** Every event id of a post-mortem, page by page. */
async function allEventIds(handle: DatabaseHandle, id: PostMortemId): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await queryTimeline(handle, id, { limit: 1000, ...(after ? { after } : {}) });
    ids.push(...page.items.map((e) => e.id));
    if (!page.next) return ids;
    after = page.next;
  }
}
const context = { actor: 'analyst@test', now: () => NOW };
const options: IngestOptions = {
  mapping: {},
  limits: DEFAULT_LIMITS,
  details: {},
  parsers: [testLinesParser],
};

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`ingest on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let dir: string;
    let blobs: BlobStore;
    let n = 0;
    const file = (name: string, content: string | Uint8Array) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const freshPostMortem = async () => {
      const id = pmId(`INC-ING-${++n}`);
      await importPostMortem(handle.db, buildPostMortem({ id }), { now: NOW });
      return id;
    };

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      dir = mkdtempSync(join(tmpdir(), 'debrief-ingest-'));
      blobs = new BlobStore(join(dir, 'blobs'));
    });
    afterAll(async () => {
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("marks what the source tool starred or tagged, once, keeping the analyst's own marks", async () => {
      const id = await freshPostMortem();
      const path = file(
        'marked.log',
        [
          '2026-03-01T10:00:00Z phishing mail opened host=ws-1 star=true tags=phish,initial-access',
          '2026-03-01T10:01:00Z beacon host=ws-1 tags=c2',
          '2026-03-01T10:02:00Z nothing to see host=ws-2',
          '',
        ].join('\n'),
      );
      const [summary] = await ingestFiles(handle, blobs, id, [path], options, context);
      expect(summary?.sourceMarks).toEqual({ starred: 1, tagged: 2, adjustedTags: 0 });
      const starred = await queryTimeline(handle, id, { starred: true });
      expect(starred.items.map((e) => [e.message.split(' ')[0], e.starred, e.tags])).toEqual([
        ['phishing', true, ['initial-access', 'phish']],
      ]);
      const c2 = await queryTimeline(handle, id, { tag: 'c2' });
      expect(c2.items.map((e) => [e.starred, e.tags])).toEqual([[false, ['c2']]]);
      // The analyst takes the star off: ingesting the same file again changes nothing.
      const first = starred.items[0];
      if (first === undefined) throw new Error('no starred event');
      await markEvent(handle, id, first.id, { starred: false }, { actor: 'analyst', now: NOW });
      const [again] = await ingestFiles(handle, blobs, id, [path], options, context);
      expect(again?.outcome).toBe('already-ingested');
      expect((await queryTimeline(handle, id, { starred: true })).items).toEqual([]);
      expect(markTag(' first seen, host ')).toBe('first-seen-host');
    });

    it('registers the file, stores every good line as an event and every bad line as a reject with its place', async () => {
      const id = await freshPostMortem();
      const path = file('mixed.log', `${testLines(3)}not-a-time oops\n${testLines(2, Date.UTC(2026, 2, 2))}`);
      const [summary] = await ingestFiles(handle, blobs, id, [path], options, context);
      expect(summary).toMatchObject({
        outcome: 'ingested',
        evidenceId: 'EV-0001',
        sources: [{ format: 'test-lines', status: 'done', accepted: 5, rejected: 1 }],
      });
      expect(summary?.sources[0]?.rejects[0]).toMatchObject({
        where: { line: 4 },
        sample: 'not-a-time oops',
      });
      const rejects = await listRejects(handle.db, id, { limit: 10, offset: 0 });
      expect(rejects.items).toEqual([
        expect.objectContaining({
          evidenceId: 'EV-0001',
          line: 4,
          reason: expect.stringMatching(/not an ISO 8601 time/),
          sample: 'not-a-time oops',
        }),
      ]);
      const page = await queryTimeline(handle, id, {});
      expect(page.items.map((e) => e.id)).toEqual([
        'EV-0001#0',
        'EV-0001#1',
        'EV-0001#2',
        'EV-0001#4',
        'EV-0001#5',
      ]);
      const doc = (await readPostMortem(handle.db, id)).document;
      expect(doc.evidence).toEqual([
        expect.objectContaining({ id: 'EV-0001', title: 'mixed.log', kind: 'log', sha256: summary?.sha256 }),
      ]);
      const custody = await listCustody(handle.db, id, 'EV-0001');
      expect(custody.map((c) => c.action)).toEqual(['registered', 'parsed']);
      expect(custody[1]?.details).toMatchObject({ format: 'test-lines', accepted: 5, rejected: 1 });
    });

    it('does nothing when the same content is ingested again', async () => {
      const id = await freshPostMortem();
      const path = file('again.log', testLines(4));
      await ingestFiles(handle, blobs, id, [path], options, context);
      const [second] = await ingestFiles(
        handle,
        blobs,
        id,
        [file('again-copy.log', testLines(4))],
        options,
        context,
      );
      expect(second).toMatchObject({ outcome: 'already-ingested', evidenceId: 'EV-0001' });
      expect((await queryTimeline(handle, id, {})).items).toHaveLength(4);
      expect(await listEvidence(handle.db, id)).toHaveLength(1);
    });

    it('keeps whole batches after a crash and resumes after the last stored record, without duplicates', async () => {
      const id = await freshPostMortem();
      const path = file('big.log', testLines(12_345));
      const [crashed] = await ingestFiles(
        handle,
        blobs,
        id,
        [path],
        { ...options, parsers: [failingParser(11_000)] },
        context,
      );
      expect(crashed).toMatchObject({
        outcome: 'failed',
        sources: [{ status: 'failed', error: 'simulated crash after 11000 records' }],
      });
      // Two batches of 5,000 were committed before the crash.
      expect(await allEventIds(handle, id)).toHaveLength(10_000);
      const [resumed] = await ingestFiles(handle, blobs, id, [path], options, context);
      expect(resumed).toMatchObject({
        outcome: 'ingested',
        sources: [{ status: 'done', accepted: 12_345, rejected: 0, resumedFrom: 10_000 }],
      });
      const ids = new Set(await allEventIds(handle, id));
      expect(ids.size).toBe(12_345);
      expect(ids.has('EV-0001#0') && ids.has('EV-0001#12344')).toBe(true);
    });

    it('decompresses gzip transparently and serves each raw record from the decompressed content', async () => {
      const id = await freshPostMortem();
      const text = testLines(3);
      const [summary] = await ingestFiles(
        handle,
        blobs,
        id,
        [file('log.gz', gzipSync(text))],
        options,
        context,
      );
      expect(summary).toMatchObject({ outcome: 'ingested', sources: [{ member: 'log', accepted: 3 }] });
      const shown = await showEvent(handle, blobs, id, 'EV-0001#1');
      expect(shown.raw).toEqual({ encoding: 'text', bytes: expect.any(Number), text: text.split('\n')[1] });
    });

    it('reads every member of a zip archive and reports the member it cannot parse', async () => {
      const id = await freshPostMortem();
      const archive = zipOf({
        'a.log': testLines(2),
        'nested/b.log.gz': gzipSync(testLines(3)),
        'notes.bin': Buffer.from([0, 1, 2, 3]),
      });
      const [summary] = await ingestFiles(handle, blobs, id, [file('bundle.zip', archive)], options, context);
      expect(summary?.sources.map((s) => [s.member, s.accepted])).toEqual([
        ['a.log', 2],
        ['nested/b.log', 3],
      ]);
      expect(summary?.skipped).toEqual([
        { member: 'notes.bin', reason: expect.stringMatching(/format was not recognized/) },
      ]);
      // Ordinals continue across members, so every event id is unique in the evidence (members interleave in time).
      const ids = (await queryTimeline(handle, id, {})).items.map((e) => e.id);
      expect(ids.sort()).toEqual(['EV-0001#0', 'EV-0001#1', 'EV-0001#2', 'EV-0001#3', 'EV-0001#4']);
    });

    it('keeps what decompressed before the damage in a corrupt gzip stream, and says so', async () => {
      const id = await freshPostMortem();
      const compressed = gzipSync(testLines(2_000));
      const damaged = Buffer.concat([
        compressed.subarray(0, Math.floor(compressed.length / 2)),
        Buffer.alloc(64, 0xff),
      ]);
      const [summary] = await ingestFiles(handle, blobs, id, [file('damaged.gz', damaged)], options, context);
      expect(summary?.skipped[0]?.reason).toMatch(
        /damaged after [\d,]+ decompressed bytes .* the content before the damage was kept/,
      );
      expect(summary?.sources[0]?.accepted).toBeGreaterThan(100);
    });

    it('refuses an archive bomb by its compression ratio', async () => {
      const id = await freshPostMortem();
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x41));
      const [summary] = await ingestFiles(
        handle,
        blobs,
        id,
        [file('bomb.gz', bomb)],
        { ...options, limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 100 } },
        context,
      );
      expect(summary?.sources).toEqual([]);
      expect(summary?.skipped[0]?.reason).toMatch(/expands more than 100× \(an archive bomb\?\)/);
    });

    it('reads times without offset in the declared zone and counts them as assumed', async () => {
      const id = await freshPostMortem();
      const path = file('local.log', '2026-07-01T12:00:00 host=a local time\n');
      const [summary] = await ingestFiles(
        handle,
        blobs,
        id,
        [path],
        { ...options, zone: 'Europe/Amsterdam' },
        context,
      );
      expect(summary?.sources[0]).toMatchObject({ assumedTimes: 1, firstTs: '2026-07-01T10:00:00.000Z' });
      const [event] = (await queryTimeline(handle, id, {})).items;
      expect(event).toMatchObject({
        time: '2026-07-01T10:00:00.000Z',
        timeText: '2026-07-01T12:00:00',
        timeAssumed: true,
      });
    });

    it('reports a file it cannot read without stopping the other files', async () => {
      const id = await freshPostMortem();
      const results = await ingestFiles(
        handle,
        blobs,
        id,
        [join(dir, 'missing.log'), file('ok.log', testLines(1))],
        options,
        context,
      );
      expect(results.map((r) => r.outcome)).toEqual(['failed', 'ingested']);
      expect(results[0]?.error).toMatch(/no such file/);
    });
  });
}
