/** `debrief backup` and `debrief restore`: copies of a SQLite deployment, and putting one back. */
import type { Command } from 'commander';
import type { BackupProgress } from '../../services/backup.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';
import { ProgressBar } from '../progress.js';
import { size } from './evidence.js';

/** A progress callback drawing on stderr (a terminal only, and not with --json), and the bar to clear. */
function progressOn(
  ctx: CliContext,
  json: boolean | undefined,
): { bar: ProgressBar; onProgress: BackupProgress } {
  const bar = new ProgressBar(ctx.io, ctx.io.isTty && !json);
  let phase: string | undefined;
  const onProgress: BackupProgress = (step) => {
    if (step.phase !== phase) {
      phase = step.phase;
      bar.start();
    }
    if (step.phase === 'database') bar.update('database pages', step.done, step.total, step.items, 'count');
    else bar.update('evidence blobs', step.done, step.total, step.items, 'bytes');
  };
  return { bar, onProgress };
}

async function databaseTarget(ctx: CliContext) {
  const { resolveDatabaseTarget } = await import('../../db/dialects.js');
  return resolveDatabaseTarget(ctx.io.env.DATABASE_URL, ctx.dataDir, ctx.io.cwd);
}

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .argument('<file>', 'the backup to write (a folder with --with-evidence)')
    .description('copy the SQLite database while it stays in use, then check the copy (SQLite only)')
    .option('--force', 'replace an existing backup')
    .option(
      '--with-evidence',
      'also copy the evidence blobs, each verified: FILE becomes a folder with debrief.sqlite and blobs/',
    )
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      "\nThe copy uses SQLite's online backup API: a consistent snapshot even while the server runs. It is written\n" +
        'beside FILE under a temporary name and renamed at the end, so a failed backup leaves nothing under FILE;\n' +
        'then it is opened read-only and checked (PRAGMA integrity_check). Evidence files live outside the\n' +
        'database (DEBRIEF_DATA/blobs): --with-evidence copies every blob the database lists too.\n' +
        'For PostgreSQL use pg_dump instead (docs/operations.md).\n\n' +
        'Examples:\n' +
        '  debrief backup backups/debrief-2026-11-22.sqlite\n' +
        '  debrief backup backups/2026-11-22 --with-evidence',
    )
    .action(async (file: string, options: { force?: boolean; withEvidence?: boolean; json?: boolean }) => {
      const { backupDatabase, checkBackupSource } = await import('../../services/backup.js');
      checkBackupSource(await databaseTarget(ctx));
      const { bar, onProgress } = progressOn(ctx, options.json);
      let result: Awaited<ReturnType<typeof backupDatabase>>;
      try {
        result = await backupDatabase(await ctx.handle(), ctx.path(file), {
          force: options.force ?? false,
          ...(options.withEvidence ? { evidence: ctx.blobs } : {}),
          onProgress,
        });
      } finally {
        bar.clear();
      }
      if (options.json) {
        ctx.json(result);
        return;
      }
      ctx.out(`backed up ${result.source} to ${result.target}`);
      ctx.out(
        `  integrity ok: ${plural(result.pageCount, 'page')} of ${result.pageSize} bytes (${size(result.bytes)}), ` +
          `${plural(result.migrations, 'migration')}` +
          (result.postMortems === undefined ? '' : `, ${plural(result.postMortems, 'post-mortem')}`),
      );
      if (result.evidence) {
        ctx.out(
          `  evidence: ${plural(result.evidence.blobs, 'blob')} (${size(result.evidence.bytes)}), each verified against its SHA-256`,
        );
      } else {
        ctx.out('  evidence files (DEBRIEF_DATA/blobs) are not included; add --with-evidence to copy them');
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a backup file, or a folder made with "backup --with-evidence"')
    .description('replace the SQLite database with a backup, after checking it (stop the server first)')
    .option('--force', 'replace an existing database (it is moved aside, never deleted)')
    .option('--json', 'print what was restored as JSON')
    .addHelpText(
      'after',
      '\nThe backup is checked before anything changes: it must pass PRAGMA integrity_check, be a Debrief\n' +
        'database and hold no migration this version does not know. An existing database is replaced only with\n' +
        '--force: it is moved aside to DATABASE.before-restore-TIMESTAMP (never deleted), and the backup is copied into\n' +
        'place through a temporary file. A folder made with --with-evidence also brings its evidence blobs back\n' +
        'into DEBRIEF_DATA/blobs (blobs already there are kept).\n\n' +
        'Stop "debrief serve" (and any other debrief command) first: a database open in another process is refused.\n' +
        'For PostgreSQL use psql or pg_restore instead (docs/operations.md).\n\n' +
        'Examples:\n' +
        '  debrief restore backups/debrief-2026-11-22.sqlite --force\n' +
        '  DEBRIEF_DATA=/srv/debrief-new debrief restore backups/2026-11-22',
    )
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      const { restoreDatabase } = await import('../../services/backup.js');
      const { bar, onProgress } = progressOn(ctx, options.json);
      let result: Awaited<ReturnType<typeof restoreDatabase>>;
      try {
        result = await restoreDatabase(await databaseTarget(ctx), ctx.path(file), {
          force: options.force ?? false,
          now: ctx.io.now(),
          evidence: ctx.blobs,
          onProgress,
        });
      } finally {
        bar.clear();
      }
      if (options.json) {
        ctx.json(result);
        return;
      }
      ctx.out(`restored ${result.backup} to ${result.location}`);
      if (result.movedAside) ctx.out(`  the previous database was moved to ${result.movedAside}`);
      ctx.out(
        `  integrity ok: ${size(result.bytes)}, ${plural(result.migrations, 'migration')}` +
          (result.postMortems === undefined ? '' : `, ${plural(result.postMortems, 'post-mortem')}`),
      );
      if (result.pending.length > 0) {
        ctx.out(`  ${plural(result.pending.length, 'migration')} will run the next time Debrief opens it`);
      }
      if (result.evidence) {
        ctx.out(
          `  evidence: ${plural(result.evidence.blobs, 'blob')} (${result.evidence.copied} copied, ${result.evidence.present} already present)`,
        );
      }
    });
}
