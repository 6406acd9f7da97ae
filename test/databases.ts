/**
 * Test databases for every dialect. Storage tests loop over `DIALECTS` and get a fresh, migrated database per
 * test file: SQLite in memory, PostgreSQL as a new database in the throwaway server `npm test` starts
 * (`DEBRIEF_TEST_PG_URL`). Under `npm test` PostgreSQL is required (`DEBRIEF_REQUIRE_PG=1`); in a bare
 * `npx vitest` without it, the PostgreSQL half is skipped and says so in its name.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseHandle } from '../src/db/database.js';
import { type DialectName, openDatabase } from '../src/db/dialects.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { type Run, runner } from './cli.js';

const pgUrl = process.env.DEBRIEF_TEST_PG_URL;
if (!pgUrl && process.env.DEBRIEF_REQUIRE_PG === '1') {
  throw new Error(
    'DEBRIEF_REQUIRE_PG=1 but DEBRIEF_TEST_PG_URL is not set: npm test must start PostgreSQL first',
  );
}

export interface TestDialect {
  readonly name: DialectName;
  /** Why the dialect is skipped, when it is. */
  readonly skip?: string;
}

/** Every dialect the storage tests run on. */
export const DIALECTS: readonly TestDialect[] = [
  { name: 'sqlite' },
  pgUrl
    ? { name: 'postgres' }
    : { name: 'postgres', skip: 'PostgreSQL skipped: DEBRIEF_TEST_PG_URL is not set (npm test sets it)' },
];

/** The label a describe block gets for a dialect. */
export function dialectLabel(dialect: TestDialect): string {
  return dialect.skip ? `${dialect.name} (${dialect.skip})` : dialect.name;
}

/** Connection URL of a fresh PostgreSQL database on the test server, and how to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pgUrl) throw new Error('DEBRIEF_TEST_PG_URL is not set');
  const name = `debrief_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh, migrated database of the given dialect; `close()` also drops a PostgreSQL database. */
export async function createTestDatabase(dialect: DialectName): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const handle = await openDatabase({ dialect: 'sqlite', path: ':memory:' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const { url, drop } = await createPostgresDatabase();
  const handle = await openDatabase({ dialect: 'postgres', url });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

/**
 * The `DATABASE_URL` a CLI test runs with on a dialect: none for SQLite (the file in the data folder), a fresh
 * PostgreSQL database otherwise; `drop` removes it (a no-op for SQLite).
 */
export async function cliDatabase(
  dialect: TestDialect,
): Promise<{ url?: string; drop: () => Promise<void> }> {
  if (dialect.name === 'sqlite') return { drop: async () => undefined };
  return createPostgresDatabase();
}

/**
 * A CLI runner on a fresh database of `dialect` with its data folder in `dir` (actor `analyst@test`), and the
 * function that drops the database afterwards.
 */
export async function cliOnDialect(
  dialect: TestDialect,
  dir: string,
  env: Readonly<Record<string, string>> = {},
): Promise<{ run: (...args: string[]) => Promise<Run>; drop: () => Promise<void> }> {
  const database = await cliDatabase(dialect);
  const run = runner(dir, {
    DEBRIEF_DATA: join(dir, 'data'),
    DATABASE_URL: database.url,
    DEBRIEF_ACTOR: 'analyst@test',
    ...env,
  });
  return { run, drop: database.drop };
}
