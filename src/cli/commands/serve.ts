/**
 * `debrief serve` (and `npm start`): the HTTP server, with the demo on first start and, while no account exists, a
 * one-time setup token printed to create the first admin.
 */
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { seedDemo } from '../../services/seed-demo.js';
import type { CliContext } from '../context.js';
import { VERSION } from '../version.js';

const DEFAULT_PORT = 4319;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new DomainError('invalid_input', `--port must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

/** `--notify-every`: `30s`, `15m`, `1h`, or `0` (off); milliseconds. */
function intervalOption(value: string): number {
  const m = /^(\d+)([smh]?)$/.exec(value.trim());
  if (!m)
    throw new DomainError('invalid_input', `--notify-every must be like 30s, 15m, 1h or 0, not "${value}"`);
  const unit = m[2] === 's' ? 1_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return Number(m[1]) * unit;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
function shutdownRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * The reminder scheduler: a tick now and every `every` ms, never two at once. Each reminder is sent once per
 * channel whatever the restarts (the delivery log's unique key), so a tick after a restart resends nothing.
 */
async function startReminders(
  db: Kysely<Database>,
  ctx: CliContext,
  every: number,
  log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
): Promise<{ stop: () => Promise<void> }> {
  const { notifyEnvironment, notifyTick } = await import('../../services/notify.js');
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = notifyTick(db, notifyEnvironment(ctx.io.env), { now: ctx.io.now() })
      .then((r) => {
        if (r.queued + r.delivered + r.retrying + r.failed > 0)
          log.info(
            {
              reminders: r.reminders.length,
              queued: r.queued,
              delivered: r.delivered,
              retrying: r.retrying,
              failed: r.failed,
            },
            'reminders',
          );
      })
      .catch((error: Error) => log.error({ error: error.message }, 'reminder check failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, every);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('start the Debrief server (REST API, OpenAPI docs, sign-in and report pages)')
    .option('--port <port>', `port to listen on (default: DEBRIEF_PORT or ${DEFAULT_PORT})`, portOption)
    .option(
      '--host <address>',
      'address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface; put HTTPS in front)',
      '127.0.0.1',
    )
    .option('--no-demo', 'do not load the demo post-mortem into an empty database')
    .option(
      '--notify-every <time>',
      'check reminders and send them this often: 30s, 15m, 1h, or 0 for never (default: DEBRIEF_NOTIFY_EVERY or 15m)',
      intervalOption,
    )
    .addHelpText(
      'after',
      '\nOn the first start with an empty database, the demo post-mortem (examples/demo-post-mortem.yaml) is loaded\n' +
        'once; it never comes back after that, even if deleted. Migrations run on start.\n\n' +
        'First run: while no account exists, the server prints a one-time setup token. Open /setup, paste it and\n' +
        'create the first admin (there is no default password). Or create accounts with "debrief user add".\n\n' +
        'Environment: DEBRIEF_PORT (port), DEBRIEF_LOG_LEVEL (warn by default; info logs every request, never\n' +
        'credentials), DEBRIEF_RATE_LIMIT (requests per minute per client address, default 1200; 0 turns it off),\n' +
        'DEBRIEF_TRUST_PROXY=1 (behind a reverse proxy: client address from X-Forwarded-For), DEBRIEF_DATA and\n' +
        'DATABASE_URL (see debrief --help); single sign-on: DEBRIEF_OIDC_ISSUER, DEBRIEF_OIDC_CLIENT_ID,\n' +
        'DEBRIEF_OIDC_CLIENT_SECRET, DEBRIEF_PUBLIC_URL, DEBRIEF_OIDC_AUTO_CREATE, DEBRIEF_OIDC_SCOPES;\n' +
        'uploads: DEBRIEF_MAX_UPLOAD_BYTES (default 20 GiB); passwords: DEBRIEF_PASSWORD_DENYLIST (a file of\n' +
        'breached passwords to refuse); DEBRIEF_REQUIRE_MFA=admins (local admins must enrol a one-time-code\n' +
        'app before anything else). Reference: docs/operations.md.\n\n' +
        'Background jobs: evidence uploaded over the API is ingested, and Sigma runs asked for over the API are run,\n' +
        'by the server (every 5 s, or at once when one is queued). A job left running by a stopped server is taken\n' +
        'over after 2 minutes: an ingest resumes where it stopped, a Sigma run starts again.\n\n' +
        'Endpoints: /  (sign in, post-mortems, reports)   /api/docs  (OpenAPI)   /api/health   /api/ready',
    )
    .action(async (options: { port?: number; host: string; demo: boolean; notifyEvery?: number }) => {
      const port =
        options.port ?? (ctx.io.env.DEBRIEF_PORT ? portOption(ctx.io.env.DEBRIEF_PORT) : DEFAULT_PORT);
      const level = ctx.io.env.DEBRIEF_LOG_LEVEL ?? 'warn';
      if (!LOG_LEVELS.includes(level)) {
        throw new DomainError('invalid_input', `DEBRIEF_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
      }
      const db = await ctx.database();
      const handle = await ctx.handle();
      if (options.demo) {
        const seeded = await seedDemo(db, { now: ctx.io.now() });
        if (seeded.outcome === 'loaded') ctx.note(`loaded the demo post-mortem ${seeded.id}`);
      }
      const rateLimit = ctx.io.env.DEBRIEF_RATE_LIMIT;
      if (rateLimit !== undefined && !/^\d+$/.test(rateLimit)) {
        throw new DomainError(
          'invalid_input',
          `DEBRIEF_RATE_LIMIT must be a whole number of requests per minute (0: off), not "${rateLimit}"`,
        );
      }
      const templateDir = ctx.io.env.DEBRIEF_REPORT_TEMPLATE?.trim();
      const { readReportTemplate } = await import('../../services/read-report-template.js');
      const reportTemplate = templateDir ? await readReportTemplate(ctx.path(templateDir)) : undefined;
      const { oidcConfigFrom } = await import('../../services/oidc.js');
      const oidc = oidcConfigFrom(ctx.io.env);
      const { buildServer, isLoopback, listen } = await import('../../server/app.js');
      const { startJobRunner } = await import('../../services/jobs.js');
      const { maxUploadBytesFrom } = await import('../../services/ingest-options.js');
      const maxUploadBytes = maxUploadBytesFrom(ctx.io.env);
      // Background jobs (ingest of uploads): every 5 s, and at once when an upload queues one. Jobs a stopped
      // server left running are taken over once their heartbeat is 2 minutes old.
      let jobLog: { info: (o: object, m: string) => void; error: (o: object, m: string) => void } | undefined;
      const runner = startJobRunner(
        {
          handle,
          blobs: ctx.blobs,
          env: ctx.io.env,
          now: ctx.io.now,
          ...(ctx.io.parseWorker === undefined ? {} : { parseWorker: ctx.io.parseWorker }),
          log: { info: (o, m) => jobLog?.info(o, m), error: (o, m) => jobLog?.error(o, m) },
        },
        5_000,
      );
      const app = await buildServer({
        db,
        blobs: ctx.blobs,
        maxUploadBytes,
        jobs: runner,
        dialect: handle.dialect,
        databaseLocation: handle.location,
        version: VERSION,
        now: ctx.io.now,
        logger: { level },
        ...(rateLimit === undefined ? {} : { rateLimitPerMinute: Number(rateLimit) }),
        trustProxy: ['1', 'true', 'yes'].includes((ctx.io.env.DEBRIEF_TRUST_PROXY ?? '').toLowerCase()),
        ...(oidc === undefined ? {} : { oidc }),
        ...(reportTemplate === undefined ? {} : { reportTemplate }),
      });
      jobLog = app.log;
      const stop = shutdownRequested();
      const url = await listen(app, port, options.host);
      ctx.note(`Debrief ${VERSION} is serving ${handle.dialect} ${handle.location}`);
      if (oidc !== undefined)
        ctx.note(`single sign-on with ${oidc.issuer} (redirect URI to register there: ${oidc.redirectUri})`);
      if (!isLoopback(options.host)) {
        ctx.note(
          `listening on ${options.host}: other machines can connect. Serve it behind HTTPS (a reverse proxy with DEBRIEF_TRUST_PROXY=1) so passwords and session cookies never travel in clear.`,
        );
      }
      const { issueSetupToken } = await import('../../services/accounts.js');
      const setupToken = await issueSetupToken(db, ctx.io.now());
      const shown = url.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
      if (setupToken !== undefined) {
        ctx.note(
          'no account exists yet: create the first admin with this one-time setup token (valid 24 hours,',
        );
        ctx.note(`a new one is printed at each start until then): open ${shown}/setup and paste`);
        ctx.note(`  ${setupToken}`);
      }
      ctx.note(`open ${shown}/  (API docs: ${shown}/api/docs); stop with Ctrl-C`);
      const every =
        options.notifyEvery ??
        (ctx.io.env.DEBRIEF_NOTIFY_EVERY ? intervalOption(ctx.io.env.DEBRIEF_NOTIFY_EVERY) : 15 * 60_000);
      const scheduler = every > 0 ? await startReminders(db, ctx, every, app.log) : undefined;
      const signal = await stop;
      ctx.note(`${signal} received, shutting down`);
      // No new job is claimed; one in hand is cut short with the process and resumes on the next start.
      runner.stop();
      await scheduler?.stop();
      await app.close();
    });
}
