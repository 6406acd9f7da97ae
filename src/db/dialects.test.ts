import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import type { DatabaseHandle } from './database.js';
import { openDatabase, redactUrl, resolveDatabaseTarget } from './dialects.js';
import { FTS_AUTOMERGE } from './migrations/0014-fts-automerge.js';
import { migrateToLatest, migrationStates } from './migrator.js';

describe('resolveDatabaseTarget', () => {
  it('defaults to debrief.sqlite in the data folder', () => {
    expect(resolveDatabaseTarget(undefined, 'data')).toEqual({
      dialect: 'sqlite',
      path: resolve('data/debrief.sqlite'),
    });
    expect(resolveDatabaseTarget('  ', '/srv/debrief')).toEqual({
      dialect: 'sqlite',
      path: '/srv/debrief/debrief.sqlite',
    });
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(resolveDatabaseTarget('postgres://u:p@h/db', 'data')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@h/db',
    });
    expect(resolveDatabaseTarget('postgresql://h/db', 'data').dialect).toBe('postgres');
  });

  it('selects SQLite for a path, a sqlite: URL or :memory:', () => {
    expect(resolveDatabaseTarget('/var/lib/d.sqlite', 'data')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/d.sqlite',
    });
    expect(resolveDatabaseTarget('sqlite:///var/lib/d.sqlite', 'data')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/d.sqlite',
    });
    expect(resolveDatabaseTarget(':memory:', 'data')).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('refuses other URL schemes with a clear message', () => {
    expect(() => resolveDatabaseTarget('mysql://h/db', 'data')).toThrow(/unsupported scheme \(mysql\)/);
  });

  it('hides passwords when a URL is shown', () => {
    expect(redactUrl('postgres://admin:s3cr%40t@db:5432/x')).toBe('postgres://admin:***@db:5432/x');
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
  });

  it('reports a SQLite file that cannot be created as database_unavailable', async () => {
    // A folder cannot be created under a regular file: a deterministic failure on any machine.
    const file = join(mkdtempSync(join(tmpdir(), 'debrief-db-')), 'plain-file');
    writeFileSync(file, '');
    await expect(
      openDatabase({ dialect: 'sqlite', path: join(file, 'data', 'd.sqlite') }),
    ).rejects.toMatchObject({
      code: 'database_unavailable',
      message: expect.stringMatching(
        /^cannot open the SQLite database .*plain-file\/data\/d\.sqlite: .*check DEBRIEF_DATA/,
      ),
    });
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`migrations on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle | undefined;
    let drop: (() => Promise<void>) | undefined;

    async function fresh(): Promise<DatabaseHandle> {
      if (dialect.name === 'sqlite') return openDatabase({ dialect: 'sqlite', path: ':memory:' });
      const created = await createPostgresDatabase();
      drop = created.drop;
      return openDatabase({ dialect: 'postgres', url: created.url });
    }

    afterEach(async () => {
      await handle?.close();
      await drop?.();
      handle = undefined;
      drop = undefined;
    });

    it('creates the schema on a fresh database and is a no-op the second time', async () => {
      handle = await fresh();
      expect(await migrationStates(handle.db)).toEqual([
        { name: '0001-initial' },
        { name: '0002-evidence-and-events' },
        { name: '0003-ingest-indexing' },
        { name: '0004-attack-catalog' },
        { name: '0005-indicators' },
        { name: '0006-sigma' },
        { name: '0007-notifications' },
        { name: '0008-accounts-and-audit' },
        { name: '0009-incident-links-and-list-order' },
        { name: '0010-jobs' },
        { name: '0011-list-stamp' },
        { name: '0012-account-self-service' },
        { name: '0013-report-versions' },
        { name: '0014-fts-automerge' },
      ]);
      expect(await migrateToLatest(handle.db)).toEqual([
        '0001-initial',
        '0002-evidence-and-events',
        '0003-ingest-indexing',
        '0004-attack-catalog',
        '0005-indicators',
        '0006-sigma',
        '0007-notifications',
        '0008-accounts-and-audit',
        '0009-incident-links-and-list-order',
        '0010-jobs',
        '0011-list-stamp',
        '0012-account-self-service',
        '0013-report-versions',
        '0014-fts-automerge',
      ]);
      expect(await migrateToLatest(handle.db)).toEqual([]);
      const [state] = await migrationStates(handle.db);
      expect(state?.name).toBe('0001-initial');
      expect(state?.executedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const tables = await handle.db.introspection.getTables();
      // FTS5 keeps its index in shadow tables (events_fts_*), which are SQLite's business.
      const names = tables
        .map((t) => t.name)
        .filter((n) => !n.startsWith('debrief_migrations') && !n.startsWith('events_fts'));
      expect(names.sort()).toEqual([
        'api_tokens',
        'attack_catalogs',
        'audit_log',
        'blobs',
        'custody_events',
        'event_marks',
        'event_rejects',
        'event_sources',
        'events',
        'evidence',
        'incident_links',
        'indicator_sightings',
        'indicators',
        'jobs',
        'list_stamp',
        'login_throttle',
        'notification_channels',
        'notification_deliveries',
        'one_time_tokens',
        'post_mortem_members',
        'post_mortem_revisions',
        'post_mortems',
        'recovery_codes',
        'report_versions',
        'review_waivers',
        'sessions',
        'settings',
        'sigma_matches',
        'sigma_rules',
        'users',
      ]);
    });

    it('0003 tunes full-text indexing for bulk ingest', async () => {
      handle = await fresh();
      if (dialect.name === 'sqlite') {
        // A database created while a trigger fed FTS5 row by row: the trigger goes, the writer feeds it per batch.
        await migrateToLatest(handle.db);
        // Back to the state after 0002: later migrations undone.
        await sql`DELETE FROM debrief_migrations WHERE name >= '0003'`.execute(handle.db);
        for (const event of ['insert', 'update', 'delete'])
          await sql`DROP TRIGGER ${sql.id(`post_mortems_list_stamp_${event}`)}`.execute(handle.db);
        const accountTables = [
          'review_waivers',
          'report_versions',
          'recovery_codes',
          'list_stamp',
          'jobs',
          'incident_links',
          'audit_log',
          'post_mortem_members',
          'login_throttle',
          'one_time_tokens',
        ];
        for (const table of [...accountTables, 'api_tokens', 'sessions', 'users']) {
          await sql`DROP TABLE ${sql.table(table)}`.execute(handle.db);
        }
        await sql`DROP INDEX post_mortems_list_order`.execute(handle.db);
        await sql`DROP TABLE attack_catalogs`.execute(handle.db);
        await sql`DROP TABLE sigma_matches`.execute(handle.db);
        await sql`DROP TABLE sigma_rules`.execute(handle.db);
        await sql`DROP TABLE notification_deliveries`.execute(handle.db);
        await sql`DROP TABLE notification_channels`.execute(handle.db);
        await sql`DROP TABLE indicator_sightings`.execute(handle.db);
        await sql`DROP TABLE indicators`.execute(handle.db);
        await sql`ALTER TABLE event_sources DROP COLUMN indicators_cursor`.execute(handle.db);
        await sql`ALTER TABLE event_sources DROP COLUMN indicators_scanned`.execute(handle.db);
        await sql
          .raw(
            'CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN INSERT INTO events_fts (rowid, doc) VALUES (new.id, new.message); END',
          )
          .execute(handle.db);
        expect(await migrateToLatest(handle.db)).toEqual([
          '0003-ingest-indexing',
          '0004-attack-catalog',
          '0005-indicators',
          '0006-sigma',
          '0007-notifications',
          '0008-accounts-and-audit',
          '0009-incident-links-and-list-order',
          '0010-jobs',
          '0011-list-stamp',
          '0012-account-self-service',
          '0013-report-versions',
          '0014-fts-automerge',
        ]);
        const triggers = await sql<{
          name: string;
        }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(handle.db);
        expect(triggers.rows.map((r) => r.name).filter((n) => n.startsWith('events_fts'))).toEqual([
          'events_fts_delete',
        ]);
      } else {
        await migrateToLatest(handle.db);
        const index = await sql<{
          reloptions: string[] | null;
        }>`SELECT reloptions FROM pg_class WHERE relname = 'events_search'`.execute(handle.db);
        expect(index.rows[0]?.reloptions).toEqual(['gin_pending_list_limit=65536']);
      }
    });

    it('0014 lets the SQLite full-text index keep 16 segments per level before merging', async () => {
      handle = await fresh();
      await migrateToLatest(handle.db);
      if (dialect.name === 'sqlite') {
        const config = await sql<{
          v: number;
        }>`SELECT v FROM events_fts_config WHERE k = 'automerge'`.execute(handle.db);
        expect(config.rows).toEqual([{ v: FTS_AUTOMERGE }]);
        expect(FTS_AUTOMERGE).toBe(16);
      } else {
        const tables = await sql`SELECT 1 FROM pg_tables WHERE tablename = 'events_fts_config'`.execute(
          handle.db,
        );
        expect(tables.rows).toEqual([]);
      }
    });

    it('refuses a database migrated by a newer Debrief, changing nothing', async () => {
      handle = await fresh();
      await migrateToLatest(handle.db);
      await sql`insert into debrief_migrations (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        handle.db,
      );
      await expect(migrateToLatest(handle.db)).rejects.toMatchObject({
        code: 'database_schema',
        message: expect.stringMatching(/migrated by a newer version of Debrief/),
      });
    });
  });
}
