/**
 * Schema migrations. They are compiled into the program (no folder scanning), run in order, and are safe to
 * start from several processes at once: Kysely's migrator takes a lock in the database.
 */
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Database } from './database.js';
import * as initial from './migrations/0001-initial.js';
import * as evidenceAndEvents from './migrations/0002-evidence-and-events.js';
import * as ingestIndexing from './migrations/0003-ingest-indexing.js';
import * as attackCatalog from './migrations/0004-attack-catalog.js';
import * as indicators from './migrations/0005-indicators.js';
import * as sigma from './migrations/0006-sigma.js';
import * as notifications from './migrations/0007-notifications.js';
import * as accountsAndAudit from './migrations/0008-accounts-and-audit.js';
import * as incidentLinks from './migrations/0009-incident-links-and-list-order.js';
import * as jobs from './migrations/0010-jobs.js';
import * as listStamp from './migrations/0011-list-stamp.js';
import * as accountSelfService from './migrations/0012-account-self-service.js';
import * as reportVersions from './migrations/0013-report-versions.js';
import * as ftsAutomerge from './migrations/0014-fts-automerge.js';

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-evidence-and-events': evidenceAndEvents,
  '0003-ingest-indexing': ingestIndexing,
  '0004-attack-catalog': attackCatalog,
  '0005-indicators': indicators,
  '0006-sigma': sigma,
  '0007-notifications': notifications,
  '0008-accounts-and-audit': accountsAndAudit,
  '0009-incident-links-and-list-order': incidentLinks,
  '0010-jobs': jobs,
  '0011-list-stamp': listStamp,
  '0012-account-self-service': accountSelfService,
  '0013-report-versions': reportVersions,
  '0014-fts-automerge': ftsAutomerge,
};

function migratorFor(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableName: 'debrief_migrations',
    migrationLockTableName: 'debrief_migrations_lock',
  });
}

export interface MigrationState {
  readonly name: string;
  /** When it ran, as ISO 8601 UTC; absent while pending. */
  readonly executedAt?: string;
}

/** Every known migration with whether and when it ran. */
export async function migrationStates(db: Kysely<Database>): Promise<MigrationState[]> {
  const infos = await migratorFor(db).getMigrations();
  return infos.map((m) =>
    m.executedAt ? { name: m.name, executedAt: m.executedAt.toISOString() } : { name: m.name },
  );
}

/**
 * Brings the schema up to date. Returns the names of the migrations that ran. Refuses a database migrated by a
 * newer Debrief (it has migrations this program does not know).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    if (/corrupted migrations/i.test(reason)) {
      throw new DomainError(
        'database_schema',
        `the database was migrated by a newer version of Debrief (${reason}); upgrade Debrief to use it`,
      );
    }
    throw new DomainError(
      'database_schema',
      failed
        ? `database migration ${failed} failed: ${reason}; the database was left at the previous version`
        : `cannot migrate the database: ${reason}`,
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
