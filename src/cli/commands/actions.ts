/**
 * `debrief actions`, `debrief actions export` and `debrief action update`: recommendations across post-mortems,
 * their export to issue trackers, and their lifecycle.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { DomainError } from '../../core/errors.js';
import { OPEN_STATUSES, TRANSITIONS } from '../../core/recommendation-lifecycle.js';
import { isCalendarDate } from '../../core/time.js';
import { isTrackerFormat, TRACKER_FORMATS, trackerCsv } from '../../core/tracker-csv.js';
import {
  PRIORITIES,
  type Priority,
  RECOMMENDATION_STATUSES,
  type RecommendationStatus,
} from '../../core/vocabulary.js';
import { type ActionFilter, listActions, trackerActions, updateAction } from '../../services/actions.js';
import type { CliContext } from '../context.js';
import { plural, table } from '../format.js';
import { writeFileAtomic } from './documents.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The filters `debrief actions` and `debrief actions export` share. */
interface FilterOptions {
  postMortem?: string;
  owner?: string;
  status?: string[];
  overdue?: boolean;
  dueWithin?: string;
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--post-mortem <id>', 'only this post-mortem')
    .option('--owner <owner>', 'a person id, a person name or an owner name (case-insensitive)')
    .option(
      '--status <status>',
      `only these statuses (repeat): ${RECOMMENDATION_STATUSES.join(', ')}`,
      collect,
    )
    .option('--overdue', 'only open actions past their due date')
    .option(
      '--due-within <time>',
      'only open actions due within this time (7d, 2w, P30D), overdue ones included',
    );
}

function actionFilter(options: FilterOptions): ActionFilter {
  return {
    ...(options.postMortem === undefined ? {} : { postMortem: parsePostMortemId(options.postMortem) }),
    ...(options.owner === undefined ? {} : { owner: options.owner }),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.overdue ? { overdue: true } : {}),
    ...(options.dueWithin === undefined ? {} : { dueWithin: options.dueWithin }),
  };
}

export function registerActionCommands(program: Command, ctx: CliContext): void {
  const actions = withFilterOptions(
    program
      .command('actions')
      .description('recommendations across all stored post-mortems: status, owner, due date, overdue'),
  )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  debrief actions --overdue\n  debrief actions --owner P-03 --due-within 7d\n  debrief actions --status accepted --status in-progress --json\n  debrief actions export --format jira --overdue -o overdue.csv',
    )
    .action(async (options: FilterOptions & { json?: boolean }) => {
      const rows = await listActions(await ctx.database(), actionFilter(options), { now: ctx.io.now() });
      if (options.json) {
        ctx.json(rows);
        return;
      }
      if (rows.length === 0) {
        ctx.out('no matching actions');
        return;
      }
      ctx.out(
        table(
          ['POST-MORTEM', 'ID', 'TITLE', 'STATUS', 'PRIORITY', 'OWNER', 'DUE', ''],
          rows.map((r) => [
            r.postMortem,
            r.id,
            r.title.length > 60 ? `${r.title.slice(0, 59)}…` : r.title,
            r.status,
            r.suggestedPriority !== null && r.suggestedPriority !== r.priority
              ? `${r.priority} (suggests ${r.suggestedPriority})`
              : r.priority,
            r.ownerName ?? '—',
            r.due ?? '—',
            r.overdue
              ? `OVERDUE ${-(r.daysLeft ?? 0)}d`
              : r.daysLeft !== null && r.daysLeft >= 0 && OPEN_STATUSES.has(r.status)
                ? `in ${r.daysLeft}d`
                : '',
          ]),
        ),
      );
      const overdue = rows.filter((r) => r.overdue).length;
      ctx.out(`\n${plural(rows.length, 'action')}${overdue > 0 ? `, ${overdue} overdue` : ''}`);
    });

  withFilterOptions(
    actions
      .command('export')
      .description('the actions as a CSV file to bulk-create tickets in Jira, Trello, Asana or monday.com'),
  )
    .requiredOption('--format <format>', TRACKER_FORMATS.join(', '))
    .option('-o, --output <path>', 'write to this file (refused if it exists) instead of stdout')
    .option(
      '--base-url <url>',
      "Debrief's address, to link each ticket to its post-mortem (default: DEBRIEF_PUBLIC_URL)",
    )
    .addHelpText(
      'after',
      '\nEvery ticket names its post-mortem and recommendation (INC-2026-014 / R-03) in the description, and as a\n' +
        'label or tag where the tracker has them, so importing the same action twice is easy to spot. Cells that a\n' +
        'spreadsheet would run as formulas are neutralized. Columns and mappings: docs/follow-through.md.\n\n' +
        'Examples:\n  debrief actions export --format jira --status accepted --status in-progress -o actions.csv\n' +
        '  debrief actions export --format asana --post-mortem INC-2026-014 > INC-2026-014-asana.csv',
    )
    .action(async (_options: unknown, command: Command) => {
      // Commander hands a filter to `actions` whether it is written before or after "export" (both commands
      // declare it, for --help), so the filters are read from both.
      const options = command.optsWithGlobals<
        FilterOptions & { format: string; output?: string; baseUrl?: string; json?: boolean }
      >();
      if (options.json) throw new DomainError('invalid_input', '--json is not an option of actions export');
      const baseUrl = options.baseUrl ?? (ctx.io.env.DEBRIEF_PUBLIC_URL || undefined);
      if (!isTrackerFormat(options.format))
        throw new DomainError('invalid_input', `--format must be one of ${TRACKER_FORMATS.join(', ')}`);
      if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl))
        throw new DomainError(
          'invalid_input',
          `${options.baseUrl === undefined ? 'DEBRIEF_PUBLIC_URL' : '--base-url'} "${baseUrl}" is not an http(s) URL`,
        );
      const path = options.output === undefined ? undefined : ctx.path(options.output);
      if (path !== undefined && existsSync(path))
        throw new DomainError('invalid_input', `${options.output} exists; choose another name`);
      const db = await ctx.database();
      const listed = await listActions(db, actionFilter(options), { now: ctx.io.now() });
      const { actions: rows, restricted } = await trackerActions(db, listed, {
        includeRestricted: options.postMortem !== undefined,
      });
      if (restricted > 0)
        ctx.note(
          `left out ${plural(restricted, 'action')} of restricted post-mortems (name one with --post-mortem to export it)`,
        );
      const text = trackerCsv(options.format, rows, {
        ...(baseUrl === undefined ? {} : { baseUrl }),
      });
      const count = plural(rows.length, 'action');
      if (path === undefined) {
        ctx.io.stdout(text);
        ctx.note(`${count} as ${options.format} CSV`);
      } else {
        await writeFileAtomic(path, text);
        ctx.note(`${count} written to ${options.output} (${options.format} CSV)`);
      }
    });

  const action = program
    .command('action')
    .description('change a recommendation: its lifecycle, owner, due date');
  action
    .command('update')
    .argument('<id>', 'post-mortem id')
    .argument('<recommendation>', 'recommendation id, e.g. R-03')
    .description(
      'move a recommendation through its lifecycle; every change is recorded with who, when and why',
    )
    .option('--status <status>', RECOMMENDATION_STATUSES.join(', '))
    .option('--owner <owner>', 'a person id or an owner name')
    .option('--due <date>', 'due date (YYYY-MM-DD)')
    .option('--priority <priority>', PRIORITIES.join(', '))
    .option('--why <text>', 'the reason, recorded with the change (required when going back)')
    .option(
      '--verify-method <text>',
      'verified: how it was shown to work (a re-test, a detection that fired, an audit)',
    )
    .option('--verify-result <text>', 'verified: what the check showed')
    .option('--evidence <id>', 'verified: an evidence id showing it (repeat)', collect)
    .option('--approver <name>', 'risk-accepted: who accepts the risk')
    .option('--rationale <text>', 'risk-accepted: why the risk is accepted')
    .option('--expires <date>', 'risk-accepted: when the acceptance must be reviewed (YYYY-MM-DD)')
    .option('--reject-reason <text>', 'rejected: why')
    .option('--json', 'print the updated recommendation as JSON')
    .addHelpText(
      'after',
      `\nLifecycle: ${Object.entries(TRANSITIONS)
        .map(([from, to]) => `${from} → ${to.join(' | ')}`)
        .join('\n           ')}\n` +
        'accepted, in-progress, done and verified need an owner and a due date; verified needs proof (method, result,\n' +
        'evidence); risk-accepted needs approver, rationale and expiry; rejected needs a reason. Going back needs --why.\n\n' +
        'Examples:\n  debrief action update INC-2026-014 R-03 --status accepted --owner P-03 --due 2026-06-30\n' +
        '  debrief action update INC-2026-014 R-03 --status verified --verify-method "phishing re-test" \\\n' +
        '      --verify-result "no session relayed" --evidence E-14',
    )
    .action(
      async (
        id: string,
        recommendation: string,
        options: {
          status?: string;
          owner?: string;
          due?: string;
          priority?: string;
          why?: string;
          verifyMethod?: string;
          verifyResult?: string;
          evidence?: string[];
          approver?: string;
          rationale?: string;
          expires?: string;
          rejectReason?: string;
          json?: boolean;
        },
      ) => {
        const postMortemId = parsePostMortemId(id);
        if (
          options.status !== undefined &&
          !(RECOMMENDATION_STATUSES as readonly string[]).includes(options.status)
        )
          throw new DomainError(
            'invalid_input',
            `--status must be one of ${RECOMMENDATION_STATUSES.join(', ')}`,
          );
        if (options.priority !== undefined && !(PRIORITIES as readonly string[]).includes(options.priority))
          throw new DomainError('invalid_input', `--priority must be one of ${PRIORITIES.join(', ')}`);
        for (const [name, value] of [
          ['--due', options.due],
          ['--expires', options.expires],
        ] as const)
          if (value !== undefined && !isCalendarDate(value))
            throw new DomainError('invalid_input', `${name} "${value}" is not a date YYYY-MM-DD`);
        const now = ctx.io.now();
        const verifying =
          options.verifyMethod !== undefined ||
          options.verifyResult !== undefined ||
          options.evidence !== undefined;
        if (verifying && (options.verifyMethod === undefined || options.verifyResult === undefined))
          throw new DomainError('invalid_input', 'a verification needs --verify-method and --verify-result');
        const accepting =
          options.approver !== undefined || options.rationale !== undefined || options.expires !== undefined;
        if (
          accepting &&
          (options.approver === undefined || options.rationale === undefined || options.expires === undefined)
        )
          throw new DomainError(
            'invalid_input',
            'a risk acceptance needs --approver, --rationale and --expires',
          );
        const result = await updateAction(
          await ctx.database(),
          postMortemId,
          recommendation,
          {
            ...(options.status === undefined ? {} : { status: options.status as RecommendationStatus }),
            ...(options.owner === undefined ? {} : { owner: options.owner }),
            ...(options.due === undefined ? {} : { due: options.due }),
            ...(options.priority === undefined ? {} : { priority: options.priority as Priority }),
            ...(options.why === undefined ? {} : { why: options.why }),
            ...(verifying
              ? {
                  verification: {
                    method: options.verifyMethod as string,
                    result: options.verifyResult as string,
                    at: now,
                    by: ctx.actor,
                    evidence: options.evidence ?? [],
                  },
                }
              : {}),
            ...(accepting
              ? {
                  riskAcceptance: {
                    approver: options.approver as string,
                    rationale: options.rationale as string,
                    at: now,
                    expires: options.expires as string,
                  },
                }
              : {}),
            ...(options.rejectReason === undefined ? {} : { rejectionReason: options.rejectReason }),
          },
          { now, actor: ctx.actor },
        );
        if (options.json) {
          ctx.json({
            postMortem: postMortemId,
            version: result.version,
            recommendation: result.recommendation,
          });
          return;
        }
        const last = result.recommendation.history.at(-1);
        ctx.out(
          result.changed && last
            ? `${postMortemId} ${recommendation}: ${last.from} → ${last.to} (${last.fields.join(', ')}), version ${result.version}`
            : `${postMortemId} ${recommendation}: nothing changed`,
        );
      },
    );
}
