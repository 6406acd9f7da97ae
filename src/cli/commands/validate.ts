/** `debrief validate FILE`: every problem of a post-mortem file with its path and line:column. */
import type { Command } from 'commander';
import { readPostMortemFile } from '../../services/read-post-mortem-file.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';
import { ExitWith } from '../main.js';

export function registerValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .argument('<file>', 'post-mortem file (YAML or JSON)')
    .description('check a post-mortem file: schema, links between items, milestone order')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nErrors (invalid values, unknown fields, duplicate ids, links to missing items) make the file invalid\n' +
        'and exit with code 1. Warnings (milestones out of order, incomplete recommendations) do not.\n\n' +
        'Example:\n  debrief validate examples/demo-post-mortem.yaml',
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const result = await readPostMortemFile(ctx.path(file), file);
      const errors = result.problems.filter((p) => p.level === 'error').length;
      const warnings = result.problems.length - errors;
      if (options.json) {
        ctx.json({ file, valid: errors === 0, errors, warnings, problems: result.problems });
      } else {
        for (const p of result.problems) {
          const where = p.line === undefined ? file : `${file}:${p.line}:${p.column}`;
          ctx.out(`${where}: ${p.level}: ${p.path}: ${p.message}`);
        }
        if (errors === 0) {
          const doc = result.document;
          const counts = doc
            ? ` (${doc.id}: ${plural(doc.timeline.length, 'timeline entry', 'timeline entries')}, ` +
              `${plural(doc.recommendations.length, 'recommendation')})`
            : '';
          const tail = warnings ? ` with ${plural(warnings, 'warning')}` : '';
          ctx.out(`${file} is a valid post-mortem${counts}${tail}`);
        } else {
          ctx.out(`${file} is not valid: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
        }
      }
      if (errors > 0) throw new ExitWith(1);
    });
}
