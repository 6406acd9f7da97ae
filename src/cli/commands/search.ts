/** `debrief search TEXT`: full-text search across the stored post-mortems. */
import type { Command } from 'commander';
import { searchPostMortems } from '../../services/search-post-mortems.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';

export function registerSearchCommand(program: Command, ctx: CliContext): void {
  program
    .command('search')
    .argument('<text...>', 'words, "phrases", OR, -excluded, prefix*')
    .description(
      'search every stored post-mortem (title, timeline, analysis, lessons...), best matches first',
    )
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      '\nA title or id match weighs three times a match elsewhere. Restricted post-mortems are counted, not shown.\n\n' +
        'Examples:\n  debrief search push fatigue\n  debrief search \'"access key" -test\'',
    )
    .action(async (words: string[], options: { json?: boolean }) => {
      const result = await searchPostMortems(await ctx.database(), words.join(' '));
      if (options.json) {
        ctx.json(result);
        return;
      }
      for (const hit of result.hits) {
        ctx.out(`${hit.id}  ${hit.title}  (score ${hit.score})`);
        for (const s of hit.snippets) ctx.out(`    ${s.path}: ${s.text}`);
      }
      ctx.out(
        `${result.hits.length === 0 ? 'no matches' : plural(result.hits.length, 'post-mortem')}${result.restrictedMatches > 0 ? `; ${result.restrictedMatches} restricted post-mortem(s) also match` : ''}`,
      );
    });
}
