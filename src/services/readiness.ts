/** Readiness for a load balancer: the database answers, its schema is current, and whether setup is pending. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { migrationStates } from '../db/migrator.js';
import { needsSetup } from './accounts.js';

export interface Readiness {
  readonly ready: boolean;
  readonly pendingMigrations: readonly string[];
  readonly setupRequired: boolean;
}

/** Throws `database_unavailable` (through the driver) when the database does not answer. */
export async function readiness(db: Kysely<Database>): Promise<Readiness> {
  const pending = (await migrationStates(db)).filter((m) => m.executedAt === undefined).map((m) => m.name);
  return {
    ready: pending.length === 0,
    pendingMigrations: pending,
    setupRequired: pending.length === 0 && (await needsSetup(db)),
  };
}
