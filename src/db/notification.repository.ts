/** Notification channels and the delivery log (see src/services/notify.ts for what they mean). */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, NotificationChannelsTable, NotificationDeliveriesTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ChannelRow = Selectable<NotificationChannelsTable>;
export type DeliveryRow = Selectable<NotificationDeliveriesTable>;

/** Adds a channel with the next free id `C-n`; returns its row. */
export async function insertChannel(db: Db, row: Omit<ChannelRow, 'id'>): Promise<ChannelRow> {
  const ids = await db.selectFrom('notification_channels').select('id').execute();
  const next = Math.max(0, ...ids.map((r) => Number(r.id.slice(2)) || 0)) + 1;
  const stored = { id: `C-${next}`, ...row };
  await db.insertInto('notification_channels').values(stored).execute();
  return stored;
}

/** Every channel, oldest first. */
export async function listChannelRows(db: Db): Promise<ChannelRow[]> {
  return db.selectFrom('notification_channels').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Removes a channel; false when there is none with that id. */
export async function deleteChannel(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Queues a delivery unless the log has it already (channel, reminder key); true when it is new. */
export async function queueDelivery(
  db: Db,
  row: Pick<DeliveryRow, 'channel_id' | 'reminder_key' | 'post_mortem_id' | 'reminder' | 'created_at'>,
): Promise<boolean> {
  const result = await db
    .insertInto('notification_deliveries')
    .values({ ...row, status: 'pending', attempts: 0, next_attempt_at: row.created_at })
    .onConflict((oc) => oc.columns(['channel_id', 'reminder_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Pending deliveries due at `now`, oldest first, with their channel. */
export async function dueDeliveries(
  db: Db,
  now: string,
  limit: number,
): Promise<{ delivery: DeliveryRow; channel: ChannelRow }[]> {
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_channels as c', 'c.id', 'd.channel_id')
    .selectAll('d')
    .select(['c.kind', 'c.target', 'c.secret_env', 'c.created_at as channel_created_at', 'c.created_by'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map(({ kind, target, secret_env, channel_created_at, created_by, ...delivery }) => ({
    delivery,
    channel: {
      id: delivery.channel_id,
      kind,
      target,
      secret_env,
      created_at: channel_created_at,
      created_by,
    },
  }));
}

/**
 * Claims a pending delivery by moving its next attempt to `until`; only the first of several processes that try
 * succeeds (the row must still have the next attempt they read).
 */
export async function claimDelivery(db: Db, delivery: DeliveryRow, until: string): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({ next_attempt_at: until })
    .where('id', '=', delivery.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', delivery.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the outcome of an attempt. */
export async function recordAttempt(
  db: Db,
  id: number,
  outcome: Pick<DeliveryRow, 'status' | 'attempts' | 'last_error' | 'next_attempt_at'> &
    Partial<Pick<DeliveryRow, 'delivered_at'>>,
): Promise<void> {
  await db.updateTable('notification_deliveries').set(outcome).where('id', '=', id).execute();
}

/** The delivery log, newest first. */
export async function listDeliveries(
  db: Db,
  options: { status?: string; limit: number },
): Promise<DeliveryRow[]> {
  let query = db.selectFrom('notification_deliveries').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  return query.execute();
}
