/** `debrief insights`: what the post-mortems teach together. */
import type { Command } from 'commander';
import { humanDuration } from '../../core/time.js';
import { insightsAcross } from '../../services/insights.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export function registerInsightsCommand(program: Command, ctx: CliContext): void {
  program
    .command('insights')
    .description('learning across incidents: clock trends, recurring causes, techniques, follow-through')
    .option('--since <date>', 'only post-mortems created on or after this date (YYYY-MM-DD)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nRestricted post-mortems count in the figures but never show their ids or owners.\n\nExample:\n  debrief insights --since 2026-01-01',
    )
    .action(async (options: { since?: string; json?: boolean }) => {
      const insights = await insightsAcross(await ctx.database(), {
        ...(options.since === undefined ? {} : { since: options.since }),
        now: ctx.io.now(),
      });
      if (options.json) {
        ctx.json(insights);
        return;
      }
      const section = (title: string, body: string) => ctx.out(`\n${title}\n${body}`);
      ctx.out(
        `${insights.postMortems} post-mortems${insights.restricted > 0 ? ` (${insights.restricted} restricted)` : ''}${insights.since ? ` since ${insights.since}` : ''}`,
      );
      section(
        'Clocks (median, p90) per quarter and severity',
        insights.clockTrends.length === 0
          ? '  none measured'
          : table(
              ['CLOCK', 'QUARTER', 'SEVERITY', 'N', 'MEDIAN', 'P90'],
              insights.clockTrends.map((t) => [
                t.clock,
                t.quarter,
                t.severity,
                String(t.count),
                humanDuration(t.medianSeconds),
                humanDuration(t.p90Seconds),
              ]),
            ),
      );
      section(
        'Recurring root-cause categories',
        insights.rootCauseCategories
          .map((c) => `  ${c.category}: ${c.count} in ${c.postMortems} post-mortem(s)`)
          .join('\n') || '  none',
      );
      section(
        'Contributing factors',
        insights.contributingFactorCategories.map((c) => `  ${c.category}: ${c.count}`).join('\n') ||
          '  none',
      );
      section(
        'Most frequent ATT&CK techniques',
        insights.techniques
          .slice(0, 10)
          .map((t) => `  ${t.technique}: ${t.postMortems} post-mortem(s)`)
          .join('\n') || '  none',
      );
      section(
        'Initial access',
        insights.initialAccess.map((t) => `  ${t.technique}: ${t.postMortems}`).join('\n') ||
          '  none recorded',
      );
      const r = insights.recommendations;
      section(
        'Recommendations',
        `  ${r.total} in all; completed ${percent(r.completionRate)}, verified ${percent(r.verificationRate)} of done; median ${r.medianDaysToClose === null ? '—' : `${r.medianDaysToClose.toFixed(1)} days`} to close`,
      );
      if (insights.onThisDay.length > 0)
        section(
          'On this day',
          insights.onThisDay
            .map(
              (d) =>
                `  ${d.id} (${d.yearsAgo} year${d.yearsAgo === 1 ? '' : 's'} ago): ${d.title}; ${d.openActions} action(s) still open`,
            )
            .join('\n'),
        );
      section(
        'Overdue by owner',
        insights.overdueByOwner
          .map(
            (o) =>
              `  ${o.owner}: ${o.overdue}${o.postMortems.length > 0 ? ` (${o.postMortems.join(', ')})` : ''}`,
          )
          .join('\n') || '  none',
      );
    });
}
