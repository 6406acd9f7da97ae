/** `debrief metrics FILE|ID`: the incident clocks against their targets. */
import type { Command } from 'commander';
import { CLOCK_DEFINITIONS, computeClocks, isMeasured, listBreaches } from '../../core/clocks.js';
import { humanDuration } from '../../core/time.js';
import { CLOCK_NAMES } from '../../core/vocabulary.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

export function registerMetricsCommand(program: Command, ctx: CliContext): void {
  program
    .command('metrics')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('compute the incident clocks (dwell time, time to contain...) and compare them with targets')
    .option('--json', 'print one key per clock as JSON')
    .addHelpText(
      'after',
      '\nEach clock runs from the earliest timeline entry of one milestone kind to the earliest of another:\n' +
        Object.entries(CLOCK_DEFINITIONS)
          .map(([name, d]) => `  ${name.padEnd(24)} ${d.from} → ${d.to}`)
          .join('\n') +
        '\nA clock is approximate when an end is known only to the day or marked uncertain. Targets come from\n' +
        'evaluation.targets in the document, else from the defaults for its severity (docs/clocks.md).\n\n' +
        'Example:\n  debrief metrics INC-2026-014 --json',
    )
    .action(async (ref: string, options: { json?: boolean }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const clocks = computeClocks(document);
      if (options.json) {
        ctx.json(clocks);
        return;
      }
      const rows = CLOCK_NAMES.map((name) => {
        const clock = clocks[name];
        const target = clock.target
          ? `${clock.target.iso}${clock.target.source === 'default' ? ' (default)' : ''}`
          : '—';
        if (!isMeasured(clock))
          return [CLOCK_DEFINITIONS[name].label, '—', target, `not computable: ${clock.reason}`, ''];
        const status =
          clock.breached && clock.target
            ? `over target by ${humanDuration(clock.seconds - clock.target.seconds)}`
            : clock.target
              ? 'within target'
              : 'no target';
        return [
          CLOCK_DEFINITIONS[name].label,
          `${humanDuration(clock.seconds)}${clock.approximate ? ' ≈' : ''}`,
          target,
          status,
          `${clock.fromEntry} → ${clock.toEntry}`,
        ];
      });
      ctx.out(`${document.id} — ${document.title} (${document.severity} severity)\n`);
      ctx.out(table(['CLOCK', 'VALUE', 'TARGET', 'STATUS', 'ENTRIES'], rows));
      const breaches = listBreaches(clocks);
      ctx.out('');
      ctx.out(
        breaches.length === 0
          ? 'No clock exceeds its target.'
          : `Breaches:\n${breaches
              .map(
                (b) =>
                  `  - ${CLOCK_DEFINITIONS[b.clock].label}: ${humanDuration(b.seconds)} against ${b.target.iso}, over by ${humanDuration(b.overBy)}`,
              )
              .join('\n')}`,
      );
      if (rows.some((r) => r[1]?.endsWith('≈')))
        ctx.out('≈ approximate: a milestone is known only to the day or marked uncertain.');
    });
}
