/**
 * `debrief review submit|approve|request-changes|waive|publish|reopen|versions ID`: review and sign-off of a
 * stored post-mortem (core/sign-off.ts has the rules, docs/cli.md the reference).
 */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { formatPath } from '../../core/check.js';
import type { ApprovalProgress } from '../../core/sign-off.js';
import { explanationKey, SIGN_OFF_GATES, type SignOffGateResult } from '../../core/sign-off.js';
import { publishPostMortem } from '../../services/publish-post-mortem.js';
import { reviewOverviewOf } from '../../services/read-report-versions.js';
import { recordReviewDecision } from '../../services/record-review-decision.js';
import { reopenPostMortem } from '../../services/reopen-post-mortem.js';
import { submitForReview } from '../../services/submit-for-review.js';
import { waiveSignOffGate } from '../../services/waive-sign-off-gate.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';

/** The gate in a few lines: each gate clean, waived (by whom, why) or failing (with what). */
export function gateLines(gate: SignOffGateResult): string[] {
  const lines: string[] = [];
  for (const g of gate.gates) {
    const name = g.gate === 'blameless-lint' ? 'blameless lint' : 'compliance';
    if (g.clean) lines.push(`  ${name}: clean`);
    else if (g.waiver)
      lines.push(`  ${name}: waived by ${g.waiver.by} at ${g.waiver.at}: ${g.waiver.reason}`);
    else if (g.gate === 'blameless-lint') {
      lines.push(`  ${name}: ${plural(gate.lint.length, 'finding')}`);
      for (const f of gate.lint.slice(0, 10))
        lines.push(`    ${formatPath(f.path)} ${f.category} "${f.text}": ${f.suggestion}`);
      if (gate.lint.length > 10) lines.push(`    ... and ${gate.lint.length - 10} more ("debrief lint ID")`);
    } else {
      lines.push(`  ${name}: missed without an explanation:`);
      for (const r of gate.unexplained) lines.push(`    ${explanationKey(r)} (${r.title}): ${r.reason}`);
    }
  }
  lines.push(gate.passed ? 'gate: passes' : 'gate: blocks approval until fixed or waived');
  return lines;
}

function progressLine(progress: ApprovalProgress): string {
  const parts = [`approved: ${progress.approved.join(', ') || 'nobody yet'}`];
  if (progress.changesRequested.length > 0)
    parts.push(`changes requested: ${progress.changesRequested.join(', ')}`);
  if (progress.pending.length > 0) parts.push(`waiting for: ${progress.pending.join(', ')}`);
  return `round: ${parts.join('; ')}`;
}

export function registerReviewCommands(program: Command, ctx: CliContext): void {
  const review = program
    .command('review')
    .description(
      'review and sign-off: submit, approve, waive a gate, publish, reopen, list the frozen versions',
    )
    .addHelpText(
      'after',
      '\nWorkflow: draft → submit → in-review → every approver approves → approved (a frozen, hash-identified\n' +
        'version) → publish → published (read-only; reopen to change it). Reference: docs/cli.md',
    );
  const context = () => ({ now: ctx.io.now(), actor: `cli:${ctx.actor}` });

  review
    .command('submit')
    .argument('<id>', 'post-mortem id')
    .description('send a draft to review (draft → in-review); shows the approval gate')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await submitForReview(await ctx.database(), parsePostMortemId(id), context());
      if (options.json) return ctx.json(result);
      ctx.out(
        `${id}: submitted for review (version ${result.version}); approvers: ${result.approvers.join(', ')}`,
      );
      ctx.out(gateLines(result.gate).join('\n'));
    });

  for (const [name, decision] of [
    ['approve', 'approved'],
    ['request-changes', 'changes-requested'],
  ] as const) {
    review
      .command(name)
      .argument('<id>', 'post-mortem id')
      .description(
        decision === 'approved'
          ? 'record an approval; the last one needed freezes a new report version'
          : 'record that an approver asks for changes',
      )
      .requiredOption('--as <person>', 'the approver deciding: a person id with the role approver (P-01)')
      .option('--comment <text>', 'what the approver says with the decision')
      .option('--json', 'print the result as JSON')
      .action(async (id: string, options: { as: string; comment?: string; json?: boolean }) => {
        const result = await recordReviewDecision(
          await ctx.database(),
          parsePostMortemId(id),
          { person: options.as, decision, ...(options.comment ? { comment: options.comment } : {}) },
          context(),
        );
        if (options.json) return ctx.json(result);
        const what = decision === 'approved' ? 'approval' : 'request for changes';
        ctx.out(`${id}: ${what} by ${options.as} recorded (version ${result.version})`);
        if (result.frozen)
          ctx.out(
            `${id}: approved; report version ${result.frozen.number} frozen (${result.frozen.contentHash})`,
          );
        else ctx.out(progressLine(result.progress));
      });
  }

  review
    .command('waive')
    .argument('<id>', 'post-mortem id')
    .description(
      'let approval go ahead although a gate does not pass, with the reason (recorded and audited)',
    )
    .requiredOption('--gate <gate>', `the gate to waive: ${SIGN_OFF_GATES.join(' or ')}`)
    .requiredOption('--reason <text>', 'why approval may go ahead anyway (10 characters or more)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { gate: string; reason: string; json?: boolean }) => {
      const result = await waiveSignOffGate(
        await ctx.database(),
        parsePostMortemId(id),
        { gate: options.gate, reason: options.reason },
        context(),
      );
      if (options.json) return ctx.json(result);
      ctx.out(`${id}: ${options.gate} gate waived by ${result.waiver.by}`);
      ctx.out(gateLines(result.gate).join('\n'));
    });

  review
    .command('publish')
    .argument('<id>', 'post-mortem id')
    .description('publish an approved post-mortem (approved → published, read-only)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await publishPostMortem(await ctx.database(), parsePostMortemId(id), context());
      if (options.json) return ctx.json(result);
      ctx.out(`${id}: published report version ${result.reportVersion} (${result.contentHash})`);
    });

  review
    .command('reopen')
    .argument('<id>', 'post-mortem id')
    .description('reopen an approved or published post-mortem as a draft, to change it')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const result = await reopenPostMortem(await ctx.database(), parsePostMortemId(id), context());
      if (options.json) return ctx.json(result);
      ctx.out(
        `${id}: reopened as a draft (version ${result.version})` +
          (result.draftAfter ? `; the next approval makes report version ${result.draftAfter + 1}` : ''),
      );
    });

  review
    .command('versions')
    .argument('<id>', 'post-mortem id')
    .description('the frozen versions, the current approval round and the gate')
    .option('--json', 'print the overview as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const overview = await reviewOverviewOf(await ctx.database(), parsePostMortemId(id), ctx.io.now());
      if (options.json) return ctx.json(overview);
      if (overview.versions.length === 0) ctx.out(`${id}: no approved version yet`);
      else
        ctx.out(
          table(
            ['VERSION', 'REVISION', 'APPROVED', 'PUBLISHED', 'APPROVERS', 'HASH'],
            overview.versions.map((v) => [
              String(v.number),
              String(v.revision),
              v.approvedAt,
              v.publishedAt ?? '',
              v.approvers.map((a) => a.name).join(', '),
              v.contentHash,
            ]),
          ),
        );
      ctx.out(
        `${id}: ${overview.status} (revision ${overview.revision})` +
          (overview.draftAfter ? `, a draft after version ${overview.draftAfter}` : ''),
      );
      if (overview.status === 'in-review') ctx.out(progressLine(overview.round));
      if (overview.status === 'draft' || overview.status === 'in-review')
        ctx.out(gateLines(overview.gate).join('\n'));
    });
}
