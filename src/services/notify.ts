/**
 * Reminders delivered: channels (e-mail, signed webhooks, Slack, Microsoft Teams), the queue of reminders due,
 * and delivery with retries and backoff, all recorded in the delivery log (`notification_deliveries`).
 *
 * `queueReminders` adds one delivery per reminder and channel; the log's unique key (channel, reminder) makes a
 * reminder impossible to queue twice, after a restart or from two servers at once. `deliverDue` sends what is due:
 * a delivery is claimed by moving its next attempt forward (only one process wins the claim), then marked
 * delivered, or retried later (1 min, 5 min, 30 min, 2 h, 12 h), or failed after the last attempt or on an answer
 * that will not change (a 4xx other than 408 and 429). Secrets (the SMTP password, webhook signing secrets,
 * Slack and Teams URLs) never appear in errors, logs or listings.
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DomainError } from '../core/errors.js';
import {
  DEFAULT_REMINDER_POLICY,
  type Reminder,
  type ReminderPolicy,
  reminderEmail,
  reminderSlackMessage,
  remindersFor,
  reminderTeamsMessage,
  reminderWebhookBody,
} from '../core/reminders.js';
import type { Database } from '../db/database.js';
import {
  type ChannelRow,
  claimDelivery,
  deleteChannel,
  dueDeliveries,
  insertChannel,
  listChannelRows,
  listDeliveries,
  queueDelivery,
  recordAttempt,
} from '../db/notification.repository.js';
import { allPostMortems } from './all-post-mortems.js';

export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'teams'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A channel as listed: URLs of Slack and Teams webhooks are masked (they are secrets themselves). */
export interface ChannelView {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly target: string;
  readonly secretEnv?: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** Attempts before a delivery fails for good, and the waits between them. */
export const BACKOFF_MINUTES = [1, 5, 30, 120, 720] as const;
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;

/** How a webhook's signature is made and checked (docs/notifications.md). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A URL with its path and query hidden (Slack and Teams webhook URLs carry their secret there). */
function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(invalid URL)';
  }
}

function toView(row: ChannelRow): ChannelView {
  const kind = row.kind as ChannelKind;
  return {
    id: row.id,
    kind,
    target: kind === 'slack' || kind === 'teams' ? maskUrl(row.target) : row.target,
    ...(row.secret_env ? { secretEnv: row.secret_env } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Adds a channel after checking its target; returns it. */
export async function addChannel(
  db: Kysely<Database>,
  input: { kind: string; target: string; secretEnv?: string },
  context: { now: string; actor: string },
): Promise<ChannelView> {
  const kind = input.kind as ChannelKind;
  if (!CHANNEL_KINDS.includes(kind))
    throw new DomainError('invalid_input', `channel kind "${input.kind}": use ${CHANNEL_KINDS.join(', ')}`);
  const target = input.target.trim();
  if (kind === 'email') {
    if (!z.email().safeParse(target).success)
      throw new DomainError('invalid_input', `"${target}" is not an e-mail address`);
  } else {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new DomainError('invalid_input', `the ${kind} target must be a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new DomainError('invalid_input', `the ${kind} URL must be http(s)`);
  }
  if (kind === 'webhook') {
    if (input.secretEnv === undefined)
      throw new DomainError(
        'invalid_input',
        'a webhook needs --secret-env NAME: the environment variable holding its signing secret (the secret itself is never stored)',
      );
    if (!ENV_NAME.test(input.secretEnv))
      throw new DomainError(
        'invalid_input',
        `--secret-env "${input.secretEnv}" is not an environment variable name`,
      );
  } else if (input.secretEnv !== undefined) {
    throw new DomainError('invalid_input', '--secret-env is for webhooks only');
  }
  return toView(
    await insertChannel(db, {
      kind,
      target,
      secret_env: input.secretEnv ?? null,
      created_at: context.now,
      created_by: context.actor,
    }),
  );
}

export async function listChannels(db: Kysely<Database>): Promise<ChannelView[]> {
  return (await listChannelRows(db)).map(toView);
}

/** Removes a channel; its delivery log stays (it is a record of what was sent). */
export async function removeChannel(db: Kysely<Database>, id: string): Promise<void> {
  if (!(await deleteChannel(db, id))) throw new DomainError('not_found', `no notification channel ${id}`);
}

/** The reminders due on the date of `now`, across every stored post-mortem. */
export async function dueReminders(
  db: Kysely<Database>,
  options: { now: string; policy?: ReminderPolicy },
): Promise<Reminder[]> {
  const docs = [];
  for await (const { document } of allPostMortems(db)) docs.push(document);
  return remindersFor(docs, options.now.slice(0, 10), options.policy ?? DEFAULT_REMINDER_POLICY);
}

/** Queues the reminders due today on every channel; returns the reminders and how many deliveries are new. */
export async function queueReminders(
  db: Kysely<Database>,
  options: { now: string; policy?: ReminderPolicy },
): Promise<{ reminders: Reminder[]; queued: number; channels: number }> {
  const reminders = await dueReminders(db, options);
  const channels = await listChannelRows(db);
  let queued = 0;
  for (const channel of channels)
    for (const r of reminders) {
      const added = await queueDelivery(db, {
        channel_id: channel.id,
        reminder_key: r.key,
        post_mortem_id: r.postMortem,
        reminder: JSON.stringify(r),
        created_at: options.now,
      });
      if (added) queued++;
    }
  return { reminders, queued, channels: channels.length };
}

/** What sending needs from the environment. */
export interface NotifyEnvironment {
  /** `smtp://user:password@host:587` or `smtps://…`: DEBRIEF_SMTP_URL. */
  readonly smtpUrl?: string;
  /** The From address: DEBRIEF_MAIL_FROM. */
  readonly mailFrom?: string;
  /** Where Debrief is served, for links: DEBRIEF_PUBLIC_URL. */
  readonly publicUrl?: string;
  /** Environment variables, for webhook secrets. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The HTTP client (tests and the server pass the global fetch). */
  readonly fetch?: typeof fetch;
}

/** A failure; `final` when trying again cannot help. */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly final: boolean,
  ) {
    super(message);
  }
}

async function post(
  environment: NotifyEnvironment,
  url: string,
  body: string,
  headers: Record<string, string>,
  shown: string,
): Promise<void> {
  const doFetch = environment.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Debrief', ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    // The URL may hold a secret: say where without it.
    throw new DeliveryError(
      `${shown}: ${(error as Error).name === 'TimeoutError' ? 'no answer in 10 s' : 'connection failed'}`,
      false,
    );
  }
  await response.body?.cancel();
  if (response.ok) return;
  const retry = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new DeliveryError(`${shown} answered HTTP ${response.status}`, !retry);
}

/** Sends one reminder on one channel. */
async function send(
  channel: ChannelRow,
  reminder: Reminder,
  deliveryId: string,
  environment: NotifyEnvironment,
  now: string,
): Promise<void> {
  const link = environment.publicUrl
    ? `${environment.publicUrl.replace(/\/$/, '')}/post-mortems/${encodeURIComponent(reminder.postMortem)}`
    : undefined;
  switch (channel.kind) {
    case 'email': {
      if (!environment.smtpUrl)
        throw new DeliveryError('DEBRIEF_SMTP_URL is not set: no SMTP server to send e-mail through', false);
      const { createTransport } = await import('nodemailer');
      const transport = createTransport(environment.smtpUrl);
      const mail = reminderEmail(reminder, link);
      try {
        await transport.sendMail({
          from: environment.mailFrom ?? 'debrief@localhost',
          to: channel.target,
          subject: mail.subject,
          text: mail.text,
          headers: { 'X-Debrief-Delivery': deliveryId },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // SMTP 5xx is permanent (a refused recipient); 4xx and connection errors are worth another try.
        throw new DeliveryError(
          `SMTP: ${code ? `${code} ` : ''}${(error as Error).message.replace(/\/\/[^@\s]*@/g, '//…@')}`,
          code !== undefined && code >= 500,
        );
      } finally {
        transport.close();
      }
      return;
    }
    case 'webhook': {
      const secret = channel.secret_env ? environment.env[channel.secret_env] : undefined;
      if (!secret)
        throw new DeliveryError(
          `the environment variable ${channel.secret_env} (the signing secret) is not set`,
          false,
        );
      const body = JSON.stringify(reminderWebhookBody(reminder, deliveryId, link));
      const timestamp = String(Math.floor(Date.parse(now) / 1000));
      await post(
        environment,
        channel.target,
        body,
        {
          'x-debrief-delivery': deliveryId,
          'x-debrief-timestamp': timestamp,
          'x-debrief-signature': webhookSignature(secret, timestamp, body),
        },
        channel.target,
      );
      return;
    }
    case 'slack':
      await post(
        environment,
        channel.target,
        JSON.stringify(reminderSlackMessage(reminder, link)),
        {},
        `Slack ${maskUrl(channel.target)}`,
      );
      return;
    case 'teams':
      await post(
        environment,
        channel.target,
        JSON.stringify(reminderTeamsMessage(reminder, link)),
        {},
        `Teams ${maskUrl(channel.target)}`,
      );
      return;
    default:
      throw new DeliveryError(`unknown channel kind ${channel.kind}`, true);
  }
}

const addMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Sends the deliveries due at `now`; returns what happened to each. */
export async function deliverDue(
  db: Kysely<Database>,
  environment: NotifyEnvironment,
  options: { now: string; limit?: number },
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const due = await dueDeliveries(db, options.now, options.limit ?? 500);
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  for (const { delivery: d, channel } of due) {
    // Whoever claims the delivery first sends it.
    if (!(await claimDelivery(db, d, addMinutes(options.now, 10)))) continue;
    const attempts = Number(d.attempts) + 1;
    try {
      await send(channel, JSON.parse(d.reminder) as Reminder, `D-${d.id}`, environment, options.now);
      await recordAttempt(db, d.id, {
        status: 'delivered',
        attempts,
        last_error: null,
        next_attempt_at: d.next_attempt_at,
        delivered_at: options.now,
      });
      counts.delivered++;
    } catch (error) {
      const final = error instanceof DeliveryError ? error.final : false;
      const message =
        error instanceof DeliveryError ? error.message : `internal error: ${(error as Error).message}`;
      const giveUp = final || attempts >= MAX_ATTEMPTS;
      await recordAttempt(db, d.id, {
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: message.slice(0, 1000),
        next_attempt_at: giveUp ? options.now : addMinutes(options.now, BACKOFF_MINUTES[attempts - 1] ?? 720),
      });
      if (giveUp) counts.failed++;
      else counts.retrying++;
    }
  }
  return counts;
}

/** One entry of the delivery log. */
export interface DeliveryView {
  readonly id: string;
  readonly channel: string;
  readonly reminder: string;
  readonly postMortem: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt?: string;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly deliveredAt?: string;
  readonly text: string;
}

/** The delivery log, newest first. */
export async function deliveryLog(
  db: Kysely<Database>,
  options: { status?: string; limit?: number } = {},
): Promise<DeliveryView[]> {
  if (options.status !== undefined && !['pending', 'delivered', 'failed'].includes(options.status))
    throw new DomainError('invalid_input', '--status must be pending, delivered or failed');
  const rows = await listDeliveries(db, {
    limit: options.limit ?? 200,
    ...(options.status === undefined ? {} : { status: options.status }),
  });
  return rows.map((r) => ({
    id: `D-${r.id}`,
    channel: r.channel_id,
    reminder: r.reminder_key,
    postMortem: r.post_mortem_id,
    status: r.status as DeliveryView['status'],
    attempts: Number(r.attempts),
    ...(r.status === 'pending' ? { nextAttemptAt: r.next_attempt_at } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    createdAt: r.created_at,
    ...(r.delivered_at ? { deliveredAt: r.delivered_at } : {}),
    text: (JSON.parse(r.reminder) as Reminder).text,
  }));
}

/** The environment for sending, from Debrief's environment variables. */
export function notifyEnvironment(env: Readonly<Record<string, string | undefined>>): NotifyEnvironment {
  return {
    ...(env.DEBRIEF_SMTP_URL ? { smtpUrl: env.DEBRIEF_SMTP_URL } : {}),
    ...(env.DEBRIEF_MAIL_FROM ? { mailFrom: env.DEBRIEF_MAIL_FROM } : {}),
    ...(env.DEBRIEF_PUBLIC_URL ? { publicUrl: env.DEBRIEF_PUBLIC_URL } : {}),
    env,
  };
}

/** Queues what is due and sends it: one tick of the scheduler, or `debrief notify run`. */
export async function notifyTick(
  db: Kysely<Database>,
  environment: NotifyEnvironment,
  options: { now: string; policy?: ReminderPolicy },
) {
  const queued = await queueReminders(db, options);
  const sent = await deliverDue(db, environment, { now: options.now });
  return { ...queued, ...sent };
}

/** What one run of the reminders did, in numbers (`debrief notify run --json`, `POST /api/settings/notifications/run`). */
export interface ReminderRun {
  readonly reminders: number;
  readonly channels: number;
  readonly queued: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly failed: number;
}

/** Queues the reminders due at `now` and sends what is due, as a person asks for it; returns the counts. */
export async function runReminders(
  db: Kysely<Database>,
  environment: NotifyEnvironment,
  options: { now: string },
): Promise<ReminderRun> {
  const { reminders, channels, queued, delivered, retrying, failed } = await notifyTick(
    db,
    environment,
    options,
  );
  return { reminders: reminders.length, channels, queued, delivered, retrying, failed };
}
