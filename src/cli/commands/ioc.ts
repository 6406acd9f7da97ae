/** `debrief ioc extract [FILE|-]`: the indicators of compromise in any text. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { IRIS_TLPS } from '../../core/curated-exports.js';
import { DomainError } from '../../core/errors.js';
import { EXTRACTED_TYPES, extractIndicators } from '../../core/indicator-extraction.js';
import { INDICATOR_EXPORT_FORMATS } from '../../core/indicator-sharing.js';
import { addToAllowList, getAllowList, removeFromAllowList } from '../../services/allow-list.js';
import { exportIndicators } from '../../services/export-indicators.js';
import { importKnownBad, KNOWN_BAD_FORMATS, type KnownBadFormat } from '../../services/import-known-bad.js';
import { listPostMortemIndicators } from '../../services/list-indicators.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import { readTextFile } from '../../services/read-text-file.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { writeFileAtomic } from './documents.js';

/** Text larger than this is refused: extraction holds the whole text in memory. */
export const MAX_EXTRACT_BYTES = 64 * 1024 * 1024;

const readStdin = (ctx: CliContext): Promise<string> => ctx.readStdin(MAX_EXTRACT_BYTES);

/** The options of `debrief ioc export`. */
interface IocExportOptions {
  readonly format: string;
  readonly producer: string;
  readonly tlp: string;
  readonly output?: string;
}

export function registerIocCommands(program: Command, ctx: CliContext): void {
  const ioc = program.command('ioc').description('indicators of compromise: extract them from text');
  ioc
    .command('extract')
    .argument('[file]', 'a text file (report, e-mail, notes); - or nothing reads standard input')
    .description('find IP addresses, domains, URLs, e-mails, hashes, CVE and ATT&CK ids in text, refanged')
    .option('--json', `print { ${EXTRACTED_TYPES.join(', ')} }, each list sorted and unique`)
    .addHelpText(
      'after',
      '\nDefanged forms are found and refanged: hxxp(s), [.], (.), {.}, [dot], [at], (at), [://], [:].\n' +
        'Values are normalized (lower-case domains, e-mails, hashes, URL scheme and host; upper-case CVE ids).\n' +
        "A URL's host and an e-mail's domain are listed as domains too. Private addresses are kept.\n\n" +
        'Examples:\n  debrief ioc extract threat-report.txt --json\n  pbpaste | debrief ioc extract',
    )
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const text =
        file === undefined || file === '-'
          ? await readStdin(ctx)
          : await readTextFile(ctx.path(file), file, MAX_EXTRACT_BYTES, 'a text to extract from');
      const found = extractIndicators(text);
      if (options.json) {
        ctx.json(found);
        return;
      }
      const rows = EXTRACTED_TYPES.flatMap((type) => found[type].map((value) => [type, value]));
      ctx.out(rows.length === 0 ? 'no indicators found' : table(['TYPE', 'VALUE'], rows));
    });

  ioc
    .command('export')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description("share the post-mortem's indicators as a STIX 2.1 bundle, a MISP event, CSV or IRIS IOC CSV")
    .option('--format <format>', INDICATOR_EXPORT_FORMATS.join(', '), 'stix')
    .option('--producer <name>', 'the organization named as producer (STIX identity, MISP Orgc)', 'Debrief')
    .option('--tlp <tlp>', `with --format iris: every indicator's TLP (${IRIS_TLPS.join(', ')})`, 'amber')
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nSTIX: the producer identity, an indicator with a STIX pattern per indicator (a vulnerability per CVE),\n' +
        'a sighting with first and last seen, and "indicates" relationships to the ATT&CK techniques of the timeline\n' +
        'entries the indicator links to. Ids are stable: exporting again updates, never duplicates.\n\n' +
        'Examples:\n  debrief ioc export INC-2026-014 --producer "Korvalen CSIRT" -o iocs.stix.json\n' +
        '  debrief ioc export INC-2026-014 --format misp -o misp-event.json\n' +
        '  debrief ioc export INC-2026-014 --format iris --tlp green -o iris-iocs.csv',
    )
    .action(async (ref: string, options: IocExportOptions) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const result = exportIndicators(document, {
        format: options.format,
        producer: options.producer,
        now: ctx.io.now(),
        tlp: options.tlp,
      });
      for (const s of result.skipped) ctx.note(`skipped ${s.id}: ${s.reason}`);
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), result.text);
        ctx.note(`wrote ${result.count} indicators to ${options.output}`);
      } else {
        ctx.io.stdout(result.text);
      }
    });

  ioc
    .command('scan')
    .argument('<id>', 'post-mortem id')
    .description(
      'scan the stored events not scanned yet for indicators (ingest does this unless --no-indicators)',
    )
    .action(async (id: string) => {
      const postMortemId = parsePostMortemId(id);
      const db = await ctx.database();
      await readPostMortem(db, postMortemId);
      const bar = new ProgressBar(ctx.io, ctx.io.isTty);
      bar.start();
      const scan = await ctx.scanIndicators(postMortemId, (done, total) =>
        bar.update('scanning events for indicators', done, total, done, 'count'),
      );
      bar.clear();
      ctx.out(
        scan.sources === 0
          ? `${postMortemId}: every source is already scanned`
          : `${postMortemId}: ${plural(scan.events, 'event')} of ${plural(scan.sources, 'source')} scanned, ${plural(scan.sightings, 'sighting')} of ${plural(scan.indicators, 'indicator')}`,
      );
    });

  ioc
    .command('list')
    .argument('<id>', 'post-mortem id')
    .description('the indicators of a post-mortem: seen in events, known-bad, or named in its text')
    .option('--type <type>', `only this type: ${EXTRACTED_TYPES.filter((t) => t !== 'attack').join(', ')}...`)
    .option('--known-bad', 'only indicators from known-bad lists (debrief ioc import)')
    .option('--all', 'also the allow-listed ones (hidden by default, and counted)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nPivot to the events of one: debrief timeline ID --ioc VALUE\n\nExample:\n  debrief ioc list INC-2026-014 --known-bad',
    )
    .action(
      async (id: string, options: { type?: string; knownBad?: boolean; all?: boolean; json?: boolean }) => {
        const postMortemId = parsePostMortemId(id);
        const list = await listPostMortemIndicators(await ctx.database(), postMortemId, {
          ...(options.type === undefined ? {} : { type: options.type }),
          ...(options.knownBad ? { knownBad: true } : {}),
          ...(options.all ? { all: true } : {}),
        });
        if (options.json) {
          ctx.json({ id: postMortemId, ...list });
          return;
        }
        ctx.out(
          list.indicators.length === 0
            ? `${postMortemId}: no indicators`
            : table(
                [
                  'TYPE',
                  'VALUE',
                  'EVENTS',
                  'FIRST SEEN',
                  'LAST SEEN',
                  'HOSTS',
                  'KNOWN-BAD',
                  'IN TEXT',
                  'ALLOWED',
                ],
                list.indicators.map((i) => [
                  i.type,
                  i.value,
                  String(i.events),
                  i.firstSeen ?? '—',
                  i.lastSeen ?? '—',
                  i.hosts.slice(0, 3).join(' ') + (i.hosts.length > 3 ? ' …' : '') || '—',
                  i.knownBad === null ? '' : 'yes',
                  i.inDocument.length > 0 ? 'yes' : '',
                  i.allowedBy ?? '',
                ]),
              ),
        );
        const hidden = Object.entries(list.hidden);
        if (hidden.length > 0)
          ctx.out(
            `\n${plural(
              hidden.reduce((n, [, c]) => n + c, 0),
              'allow-listed indicator',
            )} hidden (${hidden.map(([e, n]) => `${e}: ${n}`).join(', ')}); --all shows them`,
          );
        if (list.unscannedEvents > 0)
          ctx.out(
            `${plural(list.unscannedEvents, 'event')} not scanned yet: run "debrief ioc scan ${postMortemId}"`,
          );
      },
    );

  ioc
    .command('import')
    .argument('<id>', 'post-mortem id')
    .argument(
      '<files...>',
      'known-bad lists: text, CSV, a STIX 2.1 bundle, a MISP event JSON, DFIR-IRIS IOCs or TheHive observables',
    )
    .description('mark known-bad indicators; they are matched against every event, now and later')
    .option('--format <format>', KNOWN_BAD_FORMATS.join(', '), 'auto')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nText: indicators anywhere on each line (# starts a comment). CSV: a value, indicator, ioc or observable\n' +
        'column, optional type and description columns. STIX: indicator patterns of = comparisons joined by OR.\n' +
        'MISP (misp, misp-json): attributes with to_ids set. IRIS (iris-csv, iris-json): every IOC of the IOC CSV\n' +
        '(ioc_value,ioc_type,...) or of an IOC list or case export. TheHive (thehive-json): observables flagged ioc.\n' +
        'Every line or object that gives no indicator is listed with the reason.\n\n' +
        'Example:\n  debrief ioc import INC-2026-014 feed.stix.json blocklist.txt',
    )
    .action(async (id: string, files: string[], options: { format: string; json?: boolean }) => {
      const postMortemId = parsePostMortemId(id);
      if (!(KNOWN_BAD_FORMATS as readonly string[]).includes(options.format))
        throw new DomainError('invalid_input', `--format must be one of ${KNOWN_BAD_FORMATS.join(', ')}`);
      const db = await ctx.database();
      await readPostMortem(db, postMortemId);
      const summaries = [];
      for (const file of files)
        summaries.push(
          await importKnownBad(db, postMortemId, ctx.path(file), {
            label: file,
            format: options.format as KnownBadFormat,
          }),
        );
      if (options.json) {
        ctx.json(summaries);
        return;
      }
      for (const s of summaries) {
        ctx.out(
          `${s.file} (${s.format}): ${plural(s.indicators, 'known-bad indicator')}, ${s.seen} already seen in events`,
        );
        for (const r of s.rejected) ctx.out(`  not read: ${r.origin}: ${r.reason}`);
      }
    });

  const allow = ioc
    .command('allow')
    .description('the allow-list: internal ranges and domains hidden from indicator lists');
  allow
    .command('add')
    .argument('<entries...>', 'IPv4 addresses or CIDR ranges (10.0.0.0/8), or domains (corp.example.com)')
    .description('add entries to the allow-list')
    .action(async (entries: string[]) => {
      const list = await addToAllowList(await ctx.database(), entries);
      ctx.out(`allow-list: ${[...list.cidrs, ...list.domains].join(', ')}`);
    });
  allow
    .command('remove')
    .argument('<entries...>', 'entries to remove')
    .description('remove entries from the allow-list')
    .action(async (entries: string[]) => {
      const list = await removeFromAllowList(await ctx.database(), entries);
      ctx.out(`allow-list: ${[...list.cidrs, ...list.domains].join(', ') || '(empty)'}`);
    });
  allow
    .command('list')
    .description('show the allow-list')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await getAllowList(await ctx.database());
      if (options.json) ctx.json(list);
      else ctx.out([...list.cidrs, ...list.domains].join('\n') || '(empty)');
    });
}
