/**
 * Review and sign-off (core/sign-off.ts):
 * - `report_versions`: the frozen versions of a post-mortem, one row per approval round that completed: its
 *   number (1, 2...), the stored revision it froze, the SHA-256 of its reviewed content (`sha256:` + hex), the
 *   whole document as JSON, the approvers and their decisions, when it was approved, the waivers that let it
 *   through, and when it was published. Rows are never changed, except `published_at`, set once;
 * - `review_waivers`: waivers of an approval gate (blameless lint, compliance) with their reason, recorded for one
 *   reviewed content (its hash): a change of the content leaves them behind.
 * Portable column types (text, integer) but for the waiver id: an identity column in PostgreSQL, SQLite's rowid.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_versions')
    .addColumn('post_mortem_id', 'text', (c) => c.notNull().references('post_mortems.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('approvers', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('waivers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_versions_pk', ['post_mortem_id', 'number'])
    .execute();
  await db.schema
    .createTable('review_waivers')
    .addColumn('id', 'integer', (c) =>
      dialectOf(db) === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey(),
    )
    .addColumn('post_mortem_id', 'text', (c) => c.notNull().references('post_mortems.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('gate', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('waived_by', 'text', (c) => c.notNull())
    .addColumn('waived_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_waivers_post_mortem')
    .on('review_waivers')
    .columns(['post_mortem_id', 'content_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_waivers').execute();
  await db.schema.dropTable('report_versions').execute();
}
