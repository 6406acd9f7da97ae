/** `debrief sigma ...`: Sigma detection rules over the working timeline. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import {
  loadSigma,
  type RuleMatches,
  type RuleNotRun,
  runSigma,
  sigmaMatchesOf,
} from '../../services/sigma.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { ProgressBar } from '../progress.js';

/** Rules not run, for people: problems with the rule itself one per rule, log sources not mapped counted. */
function reportNotRun(ctx: CliContext, notRun: readonly RuleNotRun[]): void {
  if (notRun.length === 0) return;
  const unmapped = notRun.filter((r) => r.unmappedSource !== undefined);
  const broken = notRun.filter((r) => r.unmappedSource === undefined);
  if (broken.length > 0) {
    ctx.out(`\n${plural(broken.length, 'rule')} not run because of what they contain:`);
    for (const r of broken) ctx.out(`  ${r.origin}${r.id ? ` (${r.id})` : ''}: ${r.problem}`);
  }
  if (unmapped.length > 0) {
    const bySource = new Map<string, number>();
    for (const r of unmapped) {
      const source = r.unmappedSource ?? '';
      bySource.set(source, (bySource.get(source) ?? 0) + 1);
    }
    ctx.out(
      `\n${plural(unmapped.length, 'rule')} not run because no event format Debrief reads has their log source ` +
        '(--json lists each rule):',
    );
    for (const [source, n] of [...bySource].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
      ctx.out(`  ${source}: ${plural(n, 'rule')}`);
  }
}

function matchTable(rules: readonly RuleMatches[]): string {
  return table(
    ['LEVEL', 'EVENTS', 'FIRST', 'RULE', 'ATT&CK', 'ID', 'AUTHOR'],
    rules.map((r) => [
      r.level ?? '—',
      String(r.events),
      r.first,
      r.title,
      r.techniques.join(', ') || '—',
      r.id,
      r.author ?? '—',
    ]),
  );
}

export function registerSigmaCommands(program: Command, ctx: CliContext): void {
  const sigma = program
    .command('sigma')
    .description('Sigma detection rules over the working timeline: load them, run them over a post-mortem');

  sigma
    .command('load')
    .argument('<dir>', 'a folder of Sigma rules (read recursively, every .yml and .yaml), or one rule file')
    .description(
      'check and store Sigma rules for every post-mortem (same id: the newer file replaces the older)',
    )
    .option('--replace', 'remove every stored rule first')
    .option('--json', 'print the summary as JSON, every rule not runnable with its reason')
    .addHelpText(
      'after',
      '\nSigmaHQ publishes its rules at https://github.com/SigmaHQ/sigma (rules/, rules-emerging-threats/, ...),\n' +
        'under the Detection Rule License 1.1: keep each rule’s author when you share what it found.\n\n' +
        'Examples:\n  debrief sigma load sigma/rules\n  debrief sigma load our-rules/ --replace',
    )
    .action(async (dir: string, options: { replace?: boolean; json?: boolean }) => {
      const summary = await loadSigma(await ctx.migratedHandle(), ctx.path(dir), {
        replace: options.replace === true,
        now: ctx.io.now(),
        actor: ctx.actor,
      });
      if (options.json) {
        ctx.json(summary);
        return;
      }
      ctx.out(
        `loaded ${plural(summary.loaded, 'rule')} from ${plural(summary.files, 'file')} of ${dir}: ` +
          `${summary.runnable} runnable, ${summary.notRunnable.length} not`,
      );
      reportNotRun(ctx, summary.notRunnable);
      if (summary.problems.length > 0) {
        ctx.out(`\n${plural(summary.problems.length, 'file')} not loaded:`);
        for (const p of summary.problems) ctx.out(`  ${p.origin}: ${p.reason}`);
      }
    });

  sigma
    .command('run')
    .argument('<id>', 'post-mortem id')
    .description(
      'evaluate the Sigma rules over every stored event of a post-mortem; matches tag the events (rule title, id, level, ATT&CK)',
    )
    .option('--rules <dir>', 'run the rules of this folder instead of the stored ones (they are not stored)')
    .option('--json', 'print the result as JSON, with every rule not run and why')
    .addHelpText(
      'after',
      '\nMatches replace those of an earlier run of the same rules. See them with\n' +
        '"debrief timeline ID --sigma" (or --sigma high, --sigma RULE-ID); high and critical ones are\n' +
        'patient-zero candidates ("debrief patient-zero ID").\n\n' +
        'Examples:\n  debrief sigma run INC-2026-014\n  debrief sigma run INC-2026-014 --rules sigma/rules/windows --json',
    )
    .action(async (id: string, options: { rules?: string; json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const bar = new ProgressBar(ctx.io, ctx.io.isTty && !options.json);
      bar.start();
      const summary = await runSigma(await ctx.migratedHandle(), ctx.blobs, postMortemId, {
        ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }),
        onProgress: (done, total) => bar.update('evaluating Sigma rules', done, total, done, 'count'),
      });
      bar.clear();
      if (options.json) {
        ctx.json({ id: postMortemId, ...summary });
        return;
      }
      ctx.out(
        `${postMortemId}: ${plural(summary.rules.run, 'rule')} over ${plural(summary.events, 'event')} of ` +
          `${plural(summary.sources, 'source')} in ${summary.seconds.toFixed(1)} s: ` +
          `${plural(summary.matchedEvents, 'event')} matched (${plural(summary.matches, 'match', 'matches')})`,
      );
      if (summary.byRule.length > 0) ctx.out(`\n${matchTable(summary.byRule)}`);
      for (const s of summary.skippedSources)
        ctx.out(`warning: ${s.evidence}${s.member ? `/${s.member}` : ''} not evaluated: ${s.reason}`);
      reportNotRun(ctx, summary.rules.notRun);
    });

  sigma
    .command('matches')
    .argument('<id>', 'post-mortem id')
    .description('the Sigma rules that matched events of a post-mortem in earlier runs, most severe first')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nThe events themselves: "debrief timeline ID --sigma RULE-ID".\n\nExample:\n  debrief sigma matches INC-2026-014',
    )
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await sigmaMatchesOf(await ctx.database(), parsePostMortemId(id));
      if (options.json) ctx.json(result);
      else if (result.rules.length === 0)
        ctx.out(`${result.id}: no Sigma matches (run "debrief sigma run ${result.id}")`);
      else ctx.out(matchTable(result.rules));
    });
}
