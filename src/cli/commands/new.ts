/** `debrief new ID`: a new post-mortem file from the commented template. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { postMortemTemplate } from '../../contract/post-mortem-template.js';
import { postMortemIdSchema } from '../../contract/schema-primitives.js';
import { DomainError } from '../../core/errors.js';
import { POST_MORTEM_TYPES, type PostMortemType, SEVERITIES, type Severity } from '../../core/vocabulary.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from './documents.js';

function oneOf<T extends string>(name: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new DomainError('invalid_input', `${name} must be one of ${allowed.join(', ')}, not "${value}"`);
}

export function registerNewCommand(program: Command, ctx: CliContext): void {
  program
    .command('new')
    .argument('<id>', 'the new post-mortem id, e.g. INC-2026-015')
    .description('write a new post-mortem file from the template, with every section ready to fill in')
    .requiredOption('--title <title>', 'the incident title')
    .option('--severity <severity>', `one of ${SEVERITIES.join(', ')}`, 'high')
    .option(
      '--type <type...>',
      `one or more of ${POST_MORTEM_TYPES.join(', ')}`,
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('-o, --output <path>', 'file to write (default: ID.yaml; "-" for stdout)')
    .addHelpText(
      'after',
      '\nExample:\n  debrief new INC-2026-015 --title "Stolen session used against the cloud console" --type technical process',
    )
    .action(
      async (id: string, options: { title: string; severity: string; type?: string[]; output?: string }) => {
        const parsedId = postMortemIdSchema.safeParse(id);
        if (!parsedId.success) {
          throw new DomainError(
            'invalid_input',
            `"${id}" is not a valid id: ${parsedId.error.issues[0]?.message}`,
          );
        }
        const types = [...new Set(options.type ?? ['technical'])].map((t) =>
          oneOf<PostMortemType>('--type', POST_MORTEM_TYPES, t),
        );
        const text = postMortemTemplate({
          id,
          title: options.title,
          severity: oneOf<Severity>('--severity', SEVERITIES, options.severity),
          types,
          today: ctx.io.now().slice(0, 10),
        });
        const output = options.output ?? `${id}.yaml`;
        if (output === '-') {
          ctx.io.stdout(text);
          return;
        }
        const path = ctx.path(output);
        if (existsSync(path))
          throw new DomainError('invalid_input', `${output} exists; choose another name with -o`);
        await writeFileAtomic(path, text);
        ctx.note(
          `wrote ${output}; fill it in, check it with "debrief validate ${output}" and store it with "debrief import ${output}"`,
        );
      },
    );
}
