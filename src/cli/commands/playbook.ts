/**
 * `debrief playbook check FILE|ID --playbook FILE`: the team's response playbook compared with what the curated
 * timeline shows; and the `--playbook`/`--map` options `evaluate` and `render` share.
 */
import type { Command } from 'commander';
import { DomainError } from '../../core/errors.js';
import type { PostMortem } from '../../core/model.js';
import { checkPlaybook, type PlaybookCheck } from '../../core/playbook.js';
import { humanDuration } from '../../core/time.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import { parsePlaybookMapping, readPlaybookFile } from '../../services/read-playbook.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

/** The options a command gets from `playbookOptions`. */
export interface PlaybookOptions {
  readonly playbook?: string;
  readonly map?: readonly string[];
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Adds `--playbook FILE` and the repeatable `--map STEP=ENTRY` to a command. */
export function playbookOptions(command: Command, required: boolean): Command {
  const describe = 'the incident response playbook (YAML or JSON) to compare with the timeline';
  if (required) command.requiredOption('--playbook <file>', describe);
  else command.option('--playbook <file>', describe);
  return command.option(
    '--map <step=entry>',
    'link a playbook step to a timeline entry (S3=T-12), or mark it not applicable (S3=n/a); repeatable',
    collect,
  );
}

/** The playbook check for a command's options, or undefined without `--playbook`. */
export async function playbookCheckOf(
  ctx: CliContext,
  document: PostMortem,
  options: PlaybookOptions,
): Promise<PlaybookCheck | undefined> {
  if (options.playbook === undefined) {
    if ((options.map ?? []).length > 0) throw new DomainError('invalid_input', '--map needs --playbook FILE');
    return undefined;
  }
  const playbook = await readPlaybookFile(ctx.path(options.playbook), options.playbook);
  return checkPlaybook(document, playbook, { mapping: parsePlaybookMapping(options.map ?? []) });
}

/** The check as an aligned table with a summary, for people. */
export function playbookText(check: PlaybookCheck): string {
  const rows = check.steps.map((s) => [
    s.step,
    s.phase,
    s.owner ?? '—',
    s.outcome === 'late' && s.lateBy !== undefined
      ? `late +${humanDuration(s.lateBy)}`
      : `${s.outcome}${s.lateBy !== undefined ? ` (late +${humanDuration(s.lateBy)})` : ''}`,
    s.entry ?? '—',
    s.at === undefined ? '—' : `${s.at.slice(0, 16).replace('T', ' ')}${s.approximate ? ' ≈' : ''}`,
    s.timing === undefined ? '—' : `${s.timing.withinText} from ${s.timing.from}`,
    `${s.title} — ${s.note}`,
  ]);
  const counts = Object.entries(check.counts)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  return [
    `Playbook: ${check.playbook.name} (version ${check.playbook.version})`,
    '',
    table(['STEP', 'PHASE', 'OWNER', 'OUTCOME', 'ENTRY', 'DONE (UTC)', 'TARGET', 'WHAT / WHY'], rows),
    '',
    `Steps: ${counts}`,
    `Adherence: ${check.score === null ? 'not computable' : `${check.score} / 100`} (${check.computation})`,
  ].join('\n');
}

export function registerPlaybookCommands(program: Command, ctx: CliContext): void {
  const playbook = program.command('playbook').description('compare the response with the team’s playbook');
  playbookOptions(
    playbook
      .command('check')
      .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
      .description('compare a playbook with the curated timeline: on time, late, out of order, skipped')
      .option('--json', 'print the comparison as JSON'),
    true,
  )
    .addHelpText(
      'after',
      '\nEach step is found by a tag on a timeline entry (playbook:S3), by --map S3=T-12, or by its match rules\n' +
        '(milestone, keywords, regex) among entries from detection on. The earliest such entry is when it was done.\n' +
        'Adherence is the mean over applicable steps: on time or done 1, late target / actual, out of order half,\n' +
        'skipped 0.\n\nExample:\n  debrief playbook check INC-2026-014 --playbook examples/playbook-phishing.yaml',
    )
    .action(async (ref: string, options: PlaybookOptions & { json?: boolean }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const check = (await playbookCheckOf(ctx, document, options)) as PlaybookCheck;
      if (options.json) {
        ctx.json({ id: document.id, ...check });
        return;
      }
      ctx.out(`${document.id} — ${document.title}`);
      ctx.out(playbookText(check));
    });
}
