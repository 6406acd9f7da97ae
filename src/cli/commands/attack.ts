/** `debrief attack ...`: the MITRE ATT&CK catalogue, a post-mortem's attack path and the mitigations to consider. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import type { AttackCatalog } from '../../core/attack-catalog.js';
import { attackPath, mitigationDrafts } from '../../core/attack-path.js';
import { DomainError } from '../../core/errors.js';
import { addMitigationRecommendations } from '../../services/add-mitigation-recommendations.js';
import { attackLoadSummary } from '../../services/describe-catalogs.js';
import { exportAttackLayer } from '../../services/export-attack-layer.js';
import {
  loadAttackCatalog,
  NO_ATTACK_CATALOG,
  readAttackSource,
  storedAttackCatalog,
} from '../../services/load-attack-catalog.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { writeFileAtomic } from './documents.js';

/** The catalogue from `--bundle FILE`, else the stored one, else undefined. */
async function catalogFor(ctx: CliContext, bundle: string | undefined): Promise<AttackCatalog | undefined> {
  if (bundle !== undefined) return (await readAttackSource(ctx.path(bundle), bundle)).catalog;
  return storedAttackCatalog(await ctx.database());
}

const NO_CATALOG = `${NO_ATTACK_CATALOG} (or pass --bundle FILE)`;

export function registerAttackCommands(program: Command, ctx: CliContext): void {
  const attack = program
    .command('attack')
    .description('MITRE ATT&CK: load the catalogue, show the attack path, offer mitigations');

  attack
    .command('load')
    .argument(
      '<file-or-url>',
      'the ATT&CK STIX 2.1 bundle (enterprise-attack.json), a file or an http(s) URL',
    )
    .description('store the ATT&CK catalogue (tactics, techniques, mitigations), replacing the previous one')
    .option('--json', 'print what was loaded as JSON, every object skipped with its reason')
    .addHelpText(
      'after',
      '\nMITRE publishes the bundle at https://github.com/mitre-attack/attack-stix-data (enterprise-attack/).\n\n' +
        'Example:\n  debrief attack load enterprise-attack.json',
    )
    .action(async (source: string, options: { json?: boolean }) => {
      const isUrl = /^https?:\/\//i.test(source);
      if (isUrl) ctx.note(`downloading ${source}`);
      const read = await loadAttackCatalog(await ctx.database(), isUrl ? source : ctx.path(source), {
        label: source,
        now: ctx.io.now(),
        actor: ctx.actor,
      });
      if (options.json) {
        ctx.json(attackLoadSummary(read));
        return;
      }
      const { counts, catalog } = read;
      ctx.out(
        `loaded ATT&CK ${catalog.domain} (${catalog.version}): ${plural(counts.tactics, 'tactic')}, ` +
          `${plural(counts.techniques, 'technique')}, ${plural(counts.mitigations, 'mitigation')}, ` +
          `${plural(counts.mitigates, 'mitigation link')}`,
      );
      for (const s of read.skipped) ctx.note(`skipped ${s.id}: ${s.reason}`);
      ctx.out(catalog.credit);
    });

  attack
    .command('path')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('the ATT&CK techniques of the timeline in order of first occurrence, and the attack vector')
    .option('--bundle <file>', 'read the catalogue from this bundle instead of the stored one')
    .option('--json', 'print the path as JSON')
    .addHelpText('after', '\nExample:\n  debrief attack path INC-2026-014')
    .action(async (ref: string, options: { bundle?: string; json?: boolean }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const catalog = await catalogFor(ctx, options.bundle);
      const path = attackPath(document, catalog);
      if (options.json) {
        ctx.json({
          id: document.id,
          ...path,
          catalog: catalog ? { version: catalog.version, credit: catalog.credit } : null,
        });
        return;
      }
      if (path.steps.length === 0) ctx.out(`${document.id}: no ATT&CK techniques in the timeline`);
      else
        ctx.out(
          table(
            ['#', 'FIRST SEEN', 'ENTRY', 'TECHNIQUE', 'NAME', 'TACTICS'],
            path.steps.map((s, i) => [
              String(i + 1),
              s.at,
              s.entry,
              s.technique,
              s.name ?? '—',
              s.tactics.join(', ') || '—',
            ]),
          ),
        );
      ctx.out(
        `\nAttack vector: ${path.vector ? `${path.vector.technique}${path.vector.name ? ` ${path.vector.name}` : ''}, ${path.vectorReason}` : path.vectorReason}`,
      );
      for (const w of path.warnings) ctx.out(`warning: ${w}`);
      ctx.out(catalog ? `\n${catalog.credit}` : `\n${NO_CATALOG}`);
    });

  attack
    .command('layer')
    .argument('<id>', 'the id of a stored post-mortem')
    .description('the ATT&CK techniques seen, as an ATT&CK Navigator layer (JSON, layer format 4.5)')
    .option(
      '--score <how>',
      `events (entries, Sigma matches, tool detections) or phase (tactic order)`,
      'events',
    )
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nTechniques come from the curated timeline, Sigma matches (debrief sigma run) and detections imported from\n' +
        'other tools (events labelled threat.technique.id). Comments and links point back to the post-mortem\n' +
        '(with DEBRIEF_PUBLIC_URL). Open the file in the Navigator: Open Existing Layer, Upload from local.\n\n' +
        'Examples:\n  debrief attack layer INC-2026-014 -o INC-2026-014-layer.json\n' +
        '  debrief attack layer INC-2026-014 --score phase',
    )
    .action(async (id: string, options: { score: string; output?: string }) => {
      const layer = await exportAttackLayer(await ctx.database(), parsePostMortemId(id), {
        score: options.score,
        publicUrl: ctx.io.env.DEBRIEF_PUBLIC_URL,
      });
      const text = `${JSON.stringify(layer, null, 2)}\n`;
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), text);
        ctx.note(`wrote ${plural(layer.techniques.length, 'technique')} to ${options.output}`);
      } else ctx.io.stdout(text);
    });

  attack
    .command('mitigations')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('the ATT&CK mitigations of the techniques seen, as recommendation drafts')
    .option('--bundle <file>', 'read the catalogue from this bundle instead of the stored one')
    .option('--add', 'add the drafts no recommendation names yet to the stored post-mortem, as proposed')
    .option('--json', 'print the drafts as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  debrief attack mitigations INC-2026-014\n  debrief attack mitigations INC-2026-014 --add',
    )
    .action(async (ref: string, options: { bundle?: string; add?: boolean; json?: boolean }) => {
      const loaded = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const catalog = await catalogFor(ctx, options.bundle);
      if (!catalog) throw new DomainError('invalid_input', NO_CATALOG);
      const drafts = mitigationDrafts(loaded.document, catalog);
      if (options.add) {
        if (loaded.from !== 'database')
          throw new DomainError(
            'invalid_input',
            '--add changes a stored post-mortem: import the file first, then use its id',
          );
        const { added, version } = await addMitigationRecommendations(
          await ctx.database(),
          loaded.document.id,
          catalog,
          {
            now: ctx.io.now(),
          },
        );
        ctx.out(
          `added ${plural(added.length, 'recommendation')} to ${loaded.document.id} (version ${version}): ${added.map((r) => r.id).join(', ') || 'none'}`,
        );
        ctx.out(catalog.credit);
        return;
      }
      if (options.json) {
        ctx.json({
          id: loaded.document.id,
          drafts,
          catalog: { version: catalog.version, credit: catalog.credit },
        });
        return;
      }
      if (drafts.length === 0)
        ctx.out(`${loaded.document.id}: no ATT&CK mitigations for the techniques in the timeline`);
      else
        ctx.out(
          table(
            ['MITIGATION', 'NAME', 'TECHNIQUES', 'PRIORITY', 'RECOMMENDED'],
            drafts.map((d) => [
              d.mitigation,
              d.name,
              d.techniques.join(', '),
              d.draft.priority,
              d.recommendedBy ?? 'no',
            ]),
          ),
        );
      ctx.out(`\n${catalog.credit}`);
    });
}
