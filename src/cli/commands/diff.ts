/** `debrief diff ID V1 [V2]`: what changed between two versions of a post-mortem (frozen numbers or `current`). */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { diffReportVersions, parseVersionRef } from '../../services/diff-report-versions.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';

const COLOURS = {
  add: '\x1b[32m',
  remove: '\x1b[31m',
  hunk: '\x1b[36m',
  header: '\x1b[1m',
  reset: '\x1b[0m',
};

/** A unified diff coloured for a terminal: additions green, removals red, hunk headers cyan, file headers bold. */
export function colourPatch(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      const colour =
        line.startsWith('+++') || line.startsWith('---') || line.startsWith('===')
          ? COLOURS.header
          : line.startsWith('+')
            ? COLOURS.add
            : line.startsWith('-')
              ? COLOURS.remove
              : line.startsWith('@@')
                ? COLOURS.hunk
                : undefined;
      return colour && line !== '' ? `${colour}${line}${COLOURS.reset}` : line;
    })
    .join('\n');
}

export function registerDiffCommand(program: Command, ctx: CliContext): void {
  program
    .command('diff')
    .argument('<id>', 'post-mortem id')
    .argument('<from>', 'a version number (1, 2...) or "current"')
    .argument('[to]', 'a version number or "current" (the stored document)', 'current')
    .description(
      'show what changed between two versions of a post-mortem: frozen (approved) versions or current',
    )
    .option('--json', 'print the unified diff and the changed fields (added, removed, changed) as JSON')
    .addHelpText(
      'after',
      '\nThe diff compares the canonical YAML of both documents (as "debrief export" writes it), leaving out what\n' +
        'storage stamps (version, created, updated). Colours only on a terminal (and not with NO_COLOR).\n\n' +
        'Examples:\n  debrief diff INC-2026-014 1 2\n  debrief diff INC-2026-014 2          # version 2 against the current document\n' +
        '  debrief diff INC-2026-014 1 current --json',
    )
    .action(async (id: string, from: string, to: string, options: { json?: boolean }) => {
      const diff = await diffReportVersions(
        await ctx.database(),
        parsePostMortemId(id),
        parseVersionRef(from),
        parseVersionRef(to),
      );
      if (options.json) return ctx.json(diff);
      const colour = ctx.io.isTty && ctx.io.env.NO_COLOR === undefined;
      if (diff.changes.length === 0) {
        ctx.out(`${id}: no difference between ${from} and ${to}`);
        return;
      }
      ctx.out(colour ? colourPatch(diff.patch) : diff.patch);
      ctx.note(`${id}: ${plural(diff.changes.length, 'changed field')} from ${from} to ${to}`);
    });
}
