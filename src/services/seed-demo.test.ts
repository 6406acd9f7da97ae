import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import type { DatabaseHandle } from '../db/database.js';
import { countPostMortems } from '../db/post-mortem.repository.js';
import { importPostMortem } from './import-post-mortem.js';
import { seedDemo } from './seed-demo.js';

const NOW = '2026-11-22T12:00:00.000Z';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`seedDemo on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    beforeEach(async () => {
      handle = await createTestDatabase(dialect.name);
    });
    afterEach(async () => {
      await handle.close();
    });

    it('loads the demo into an empty database, once', async () => {
      expect(await seedDemo(handle.db, { now: NOW })).toEqual({ outcome: 'loaded', id: 'INC-2026-014' });
      expect(await seedDemo(handle.db, { now: NOW })).toEqual({
        outcome: 'skipped',
        reason: 'already-seeded',
      });
      expect(await countPostMortems(handle.db)).toBe(1);
    });

    it('does not bring the demo back after it was deleted', async () => {
      await seedDemo(handle.db, { now: NOW });
      await handle.db.deleteFrom('post_mortems').execute();
      expect(await seedDemo(handle.db, { now: NOW })).toEqual({
        outcome: 'skipped',
        reason: 'already-seeded',
      });
      expect(await countPostMortems(handle.db)).toBe(0);
    });

    it('leaves a database that already holds post-mortems alone, for good', async () => {
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-OWN' }), { now: NOW });
      expect(await seedDemo(handle.db, { now: NOW })).toEqual({ outcome: 'skipped', reason: 'not-empty' });
      await handle.db.deleteFrom('post_mortems').execute();
      expect(await seedDemo(handle.db, { now: NOW })).toEqual({
        outcome: 'skipped',
        reason: 'already-seeded',
      });
    });
  });
}
