/** `debrief ingest ID FILE...`: evidence in, working timeline out. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import {
  type FileSummary,
  ingestFiles,
  ingestFormats,
  mappingPresets,
} from '../../services/ingest-evidence.js';
import { limitsFrom, parsingOptions } from '../../services/ingest-options.js';
import type { CliContext } from '../context.js';
import { plural } from '../format.js';
import { ExitWith } from '../main.js';
import { ProgressBar } from '../progress.js';
import { type EvidenceOptions, evidenceDetails, withEvidenceOptions } from './evidence.js';

function describeFile(ctx: CliContext, summary: FileSummary, postMortemId: string): void {
  if (summary.outcome === 'failed' && summary.sources.length === 0 && summary.error) {
    ctx.out(`${summary.file}: not ingested: ${summary.error}`);
    return;
  }
  const head = `${summary.evidenceId}  ${summary.file}`;
  if (summary.outcome === 'already-ingested') {
    const events = summary.sources.reduce((n, s) => n + s.accepted, 0);
    ctx.out(`${head}  already ingested (same SHA-256): ${plural(events, 'event')}, nothing to do`);
    return;
  }
  ctx.out(head);
  for (const s of summary.sources) {
    const where = s.member ? `${s.member}: ` : '';
    const span = s.firstTs ? `  ${s.firstTs} → ${s.lastTs}` : '';
    const resumed = s.resumedFrom
      ? ` (resumed after ${s.resumedFrom.toLocaleString('en')} records stored earlier)`
      : '';
    if (s.status === 'busy' || s.status === 'failed') {
      ctx.out(`  ${where}${s.format}: ${s.status === 'busy' ? 'not ingested' : 'stopped'}: ${s.error}`);
      continue;
    }
    ctx.out(
      `  ${where}${s.format}: ${plural(s.accepted, 'event')}, ${s.rejected.toLocaleString('en')} rejected${span}${resumed}`,
    );
    if (s.assumedTimes > 0) {
      ctx.out(
        `    ${plural(s.assumedTimes, 'time')} had no offset and were read as local time (set the zone with --timezone)`,
      );
    }
    for (const r of s.rejects.slice(0, 5)) {
      const at = r.where.line === undefined ? `offset ${r.where.offset}` : `line ${r.where.line}`;
      ctx.out(`    rejected ${at}: ${r.reason}\n      ${JSON.stringify(r.sample.slice(0, 120))}`);
    }
    if (s.rejected > 5)
      ctx.out(
        `    … all ${s.rejected.toLocaleString('en')}: debrief evidence rejects ID ${summary.evidenceId}`,
      );
  }
  for (const skip of summary.skipped) ctx.out(`  ${skip.member || '(file)'}: not parsed: ${skip.reason}`);
  const marks = summary.sourceMarks;
  if (marks !== undefined) {
    ctx.out(
      `  marked by the tool that wrote it: ${plural(marks.starred, 'event')} starred, ${plural(marks.tagged, 'event')} tagged (debrief timeline ${postMortemId} --starred)`,
    );
  }
}

/** A preset's description up to its column list (the first ': ' outside parentheses). */
function presetTitle(description: string): string {
  let depth = 0;
  for (let i = 0; i < description.length; i++) {
    const c = description[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && depth === 0) return description.slice(0, i);
  }
  return description;
}

export function registerIngestCommand(program: Command, ctx: CliContext): void {
  withEvidenceOptions(
    program
      .command('ingest')
      .argument('<id>', 'post-mortem id')
      .argument('<files...>', 'log files, exports or archives (.gz, .zip)')
      .description('register files as evidence and parse them into the working timeline')
      .option('--format <format>', 'auto (default) or a format name listed below', 'auto')
      .option(
        '--preset <name>',
        `field mapping for an EDR or SIEM export: ${mappingPresets()
          .map((p) => p.name)
          .join(', ')} (listed below)`,
      )
      .option(
        '--map <field=path...>',
        'map a source field to an event field for json/csv/tsv, e.g. --map @timestamp=EventTime --map host.name=Computer',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--year <year>', 'year of dates written without one (BSD syslog), when the file does not say')
      .option(
        '--no-indicators',
        'do not scan the new events for indicators now (debrief ioc scan does it later)',
      )
      .option('--json', 'print the summary as JSON'),
  )
    .addHelpText(
      'after',
      `\nFormats (detected from the content; --format forces one):\n${ingestFormats()
        .map((p) => `  ${p.name.padEnd(13)} ${p.description}`)
        .join('\n')}\n` +
        'gzip files and zip archives are decompressed transparently.\n\n' +
        `Presets (--preset; --map overrides a preset field by field; docs/ingest.md lists every column):\n${mappingPresets()
          .map((p) => `  ${p.name.padEnd(13)} ${presetTitle(p.description)}`)
          .join('\n')}\n\n` +
        'Nothing is lost: a record that cannot be parsed is stored as a reject with its line or offset, the reason and\n' +
        'its first 200 bytes (see "debrief evidence rejects"); the good records of the file are kept. Ingesting a\n' +
        'file already ingested does nothing. If ingest is interrupted, run the same command again: it resumes.\n' +
        'Limits (environment): DEBRIEF_MAX_RECORD_BYTES, DEBRIEF_MAX_DECOMPRESSED_BYTES, DEBRIEF_MAX_COMPRESSION_RATIO,\n' +
        'DEBRIEF_MAX_ARCHIVE_MEMBERS (see docs/ingest.md). DEBRIEF_PARSE_WORKER=0 parses in this thread instead of a\n' +
        'worker thread (slower; the result is the same).\n\n' +
        'Examples:\n  debrief ingest INC-2026-014 Security.evtx cloudtrail.json.gz\n' +
        '  debrief ingest INC-2026-014 export.csv --map @timestamp=EventTime --map host.name=Computer --timezone Europe/Berlin',
    )
    .action(
      async (
        id: string,
        files: string[],
        options: EvidenceOptions & {
          format: string;
          preset?: string;
          map?: string[];
          year?: string;
          indicators: boolean;
          json?: boolean;
        },
      ) => {
        const postMortemId = parsePostMortemId(id);
        const parsing = parsingOptions({
          format: options.format,
          ...(options.preset === undefined ? {} : { preset: options.preset }),
          ...(options.map === undefined ? {} : { map: options.map }),
          ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
          ...(options.year === undefined ? {} : { year: options.year }),
        });
        const limits = limitsFrom(ctx.io.env);
        const handle = await ctx.migratedHandle();
        const bar = new ProgressBar(ctx.io, ctx.io.isTty && !options.json);
        let current = '';
        const results = await ingestFiles(
          handle,
          ctx.blobs,
          postMortemId,
          files.map((f) => ctx.path(f)),
          {
            ...parsing,
            limits,
            details: evidenceDetails(options),
          },
          {
            actor: ctx.actor,
            now: ctx.io.now,
            ...(ctx.io.parseWorker === undefined ? {} : { parseWorker: ctx.io.parseWorker }),
            onProgress: (p) => {
              if (p.file !== current) {
                current = p.file;
                bar.start();
              }
              const label = `${p.phase === 'storing' ? 'storing ' : ''}${p.member || p.file.split('/').pop()}`;
              bar.update(label, p.bytesDone, p.bytesTotal, p.accepted + p.rejected);
            },
          },
        );
        bar.clear();
        // Paths as the user wrote them, not resolved.
        const shown = results.map((r, i) => ({ ...r, file: files[i] ?? r.file }));
        if (options.json) ctx.json(shown);
        else for (const summary of shown) describeFile(ctx, summary, postMortemId);
        if (options.indicators) {
          bar.start();
          const scan = await ctx.scanIndicators(postMortemId, (done, total) =>
            bar.update('scanning events for indicators', done, total, done, 'count'),
          );
          bar.clear();
          if (!options.json && scan.events > 0)
            ctx.note(
              `indicators: ${plural(scan.events, 'event')} scanned, ${plural(scan.indicators, 'indicator')} seen (debrief ioc list ${postMortemId})`,
            );
        }
        if (shown.some((r) => r.outcome === 'failed' || r.sources.length === 0)) throw new ExitWith(1);
      },
    );
}
