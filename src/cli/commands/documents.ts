/** `debrief import`, `export`, `list` and `show`: post-mortems in and out of the database. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { FileFormat } from '../../contract/post-mortem-file.js';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { computeClocks, isMeasured } from '../../core/clocks.js';
import { CURATED_EXPORT_FORMATS } from '../../core/curated-exports.js';
import { DomainError } from '../../core/errors.js';
import { earliestMilestones } from '../../core/milestones.js';
import type { PostMortem } from '../../core/model.js';
import { humanDuration } from '../../core/time.js';
import { CLOCK_NAMES, MILESTONE_KINDS } from '../../core/vocabulary.js';
import { exportCuratedTimelineOf, isCuratedExportFormat } from '../../services/export-curated-timeline.js';
import { exportPostMortem } from '../../services/export-post-mortem.js';
import { importPostMortem } from '../../services/import-post-mortem.js';
import { listPostMortems } from '../../services/list-post-mortems.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import { readValidPostMortemFile } from '../../services/read-post-mortem-file.js';
import type { CliContext } from '../context.js';
import { plural, table, wrap } from '../format.js';
import { integerOption } from '../options.js';

/** Writes a file atomically (temporary file, then rename), so an interrupted write never leaves half a file. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${randomUUID()}.debrief.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    throw new DomainError('file_unreadable', `cannot write ${path}: ${(error as Error).message}`);
  }
}

function formatOption(value: string): FileFormat {
  if (value !== 'yaml' && value !== 'json') {
    throw new DomainError(
      'invalid_input',
      `--format must be yaml, json, ${CURATED_EXPORT_FORMATS.join(' or ')}, not "${value}"`,
    );
  }
  return value;
}

export function registerDocumentCommands(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .argument('<file>', 'post-mortem file (YAML or JSON)')
    .description('store a post-mortem: create it, or update the stored one with the same id; prints the id')
    .option('--force', 'replace the stored post-mortem even if the file is based on an older version')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe file is validated first; an invalid file changes nothing. To update a stored post-mortem, export it,\n' +
        'edit the file and import it again: the file carries the version it was based on, and an import based\n' +
        'on an older version is refused (exit code 5) so nobody overwrites a colleague. Every stored version is\n' +
        'kept in the revision history, also when --force replaces a newer one.\n\n' +
        'Example:\n  debrief import examples/demo-post-mortem.yaml',
    )
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      const document = await readValidPostMortemFile(ctx.path(file), file);
      const result = await importPostMortem(await ctx.database(), document, {
        now: ctx.io.now(),
        force: options.force ?? false,
      });
      if (options.json) {
        ctx.json(result);
        return;
      }
      ctx.out(result.id);
      const detail =
        result.outcome === 'created'
          ? `created at version ${result.version}`
          : result.outcome === 'updated'
            ? `updated from version ${result.previousVersion} to ${result.version}`
            : `unchanged (the stored version ${result.version} has the same content)`;
      ctx.note(`${result.id} ${detail}`);
    });

  program
    .command('export')
    .argument('<id>', 'post-mortem id')
    .description(
      'write a stored post-mortem as its YAML or JSON file, or its curated timeline for Timesketch or DFIR-IRIS',
    )
    .option(
      '--format <format>',
      'yaml, json, timesketch (JSON lines) or iris (IRIS timeline CSV) (default: from the -o file name, else yaml)',
    )
    .option('-o, --output <path>', 'write to this file instead of stdout')
    .option('--force', 'overwrite the output file if it exists')
    .addHelpText(
      'after',
      '\nThe curated timeline goes to Timesketch as JSON lines (one event per entry, with message, datetime and\n' +
        'timestamp_desc) and to DFIR-IRIS as a timeline CSV (Timeline, Upload CSV). The indicators for IRIS are\n' +
        '"debrief ioc export ID --format iris".\n\n' +
        'Examples:\n  debrief export INC-2026-014 -o INC-2026-014.yaml\n  debrief export INC-2026-014 --format json\n' +
        '  debrief export INC-2026-014 --format timesketch -o INC-2026-014.jsonl',
    )
    .action(async (id: string, options: { format?: string; output?: string; force?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      // Without --format, the -o file name says: .json is JSON, .jsonl is Timesketch, anything else YAML.
      const format =
        options.format ??
        (options.output && /\.json$/i.test(options.output)
          ? 'json'
          : options.output && /\.jsonl$/i.test(options.output)
            ? 'timesketch'
            : 'yaml');
      const db = await ctx.database();
      const text = isCuratedExportFormat(format)
        ? (await exportCuratedTimelineOf(db, postMortemId, format)).text
        : await exportPostMortem(db, postMortemId, formatOption(format));
      if (!options.output) {
        ctx.io.stdout(text);
        return;
      }
      const path = ctx.path(options.output);
      if (existsSync(path) && !options.force) {
        throw new DomainError('invalid_input', `${options.output} exists; pass --force to overwrite it`);
      }
      await writeFileAtomic(path, text);
      ctx.note(`${id} written to ${options.output}`);
    });

  program
    .command('list')
    .description('list stored post-mortems, most recently updated first')
    .option('--limit <n>', 'how many to show (1-500)', integerOption('--limit'), 100)
    .option('--offset <n>', 'how many to skip', integerOption('--offset'), 0)
    .option('--json', 'print the page as JSON')
    .action(async (options: { limit: number; offset: number; json?: boolean }) => {
      const page = await listPostMortems(await ctx.database(), options);
      if (options.json) {
        ctx.json(page);
        return;
      }
      if (page.total === 0) {
        ctx.out(
          'No post-mortems yet. Create one with "debrief new" or import a file with "debrief import FILE".',
        );
        return;
      }
      ctx.out(
        table(
          ['ID', 'SEVERITY', 'STATUS', 'UPDATED', 'TITLE'],
          page.items.map((p) => [
            p.id,
            p.severity,
            p.status,
            p.updated.slice(0, 10),
            `${p.restricted ? '[restricted] ' : ''}${p.title}`,
          ]),
        ),
      );
      if (page.total > page.items.length) {
        ctx.note(
          `showing ${page.offset + 1}-${page.offset + page.items.length} of ${page.total}; use --offset for more`,
        );
      }
    });

  program
    .command('show')
    .argument('<id>', 'post-mortem id')
    .description('summarize a stored post-mortem: identity, milestones, clocks, analysis and follow-up')
    .option('--json', 'print the whole document as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const stored = await readPostMortem(await ctx.database(), postMortemId);
      if (options.json) ctx.json(stored.document);
      else ctx.out(describe(stored.document));
    });
}

function describe(doc: PostMortem): string {
  const lines: string[] = [];
  lines.push(`${doc.id}: ${doc.title}`);
  lines.push(
    `  ${doc.severity} severity · ${doc.status} · ${doc.types.join(', ')}${doc.restricted ? ' · restricted' : ''}` +
      ` · version ${doc.version ?? '-'} · updated ${doc.updated ?? '-'}`,
  );
  if (doc.tags.length) lines.push(`  tags: ${doc.tags.join(', ')}`);
  if (doc.summary.whatHappened)
    lines.push('', wrap(doc.summary.whatHappened.split(/\n\s*\n/)[0] ?? '', 100, '  '));
  const milestones = earliestMilestones(doc);
  lines.push('', 'Milestones:');
  for (const kind of MILESTONE_KINDS) {
    const m = milestones.get(kind);
    lines.push(`  ${kind.padEnd(26)} ${m ? `${m.entry.at}  (${m.entry.id})` : '—'}`);
  }
  const clocks = computeClocks(doc);
  lines.push('', 'Clocks:');
  for (const name of CLOCK_NAMES) {
    const c = clocks[name];
    const value = isMeasured(c)
      ? `${humanDuration(c.seconds)}${c.approximate ? ' (approximate)' : ''}${c.breached ? ' — over target' : ''}`
      : `— ${c.reason}`;
    lines.push(`  ${name.padEnd(26)} ${value}`);
  }
  const open = doc.recommendations.filter(
    (r) => !['verified', 'risk-accepted', 'rejected'].includes(r.status),
  );
  lines.push(
    '',
    `Contents: ${plural(doc.timeline.length, 'timeline entry', 'timeline entries')}, ${plural(doc.evidence.length, 'evidence item')}, ` +
      `${plural(doc.analysis.rootCauses.length, 'root cause')}, ${plural(doc.lessons.length, 'lesson')}, ` +
      `${plural(doc.recommendations.length, 'recommendation')} (${open.length} open), ${plural(doc.indicators.length, 'indicator')}`,
  );
  lines.push(`Report: debrief render ${doc.id} --format md`);
  return lines.join('\n');
}
