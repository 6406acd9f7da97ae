import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ingestFormats, mappingPresets } from '../services/ingest-evidence.js';
import { CliContext } from './context.js';
import { buildProgram, EXIT_CODES } from './main.js';

const docs = readFileSync('docs/cli.md', 'utf8');
const program = buildProgram(
  new CliContext({ stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', now: () => '', isTty: false }),
);

function commands(command: Command, prefix = 'debrief'): { name: string; command: Command }[] {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => {
      const name = `${prefix} ${c.name()}`;
      return c.commands.length > 0 ? commands(c, name) : [{ name, command: c }];
    });
}

describe('docs/cli.md', () => {
  it('documents every command with a heading', () => {
    const missing = commands(program).filter(({ name }) => !docs.includes(`### \`${name}`));
    expect(missing.map((m) => m.name)).toEqual([]);
  });

  it('documents every option of every command', () => {
    const missing = commands(program).flatMap(({ name, command }) =>
      command.options
        .map((o) => o.long ?? o.short ?? '')
        .filter((flag) => flag !== '--help' && !docs.includes(`\`${flag}`) && !docs.includes(`, ${flag}`))
        .map((flag) => `${name} ${flag}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents every exit code', () => {
    const missing = Object.entries(EXIT_CODES).filter(
      ([code, exit]) => !docs.includes(`| ${exit} |`) || !docs.includes(`\`${code}\``),
    );
    expect(missing).toEqual([]);
  });

  it('lists every ingest format and mapping preset in docs/ingest.md', () => {
    const ingest = readFileSync('docs/ingest.md', 'utf8');
    const names = [...ingestFormats(), ...mappingPresets()].map((f) => f.name);
    expect(
      names.filter((name) => !ingest.includes(`| \`${name}\``) && !ingest.includes(`\`${name}\`, `)),
    ).toEqual([]);
  });
});
