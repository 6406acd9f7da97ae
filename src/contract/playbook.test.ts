import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPlaybookProblems, parsePlaybookText, validatePlaybookValue } from './playbook.js';

describe('parsePlaybookText', () => {
  it('reads the example playbook, with defaults filled in and durations in seconds', () => {
    const parsed = parsePlaybookText(readFileSync('examples/playbook-phishing.yaml', 'utf8'));
    expect(parsed.problems).toEqual([]);
    const s2 = parsed.playbook?.steps.find((s) => s.id === 'S2');
    expect(s2).toMatchObject({
      required: true,
      after: ['S1'],
      target: { within: 3600, withinText: '1h', from: { step: 'S1' } },
    });
    expect(parsed.playbook?.steps[0]?.target?.from).toEqual({ milestone: 'detection' });
  });

  it('names the line, column and path of every schema problem', () => {
    const text = [
      'name: Broken',
      'version: 1',
      'steps:',
      '  - id: S1',
      '    title: Acknowledge',
      '    phase: detecton',
      '    target: { within: soon }',
      '  - id: S2',
      '    title: Contain',
      '    phase: containment',
      '    after: [S9]',
      '    owner: soc',
      '    colour: red',
    ].join('\n');
    const { playbook, problems } = parsePlaybookText(text);
    expect(playbook).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'steps[0].phase',
        line: 6,
        message: expect.stringMatching(/must be one of: detection, analysis/),
      }),
      expect.objectContaining({
        path: 'steps[0].target.within',
        line: 7,
        message: expect.stringMatching(/"soon" is not a duration/),
      }),
      expect.objectContaining({ path: 'steps[1]', line: 8, message: 'unknown field "colour"' }),
    ]);
  });

  it('reports references to unknown steps, duplicate ids and cycles after the shape is valid', () => {
    const text = [
      'name: Cycles',
      'version: "2"',
      'steps:',
      '  - { id: S1, title: One, phase: analysis, after: [S2] }',
      '  - { id: S2, title: Two, phase: analysis, target: { within: 1h, from: { step: S1 } } }',
      '  - { id: S2, title: Again, phase: analysis, after: [S7] }',
    ].join('\n');
    const { problems } = parsePlaybookText(text);
    const messages = problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    expect(messages).toContain('4 steps[0].id: steps refer to each other in a cycle: S1 → S2 → S1');
    expect(messages).toContain('6 steps[2].id: step id "S2" is used twice');
    expect(messages).toContain('6 steps[2].after[0]: no step "S7" in this playbook');
  });

  it('reports YAML syntax errors with their line, and refuses risky regular expressions', () => {
    const syntax = parsePlaybookText('name: x\nsteps: [\n  - id');
    expect(syntax.problems[0]).toMatchObject({ path: '(document)', line: expect.any(Number) });
    const risky = validatePlaybookValue({
      name: 'r',
      version: '1',
      steps: [{ id: 'S1', title: 't', phase: 'analysis', match: { regex: '(a+)+$' } }],
    });
    expect(risky.problems).toEqual([
      expect.objectContaining({
        path: 'steps[0].match.regex',
        message: expect.stringMatching(/nested quantifiers/),
      }),
    ]);
  });

  it('formats problems as file:line:column path: message', () => {
    const { problems } = parsePlaybookText('name: x\nversion: 1\nsteps: []\n');
    expect(formatPlaybookProblems('pb.yaml', problems)).toBe(
      '  pb.yaml:3:8 steps: a playbook has at least one step',
    );
  });
});
