/** The stored ATT&CK catalogue: one per domain, replaced as a whole on load. */
import type { Kysely, Transaction } from 'kysely';
import type { AttackCatalog } from '../core/attack-catalog.js';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a stored catalogue came from. */
export interface CatalogOrigin {
  readonly source: string;
  readonly sha256: string;
  readonly loadedAt: string;
  readonly loadedBy: string;
}

/** Stores a catalogue, replacing the one of its domain. */
export async function saveAttackCatalog(
  db: Db,
  catalog: AttackCatalog,
  origin: CatalogOrigin,
): Promise<void> {
  const row = {
    version: catalog.version,
    source: origin.source,
    sha256: origin.sha256,
    loaded_at: origin.loadedAt,
    loaded_by: origin.loadedBy,
    catalog: JSON.stringify(catalog),
  };
  await db
    .insertInto('attack_catalogs')
    .values({ domain: catalog.domain, ...row })
    .onConflict((oc) => oc.column('domain').doUpdateSet(row))
    .execute();
}

/** The stored catalogue of a domain with its origin, or undefined when none was loaded. */
export async function findAttackCatalog(
  db: Db,
  domain = 'enterprise-attack',
): Promise<{ catalog: AttackCatalog; origin: CatalogOrigin } | undefined> {
  const row = await db
    .selectFrom('attack_catalogs')
    .selectAll()
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    catalog: JSON.parse(row.catalog) as AttackCatalog,
    origin: { source: row.source, sha256: row.sha256, loadedAt: row.loaded_at, loadedBy: row.loaded_by },
  };
}
