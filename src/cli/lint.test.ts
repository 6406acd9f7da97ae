import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

describe('debrief lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-lint-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The demo with one blaming sentence added to its summary.
  const blaming = join(dir, 'blaming.yaml');
  writeFileSync(
    blaming,
    readFileSync(DEMO, 'utf8').replace(
      /^summary:\n {2}whatHappened: >-\n/m,
      'summary:\n  whatHappened: >-\n    Obviously the engineer should have known.\n',
    ),
  );

  it('finds the demo clean for its own team, and exits 0', async () => {
    const result = await run('lint', DEMO);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/INC-2026-014: no blaming, counterfactual or hindsight language found/);
  });

  it('lists each finding with path, span and advice, and exits 1', async () => {
    const result = await run('lint', blaming);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^summary\.whatHappened \[0-9\] hindsight "Obviously": remove/),
      expect.stringMatching(/^summary\.whatHappened \[23-34\] counterfactual "should have": /),
    ]);
    expect(lines.at(-1)).toBe('INC-2026-014: 2 findings (internal audience)');
  });

  it('adds legal words for an external audience, as JSON', async () => {
    const result = await run('lint', DEMO, '--audience', 'external', '--json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as {
      audience: string;
      findings: { rule: string; path: string }[];
    };
    expect(json.audience).toBe('external');
    expect(json.findings.some((f) => f.rule === 'breach' && f.path.startsWith('recommendations['))).toBe(
      true,
    );
  });

  it('adds a team rule file, and refuses a broken one naming the problem', async () => {
    writeFileSync(
      join(dir, 'rules.yaml'),
      'language: en\nrules:\n  - id: hero\n    category: blame\n    pattern: heroic(?:ally)?\n    suggestion: credit the practice\n',
    );
    writeFileSync(
      join(dir, 'demo-hero.yaml'),
      readFileSync(blaming, 'utf8').replace('Obviously', 'Heroically'),
    );
    const result = await run('lint', 'demo-hero.yaml', '--rules', 'rules.yaml', '--json');
    expect(
      (JSON.parse(result.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule),
    ).toEqual(['hero', 'should-have']);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - id: x\n    category: rude\n    pattern: "("\n');
    const bad = await run('lint', DEMO, '--rules', 'bad.yaml');
    expect(bad.code).toBe(EXIT_CODES.invalid_input);
    expect(bad.stderr).toMatch(/bad\.yaml: rules\[0\] \(x\): category must be.*invalid pattern/);
  });

  it('refuses an unknown audience', async () => {
    const result = await run('lint', DEMO, '--audience', 'press');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/--audience must be internal or external/);
  });
});
