/** `debrief compliance FILE|ID`: the regulatory notification clocks of a post-mortem. */
import type { Command } from 'commander';
import { DEFAULT_REGIME_TABLE, evaluateCompliance, type ObligationStatus } from '../../core/compliance.js';
import { DomainError } from '../../core/errors.js';
import { parseInstant } from '../../core/time.js';
import { readRegimeTable } from '../../services/compliance-table.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { ExitWith } from '../main.js';

const STATUS_WORDS: Readonly<Record<ObligationStatus, string>> = {
  met: 'met',
  missed: 'MISSED',
  due: 'due',
  'not-applicable': 'not applicable',
  'not-computable': 'not computable',
};

export function registerComplianceCommand(program: Command, ctx: CliContext): void {
  program
    .command('compliance')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('regulatory notification deadlines: what is due, met or missed, counted from the timeline')
    .option('--at <instant>', 'evaluate at this instant (ISO 8601 with offset) instead of now')
    .option('--regimes <file>', 'a YAML or JSON regime table replacing the shipped one (docs/compliance.md)')
    .option('--json', 'print every obligation as JSON')
    .addHelpText(
      'after',
      '\nThe regimes come from compliance.regimes; whether each obligation applies comes from\n' +
        'compliance.attributes; deadlines count from milestones of the curated timeline (awareness, detection,\n' +
        'classification, materiality-determination, ransom-payment) or from an earlier submission recorded in\n' +
        'compliance.notifications (matched by regime and obligation id). "Without undue delay" is not computable:\n' +
        'the time elapsed is shown instead. Exit code 1 when an obligation is missed.\n' +
        `Regime table ${DEFAULT_REGIME_TABLE.version}, reviewed ${DEFAULT_REGIME_TABLE.reviewed}. Not legal advice.\n\n` +
        'Examples:\n  debrief compliance INC-2026-014\n  debrief compliance incident.yaml --at 2026-03-04T09:00:00Z --json',
    )
    .action(async (ref: string, options: { at?: string; regimes?: string; json?: boolean }) => {
      const at = options.at ?? ctx.io.now();
      const parsed = parseInstant(at);
      if (!parsed.ok) throw new DomainError('invalid_input', `--at "${at}": ${parsed.reason}`);
      const regimeTable = options.regimes
        ? await readRegimeTable(ctx.path(options.regimes), options.regimes)
        : DEFAULT_REGIME_TABLE;
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const report = evaluateCompliance(document, { at, table: regimeTable });
      const missed = report.results.filter((r) => r.status === 'missed').length;
      if (options.json) {
        ctx.json({ id: document.id, ...report });
      } else {
        ctx.out(`${document.id} — ${document.title}`);
        ctx.out(`At ${report.at}; regime table ${report.tableVersion}. Not legal advice.\n`);
        if (report.results.length === 0) {
          ctx.out('No regimes listed: set compliance.regimes in the post-mortem (docs/compliance.md).');
        } else {
          ctx.out(
            table(
              ['REGIME', 'OBLIGATION', 'WITHIN', 'DUE', 'STATUS', 'WHY'],
              report.results.map((r) => [
                r.regime,
                `${r.obligation}${r.proposed ? ' (proposed)' : ''}${r.uncertain ? ' (verify)' : ''}`,
                r.period,
                r.due ?? '—',
                STATUS_WORDS[r.status],
                r.reason,
              ]),
            ),
          );
        }
        for (const n of report.unmatchedNotifications) ctx.out(`warning: notification ${n.id}: ${n.reason}`);
        const counts = (['due', 'met', 'missed'] as const).map(
          (s) => `${report.results.filter((r) => r.status === s).length} ${s}`,
        );
        ctx.out(`\n${plural(report.results.length, 'obligation')}: ${counts.join(', ')}`);
      }
      if (missed > 0) throw new ExitWith(1);
    });
}
