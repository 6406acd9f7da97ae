/**
 * Reminders about recommendations, and where they go:
 * - `notification_channels`: an e-mail address, a webhook (signed with the secret of a named environment
 *   variable: the database never holds it), a Slack or a Microsoft Teams incoming webhook;
 * - `notification_deliveries`: one row per reminder and channel, unique, so no reminder is sent twice (after a
 *   restart, or by two servers at once), with its attempts, the next try (backoff) and the last error: the
 *   delivery log.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  await db.schema
    .createTable('notification_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('secret_env', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  const deliveries = db.schema.createTable('notification_deliveries');
  await (dialect === 'postgres'
    ? deliveries.addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    : deliveries.addColumn('id', 'integer', (c) => c.primaryKey())
  )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('reminder_key', 'text', (c) => c.notNull())
    .addColumn('post_mortem_id', 'text', (c) => c.notNull())
    .addColumn('reminder', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('notification_deliveries_once', ['channel_id', 'reminder_key'])
    .execute();
  await db.schema
    .createIndex('notification_deliveries_due')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_deliveries').execute();
  await db.schema.dropTable('notification_channels').execute();
}
