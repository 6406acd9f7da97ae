/** `debrief render FILE|ID`: the post-mortem report. */
import type { Command } from 'commander';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import { parseReportFormat, REPORT_FORMATS, renderReport } from '../../services/render-report.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';
import { type PlaybookOptions, playbookCheckOf, playbookOptions } from './playbook.js';

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  playbookOptions(program.command('render'), false)
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('render the post-mortem report (to stdout, or to a file with -o)')
    .option('--format <format>', `report format: ${REPORT_FORMATS.join(', ')}`, 'md')
    .option('-o, --output <path>', 'write the report to this file (replaced if it exists)')
    .addHelpText(
      'after',
      '\nThe Markdown report has every section of the review: summary, impact, timeline (table and Mermaid),\n' +
        'clocks against targets, root cause analysis (5 Whys, fishbone, FMEA), response evaluation, lessons,\n' +
        'recommendations, compliance and appendices. Empty sections say what is missing. With --playbook, the\n' +
        'evaluation adds "what the plan said, what we did" (debrief playbook check).\n\n' +
        'Examples:\n  debrief render INC-2026-014 --format md -o report.md\n  debrief render my-incident.yaml',
    )
    .action(async (ref: string, options: PlaybookOptions & { format: string; output?: string }) => {
      const format = parseReportFormat(options.format);
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const playbook = await playbookCheckOf(ctx, document, options);
      const report = renderReport(document, {
        format,
        generatedAt: ctx.io.now(),
        ...(playbook === undefined ? {} : { playbook }),
      });
      if (!options.output) {
        ctx.io.stdout(report.text);
        return;
      }
      await writeFileAtomic(ctx.path(options.output), report.text);
      ctx.note(`${document.id} report written to ${options.output}`);
    });
}
