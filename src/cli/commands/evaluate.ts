/** `debrief evaluate FILE|ID`: the response evaluation scorecard. */
import type { Command } from 'commander';
import { scorecard } from '../../core/scorecard.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { type PlaybookOptions, playbookCheckOf, playbookOptions } from './playbook.js';

export function registerEvaluateCommand(program: Command, ctx: CliContext): void {
  playbookOptions(program.command('evaluate'), false)
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description(
      'score the response: clocks against targets, detection source, containment; with the computation',
    )
    .option('--json', 'print the scorecard as JSON')
    .addHelpText(
      'after',
      '\nEach clock with a target scores 100 within it, else 100 × target / actual. The detection source scores\n' +
        '100 (internal control), 75 (employee), 40 (third party), 25 (customer, law enforcement), 0 (attacker).\n' +
        'Containment scores 0 when a timeline entry with ATT&CK techniques follows it; scope at containment scores\n' +
        'known / final (evaluation.scope). Update cadence scores the longest gap between stakeholder-update\n' +
        'milestones against evaluation.updateCadence. Notification deadlines score the share met among those met or\n' +
        'missed (debrief compliance). With --playbook, adherence to the playbook is scored too (debrief playbook check).\n' +
        'The overall score is the mean of what can be computed (docs/analysis.md).\n\nExample:\n  debrief evaluate INC-2026-014',
    )
    .action(async (ref: string, options: PlaybookOptions & { json?: boolean }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const playbook = await playbookCheckOf(ctx, document, options);
      const card = scorecard(document, { at: ctx.io.now(), ...(playbook ? { playbook } : {}) });
      if (options.json) {
        ctx.json({ id: document.id, ...card });
        return;
      }
      ctx.out(`${document.id} — ${document.title}\n`);
      ctx.out(
        table(
          ['ASPECT', 'SCORE', 'HOW'],
          card.items.map((i) => [i.label, i.score === null ? '—' : String(i.score), i.computation]),
        ),
      );
      ctx.out(
        `\nOverall: ${card.overall === null ? 'not computable' : `${card.overall} / 100`} (mean of the scored aspects)`,
      );
      for (const [title, list] of [
        ['Strengths', card.strengths],
        ['Weaknesses', card.weaknesses],
        ['Lucky breaks', card.luckyBreaks],
      ] as const) {
        ctx.out(`\n${title}:`);
        ctx.out(list.length === 0 ? '  (none recorded)' : list.map((s) => `  - ${s}`).join('\n'));
      }
    });
}
