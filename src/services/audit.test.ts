import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import type { DatabaseHandle } from '../db/database.js';
import { appendAudit, auditEntries, verifyAudit } from './audit.js';

const at = (n: number) => `2026-11-22T12:00:${String(n).padStart(2, '0')}.000Z`;

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`audit trail on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    afterEach(async () => handle?.close());

    async function trail(n: number): Promise<void> {
      handle = await createTestDatabase(dialect.name);
      for (let i = 1; i <= n; i++) {
        await appendAudit(handle.db, {
          at: at(i),
          actor: 'user:U-1 (ann)',
          action: 'POST /api/users',
          target: '/api/users',
          source: '127.0.0.1',
          outcome: 'ok',
          details: { status: 201, i },
        });
      }
    }

    it('chains appends and verifies an intact trail; exports it in order', async () => {
      await trail(5);
      expect(await verifyAudit(handle.db)).toEqual({ entries: 5, intact: true, findings: [] });
      const seqs: number[] = [];
      for await (const e of auditEntries(handle.db, { from: at(2), to: at(5) })) seqs.push(e.seq);
      expect(seqs).toEqual([2, 3, 4]);
    });

    it('detects an altered row, a deleted row and deleted last rows', async () => {
      await trail(6);
      await sql`UPDATE audit_log SET actor = ${'user:U-9 (mallory)'} WHERE seq = 2`.execute(handle.db);
      await sql`DELETE FROM audit_log WHERE seq = 4`.execute(handle.db);
      await sql`DELETE FROM audit_log WHERE seq >= 6`.execute(handle.db);
      const result = await verifyAudit(handle.db);
      expect(result.intact).toBe(false);
      expect(result.findings.map((f) => [f.problem, f.seq])).toEqual([
        ['modified', 2],
        ['missing', 4],
        ['out_of_order', 5],
        ['truncated', 6],
      ]);
      expect(result.findings[0]?.message).toContain('audit entry #2 (POST /api/users by user:U-9 (mallory)');
    });

    it('detects a row inserted outside Debrief', async () => {
      await trail(3);
      await sql`INSERT INTO audit_log (seq, at, actor, action, outcome, details, prev_hash, hash)
        VALUES (4, ${at(9)}, 'user:U-1 (ann)', 'auth.login', 'ok', '{}', 'x', 'y')`.execute(handle.db);
      const result = await verifyAudit(handle.db);
      expect(result.findings.map((f) => f.problem)).toEqual(['modified']);
    });

    it('never forks the chain when appends race', async () => {
      handle = await createTestDatabase(dialect.name);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          appendAudit(handle.db, {
            at: at(i),
            actor: 'cli:test',
            action: 'cli ingest',
            outcome: 'ok',
            details: { i },
          }),
        ),
      );
      const result = await verifyAudit(handle.db);
      expect(result).toEqual({ entries: 20, intact: true, findings: [] });
    });
  });
}
