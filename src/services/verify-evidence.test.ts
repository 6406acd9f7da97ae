import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import { testLines, testLinesParser } from '../../test/test-parser.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { listCustody } from '../db/evidence.repository.js';
import { DEFAULT_LIMITS } from '../ingest/types.js';
import { addEvidence } from './add-evidence.js';
import { importPostMortem } from './import-post-mortem.js';
import { ingestFiles } from './ingest-evidence.js';
import { verifyEvidence } from './verify-evidence.js';

const NOW = '2026-11-22T12:00:00.000Z';
const ID = pmId('INC-VERIFY');
const context = { actor: 'auditor@test', now: NOW };

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`evidence verification on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let dir: string;
    let blobs: BlobStore;
    let sha256: string;

    beforeEach(async () => {
      handle = await createTestDatabase(dialect.name);
      dir = mkdtempSync(join(tmpdir(), 'debrief-verify-'));
      blobs = new BlobStore(join(dir, 'blobs'));
      await importPostMortem(handle.db, buildPostMortem({ id: ID }), { now: NOW });
      const path = join(dir, 'auth.log');
      writeFileSync(path, testLines(20));
      const added = await addEvidence(
        handle.db,
        blobs,
        ID,
        path,
        { collectedBy: 'J. Doe', collectedAt: '2026-03-03T10:00:00+01:00' },
        context,
      );
      sha256 = added.evidence.sha256;
    });
    afterEach(async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts the chain with collected and registered, and finds it intact', async () => {
      const custody = await listCustody(handle.db, ID, 'EV-0001');
      expect(custody.map((c) => [c.seq, c.action, c.actor, c.at])).toEqual([
        [1, 'collected', 'J. Doe', '2026-03-03T09:00:00.000Z'],
        [2, 'registered', 'auditor@test', NOW],
      ]);
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result).toMatchObject({
        evidenceId: 'EV-0001',
        ok: true,
        custody: [],
        blobs: [{ status: 'ok' }],
      });
      expect((await listCustody(handle.db, ID, 'EV-0001')).map((c) => c.action)).toEqual([
        'collected',
        'registered',
        'verified',
      ]);
    });

    it('reports a modified file with its new digest and writes nothing', async () => {
      const path = blobs.pathOf(sha256);
      chmodSync(path, 0o644);
      writeFileSync(path, `${testLines(20)}injected line\n`);
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.ok).toBe(false);
      expect(result?.blobs[0]).toMatchObject({
        status: 'modified',
        sha256,
        actualSha256: expect.not.stringMatching(sha256),
      });
      expect((await listCustody(handle.db, ID, 'EV-0001')).map((c) => c.action)).toEqual([
        'collected',
        'registered',
      ]);
    });

    it('reports a deleted file', async () => {
      rmSync(blobs.pathOf(sha256), { force: true });
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.blobs[0]).toMatchObject({ status: 'missing' });
    });

    it('reports a custody entry edited in the database', async () => {
      await handle.db
        .updateTable('custody_events')
        .set({ actor: 'someone else' })
        .where('seq', '=', 1)
        .execute();
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.custody).toEqual([expect.objectContaining({ problem: 'modified', seq: 1 })]);
    });

    it('reports a custody entry deleted at the end of the chain', async () => {
      await handle.db.deleteFrom('custody_events').where('seq', '=', 2).execute();
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.custody).toEqual([expect.objectContaining({ problem: 'truncated', seq: 2 })]);
    });

    it('reports a custody entry deleted in the middle of the chain', async () => {
      await verifyEvidence(handle.db, blobs, ID, context);
      await handle.db.deleteFrom('custody_events').where('seq', '=', 2).execute();
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.custody.map((f) => `${f.problem}#${f.seq}`)).toEqual(['missing#2', 'out_of_order#3']);
    });

    it('reports a changed evidence digest as a chain that no longer belongs to its file', async () => {
      // Pretend the file was swapped: point the evidence at another stored blob.
      const other = await blobs.putStream(
        (await import('node:stream')).Readable.from([Buffer.from('other')]),
      );
      await handle.db
        .insertInto('blobs')
        .values({ sha256: other.sha256, size: other.size, origin: 'evidence', stored_at: NOW })
        .execute();
      await handle.db.updateTable('evidence').set({ sha256: other.sha256 }).execute();
      const [result] = await verifyEvidence(handle.db, blobs, ID, context);
      expect(result?.custody.map((f) => f.problem)).toEqual(['rebound']);
    });

    it('re-hashes decompressed content too', async () => {
      const gz = join(dir, 'more.log.gz');
      writeFileSync(gz, gzipSync(testLines(5)));
      const [summary] = await ingestFiles(
        handle,
        blobs,
        ID,
        [gz],
        { mapping: {}, limits: DEFAULT_LIMITS, details: {}, parsers: [testLinesParser] },
        { actor: 'a', now: () => NOW },
      );
      const derived = (
        await handle.db
          .selectFrom('event_sources')
          .select('content_sha256')
          .where('evidence_id', '=', summary?.evidenceId ?? '')
          .executeTakeFirstOrThrow()
      ).content_sha256;
      rmSync(blobs.pathOf(derived), { force: true });
      const results = await verifyEvidence(handle.db, blobs, ID, context);
      const gzResult = results.find((r) => r.evidenceId === summary?.evidenceId);
      expect(gzResult?.blobs).toEqual([
        { sha256: expect.any(String), role: 'evidence file', status: 'ok' },
        { sha256: derived, role: 'decompressed more.log', status: 'missing' },
      ]);
    });
  });
}
