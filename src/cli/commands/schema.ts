/** `debrief schema`: the JSON Schema of the post-mortem file, for editors and other tools. */
import type { Command } from 'commander';
import { postMortemJsonSchemaText } from '../../contract/post-mortem-json-schema.js';
import type { CliContext } from '../context.js';

export function registerSchemaCommand(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the post-mortem file (for editor completion and validation)')
    .addHelpText(
      'after',
      '\nExample (VS Code with the YAML extension):\n  debrief schema > postmortem.schema.json\n' +
        '  then start a post-mortem file with: # yaml-language-server: $schema=./postmortem.schema.json',
    )
    .action(() => {
      ctx.io.stdout(postMortemJsonSchemaText());
    });
}
