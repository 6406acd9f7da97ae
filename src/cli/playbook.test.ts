import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const PLAYBOOK = resolve('examples/playbook-phishing.yaml');

interface JsonCheck {
  id: string;
  score: number;
  counts: Record<string, number>;
  steps: {
    step: string;
    outcome: string;
    entry?: string;
    lateBy?: number;
    outOfOrder: string[];
    matchedBy?: string;
  }[];
}

describe('debrief playbook check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-playbook-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares the example playbook with the stored demo: a mix of every outcome', async () => {
    expect((await run('import', DEMO)).code).toBe(0);
    const result = await run('playbook', 'check', 'INC-2026-014', '--playbook', PLAYBOOK, '--json');
    expect(result.code, result.stderr).toBe(0);
    const check = JSON.parse(result.stdout) as JsonCheck;
    expect(check.id).toBe('INC-2026-014');
    const outcomes = Object.fromEntries(check.steps.map((s) => [s.step, s.outcome]));
    expect(outcomes).toEqual({
      S1: 'late',
      S2: 'on-time',
      S3: 'out-of-order',
      S4: 'on-time',
      S5: 'on-time',
      S6: 'skipped',
      S7: 'late',
      S8: 'on-time',
      S9: 'on-time',
      S10: 'not-applicable',
      S11: 'done',
      S12: 'on-time',
      S13: 'on-time',
      S14: 'on-time',
    });
    // Acknowledged 39m 42s after the customer's report, against 15 minutes.
    expect(check.steps.find((s) => s.step === 'S1')).toMatchObject({ entry: 'T-23', lateBy: 1482 });
    expect(check.steps.find((s) => s.step === 'S3')).toMatchObject({ entry: 'T-24', outOfOrder: ['S2'] });
    expect(check.counts).toEqual({
      'on-time': 8,
      late: 2,
      'out-of-order': 1,
      done: 1,
      skipped: 1,
      'not-applicable': 1,
    });
    expect(check.score).toBe(82);
  });

  it('prints a table for people, with the outcome, entry and target of each step and the adherence', async () => {
    const result = await run('playbook', 'check', DEMO, '--playbook', PLAYBOOK);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Playbook: Credential phishing and data theft (version 2.3.0)');
    expect(result.stdout).toMatch(
      /^S1\s+detection\s+soc-analyst\s+late \+24m 42s\s+T-23\s+2026-03-02 10:06\s+15m from detection/m,
    );
    expect(result.stdout).toMatch(
      /^S6\s+communication\s+communications\s+skipped\s+—\s+—\s+2h from detection/m,
    );
    expect(result.stdout).toContain(
      'Steps: 8 on-time, 2 late, 1 out-of-order, 1 done, 1 skipped, 1 not-applicable',
    );
    expect(result.stdout).toMatch(/Adherence: 82 \/ 100/);
  });

  it('follows --map links: an entry for a step, or n/a', async () => {
    const result = await run(
      'playbook',
      'check',
      DEMO,
      '--playbook',
      PLAYBOOK,
      '--map',
      'S6=T-32',
      '--map',
      'S3=n/a',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const check = JSON.parse(result.stdout) as JsonCheck;
    expect(check.steps.find((s) => s.step === 'S6')).toMatchObject({
      entry: 'T-32',
      matchedBy: 'map',
      outcome: 'late',
    });
    expect(check.steps.find((s) => s.step === 'S3')?.outcome).toBe('not-applicable');
    const bad = await run('playbook', 'check', DEMO, '--playbook', PLAYBOOK, '--map', 'S6');
    expect(bad.code).toBe(EXIT_CODES.invalid_input);
    expect(bad.stderr).toMatch(/--map "S6" is not STEP=ENTRY/);
  });

  it('names the file, line and path of each problem of an invalid playbook', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'name: Bad\nversion: 1\nsteps:\n  - id: S1\n    title: Ack\n    phase: triage\n',
    );
    const result = await run('playbook', 'check', DEMO, '--playbook', 'bad.yaml');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toContain('bad.yaml is not a valid playbook (1 problem):');
    expect(result.stderr).toMatch(/bad\.yaml:6:12 steps\[0\]\.phase: must be one of: detection/);
    const missing = await run('playbook', 'check', DEMO, '--playbook', 'nope.yaml');
    expect(missing.code).toBe(EXIT_CODES.file_unreadable);
  });

  it('adds playbook adherence to the scorecard of debrief evaluate --playbook', async () => {
    const plain = JSON.parse((await run('evaluate', DEMO, '--json')).stdout) as { items: { id: string }[] };
    expect(plain.items.some((i) => i.id === 'playbook')).toBe(false);
    const result = await run('evaluate', DEMO, '--playbook', PLAYBOOK, '--json');
    expect(result.code, result.stderr).toBe(0);
    const card = JSON.parse(result.stdout) as { items: { id: string; score: number; label: string }[] };
    expect(card.items.find((i) => i.id === 'playbook')).toMatchObject({
      score: 82,
      label: 'Playbook adherence (Credential phishing and data theft 2.3.0)',
    });
    const map = await run('evaluate', DEMO, '--map', 'S1=T-23');
    expect(map.code).toBe(EXIT_CODES.invalid_input);
  });

  it('adds "what the plan said, what we did" to the report of debrief render --playbook', async () => {
    const plain = await run('render', DEMO);
    expect(plain.stdout).not.toContain('What the plan said');
    const result = await run('render', DEMO, '--playbook', PLAYBOOK);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('### What the plan said, what we did');
    expect(result.stdout).toMatch(
      /\| `S6` \| First internal stakeholder update .* \| — \| \*\*skipped\*\* \|/,
    );
    expect(result.stdout).toMatch(
      /\| Playbook adherence \(Credential phishing and data theft 2\.3\.0\) \| 82 \|/,
    );
  });
});
