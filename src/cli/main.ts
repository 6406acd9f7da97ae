/**
 * The `debrief` command line. `runCli` runs one command in-process and returns its exit code, so tests drive
 * the real program without spawning it; `bin/debrief.js` calls it with the real process.
 *
 * Every failure is one line on stderr (what, where, how to fix) and a non-zero exit code from `EXIT_CODES`;
 * stack traces only with `--debug`.
 */
import { Command, CommanderError } from 'commander';
import { type ErrorCode, isDomainError } from '../core/errors.js';
import { auditCliWrite, commandPath } from './audit-writes.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerActionCommands } from './commands/actions.js';
import { registerAttackCommands } from './commands/attack.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCalendarCommand } from './commands/calendar.js';
import { registerComplianceCommand } from './commands/compliance.js';
import { registerDatabaseCommands } from './commands/database.js';
import { registerDiagramCommand } from './commands/diagram.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerDocumentCommands } from './commands/documents.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerEvidenceCommands } from './commands/evidence.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerInsightsCommand } from './commands/insights.js';
import { registerIocCommands } from './commands/ioc.js';
import { registerLintCommand } from './commands/lint.js';
import { registerMetricsCommand } from './commands/metrics.js';
import { registerNewCommand } from './commands/new.js';
import { registerNotifyCommands } from './commands/notify.js';
import { registerPatientZeroCommands } from './commands/patient-zero.js';
import { registerPlaybookCommands } from './commands/playbook.js';
import { registerRenderCommand } from './commands/render.js';
import { registerReviewCommands } from './commands/review.js';
import { registerSchemaCommand } from './commands/schema.js';
import { registerSearchCommand } from './commands/search.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSigmaCommands } from './commands/sigma.js';
import { registerTimelineCommands } from './commands/timeline.js';
import { registerTrackCommands } from './commands/track.js';
import { registerValidateCommand } from './commands/validate.js';
import { CliContext } from './context.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** Exit code per error code; documented in docs/cli.md. */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  invalid_document: 1,
  invalid_input: 2,
  file_unreadable: 3,
  not_found: 4,
  version_conflict: 5,
  too_large: 6,
  database_unavailable: 7,
  database_schema: 8,
  dependency_missing: 9,
  remote_unavailable: 10,
  unauthenticated: 11,
  forbidden: 12,
  rate_limited: 13,
  reauthentication_required: 14,
  invalid_state: 15,
  internal: 70,
};
/** Exit code for a command line commander cannot parse (unknown option, missing argument). */
export const USAGE_EXIT_CODE = 2;

/** Thrown by a command to end with a given exit code after printing its own output (e.g. validate). */
export class ExitWith extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** The command tree, wired to a context (exported for the docs test). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('debrief')
    .description(
      'Debrief: security incident post-mortems, from evidence to a blameless, evidence-linked review.',
    )
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  DEBRIEF_DATA   data folder for the SQLite database and evidence (default ./data)\n' +
        '  DATABASE_URL   database to use instead: postgres://user:pass@host/db or a SQLite file path\n\n' +
        'Run "debrief help COMMAND" for a command\'s options and examples. Reference: docs/cli.md',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces for errors')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .addHelpCommand('help [command]', 'show help for a command');
  registerNewCommand(program, ctx);
  registerValidateCommand(program, ctx);
  registerDocumentCommands(program, ctx);
  registerEvidenceCommands(program, ctx);
  registerIngestCommand(program, ctx);
  registerTimelineCommands(program, ctx);
  registerIocCommands(program, ctx);
  registerAttackCommands(program, ctx);
  registerSigmaCommands(program, ctx);
  registerPatientZeroCommands(program, ctx);
  registerMetricsCommand(program, ctx);
  registerEvaluateCommand(program, ctx);
  registerPlaybookCommands(program, ctx);
  registerLintCommand(program, ctx);
  registerComplianceCommand(program, ctx);
  registerDiagramCommand(program, ctx);
  registerRenderCommand(program, ctx);
  registerReviewCommands(program, ctx);
  registerDiffCommand(program, ctx);
  registerCalendarCommand(program, ctx);
  registerActionCommands(program, ctx);
  registerNotifyCommands(program, ctx);
  registerTrackCommands(program, ctx);
  registerInsightsCommand(program, ctx);
  registerSearchCommand(program, ctx);
  registerAccountCommands(program, ctx);
  registerServeCommand(program, ctx);
  registerDatabaseCommands(program, ctx);
  registerBackupCommands(program, ctx);
  registerSchemaCommand(program, ctx);
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script name); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  const debug = argv.includes('--debug');
  let ran: { path: string; postMortemId?: string } | undefined;
  program.hook('preAction', (_root, action) => {
    const first = action.processedArgs[0];
    // Commands about one stored post-mortem take its id first; the audit entry names it.
    const postMortemId =
      typeof first === 'string' && /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(first) ? first : undefined;
    ran = { path: commandPath(action), ...(postMortemId ? { postMortemId } : {}) };
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    await auditCliWrite(ctx, ran?.path, argv, 'ok', ran?.postMortemId);
    return 0;
  } catch (error) {
    await auditCliWrite(
      ctx,
      ran?.path,
      argv,
      error instanceof ExitWith && error.exitCode === 0 ? 'ok' : 'failed',
      ran?.postMortemId,
    );
    if (error instanceof ExitWith) return error.exitCode;
    if (error instanceof CommanderError) {
      // Help and version end with code 0; commander has already printed its message for usage errors.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (isDomainError(error)) {
      io.stderr(`debrief: ${error.message}\n`);
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return EXIT_CODES[error.code];
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`debrief: internal error: ${message}${debug ? '' : ' (run again with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT_CODES.internal;
  } finally {
    await ctx.close();
  }
}
