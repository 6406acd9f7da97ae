/** `debrief ioc extract [FILE|-]`: the indicators of compromise in any text. */
import type { Command } from 'commander';
import { DomainError } from '../../core/errors.js';
import { EXTRACTED_TYPES, extractIndicators } from '../../core/indicator-extraction.js';
import { INDICATOR_EXPORT_FORMATS } from '../../core/indicator-sharing.js';
import { exportIndicators } from '../../services/export-indicators.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import { readTextFile } from '../../services/read-text-file.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { writeFileAtomic } from './documents.js';

/** Text larger than this is refused: extraction holds the whole text in memory. */
export const MAX_EXTRACT_BYTES = 64 * 1024 * 1024;

async function readStdin(ctx: CliContext): Promise<string> {
  if (!ctx.io.stdin) throw new DomainError('invalid_input', 'no standard input to read; name a file');
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of ctx.io.stdin()) {
    const part = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (bytes > MAX_EXTRACT_BYTES)
      throw new DomainError('too_large', `standard input is over ${MAX_EXTRACT_BYTES / 1024 / 1024} MiB`);
    text += part;
  }
  return text + decoder.decode();
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
    .description("share the post-mortem's indicators as a STIX 2.1 bundle, a MISP event or CSV")
    .option('--format <format>', INDICATOR_EXPORT_FORMATS.join(', '), 'stix')
    .option('--producer <name>', 'the organization named as producer (STIX identity, MISP Orgc)', 'Debrief')
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nSTIX: the producer identity, an indicator with a STIX pattern per indicator (a vulnerability per CVE),\n' +
        'a sighting with first and last seen, and "indicates" relationships to the ATT&CK techniques of the timeline\n' +
        'entries the indicator links to. Ids are stable: exporting again updates, never duplicates.\n\n' +
        'Examples:\n  debrief ioc export INC-2026-014 --producer "Korvalen CSIRT" -o iocs.stix.json\n' +
        '  debrief ioc export INC-2026-014 --format misp -o misp-event.json',
    )
    .action(async (ref: string, options: { format: string; producer: string; output?: string }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const result = exportIndicators(document, {
        format: options.format,
        producer: options.producer,
        now: ctx.io.now(),
      });
      for (const s of result.skipped) ctx.note(`skipped ${s.id}: ${s.reason}`);
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), result.text);
        ctx.note(`wrote ${result.count} indicators to ${options.output}`);
      } else {
        ctx.io.stdout(result.text);
      }
    });
}
