/** Brings the database schema up to date (run on every start; explicit with `debrief db migrate`). */
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

/** Runs pending migrations; returns the names of those that ran (empty when up to date). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<string[]> {
  return migrateToLatest(handle.db);
}
