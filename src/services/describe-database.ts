/** Reports where the database is, which migrations ran, which are pending, and what it holds. */
import type { DatabaseHandle } from '../db/database.js';
import type { DialectName } from '../db/dialects.js';
import { type MigrationState, migrationStates } from '../db/migrator.js';
import { countPostMortems } from '../db/post-mortem.repository.js';

/** What `debrief db status` shows: dialect, location, migrations applied and pending, post-mortem count. */
export interface DatabaseStatus {
  readonly dialect: DialectName;
  readonly location: string;
  readonly migrations: readonly MigrationState[];
  readonly pending: readonly string[];
  /** Number of post-mortems; absent while the schema is not created yet. */
  readonly postMortems?: number;
}

/** The state of the database, without changing it. */
export async function describeDatabase(
  handle: Pick<DatabaseHandle, 'db' | 'dialect' | 'location'>,
): Promise<DatabaseStatus> {
  const migrations = await migrationStates(handle.db);
  const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  const initialized = migrations.some((m) => m.executedAt !== undefined);
  const base = { dialect: handle.dialect, location: handle.location, migrations, pending };
  return initialized ? { ...base, postMortems: await countPostMortems(handle.db) } : base;
}
