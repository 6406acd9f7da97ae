/** `debrief patient-zero ID` and `debrief lateral ID`: where the attack started and how it spread. */
import type { Command } from 'commander';
import { parsePostMortemId } from '../../contract/schema-primitives.js';
import { COMPROMISE_TAGS, type LateralGraph } from '../../core/patient-zero.js';
import { toUtcIso } from '../../core/time.js';
import {
  lateralGraph,
  presentLateralGraph,
  recordPatientZero,
  suggestFromEvidence,
} from '../../services/patient-zero.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

function printGraph(ctx: CliContext, graph: LateralGraph): void {
  if (graph.edges.length === 0) {
    ctx.out('no lateral movement found (remote logons, service installs, SMB/RDP/WinRM/SSH connections)');
    return;
  }
  ctx.out(
    table(
      ['FIRST', 'FROM', 'TO', 'HOW', 'EVENTS', 'USERS'],
      graph.edges.map((e) => [
        toUtcIso(e.first),
        e.from,
        e.to,
        Object.entries(e.kinds)
          .map(([k, n]) => `${k} ×${n}`)
          .join(', '),
        String(e.count),
        e.users.join(' ') || '—',
      ]),
    ),
  );
}

export function registerPatientZeroCommands(program: Command, ctx: CliContext): void {
  program
    .command('patient-zero')
    .argument('<id>', 'post-mortem id')
    .description('suggest the first compromised host and account from the evidence; confirm or override it')
    .option('--confirm', 'record the suggestion (or the values given below) in the post-mortem')
    .option('--host <name>', 'with --confirm: the host instead of the suggested one (needs --why)')
    .option('--user <account>', 'with --confirm: the account instead of the suggested one (needs --why)')
    .option('--at <instant>', 'with --confirm: the time instead of the suggested one (needs --why)')
    .option('--why <text>', 'with --confirm: the reasoning (required when overriding)')
    .option('--by <person>', 'with --confirm: the person id of the analyst confirming')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `\nCandidates: the earliest events with a known-bad indicator (debrief ioc import), and events an analyst tagged\n` +
        `${COMPROMISE_TAGS.join(', ')} (debrief event tag). The earliest with a host is suggested; a lateral move into\n` +
        'that host before it is flagged. The choice appears in the report under "Patient zero".\n\n' +
        'Examples:\n  debrief patient-zero INC-2026-014\n' +
        '  debrief patient-zero INC-2026-014 --confirm --by P-03\n' +
        '  debrief patient-zero INC-2026-014 --confirm --host ws-17 --why "the loader ran there first (EDR)"',
    )
    .action(
      async (
        id: string,
        options: {
          confirm?: boolean;
          host?: string;
          user?: string;
          at?: string;
          why?: string;
          by?: string;
          json?: boolean;
        },
      ) => {
        const postMortemId = parsePostMortemId(id);
        const db = await ctx.database();
        if (options.confirm) {
          const { patientZero, version } = await recordPatientZero(
            db,
            postMortemId,
            {
              ...(options.host === undefined ? {} : { host: options.host }),
              ...(options.user === undefined ? {} : { user: options.user }),
              ...(options.at === undefined ? {} : { at: options.at }),
              ...(options.why === undefined ? {} : { why: options.why }),
              ...(options.by === undefined ? {} : { confirmedBy: options.by }),
            },
            { now: ctx.io.now() },
          );
          if (options.json) ctx.json({ id: postMortemId, version, patientZero });
          else
            ctx.out(
              `recorded patient zero of ${postMortemId} (version ${version}): ${patientZero.host ?? '?'}${patientZero.user ? `, ${patientZero.user}` : ''}${patientZero.at ? ` at ${patientZero.at}` : ''}`,
            );
          return;
        }
        const { suggestion, graph, recorded } = await suggestFromEvidence(db, postMortemId);
        if (options.json) {
          ctx.json({
            id: postMortemId,
            suggestion,
            recorded: recorded ?? null,
            lateral: presentLateralGraph(graph),
          });
          return;
        }
        ctx.out(
          suggestion.host || suggestion.at
            ? `Suggested patient zero: ${suggestion.host ?? '?'}${suggestion.user ? `, account ${suggestion.user}` : ''}${suggestion.at ? `, at ${suggestion.at}` : ''}`
            : 'No suggestion.',
        );
        ctx.out(suggestion.justification);
        if (suggestion.candidates.length > 0) {
          ctx.out('\nCandidates:');
          ctx.out(
            table(
              ['AT', 'EVENT', 'HOST', 'USER', 'WHY'],
              suggestion.candidates.map((c) => [c.at, c.event, c.host ?? '—', c.user ?? '—', c.reason]),
            ),
          );
        }
        ctx.out(
          recorded
            ? `\nRecorded in the post-mortem: ${recorded.host ?? '?'}${recorded.user ? `, ${recorded.user}` : ''}${recorded.at ? ` at ${recorded.at}` : ''}${recorded.confirmedBy ? ` (confirmed by ${recorded.confirmedBy})` : ''}`
            : `\nNot recorded yet: debrief patient-zero ${postMortemId} --confirm`,
        );
      },
    );

  program
    .command('lateral')
    .argument('<id>', 'post-mortem id')
    .description('the lateral-movement graph host → host from the events')
    .option('--json', 'print the graph as JSON: { nodes, edges }')
    .addHelpText(
      'after',
      '\nEdges come from Windows network and RDP logons (4624 types 3 and 10), remote service installs (7045/4697 just\n' +
        'after a network logon), connections to SSH, RPC, SMB, RDP and WinRM ports, and SSH logins ("Accepted ...").\n' +
        'Addresses are named by the host that reported them when an event says so.\n\nExample:\n  debrief lateral INC-2026-014 --json',
    )
    .action(async (id: string, options: { json?: boolean }) => {
      const graph = await lateralGraph(await ctx.database(), parsePostMortemId(id));
      if (options.json) ctx.json(presentLateralGraph(graph));
      else printGraph(ctx, graph);
    });
}
