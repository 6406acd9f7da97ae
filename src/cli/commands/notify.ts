/** `debrief notify ...`: reminders about recommendations by e-mail, webhook, Slack and Microsoft Teams. */
import type { Command } from 'commander';
import {
  addChannel,
  CHANNEL_KINDS,
  deliveryLog,
  dueReminders,
  listChannels,
  notifyEnvironment,
  removeChannel,
  runReminders,
} from '../../services/notify.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';

export function registerNotifyCommands(program: Command, ctx: CliContext): void {
  const notify = program
    .command('notify')
    .description(
      'reminders about overdue and due-soon actions and expiring risk acceptances: channels, sending, log',
    );

  const channel = notify.command('channel').description('where reminders go');
  channel
    .command('add')
    .argument('<kind>', `${CHANNEL_KINDS.join(', ')}`)
    .argument('<target>', 'the e-mail address, or the webhook URL')
    .option('--secret-env <name>', 'webhook: the environment variable holding the signing secret')
    .description('add a channel: every reminder is sent to every channel, once')
    .addHelpText(
      'after',
      '\nE-mail goes through DEBRIEF_SMTP_URL (smtp://user:password@host:587) from DEBRIEF_MAIL_FROM.\n' +
        'Webhooks are signed: X-Debrief-Signature: sha256=HMAC(secret, timestamp + "." + body) (docs/notifications.md).\n\n' +
        'Examples:\n  debrief notify channel add email secops@example.com\n' +
        '  debrief notify channel add webhook https://soar.example.com/hooks/debrief --secret-env DEBRIEF_WEBHOOK_SECRET\n' +
        '  debrief notify channel add slack https://hooks.slack.com/services/T000/B000/XXXX',
    )
    .action(async (kind: string, target: string, options: { secretEnv?: string }) => {
      const added = await addChannel(
        await ctx.database(),
        { kind, target, ...(options.secretEnv === undefined ? {} : { secretEnv: options.secretEnv }) },
        { now: ctx.io.now(), actor: ctx.actor },
      );
      ctx.out(`${added.id}: ${added.kind} ${added.target}`);
    });
  channel
    .command('list')
    .description('the channels (Slack and Teams URLs masked: they are secrets)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const channels = await listChannels(await ctx.database());
      if (options.json) ctx.json(channels);
      else if (channels.length === 0) ctx.out('no channels: add one with "debrief notify channel add"');
      else
        ctx.out(
          table(
            ['ID', 'KIND', 'TARGET', 'SECRET FROM', 'ADDED'],
            channels.map((c) => [
              c.id,
              c.kind,
              c.target,
              c.secretEnv ?? '—',
              `${c.createdAt} by ${c.createdBy}`,
            ]),
          ),
        );
    });
  channel
    .command('remove')
    .argument('<channel>', 'channel id, e.g. C-1')
    .description('remove a channel (its delivery log stays)')
    .action(async (id: string) => {
      await removeChannel(await ctx.database(), id);
      ctx.out(`removed ${id}`);
    });

  notify
    .command('run')
    .description(
      'queue the reminders due today on every channel and send what is due (the server does this on its own)',
    )
    .option('--dry-run', 'list the reminders due today; queue and send nothing')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nEach reminder goes once to each channel, ever: running again, or a server doing the same, sends nothing\n' +
        'twice. Failed sends are retried after 1 min, 5 min, 30 min, 2 h and 12 h, then marked failed.\n\n' +
        'Example:\n  debrief notify run --dry-run',
    )
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      const db = await ctx.database();
      const now = ctx.io.now();
      if (options.dryRun) {
        const reminders = await dueReminders(db, { now });
        if (options.json) ctx.json(reminders);
        else
          ctx.out(
            reminders.length === 0 ? 'no reminders due today' : reminders.map((r) => r.text).join('\n'),
          );
        return;
      }
      const run = await runReminders(db, notifyEnvironment(ctx.io.env), { now });
      if (options.json) {
        ctx.json(run);
        return;
      }
      if (run.channels === 0)
        ctx.note('no channels: reminders are listed but not sent ("debrief notify channel add")');
      ctx.out(
        `${plural(run.reminders, 'reminder')} due today, ${run.queued} newly queued on ` +
          `${plural(run.channels, 'channel')}; sent ${run.delivered}, to retry ${run.retrying}, failed ${run.failed}`,
      );
      if (run.retrying + run.failed > 0) ctx.out('see "debrief notify log" for the errors');
    });

  notify
    .command('log')
    .description('the delivery log: each reminder on each channel, its attempts and last error, newest first')
    .option('--status <status>', 'only pending, delivered or failed')
    .option('--json', 'print as JSON')
    .action(async (options: { status?: string; json?: boolean }) => {
      const log = await deliveryLog(
        await ctx.database(),
        options.status === undefined ? {} : { status: options.status },
      );
      if (options.json) ctx.json(log);
      else if (log.length === 0) ctx.out('nothing sent yet');
      else
        ctx.out(
          table(
            ['ID', 'CHANNEL', 'STATUS', 'TRIES', 'WHEN', 'REMINDER', 'LAST ERROR'],
            log.map((d) => [
              d.id,
              d.channel,
              d.status,
              String(d.attempts),
              d.deliveredAt ?? d.nextAttemptAt ?? d.createdAt,
              d.text,
              d.lastError ?? '',
            ]),
          ),
        );
    });
}
