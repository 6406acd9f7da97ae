import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import { testLines, testLinesParser } from '../../test/test-parser.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { listCustody } from '../db/evidence.repository.js';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import { exportTimeline } from './export-timeline.js';
import { importPostMortem } from './import-post-mortem.js';
import { ingestFiles } from './ingest-evidence.js';
import { markEvent } from './mark-event.js';
import { promoteEvent } from './promote-event.js';
import { queryTimeline, timelineHistogram } from './query-timeline.js';
import { readPostMortem } from './read-post-mortem.js';

const NOW = '2026-11-22T12:00:00.000Z';
const ID = pmId('INC-TL');
const context = { actor: 'analyst@test', now: NOW };

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const extraLines = [
  '2026-03-01T00:00:00.500Z host=DC01 user=admin action=logon-failed src=203.0.113.9 Failed password for admin from 203.0.113.9',
  '2026-03-01T00:00:01.500Z host=dc01 user=admin action=logon src=203.0.113.9 Accepted password for admin',
  '2026-03-01T00:00:02.500Z host=web-1 user=www action=request dst=198.51.100.4 GET /wp-login.php "quoted text"',
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`timeline on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let dir: string;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      dir = mkdtempSync(join(tmpdir(), 'debrief-timeline-'));
      await importPostMortem(handle.db, buildPostMortem({ id: ID }), { now: NOW });
      const path = join(dir, 'events.log');
      writeFileSync(path, `${extraLines.join('\n')}\n${testLines(250, Date.UTC(2026, 2, 1, 1))}`);
      await ingestFiles(
        handle,
        new BlobStore(join(dir, 'blobs')),
        ID,
        [path],
        { mapping: {}, limits: DEFAULT_LIMITS, details: {}, parsers: [testLinesParser] },
        { actor: 'a', now: () => NOW },
      );
    });
    afterAll(async () => {
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('pages through every event exactly once, in time order, with keyset cursors', async () => {
      const seen: string[] = [];
      const times: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await queryTimeline(handle, ID, { limit: 37, ...(after ? { after } : {}) });
        seen.push(...page.items.map((e) => e.id));
        times.push(...page.items.map((e) => e.time));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toHaveLength(253);
      expect(new Set(seen).size).toBe(253);
      expect([...times].sort()).toEqual(times);
    });

    it('filters by host and user case-insensitively, with wildcards', async () => {
      expect((await queryTimeline(handle, ID, { host: 'dc01' })).items.map((e) => e.id)).toEqual([
        'EV-0001#0',
        'EV-0001#1',
      ]);
      expect((await queryTimeline(handle, ID, { host: 'WS-*', limit: 1000 })).items).toHaveLength(250);
      expect(
        (await queryTimeline(handle, ID, { user: 'Admin', action: 'logon-*' })).items.map((e) => e.id),
      ).toEqual(['EV-0001#0']);
    });

    it('filters by address on either side and by time, --to including its unit', async () => {
      expect((await queryTimeline(handle, ID, { ip: '198.51.100.4' })).items.map((e) => e.id)).toEqual([
        'EV-0001#2',
      ]);
      const early = await queryTimeline(handle, ID, {
        from: '2026-03-01T00:00:01Z',
        to: '2026-03-01T00:00:01Z',
      });
      expect(early.items.map((e) => e.id)).toEqual(['EV-0001#1']);
      expect((await queryTimeline(handle, ID, { to: '2026-03-01', limit: 1000 })).items).toHaveLength(253);
    });

    it('searches the text: words, addresses as whole words, phrases, OR and exclusions', async () => {
      const ids = async (q: string) =>
        (await queryTimeline(handle, ID, { q, limit: 1000 })).items.map((e) => e.id);
      expect(await ids('203.0.113.9')).toEqual(['EV-0001#0', 'EV-0001#1']);
      expect(await ids('"failed password"')).toEqual(['EV-0001#0']);
      expect(await ids('admin -failed')).toEqual(['EV-0001#1']);
      expect(await ids('wp-login.php OR accepted')).toEqual(['EV-0001#1', 'EV-0001#2']);
      expect(await ids('adm*')).toEqual(['EV-0001#0', 'EV-0001#1']);
    });

    it('refuses a malformed search, cursor or limit with a clear message', async () => {
      await expect(queryTimeline(handle, ID, { q: '-only' })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^--q: /),
      });
      await expect(queryTimeline(handle, ID, { after: 'garbage' })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(queryTimeline(handle, ID, { limit: 5000 })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(queryTimeline(handle, ID, { from: 'yesterday' })).rejects.toMatchObject({
        message: expect.stringMatching(/^--from yesterday: /),
      });
    });

    it('counts events per bucket, the buckets adding up to the total', async () => {
      const histogram = await timelineHistogram(handle, ID, {});
      expect(histogram.total).toBe(253);
      expect(histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(253);
      expect(histogram.buckets.length).toBeLessThanOrEqual(61);
      const hour = await timelineHistogram(handle, ID, { bucketMs: 3_600_000 });
      expect(hour.buckets).toEqual([
        { start: '2026-03-01T00:00:00.000Z', count: 3 },
        { start: '2026-03-01T01:00:00.000Z', count: 250 },
      ]);
    });

    it('stars and tags events and filters by them', async () => {
      await markEvent(
        handle,
        ID,
        'EV-0001#0',
        { starred: true, addTags: ['brute-force', 'initial-access'] },
        context,
      );
      await markEvent(handle, ID, 'EV-0001#1', { addTags: ['initial-access'] }, context);
      await markEvent(handle, ID, 'EV-0001#0', { removeTags: ['brute-force'] }, context);
      expect((await queryTimeline(handle, ID, { starred: true })).items.map((e) => [e.id, e.tags])).toEqual([
        ['EV-0001#0', ['initial-access']],
      ]);
      expect((await queryTimeline(handle, ID, { tag: 'initial-access' })).items.map((e) => e.id)).toEqual([
        'EV-0001#0',
        'EV-0001#1',
      ]);
      // The histogram joins the marks only when a filter needs them, and then counts the same events.
      expect((await timelineHistogram(handle, ID, { starred: true })).total).toBe(1);
      expect((await timelineHistogram(handle, ID, { tag: 'initial-access' })).total).toBe(2);
      expect(
        (await timelineHistogram(handle, ID, { evidence: 'EV-0001', tag: 'initial-access' })).total,
      ).toBe(2);
      expect((await timelineHistogram(handle, ID, { evidence: 'EV-0404' })).total).toBe(0);
      await expect(markEvent(handle, ID, 'EV-0001#99999', { starred: true }, context)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        markEvent(handle, ID, 'EV-0001#0', { addTags: ['has space'] }, context),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('promotes an event to the curated timeline, linked to the event and its evidence', async () => {
      const before = (await readPostMortem(handle.db, ID)).document.version;
      const { entry, version } = await promoteEvent(
        handle,
        ID,
        'EV-0001#1',
        { milestone: { kind: 'compromise' } },
        context,
      );
      expect(version).toBe(before + 1);
      expect(entry).toMatchObject({
        at: '2026-03-01T00:00:01.500Z',
        host: 'dc01',
        user: 'admin',
        evidence: ['EV-0001'],
        events: ['EV-0001#1'],
        milestone: { kind: 'compromise' },
        uncertain: false,
      });
      const doc = (await readPostMortem(handle.db, ID)).document;
      expect(doc.timeline.map((e) => e.id)).toContain(entry.id);
    });

    it('exports CSV that is safe in spreadsheets and Timesketch JSONL, and records the export in custody', async () => {
      const csv = new Collect();
      const count = await exportTimeline(handle, ID, { host: 'web-*' }, 'csv', csv, {
        ...context,
        destination: 'web.csv',
      });
      expect(count).toBe(1);
      const [header, row] = csv.text.split('\r\n');
      expect(header).toMatch(/^id,time,time_as_written,time_assumed,evidence,format,host,/);
      expect(row).toMatch(/^EV-0001#2,2026-03-01T00:00:02\.500Z,/);
      const jsonl = new Collect();
      await exportTimeline(handle, ID, { host: 'dc01' }, 'jsonl', jsonl, {
        ...context,
        destination: 'dc.jsonl',
      });
      const lines = jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({
        message: expect.stringMatching(/Failed password/),
        datetime: '2026-03-01T00:00:00.500+00:00',
        timestamp: Date.UTC(2026, 2, 1, 0, 0, 0, 500) * 1000,
        timestamp_desc: 'test-lines time',
        event_id: 'EV-0001#0',
        starred: true,
        tag: ['initial-access'],
      });
      const custody = await listCustody(handle.db, ID, 'EV-0001');
      expect(custody.filter((c) => c.action === 'exported').map((c) => c.details)).toEqual([
        { format: 'csv', events: 1, destination: 'web.csv' },
        { format: 'jsonl', events: 2, destination: 'dc.jsonl' },
      ]);
    });
  });
}
