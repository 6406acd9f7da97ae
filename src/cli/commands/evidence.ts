/** `debrief evidence add|list|show|verify|rejects`: the evidence registry and its chain of custody. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { DomainError } from '../../core/errors.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../core/vocabulary.js';
import { addEvidence, type EvidenceDetails } from '../../services/add-evidence.js';
import { listEvidenceItems, listEvidenceRejects, showEvidence } from '../../services/read-evidence.js';
import { verifyEvidence } from '../../services/verify-evidence.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { ExitWith } from '../main.js';
import { integerOption } from '../options.js';

/** Options describing evidence, shared by `evidence add` and `ingest`. */
export interface EvidenceOptions {
  readonly description?: string;
  readonly collectedBy?: string;
  readonly collectedAt?: string;
  readonly sourceSystem?: string;
  readonly timezone?: string;
  readonly kind?: string;
  readonly title?: string;
}

/** Adds the evidence-describing options to a command. */
export function withEvidenceOptions(command: Command): Command {
  return command
    .option('--description <text>', 'what the file is')
    .option('--collected-by <name>', 'who collected it (recorded as the first custody entry)')
    .option(
      '--collected-at <instant>',
      'when it was collected, e.g. 2026-03-14T09:00:00Z (also dates yearless syslog)',
    )
    .option('--source-system <name>', 'the system it came from, e.g. "Okta", "dc01 Security log"')
    .option(
      '--timezone <zone>',
      'IANA zone of times without offset in it, e.g. Europe/Amsterdam (default UTC)',
    );
}

/** Evidence details from options, checked. */
export function evidenceDetails(options: EvidenceOptions): EvidenceDetails {
  if (options.kind !== undefined && !(EVIDENCE_KINDS as readonly string[]).includes(options.kind)) {
    throw new DomainError('invalid_input', `--kind must be one of ${EVIDENCE_KINDS.join(', ')}`);
  }
  return {
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.collectedBy === undefined ? {} : { collectedBy: options.collectedBy }),
    ...(options.collectedAt === undefined ? {} : { collectedAt: options.collectedAt }),
    ...(options.sourceSystem === undefined ? {} : { sourceSystem: options.sourceSystem }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options.kind === undefined ? {} : { kind: options.kind as EvidenceKind }),
    ...(options.title === undefined ? {} : { title: options.title }),
  };
}

/** Bytes in a short human form. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function registerEvidenceCommands(program: Command, ctx: CliContext): void {
  const evidence = program
    .command('evidence')
    .description('register evidence files, list them, check their integrity and chain of custody');

  withEvidenceOptions(
    evidence
      .command('add')
      .argument('<id>', 'post-mortem id')
      .argument('<files...>', 'files to register')
      .description('store files as evidence (SHA-256, blob store, chain of custody) without parsing them')
      .option('--title <title>', 'title of the evidence in the post-mortem (default: the file name)')
      .option('--kind <kind>', `evidence kind: ${EVIDENCE_KINDS.join(', ')} (default: from the file)`)
      .option('--json', 'print the registered evidence as JSON'),
  )
    .addHelpText(
      'after',
      '\nEach file is copied into the blob store under DEBRIEF_DATA/blobs, named by its SHA-256, and never changed\n' +
        'afterwards. Its custody log starts with "collected" (when --collected-by or --collected-at is given) and\n' +
        '"registered". A reference is added to the post-mortem\'s evidence list. Registering the same content again\n' +
        'finds the existing item.\n\nExample:\n  debrief evidence add INC-2026-014 okta.json --collected-by "J. Doe" --collected-at 2026-03-03T10:00:00Z',
    )
    .action(async (id: string, files: string[], options: EvidenceOptions & { json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const details = evidenceDetails(options);
      const db = await ctx.database();
      const results = [];
      for (const file of files) {
        const result = await addEvidence(db, ctx.blobs, postMortemId, ctx.path(file), details, {
          actor: ctx.actor,
          now: ctx.io.now(),
        });
        results.push({ file, ...result });
        if (!options.json) {
          const e = result.evidence;
          ctx.out(
            `${e.id}  ${e.sha256}  ${size(e.size)}  ${file}${result.outcome === 'existing' ? '  (already registered)' : ''}`,
          );
        }
      }
      if (options.json) ctx.json(results);
    });

  evidence
    .command('list')
    .argument('<id>', 'post-mortem id')
    .description('list the evidence of a post-mortem with hashes, custody and ingest state')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const db = await ctx.database();
      const rows = await listEvidenceItems(db, postMortemId);
      if (options.json) {
        ctx.json(rows);
        return;
      }
      if (rows.length === 0) {
        ctx.out(
          `${postMortemId} has no evidence yet. Add files with "debrief evidence add ${postMortemId} FILE" or "debrief ingest ${postMortemId} FILE".`,
        );
        return;
      }
      ctx.out(
        table(
          ['ID', 'FILE', 'SIZE', 'SHA-256', 'CUSTODY', 'PARSED'],
          rows.map((r) => [
            r.id,
            r.originalName,
            size(r.size),
            `${r.sha256.slice(0, 16)}…`,
            plural(r.custodyCount, 'entry', 'entries'),
            r.sources.length === 0
              ? '—'
              : r.sources
                  .map(
                    (s) =>
                      `${s.format} ${s.status === 'done' ? '' : `(${s.status}) `}${s.accepted} ok, ${s.rejected} rejected`,
                  )
                  .join('; '),
          ]),
        ),
      );
    });

  evidence
    .command('show')
    .argument('<id>', 'post-mortem id')
    .argument('<evidence>', 'evidence id, e.g. EV-0001')
    .description('show an evidence item and its full chain of custody')
    .option('--json', 'print as JSON')
    .action(async (id: string, evidenceId: string, options: { json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const db = await ctx.database();
      const item = await showEvidence(db, postMortemId, evidenceId);
      const { custody } = item;
      if (options.json) {
        ctx.json(item);
        return;
      }
      ctx.out(`${item.id}  ${item.originalName}  (${item.mediaType}, ${size(item.size)})`);
      ctx.out(`SHA-256     ${item.sha256}`);
      ctx.out(`registered  ${item.registeredAt} by ${item.registeredBy}`);
      for (const [label, value] of [
        [
          'collected',
          [item.collectedAt, item.collectedBy && `by ${item.collectedBy}`].filter(Boolean).join(' '),
        ],
        ['source', item.sourceSystem],
        ['time zone', item.timezone],
        ['description', item.description],
      ] as const) {
        if (value) ctx.out(`${label.padEnd(11)} ${value}`);
      }
      ctx.out('\nChain of custody:');
      ctx.out(
        table(
          ['#', 'ACTION', 'AT', 'BY', 'DETAILS', 'HASH'],
          custody.map((c) => [
            String(c.seq),
            c.action,
            c.at,
            c.actor,
            Object.entries(c.details)
              .filter(([, v]) => v !== null && v !== undefined)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(' ')
              .slice(0, 80),
            `${c.hash.slice(0, 12)}…`,
          ]),
        ),
      );
    });

  evidence
    .command('verify')
    .argument('<id>', 'post-mortem id')
    .argument('[evidence]', 'only this evidence item')
    .description('re-hash every evidence file and check every chain of custody; exit 1 if anything is broken')
    .option('--json', 'print the verification as JSON')
    .addHelpText(
      'after',
      '\nReports precisely: a missing or modified file (with its actual SHA-256), a custody entry that was modified,\n' +
        'deleted (in the middle or at the end), inserted or reordered, and a custody log moved onto another file.\n' +
        'When everything is intact, a "verified" entry is added to each custody log.',
    )
    .action(async (id: string, evidenceId: string | undefined, options: { json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      const results = await verifyEvidence(await ctx.database(), ctx.blobs, postMortemId, {
        actor: ctx.actor,
        now: ctx.io.now(),
        ...(evidenceId === undefined ? {} : { evidenceId }),
      });
      if (evidenceId !== undefined && results.length === 0) {
        throw new DomainError('not_found', `${postMortemId} has no evidence ${evidenceId}`);
      }
      const broken = results.filter((r) => !r.ok);
      if (options.json) {
        ctx.json({ ok: broken.length === 0, evidence: results });
      } else {
        for (const r of results) {
          if (r.ok) {
            ctx.out(
              `${r.evidenceId}  intact: ${plural(r.blobs.length, 'file')} match their SHA-256, ${plural(r.custodyEntries, 'custody entry', 'custody entries')} chain correctly`,
            );
            continue;
          }
          ctx.out(`${r.evidenceId}  BROKEN (${r.originalName})`);
          for (const b of r.blobs) {
            if (b.status === 'missing') ctx.out(`  - ${b.role} ${b.sha256} is missing from the blob store`);
            if (b.status === 'modified')
              ctx.out(
                `  - ${b.role} was modified: its SHA-256 is now ${b.actualSha256}, recorded ${b.sha256}`,
              );
          }
          for (const f of r.custody) ctx.out(`  - ${f.message}`);
        }
        if (results.length === 0) ctx.out(`${postMortemId} has no evidence to verify.`);
      }
      if (broken.length > 0) throw new ExitWith(1);
    });

  evidence
    .command('rejects')
    .argument('<id>', 'post-mortem id')
    .argument('[evidence]', 'only this evidence item')
    .description('list the records ingest could not parse, with their place, reason and first bytes')
    .option('--limit <n>', 'how many to show', integerOption('--limit'), 50)
    .option('--offset <n>', 'how many to skip', integerOption('--offset'), 0)
    .option('--json', 'print as JSON')
    .action(
      async (
        id: string,
        evidenceId: string | undefined,
        options: { limit: number; offset: number; json?: boolean },
      ) => {
        const postMortemId = parsePostMortemId(id);
        const db = await ctx.database();
        const page = await listEvidenceRejects(db, postMortemId, {
          limit: Math.min(Math.max(options.limit, 1), 10_000),
          offset: options.offset,
          ...(evidenceId === undefined ? {} : { evidenceId }),
        });
        if (options.json) {
          ctx.json(page);
          return;
        }
        if (page.total === 0) {
          ctx.out('No rejected records.');
          return;
        }
        for (const r of page.items) {
          const where = r.line === undefined ? `offset ${r.offset}` : `line ${r.line}`;
          ctx.out(
            `${r.evidenceId}${r.member ? `/${r.member}` : ''} ${where}: ${r.reason}\n    ${JSON.stringify(r.sample)}`,
          );
        }
        if (page.total > options.offset + page.items.length) {
          ctx.note(
            `showing ${options.offset + 1}-${options.offset + page.items.length} of ${page.total}; use --offset for more`,
          );
        }
      },
    );
}
