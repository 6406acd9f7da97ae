/** `debrief diagram FILE|ID`: the fishbone or a 5 Whys tree as Mermaid, SVG, draw.io, OPML or FreeMind. */
import type { Command } from 'commander';
import { DIAGRAM_FORMATS, parseDiagramFormat, renderDiagram } from '../../core/diagram.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';

export function registerDiagramCommand(program: Command, ctx: CliContext): void {
  program
    .command('diagram')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('export the fishbone or a 5 Whys tree for Mermaid, draw.io or a mind-map tool')
    .option('--whys <analysis>', 'the id of a 5 Whys analysis (default: the fishbone)')
    .option(
      '--format <format>',
      `${DIAGRAM_FORMATS.join(', ')} (FreeMind, which MindMeister and XMind import)`,
      'mermaid',
    )
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  debrief diagram INC-2026-014 --format drawio -o fishbone.drawio\n' +
        '  debrief diagram INC-2026-014 --whys W-1 --format opml -o why.opml',
    )
    .action(async (ref: string, options: { whys?: string; format: string; output?: string }) => {
      const format = parseDiagramFormat(options.format);
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const { text } = renderDiagram(document, {
        format,
        ...(options.whys === undefined ? {} : { whys: options.whys }),
      });
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), text);
        ctx.note(`wrote ${options.output}`);
      } else {
        ctx.io.stdout(text);
      }
    });
}
