/** `debrief db status` and `debrief db migrate`. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerDatabaseCommands(program: Command, ctx: CliContext): void {
  const db = program
    .command('db')
    .description('database status and migrations (migrations also run automatically on every start)');

  db.command('status')
    .description(
      'show which database is used, applied and pending migrations, and how many post-mortems it holds',
    )
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }) => {
      const { describeDatabase } = await import('../../services/describe-database.js');
      const status = await describeDatabase(await ctx.handle());
      if (options.json) {
        ctx.json(status);
        return;
      }
      ctx.out(`database:     ${status.dialect} ${status.location}`);
      for (const m of status.migrations)
        ctx.out(`migration:    ${m.name}  ${m.executedAt ? `applied ${m.executedAt}` : 'pending'}`);
      ctx.out(`pending:      ${status.pending.length === 0 ? 'none' : status.pending.join(', ')}`);
      if (status.postMortems !== undefined) ctx.out(`post-mortems: ${status.postMortems}`);
    });

  db.command('migrate')
    .description('apply pending migrations now')
    .option('--json', 'print the applied migrations as JSON')
    .action(async (options: { json?: boolean }) => {
      const handle = await ctx.handle();
      const { migrateDatabase } = await import('../../services/migrate-database.js');
      const applied = await migrateDatabase(handle);
      if (options.json) ctx.json({ applied });
      else
        ctx.out(applied.length === 0 ? `${handle.location} is up to date` : `applied: ${applied.join(', ')}`);
    });
}
