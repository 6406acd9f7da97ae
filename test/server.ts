/**
 * A server for in-process tests (`app.inject`): on a test database, at the fixed test instant, without the general
 * rate limit (tests send many requests from one address; the sign-in routes stay limited).
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BlobStore } from '../src/db/blob-store.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { openDatabase, resolveDatabaseTarget } from '../src/db/dialects.js';
import { buildServer, type ServerOptions } from '../src/server/app.js';
import { runner } from './cli.js';
import { cliDatabase, type TestDialect } from './databases.js';

export const TEST_NOW = '2026-11-22T12:00:00.000Z';

export function testServer(
  handle: DatabaseHandle,
  options: Partial<Omit<ServerOptions, 'db' | 'dialect'>> = {},
): Promise<FastifyInstance> {
  return buildServer({
    db: handle.db,
    dialect: handle.dialect,
    version: 't',
    now: () => TEST_NOW,
    rateLimitPerMinute: 0,
    ...options,
  });
}

/** A database prepared the way analysts do it, through the CLI, for API tests that compare with the CLI. */
export interface CliPrepared {
  /** `debrief ...` on the same database and data folder, at the test instant. */
  readonly cli: ReturnType<typeof runner>;
  /** The same database, opened for the server. */
  readonly handle: DatabaseHandle;
  /** The evidence blob store the CLI filled. */
  readonly blobs: BlobStore;
  /** Closes the handle and drops a PostgreSQL database. */
  close(): Promise<void>;
}

/**
 * A fresh database of `dialect` with its data folder in `dir`, after running each CLI command (each must succeed;
 * the failure message carries its stderr).
 */
export async function preparedByCli(
  dialect: TestDialect,
  dir: string,
  commands: readonly (readonly string[])[],
): Promise<CliPrepared> {
  const database = await cliDatabase(dialect);
  const env = { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: database.url, DEBRIEF_ACTOR: 'analyst@test' };
  const cli = runner(dir, env, TEST_NOW);
  for (const args of commands) {
    const result = await cli(...args);
    if (result.code !== 0)
      throw new Error(`debrief ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  }
  const handle = await openDatabase(resolveDatabaseTarget(database.url, env.DEBRIEF_DATA, dir));
  return {
    cli,
    handle,
    blobs: new BlobStore(join(env.DEBRIEF_DATA, 'blobs')),
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}
