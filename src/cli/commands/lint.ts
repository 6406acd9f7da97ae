/** `debrief lint FILE|ID`: the blameless language review of a post-mortem's prose. */
import type { Command } from 'commander';
import { ENGLISH_RULES, type LintAudience, lintPostMortem } from '../../core/blameless.js';
import { formatPath } from '../../core/check.js';
import { DomainError } from '../../core/errors.js';
import { readRuleSet } from '../../services/lint-rules.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';
import { ExitWith } from '../main.js';

export function registerLintCommand(program: Command, ctx: CliContext): void {
  program
    .command('lint')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description(
      'review the prose for blaming, counterfactual and hindsight language (and legal words for outsiders)',
    )
    .option(
      '--audience <audience>',
      'internal, or external (adds legally loaded words: breach, violation...)',
      'internal',
    )
    .option('--rules <file>', 'a YAML or JSON file of extra rules, added to the defaults (docs/analysis.md)')
    .option('--json', 'print the findings as JSON')
    .addHelpText(
      'after',
      `\nDefault rules (English): ${ENGLISH_RULES.rules.map((r) => r.id).join(', ')}; and a cause (5 Whys answer,\n` +
        'root cause statement, contributing factor) that names someone from the people list.\n' +
        'Exit code 1 when there are findings, so CI can require a clean review.\n\n' +
        'Examples:\n  debrief lint INC-2026-014\n  debrief lint incident.yaml --audience external --json',
    )
    .action(async (ref: string, options: { audience: string; rules?: string; json?: boolean }) => {
      if (options.audience !== 'internal' && options.audience !== 'external')
        throw new DomainError('invalid_input', '--audience must be internal or external');
      const audience: LintAudience = options.audience;
      const extra = options.rules ? (await readRuleSet(ctx.path(options.rules), options.rules)).rules : [];
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const findings = lintPostMortem(document, { audience, rules: [...ENGLISH_RULES.rules, ...extra] });
      if (options.json) {
        ctx.json({
          id: document.id,
          audience,
          findings: findings.map((f) => ({ ...f, path: formatPath(f.path) })),
        });
      } else {
        for (const f of findings) {
          ctx.out(`${formatPath(f.path)} [${f.start}-${f.end}] ${f.category} "${f.text}": ${f.suggestion}`);
        }
        ctx.out(
          findings.length === 0
            ? `${document.id}: no blaming, counterfactual or hindsight language found (${audience} audience)`
            : `${document.id}: ${plural(findings.length, 'finding')} (${audience} audience)`,
        );
      }
      if (findings.length > 0) throw new ExitWith(1);
    });
}
