/**
 * `attack_catalogs`: the MITRE ATT&CK catalogue loaded with `debrief attack load`, one row per domain
 * (`enterprise-attack`), kept as the compact JSON core reads (src/core/attack-catalog.ts). Loading again replaces
 * it; the row says where it came from and when.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attack_catalogs')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('catalog', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attack_catalogs').execute();
}
