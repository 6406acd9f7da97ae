import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import type { DatabaseHandle } from './database.js';
import { openDatabase } from './dialects.js';
import { MIGRATIONS, migrateToLatest } from './migrator.js';

const BEFORE_0012 = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0012'));

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`migration 0012 on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle | undefined;
    let drop: (() => Promise<void>) | undefined;

    afterEach(async () => {
      await handle?.close();
      await drop?.();
      handle = undefined;
      drop = undefined;
    });

    it('gives sessions that existed a random public id each, authenticated when they were created', async () => {
      if (dialect.name === 'sqlite') handle = await openDatabase({ dialect: 'sqlite', path: ':memory:' });
      else {
        const created = await createPostgresDatabase();
        drop = created.drop;
        handle = await openDatabase({ dialect: 'postgres', url: created.url });
      }
      const { db } = handle;
      const before = new Migrator({
        db,
        provider: { getMigrations: async () => ({ ...BEFORE_0012 }) },
        migrationTableName: 'debrief_migrations',
        migrationLockTableName: 'debrief_migrations_lock',
      });
      expect((await before.migrateToLatest()).error).toBeUndefined();
      await sql`insert into users (id, username, display_name, role, disabled, created_at, updated_at)
        values ('U-1', 'alice', 'Alice', 'analyst', 0, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`.execute(
        db,
      );
      for (const [hash, created] of [
        ['a'.repeat(64), '2026-11-20T08:00:00.000Z'],
        ['b'.repeat(64), '2026-11-21T09:30:00.000Z'],
      ])
        await sql`insert into sessions (id_hash, user_id, csrf_token, created_at, expires_at)
          values (${hash}, 'U-1', 'csrf', ${created}, '2026-12-01T00:00:00.000Z')`.execute(db);
      expect((await migrateToLatest(db))[0]).toBe('0012-account-self-service');
      const rows = await db
        .selectFrom('sessions')
        .select(['id_hash', 'public_id', 'created_at', 'authenticated_at'])
        .orderBy('id_hash')
        .execute();
      expect(rows.map((r) => r.authenticated_at)).toEqual(rows.map((r) => r.created_at));
      const ids = rows.map((r) => r.public_id);
      expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
      expect(ids[1]).toMatch(/^[0-9a-f]{16}$/);
      expect(ids[0]).not.toBe(ids[1]);
      const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({ totp_secret: null, totp_pending: null, totp_last_step: null });
    });
  });
}
