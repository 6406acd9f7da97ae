import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import { testLines, testLinesParser } from '../../test/test-parser.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { listIndicators } from '../db/indicator.repository.js';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import { importPostMortem } from './import-post-mortem.js';
import { ingestFiles } from './ingest-evidence.js';
import { scanIndicators } from './scan-indicators.js';

const NOW = '2026-11-22T12:00:00.000Z';
const options = { mapping: {}, limits: DEFAULT_LIMITS, details: {}, parsers: [testLinesParser] };

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`indicator scan on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let dir: string;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      dir = mkdtempSync(join(tmpdir(), 'debrief-scan-'));
    });
    afterAll(async () => {
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('counts every sighting once, whatever the page and cache sizes, and resumes an interrupted scan', async () => {
      const id = pmId('INC-SCAN');
      await importPostMortem(handle.db, buildPostMortem({ id }), { now: NOW });
      // 70 events; src=10.0.0.(i % 7): seven addresses, ten events each.
      const path = join(dir, 'a.log');
      writeFileSync(path, testLines(70));
      await ingestFiles(handle, new BlobStore(join(dir, 'blobs')), id, [path], options, {
        actor: 'test',
        now: () => NOW,
      });
      // Interrupted after the second page: the progress callback throws.
      await expect(
        scanIndicators(handle.db, id, {
          pageSize: 9,
          cacheSize: 2,
          onProgress: (done) => {
            if (done >= 18) throw new Error('interrupted');
          },
        }),
      ).rejects.toThrow('interrupted');
      const resumed = await scanIndicators(handle.db, id, { pageSize: 9, cacheSize: 2 });
      expect(resumed.events).toBe(52);
      const rows = (await listIndicators(handle.db, id)).filter((r) => r.type === 'ipv4');
      expect(rows.map((r) => [r.value, r.eventCount]).sort()).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((n) => [`10.0.0.${n}`, 10]),
      );
      const first = rows.find((r) => r.value === '10.0.0.0');
      expect(first?.firstTs).toBe(Date.UTC(2026, 2, 1));
      expect(first?.lastTs).toBe(Date.UTC(2026, 2, 1) + 63_000);
      expect(first?.hosts.length).toBeGreaterThan(0);
      expect((await scanIndicators(handle.db, id)).sources).toBe(0);
    });

    it('stores the same indicators and sightings through prepared statements as through the query builder', async () => {
      // On SQLite, `raw` sends the writes through statements prepared once; on PostgreSQL it changes nothing.
      const path = join(dir, 'same.log');
      writeFileSync(path, testLines(200));
      const stored = async (id: ReturnType<typeof pmId>, raw: boolean) => {
        await importPostMortem(handle.db, buildPostMortem({ id }), { now: NOW });
        await ingestFiles(handle, new BlobStore(join(dir, 'blobs')), id, [path], options, {
          actor: 'test',
          now: () => NOW,
        });
        // Small pages and cache: indicators come back in later pages and are looked up again.
        const summary = await scanIndicators(handle.db, id, {
          pageSize: 17,
          cacheSize: 3,
          ...(raw ? { raw: handle.raw } : {}),
        });
        const sightings = await handle.db
          .selectFrom('indicator_sightings as s')
          .innerJoin('indicators as i', 'i.id', 's.indicator_id')
          .innerJoin('events as e', 'e.id', 's.event_id')
          .select(['i.type', 'i.value', 'e.ordinal', 's.ts'])
          .where('i.post_mortem_id', '=', id)
          .orderBy('i.type')
          .orderBy('i.value')
          .orderBy('e.ordinal')
          .execute();
        return { summary, indicators: await listIndicators(handle.db, id), sightings };
      };
      const prepared = await stored(pmId('INC-SCAN-RAW'), true);
      const built = await stored(pmId('INC-SCAN-KYSELY'), false);
      // Each of the 200 events names one of seven addresses.
      expect(prepared.summary.sightings).toBe(200);
      expect(prepared.indicators.map((i) => i.value).sort()).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((n) => `10.0.0.${n}`),
      );
      expect(prepared.indicators.every((i) => i.hosts.length > 0 && i.eventCount > 0)).toBe(true);
      expect(prepared).toEqual(built);
    });
  });
}
