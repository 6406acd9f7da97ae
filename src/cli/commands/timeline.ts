/** `debrief timeline` and `debrief event`: query, curate and export the working timeline. */

import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { DomainError } from '../../core/errors.js';
import type { Milestone } from '../../core/model.js';
import {
  COMPLIANCE_REGIMES,
  DETECTION_SOURCES,
  MILESTONE_KINDS,
  type MilestoneKind,
} from '../../core/vocabulary.js';
import { EXPORT_FORMATS, type ExportFormat, exportTimeline } from '../../services/export-timeline.js';
import { markEvent } from '../../services/mark-event.js';
import { promoteEvent } from '../../services/promote-event.js';
import {
  type EventView,
  queryTimeline,
  type TimelineFilterInput,
  timelineHistogram,
} from '../../services/query-timeline.js';
import { showEvent } from '../../services/show-event.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { integerOption } from '../options.js';

type FilterOptions = TimelineFilterInput & { readonly limit: number; readonly after?: string };

function timeCell(event: EventView): string {
  return `${event.time.replace('T', ' ').replace('Z', '')}${event.timeAssumed ? '~' : ''}`;
}

function eventLine(event: EventView): string[] {
  const f = event.fields;
  return [
    timeCell(event),
    `${event.starred ? '*' : ''}${event.detections ? '!' : ''}${event.id}`,
    String(f.host ?? ''),
    String(f.user_name ?? ''),
    String(f.action ?? f.code ?? ''),
    event.message.slice(0, 100),
  ];
}

function filterInput(options: FilterOptions): TimelineFilterInput {
  const { limit: _l, after: _a, ...filter } = options;
  return filter;
}

export function registerTimelineCommands(program: Command, ctx: CliContext): void {
  program
    .command('timeline')
    .argument('<id>', 'post-mortem id')
    .description('query the working timeline: filters, full-text search, pages, histogram, export')
    .option('--from <instant>', 'events at or after this time (2026-03-14, 2026-03-14T09:00Z)')
    .option(
      '--to <instant>',
      'events up to this time, inclusive of its unit (--to 2026-03-14 includes that day)',
    )
    .option('--host <name>', 'host name (case-insensitive, * wildcard)')
    .option('--user <name>', 'user name (case-insensitive, * wildcard)')
    .option('--ip <address>', 'source, destination or host address')
    .option('--action <action>', 'event action (case-insensitive, * wildcard)')
    .option('--evidence <id>', 'events of one evidence item')
    .option('--q <text>', 'full-text search: words, "phrases", prefix*, OR, -exclude')
    .option('--starred', 'starred events only')
    .option('--tag <tag>', 'events with this tag')
    .option('--ioc <value>', 'events in which this indicator was seen (see debrief ioc list)')
    .option(
      '--sigma [rule-or-level]',
      'events a Sigma rule matched (debrief sigma run): any rule, a level and above (high), or a rule id',
    )
    .option(
      '--technique <id>',
      "events a tool's detection tied to this ATT&CK technique (T1059 includes T1059.001)",
    )
    .option('--rule <text>', 'events whose tool detection title contains this text (case-insensitive)')
    .option(
      '--level <level>',
      'events whose tool detection level is this or above (informational, low, medium, high, critical)',
    )
    .option('--limit <n>', 'events per page (1-1000)', integerOption('--limit'), 100)
    .option('--after <cursor>', 'the page after this cursor (printed at the end of a page)')
    .option('--histogram', 'print the number of events per time bucket instead of events')
    .option(
      '--export <format>',
      `write every matching event as ${EXPORT_FORMATS.join(' or ')} (jsonl is Timesketch's format)`,
    )
    .option('-o, --output <path>', 'with --export: the file to write (default stdout)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nEvents are sorted by time; a time marked ~ had no offset in the source and was read in an assumed zone.\n' +
        'An event id marked * is starred, ! was matched by a Sigma rule (see it with "debrief event show").\n' +
        'Event ids (EV-0001#1532: evidence and record number) are stable; use them with "debrief event".\n\n' +
        'Examples:\n  debrief timeline INC-2026-014 --host dc01 --from 2026-03-01 --to 2026-03-02\n' +
        '  debrief timeline INC-2026-014 --q \'"failed password" 203.0.113.9\'\n' +
        '  debrief timeline INC-2026-014 --export jsonl -o timeline.jsonl',
    )
    .action(
      async (
        id: string,
        options: FilterOptions & { histogram?: boolean; export?: string; output?: string; json?: boolean },
      ) => {
        const postMortemId = parsePostMortemId(id);
        const handle = await ctx.migratedHandle();
        if (options.export !== undefined) {
          if (!(EXPORT_FORMATS as readonly string[]).includes(options.export)) {
            throw new DomainError('invalid_input', `--export must be ${EXPORT_FORMATS.join(' or ')}`);
          }
          const path = options.output === undefined ? undefined : ctx.path(options.output);
          if (path !== undefined && existsSync(path))
            throw new DomainError('invalid_input', `${options.output} exists; choose another name`);
          const out = path === undefined ? undefined : createWriteStream(path);
          // Without -o the export goes to stdout, through the same stream interface as a file.
          const sink =
            out ??
            new Writable({
              write: (chunk: Buffer, _encoding, done) => {
                ctx.io.stdout(chunk.toString());
                done();
              },
            });
          const count = await exportTimeline(
            handle,
            postMortemId,
            filterInput(options),
            options.export as ExportFormat,
            sink,
            {
              actor: ctx.actor,
              now: ctx.io.now(),
              destination: options.output ?? 'stdout',
            },
          );
          if (out) {
            out.end();
            await once(out, 'finish');
          }
          ctx.note(
            `exported ${count.toLocaleString('en')} events${options.output ? ` to ${options.output}` : ''}`,
          );
          return;
        }
        if (options.histogram) {
          const histogram = await timelineHistogram(handle, postMortemId, filterInput(options));
          if (options.json) {
            ctx.json(histogram);
            return;
          }
          const max = Math.max(1, ...histogram.buckets.map((b) => b.count));
          for (const b of histogram.buckets) {
            ctx.out(
              `${b.start.replace('T', ' ').replace(':00.000Z', '')}  ${String(b.count).padStart(8)}  ${'#'.repeat(Math.ceil((b.count / max) * 50))}`,
            );
          }
          ctx.note(
            `${histogram.total.toLocaleString('en')} events, ${histogram.buckets.length} buckets of ${histogram.bucketMs / 1000} s`,
          );
          return;
        }
        const page = await queryTimeline(handle, postMortemId, options);
        if (options.json) {
          ctx.json(page);
          return;
        }
        if (page.items.length === 0) {
          ctx.out('No events match. Ingest evidence with "debrief ingest ID FILE", or loosen the filters.');
          return;
        }
        ctx.out(
          table(['TIME (UTC)', 'EVENT', 'HOST', 'USER', 'ACTION', 'MESSAGE'], page.items.map(eventLine)),
        );
        if (page.next) ctx.note(`next page: debrief timeline ${id} … --after ${page.next}`);
      },
    );

  const event = program
    .command('event')
    .description('look at one event, star or tag it, promote it to the curated timeline');

  event
    .command('show')
    .argument('<id>', 'post-mortem id')
    .argument('<event>', 'event id, e.g. EV-0001#1532')
    .description('show an event, its fields and its raw record as stored in the evidence')
    .option('--json', 'print as JSON')
    .action(async (id: string, eventId: string, options: { json?: boolean }) => {
      const shown = await showEvent(await ctx.migratedHandle(), ctx.blobs, parsePostMortemId(id), eventId);
      if (options.json) {
        ctx.json(shown);
        return;
      }
      const e = shown.event;
      ctx.out(`${e.id}  ${e.time}${e.timeAssumed ? ' (zone assumed)' : ''}  as written: ${e.timeText}`);
      ctx.out(
        `evidence ${e.evidence}${e.member ? `/${e.member}` : ''}, ${e.format}${e.line === undefined ? '' : `, line ${e.line}`}`,
      );
      ctx.out(`\n${e.message}\n`);
      for (const [k, v] of Object.entries(e.fields)) ctx.out(`  ${k.padEnd(20)} ${v}`);
      for (const [k, v] of Object.entries(e.labels ?? {})) ctx.out(`  ${`label.${k}`.padEnd(20)} ${v}`);
      if (e.starred || e.tags.length)
        ctx.out(
          `  ${'marks'.padEnd(20)} ${[e.starred ? 'starred' : '', ...e.tags].filter(Boolean).join(', ')}`,
        );
      for (const d of e.detections ?? [])
        ctx.out(
          `  ${'sigma'.padEnd(20)} ${d.level ?? 'no level'}: ${d.title} (${d.rule})${d.techniques.length ? ` ${d.techniques.join(', ')}` : ''}`,
        );
      ctx.out(`\nraw record (${shown.raw.bytes} bytes at offset ${shown.location.offset}):`);
      ctx.out(
        shown.raw.encoding === 'text' ? shown.raw.text : `${shown.raw.hex}${shown.raw.truncated ? ' …' : ''}`,
      );
    });

  event
    .command('star')
    .argument('<id>', 'post-mortem id')
    .argument('<event>', 'event id')
    .option('--off', 'remove the star')
    .description('star an event (or remove its star)')
    .action(async (id: string, eventId: string, options: { off?: boolean }) => {
      const view = await markEvent(
        await ctx.migratedHandle(),
        parsePostMortemId(id),
        eventId,
        { starred: !options.off },
        { actor: ctx.actor, now: ctx.io.now() },
      );
      ctx.out(`${view.id} ${view.starred ? 'starred' : 'not starred'}`);
    });

  event
    .command('tag')
    .argument('<id>', 'post-mortem id')
    .argument('<event>', 'event id')
    .argument('<tags...>', 'tags to add (or remove with --remove)')
    .option('--remove', 'remove these tags')
    .description('tag an event, e.g. lateral-movement, exfiltration')
    .action(async (id: string, eventId: string, tags: string[], options: { remove?: boolean }) => {
      const change = options.remove ? { removeTags: tags } : { addTags: tags };
      const view = await markEvent(await ctx.migratedHandle(), parsePostMortemId(id), eventId, change, {
        actor: ctx.actor,
        now: ctx.io.now(),
      });
      ctx.out(`${view.id} tags: ${view.tags.join(', ') || '(none)'}`);
    });

  event
    .command('promote')
    .argument('<id>', 'post-mortem id')
    .argument('<event>', 'event id')
    .description('add the event to the curated timeline, linked to it and its evidence')
    .option('--milestone <kind>', `make the entry a milestone: ${MILESTONE_KINDS.join(', ')}`)
    .option('--detection-source <source>', `with --milestone detection: ${DETECTION_SOURCES.join(', ')}`)
    .option('--recipient <who>', 'with --milestone notification: who was notified')
    .option('--regime <regime>', `with --milestone notification: ${COMPLIANCE_REGIMES.join(', ')}`)
    .option('--text <text>', 'text of the entry (default: the event message)')
    .option('--entry-id <id>', 'id of the new entry (default: the next free T-n)')
    .option('--json', 'print the new entry and the version as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  debrief event promote INC-2026-014 EV-0003#118 --milestone detection --detection-source internal-control',
    )
    .action(
      async (
        id: string,
        eventId: string,
        options: {
          milestone?: string;
          detectionSource?: string;
          recipient?: string;
          regime?: string;
          text?: string;
          entryId?: string;
          json?: boolean;
        },
      ) => {
        const milestone = milestoneFrom(options);
        const result = await promoteEvent(
          await ctx.migratedHandle(),
          parsePostMortemId(id),
          eventId,
          {
            ...(milestone === undefined ? {} : { milestone }),
            ...(options.text === undefined ? {} : { text: options.text }),
            ...(options.entryId === undefined ? {} : { entryId: options.entryId }),
          },
          { actor: ctx.actor, now: ctx.io.now() },
        );
        if (options.json) {
          ctx.json(result);
          return;
        }
        ctx.out(`${result.entry.id}  ${result.entry.at}  ${result.entry.text.slice(0, 80)}`);
        if (result.entry.attack.length > 0)
          ctx.out(`ATT&CK (from Sigma detections): ${result.entry.attack.join(', ')}`);
        ctx.note(`added to the curated timeline of ${id} (version ${result.version})`);
      },
    );
}

function milestoneFrom(options: {
  milestone?: string;
  detectionSource?: string;
  recipient?: string;
  regime?: string;
}): Milestone | undefined {
  if (options.milestone === undefined) return undefined;
  const kind = options.milestone as MilestoneKind;
  if (!(MILESTONE_KINDS as readonly string[]).includes(kind)) {
    throw new DomainError('invalid_input', `--milestone must be one of ${MILESTONE_KINDS.join(', ')}`);
  }
  if (kind === 'detection') {
    const source = options.detectionSource ?? 'unknown';
    if (!(DETECTION_SOURCES as readonly string[]).includes(source)) {
      throw new DomainError(
        'invalid_input',
        `--detection-source must be one of ${DETECTION_SOURCES.join(', ')}`,
      );
    }
    return { kind, source: source as (typeof DETECTION_SOURCES)[number] };
  }
  if (kind === 'notification') {
    if (!options.recipient)
      throw new DomainError('invalid_input', '--milestone notification needs --recipient');
    if (options.regime !== undefined && !(COMPLIANCE_REGIMES as readonly string[]).includes(options.regime)) {
      throw new DomainError('invalid_input', `--regime must be one of ${COMPLIANCE_REGIMES.join(', ')}`);
    }
    return {
      kind,
      recipient: options.recipient,
      ...(options.regime === undefined
        ? {}
        : { regime: options.regime as (typeof COMPLIANCE_REGIMES)[number] }),
    };
  }
  return { kind };
}
