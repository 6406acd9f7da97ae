import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { postMortemWithActions } from '../../test/factories.js';
import type { DatabaseHandle } from '../db/database.js';
import { importPostMortem } from './import-post-mortem.js';
import {
  addChannel,
  deliverDue,
  deliveryLog,
  listChannels,
  type NotifyEnvironment,
  notifyTick,
  queueReminders,
  removeChannel,
  webhookSignature,
} from './notify.js';

const NOW = '2026-11-22T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const SECRET = 'whsec-test-0123456789';

const DOC = postMortemWithActions();

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A local HTTP endpoint answering each path with the next status of its script (then 200). */
async function endpoint(
  script: Record<string, number[]>,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = script[req.url ?? '']?.shift() ?? 200;
      res.writeHead(status).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

/** A local SMTP server keeping every message; it refuses mail to refused@example.com (550). */
async function smtp(): Promise<{ url: string; mails: { to: string[]; data: string }[]; server: SMTPServer }> {
  const mails: { to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === 'refused@example.com') {
        const error = new Error('mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString();
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, mails, server };
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`reminders delivered on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let http: Awaited<ReturnType<typeof endpoint>>;
    let mail: Awaited<ReturnType<typeof smtp>>;
    let environment: NotifyEnvironment;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await importPostMortem(handle.db, DOC, { now: NOW });
      // The webhook fails twice (503, 429), Slack's URL is gone (404): retried, then given up.
      http = await endpoint({ '/hook': [503, 503, 429], '/slack-gone/T0/B0/secret-part': [404, 404] });
      mail = await smtp();
      environment = {
        smtpUrl: mail.url,
        mailFrom: 'debrief@example.com',
        publicUrl: 'https://debrief.example',
        env: { TEST_WEBHOOK_SECRET: SECRET },
      };
      const context = { now: NOW, actor: 'test' };
      await addChannel(handle.db, { kind: 'email', target: 'secops@example.com' }, context);
      await addChannel(
        handle.db,
        { kind: 'webhook', target: `${http.url}/hook`, secretEnv: 'TEST_WEBHOOK_SECRET' },
        context,
      );
      await addChannel(handle.db, { kind: 'slack', target: `${http.url}/slack/T0/B0/secret` }, context);
      await addChannel(
        handle.db,
        { kind: 'teams', target: `${http.url}/teams/workflow?sig=secret` },
        context,
      );
    });
    afterAll(async () => {
      await handle?.close();
      http?.server.close();
      await new Promise<void>((resolve) => (mail ? mail.server.close(() => resolve()) : resolve()));
    });

    it('checks channels: kinds, addresses, URLs, and a signing secret named, never given', async () => {
      const context = { now: NOW, actor: 'test' };
      await expect(addChannel(handle.db, { kind: 'pager', target: 'x' }, context)).rejects.toThrow(
        /use email, webhook/,
      );
      await expect(addChannel(handle.db, { kind: 'email', target: 'not-mail' }, context)).rejects.toThrow(
        /not an e-mail/,
      );
      await expect(
        addChannel(handle.db, { kind: 'webhook', target: `${http.url}/x` }, context),
      ).rejects.toThrow(/needs --secret-env NAME/);
      await expect(addChannel(handle.db, { kind: 'slack', target: 'ftp://x' }, context)).rejects.toThrow(
        /http\(s\)/,
      );
      const channels = await listChannels(handle.db);
      expect(channels.map((c) => [c.id, c.kind])).toEqual([
        ['C-1', 'email'],
        ['C-2', 'webhook'],
        ['C-3', 'slack'],
        ['C-4', 'teams'],
      ]);
      // Slack and Teams URLs carry their secret: listed masked.
      expect(JSON.stringify(channels)).not.toMatch(/B0\/secret|sig=secret/);
    });

    it('sends each reminder to each channel: e-mail, signed webhook, Slack, Teams; retries what failed', async () => {
      const first = await notifyTick(handle.db, environment, { now: NOW });
      expect(first).toMatchObject({ channels: 4, queued: 8, delivered: 6, retrying: 2, failed: 0 });
      expect(first.reminders.map((r) => r.kind)).toEqual(['overdue', 'due-soon']);

      expect(mail.mails).toHaveLength(2);
      expect(mail.mails[0]?.to).toEqual(['secops@example.com']);
      expect(mail.mails[0]?.data).toMatch(/Subject: \[Debrief\] Overdue action: INC-2026-001 R-1/);
      // Quoted-printable may wrap long lines with soft breaks.
      expect(mail.mails[0]?.data.replace(/=\r\n/g, '')).toMatch(
        /https:\/\/debrief.example\/post-mortems\/INC-2026-001\r?\n/,
      );

      const slack = http.received.filter((r) => r.path.startsWith('/slack'));
      expect(slack).toHaveLength(2);
      expect(JSON.parse(slack[0]?.body ?? '{}')).toMatchObject({
        text: expect.stringMatching(/^Overdue action: INC-2026-001 R-1 "Enforce MFA" is overdue by 2 days/),
        blocks: [{ type: 'header' }, { type: 'section' }, { type: 'context' }],
      });
      const teams = http.received.filter((r) => r.path.startsWith('/teams'));
      expect(JSON.parse(teams[0]?.body ?? '{}').attachments[0].content.type).toBe('AdaptiveCard');

      // The webhook's signature checks out with the secret, over the timestamp and the exact body.
      const hook = http.received.filter((r) => r.path === '/hook');
      expect(hook).toHaveLength(2);
      const call = hook[0] as Received;
      expect(call.headers['x-debrief-signature']).toBe(
        webhookSignature(SECRET, String(call.headers['x-debrief-timestamp']), call.body),
      );
      expect(call.headers['x-debrief-signature']).not.toBe(
        webhookSignature('wrong', String(call.headers['x-debrief-timestamp']), call.body),
      );
      expect(JSON.parse(call.body)).toMatchObject({
        type: 'debrief.reminder.overdue',
        reminder: { recommendation: 'R-1' },
      });

      // Nothing is due again before the backoff, and nothing is queued twice.
      const again = await notifyTick(handle.db, environment, { now: later(0.5) });
      expect(again).toMatchObject({ queued: 0, delivered: 0, retrying: 0 });
      expect(mail.mails).toHaveLength(2);

      // After 1 minute the webhook is tried again: one more 429 (for R-2's), one success (R-1's).
      const retry = await deliverDue(handle.db, environment, { now: later(1) });
      expect(retry).toEqual({ delivered: 1, retrying: 1, failed: 0 });
      const last = await deliverDue(handle.db, environment, { now: later(7) });
      expect(last).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(http.received.filter((r) => r.path === '/hook')).toHaveLength(5);

      const log = await deliveryLog(handle.db);
      expect(log).toHaveLength(8);
      expect(log.every((d) => d.status === 'delivered')).toBe(true);
      const retried = log.find((d) => d.channel === 'C-2' && d.reminder.startsWith('overdue'));
      expect(retried?.attempts).toBe(3);
      expect(retried).not.toHaveProperty('lastError');
    });

    it('gives up on an answer that will not change, and says why without the secret parts', async () => {
      const context = { now: NOW, actor: 'test' };
      const gone = await addChannel(
        handle.db,
        { kind: 'slack', target: `${http.url}/slack-gone/T0/B0/secret-part` },
        context,
      );
      const refused = await addChannel(handle.db, { kind: 'email', target: 'refused@example.com' }, context);
      const unsigned = await addChannel(
        handle.db,
        { kind: 'webhook', target: `${http.url}/hook`, secretEnv: 'UNSET_SECRET' },
        context,
      );
      await queueReminders(handle.db, { now: later(10) });
      const result = await deliverDue(handle.db, environment, { now: later(10) });
      expect(result).toEqual({ delivered: 0, retrying: 2, failed: 4 });
      const log = await deliveryLog(handle.db);
      const of = (channel: string) => log.filter((d) => d.channel === channel);
      expect(of(gone.id).map((d) => [d.status, d.lastError])).toEqual([
        ['failed', `Slack ${http.url}/… answered HTTP 404`],
        ['failed', `Slack ${http.url}/… answered HTTP 404`],
      ]);
      expect(of(refused.id)[0]).toMatchObject({
        status: 'failed',
        lastError: expect.stringMatching(/^SMTP: 550 /),
      });
      expect(of(unsigned.id)[0]).toMatchObject({
        status: 'pending',
        lastError: 'the environment variable UNSET_SECRET (the signing secret) is not set',
      });
      expect(JSON.stringify(log)).not.toContain('secret-part');
      await removeChannel(handle.db, unsigned.id);
      await expect(removeChannel(handle.db, unsigned.id)).rejects.toThrow(/no notification channel/);
    });
  });
}
