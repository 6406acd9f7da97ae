/** `debrief calendar FILE|ID`: the review session and the action due dates as an iCalendar file. */
import type { Command } from 'commander';
import { postMortemCalendar } from '../../services/calendar.js';
import { loadPostMortem } from '../../services/load-post-mortem.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';

export function registerCalendarCommand(program: Command, ctx: CliContext): void {
  program
    .command('calendar')
    .argument('<file-or-id>', 'a post-mortem file, or the id of a stored post-mortem')
    .description('the review session (the review team invited) and the action due dates as an iCalendar file')
    .option('-o, --output <path>', 'write to this file (replaced if it exists) instead of stdout')
    .addHelpText(
      'after',
      '\nThe review session comes from review.session, its attendees from the people with a review role and an\n' +
        'e-mail. Each recommendation with a due date is an all-day entry (with a reminder the day before while it is\n' +
        'open); each risk acceptance has its expiry. Entries keep their ids, so importing the file again updates them.\n\n' +
        'Example:\n  debrief calendar INC-2026-014 -o INC-2026-014.ics',
    )
    .action(async (ref: string, options: { output?: string }) => {
      const { document } = await loadPostMortem(ref, { cwd: ctx.io.cwd, database: () => ctx.database() });
      const text = postMortemCalendar(document, { now: ctx.io.now() });
      if (options.output) {
        await writeFileAtomic(ctx.path(options.output), text);
        ctx.note(`wrote ${options.output}`);
      } else {
        ctx.io.stdout(text);
      }
    });
}
