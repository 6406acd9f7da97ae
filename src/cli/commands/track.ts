/** `debrief track push|pull`: recommendations as Jira or GitHub issues, and their status back. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { DomainError } from '../../core/errors.js';
import { pullActions, pushActions, type TrackOutcome } from '../../services/track.js';
import { githubClient, jiraClient, type TrackerClient } from '../../services/tracker-clients.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function jira(ctx: CliContext, project: string): TrackerClient {
  const env = ctx.io.env;
  const url = env.DEBRIEF_JIRA_URL;
  const token = env.DEBRIEF_JIRA_TOKEN;
  if (!url || !token)
    throw new DomainError(
      'invalid_input',
      'Jira needs DEBRIEF_JIRA_URL and DEBRIEF_JIRA_TOKEN (with DEBRIEF_JIRA_EMAIL for Jira Cloud API tokens)',
    );
  return jiraClient({
    url,
    project,
    token,
    ...(env.DEBRIEF_JIRA_EMAIL ? { email: env.DEBRIEF_JIRA_EMAIL } : {}),
  });
}

function github(ctx: CliContext, repo: string): TrackerClient {
  const token = ctx.io.env.DEBRIEF_GITHUB_TOKEN;
  if (!token)
    throw new DomainError(
      'invalid_input',
      'GitHub needs DEBRIEF_GITHUB_TOKEN (a token allowed to write issues)',
    );
  const apiUrl = ctx.io.env.DEBRIEF_GITHUB_API_URL;
  return githubClient({ repo, token, ...(apiUrl ? { apiUrl } : {}) });
}

function report(ctx: CliContext, outcomes: readonly TrackOutcome[], json: boolean | undefined): void {
  if (json) ctx.json(outcomes);
  else if (outcomes.length === 0) ctx.out('nothing to do');
  else
    ctx.out(
      table(
        ['RECOMMENDATION', 'OUTCOME', 'ISSUE', 'DETAIL'],
        outcomes.map((o) => [o.recommendation, o.outcome, o.url ?? o.key ?? '', o.detail ?? '']),
      ),
    );
}

export function registerTrackCommands(program: Command, ctx: CliContext): void {
  const track = program
    .command('track')
    .description('sync recommendations with Jira or GitHub Issues: create issues, read their status back');

  track
    .command('push')
    .argument('<id>', 'post-mortem id')
    .requiredOption('--to <tracker>', 'jira or github')
    .option('--project <key>', 'Jira: the project key (e.g. SEC)')
    .option('--repo <owner/name>', 'GitHub: the repository')
    .option('--only <recommendation>', 'only this recommendation (repeat)', collect)
    .option('--json', 'print the outcome per recommendation as JSON')
    .description(
      'create an issue for each open recommendation without one, and record the link in the post-mortem',
    )
    .addHelpText(
      'after',
      '\nRunning it again creates nothing twice: linked recommendations are skipped, and an issue created by an\n' +
        'interrupted run is found by its marker (a Jira label debrief-INC-…-R-…, a hidden marker in GitHub issues).\n' +
        'Environment: DEBRIEF_JIRA_URL, DEBRIEF_JIRA_EMAIL, DEBRIEF_JIRA_TOKEN; DEBRIEF_GITHUB_TOKEN, DEBRIEF_GITHUB_API_URL;\n' +
        'DEBRIEF_PUBLIC_URL links each issue back.\n\n' +
        'Examples:\n  debrief track push INC-2026-014 --to jira --project SEC\n  debrief track push INC-2026-014 --to github --repo acme/security --only R-03',
    )
    .action(
      async (
        id: string,
        options: { to: string; project?: string; repo?: string; only?: string[]; json?: boolean },
      ) => {
        let client: TrackerClient;
        if (options.to === 'jira') {
          if (!options.project) throw new DomainError('invalid_input', '--to jira needs --project KEY');
          client = jira(ctx, options.project);
        } else if (options.to === 'github') {
          if (!options.repo) throw new DomainError('invalid_input', '--to github needs --repo owner/name');
          client = github(ctx, options.repo);
        } else throw new DomainError('invalid_input', `--to must be jira or github, not "${options.to}"`);
        const outcomes = await pushActions(await ctx.database(), parsePostMortemId(id), client, {
          now: ctx.io.now(),
          ...(options.only ? { only: options.only } : {}),
          ...(ctx.io.env.DEBRIEF_PUBLIC_URL ? { publicUrl: ctx.io.env.DEBRIEF_PUBLIC_URL } : {}),
        });
        report(ctx, outcomes, options.json);
      },
    );

  track
    .command('pull')
    .argument('<id>', 'post-mortem id')
    .option('--json', 'print the outcome per recommendation as JSON')
    .description(
      'read the linked issues back: in progress and done move recommendations forward, recorded as changes',
    )
    .addHelpText(
      'after',
      '\nA recommendation never moves backwards from a pull; an issue closed as not planned is listed for a decision.\n' +
        'Done is not verified: verification stays with the review team ("debrief action update … --status verified").\n\n' +
        'Example:\n  debrief track pull INC-2026-014',
    )
    .action(async (id: string, options: { json?: boolean }) => {
      const env = ctx.io.env;
      const clients: TrackerClient[] = [];
      if (env.DEBRIEF_JIRA_URL && env.DEBRIEF_JIRA_TOKEN) clients.push(jira(ctx, ''));
      if (env.DEBRIEF_GITHUB_TOKEN) clients.push(github(ctx, ''));
      if (clients.length === 0)
        throw new DomainError(
          'invalid_input',
          'no tracker configured: set DEBRIEF_JIRA_URL and DEBRIEF_JIRA_TOKEN, or DEBRIEF_GITHUB_TOKEN',
        );
      const outcomes = await pullActions(await ctx.database(), parsePostMortemId(id), clients, {
        now: ctx.io.now(),
      });
      report(ctx, outcomes, options.json);
    });
}
