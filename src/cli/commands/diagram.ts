/** `debrief diagram FILE|ID`: the fishbone or a 5 Whys tree as Mermaid, draw.io, OPML or FreeMind. */
import type { Command } from 'commander';
import {
  type DiagramNode,
  fishboneTree,
  fiveWhysTree,
  toDrawio,
  toFreeMind,
  toMermaid,
  toOpml,
} from '../../core/diagram-exports.js';
import { DomainError } from '../../core/errors.js';
import { fishboneSvg } from '../../core/fishbone-svg.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';

const FORMATS = ['mermaid', 'svg', 'drawio', 'opml', 'mm'] as const;

export function registerDiagramCommand(program: Command, ctx: CliContext): void {
  program
    .command('diagram')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('export the fishbone or a 5 Whys tree for Mermaid, draw.io or a mind-map tool')
    .option('--whys <analysis>', 'the id of a 5 Whys analysis (default: the fishbone)')
    .option(
      '--format <format>',
      `${FORMATS.join(', ')} (FreeMind, which MindMeister and XMind import)`,
      'mermaid',
    )
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  debrief diagram INC-2026-014 --format drawio -o fishbone.drawio\n' +
        '  debrief diagram INC-2026-014 --whys W-1 --format opml -o why.opml',
    )
    .action(async (ref: string, options: { whys?: string; format: string; output?: string }) => {
      if (!(FORMATS as readonly string[]).includes(options.format))
        throw new DomainError('invalid_input', `--format must be one of ${FORMATS.join(', ')}`);
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      let tree: DiagramNode;
      if (options.whys === undefined) {
        tree = fishboneTree(document);
      } else {
        const analysis = document.analysis.fiveWhys.find((a) => a.id === options.whys);
        if (!analysis) {
          const known = document.analysis.fiveWhys.map((a) => a.id).join(', ') || 'none';
          throw new DomainError(
            'not_found',
            `${document.id} has no 5 Whys analysis ${options.whys} (it has: ${known})`,
          );
        }
        tree = fiveWhysTree(analysis);
      }
      if (options.format === 'svg' && options.whys !== undefined)
        throw new DomainError(
          'invalid_input',
          'svg draws the fishbone; for a 5 Whys tree use --format mermaid, drawio, opml or mm',
        );
      const title = `${document.id}: ${tree.text}`;
      const text =
        options.format === 'svg'
          ? fishboneSvg(tree, title)
          : options.format === 'drawio'
            ? toDrawio(tree, title)
            : options.format === 'opml'
              ? toOpml(tree, title)
              : options.format === 'mm'
                ? toFreeMind(tree)
                : `${toMermaid(tree)}\n`;
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), text);
        ctx.note(`wrote ${options.output}`);
      } else {
        ctx.io.stdout(text);
      }
    });
}
