import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildPostMortem, entry } from '../../test/factories.js';
import {
  detectFormat,
  parsePostMortemText,
  serializePostMortem,
  validatePostMortemValue,
} from './post-mortem-file.js';
import { postMortemTemplate } from './post-mortem-template.js';

const HEADER =
  'apiVersion: debrief/v1\nkind: PostMortem\nid: INC-1\ntitle: T\nseverity: high\ntypes: [technical]\n';
const problems = (text: string) =>
  parsePostMortemText(text).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);

describe('parsePostMortemText: locating problems', () => {
  it('accepts a minimal valid file and fills in defaults', () => {
    const result = parsePostMortemText(HEADER);
    expect(result.problems).toEqual([]);
    expect(result.document).toMatchObject({ status: 'draft', restricted: false, timeline: [], tags: [] });
  });

  it('points at the line and column of a bad value', () => {
    const text = `${HEADER}timeline:\n  - id: T1\n    at: 2026-03-14T09:12\n    text: x\n`;
    expect(problems(text)).toEqual([
      '9:9 timeline[0].at: a date-time needs an offset (Z or ±HH:MM) so it names one instant; write e.g. 2026-03-14T09:12:00Z',
    ]);
  });

  it('points at the key of an unknown field and suggests the closest known one', () => {
    const text = HEADER.replace('severity: high', 'severity: high\nseverty: low');
    expect(problems(text)).toEqual(['6:1 severty: unknown field "severty"; did you mean "severity"?']);
  });

  it('suggests the closest allowed value for a misspelled enumeration', () => {
    const text = `${HEADER}timeline:\n  - id: T1\n    at: 2026-03-14\n    text: x\n    milestone: { kind: detection, source: custmer }\n`;
    const [problem] = problems(text);
    expect(problem).toMatch(
      /^11:43 timeline\[0\]\.milestone\.source: must be one of: internal-control, .*; did you mean "customer"\?$/,
    );
  });

  it('names a missing required field and points at its parent', () => {
    const text = `${HEADER}recommendations:\n  - id: R1\n    title: Fix it\n    priority: high\n`;
    expect(problems(text)).toEqual(['8:5 recommendations[0].type: missing required field "type"']);
  });

  it('reports every problem, not only the first', () => {
    const text =
      'apiVersion: debrief/v2\nkind: PostMortem\nid: "bad id"\ntitle: ""\nseverity: severe\ntypes: []\n';
    expect(problems(text)).toEqual([
      '1:13 apiVersion: must be debrief/v1',
      '3:5 id: use letters, digits, ".", "_" and "-" (e.g. INC-2026-014)',
      '4:8 title: must not be empty',
      '5:11 severity: must be one of: critical, high, medium, low',
      '6:8 types: name at least one type: technical, process or organizational',
    ]);
  });

  it('reports YAML syntax errors with their position and stops there', () => {
    const result = parsePostMortemText(`${HEADER}timeline: [\n  - a\n`);
    expect(result.document).toBeUndefined();
    expect(result.problems[0]).toMatchObject({
      level: 'error',
      code: 'yaml_syntax',
      line: expect.any(Number),
    });
  });

  it('refuses duplicate keys, which YAML would otherwise silently resolve', () => {
    const result = parsePostMortemText(`${HEADER}title: Other\n`);
    expect(result.problems[0]).toMatchObject({ code: 'yaml_syntax', line: 7 });
  });

  it('locates problems in JSON files too', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'debrief/v1',
        kind: 'PostMortem',
        id: 'X',
        title: 'T',
        severity: 'high',
        types: ['nope'],
      },
      null,
      2,
    );
    expect(problems(json)).toEqual(['8:5 types[0]: must be one of: technical, process, organizational']);
  });

  it('explains what a post-mortem file is when the root is not a mapping', () => {
    expect(problems('- just\n- a list\n')[0]).toMatch(/starts with "apiVersion: debrief\/v1"/);
  });

  it('returns semantic errors with positions and no document', () => {
    const text = `${HEADER}timeline:\n  - id: T1\n    at: 2026-03-14\n    text: x\n    evidence: [E9]\n`;
    const result = parsePostMortemText(text);
    expect(result.document).toBeUndefined();
    expect(result.problems[0]).toMatchObject({
      code: 'dangling_link',
      path: 'timeline[0].evidence[0]',
      line: 11,
      column: 16,
    });
  });

  it('returns the document along with warnings', () => {
    const text = `${HEADER}timeline:\n  - id: T1\n    at: 2026-03-14\n    text: x\n`;
    const result = parsePostMortemText(text);
    expect(result.document?.id).toBe('INC-1');
    expect(result.problems.map((p) => p.code)).toEqual(['missing_milestone']);
  });

  it('warns when an unquoted value loses a "#tag" to a YAML comment, but not about ordinary comments', () => {
    const text = `${HEADER}tags: [a]   # ordinary comment\nevidence:\n  - id: E1\n    title: Channel export, #inc-2026-014\n    kind: chat\n`;
    const result = parsePostMortemText(text);
    expect(result.document?.evidence[0]?.title).toBe('Channel export,');
    expect(result.problems).toEqual([
      {
        level: 'warning',
        code: 'yaml_comment',
        path: 'evidence[0].title',
        line: 10,
        column: 27,
        message: expect.stringMatching(
          /stops before "#inc-2026-014", which YAML reads as a comment; put the value in quotes/,
        ),
      },
    ]);
  });

  it('does not expand alias bombs beyond a fixed budget', () => {
    const bomb = `${HEADER}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const result = parsePostMortemText(bomb);
    expect(result.document).toBeUndefined();
    expect(result.problems).toEqual([
      {
        level: 'error',
        code: 'yaml_syntax',
        path: '(document)',
        message: 'too many alias expansions; the document is refused',
      },
    ]);
  });
});

describe('serializePostMortem: canonical form', () => {
  const doc = buildPostMortem({
    timeline: [entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } })],
    recommendations: [{ id: 'R1', title: 'Fix', type: 'preventive', priority: 'high', due: '2026-05-01' }],
  });

  it('leaves out empty lists and false flags but keeps restricted visible', () => {
    const yaml = serializePostMortem(doc, 'yaml');
    expect(yaml).toContain('restricted: false');
    expect(yaml).not.toMatch(/uncertain|tags: \[\]|evidence: \[\]|people:/);
  });

  it('quotes date-like strings so YAML 1.1 tools read them as text', () => {
    const yaml = serializePostMortem(doc, 'yaml');
    expect(yaml).toContain('due: "2026-05-01"');
    expect(yaml).toContain('at: "2026-03-14T10:00:00Z"');
    expect(parseYaml(yaml, { version: '1.1' }).recommendations[0].due).toBe('2026-05-01');
  });

  it('is a fixed point: parse(serialize(doc)) serializes to the same text, in YAML and JSON', () => {
    for (const format of ['yaml', 'json'] as const) {
      const text = serializePostMortem(doc, format);
      const again = parsePostMortemText(text);
      expect(again.document).toEqual(doc);
      expect(serializePostMortem(again.document ?? doc, format)).toBe(text);
    }
  });

  it('writes keys in schema order, starting with apiVersion and kind', () => {
    expect(Object.keys(JSON.parse(serializePostMortem(doc, 'json'))).slice(0, 4)).toEqual([
      'apiVersion',
      'kind',
      'id',
      'title',
    ]);
  });
});

describe('formats and template', () => {
  it('detects the format from the name, then from the content', () => {
    expect(detectFormat('a.json', 'x: 1')).toBe('json');
    expect(detectFormat('a.YML', '{}')).toBe('yaml');
    expect(detectFormat(undefined, '  {"a": 1}')).toBe('json');
    expect(detectFormat(undefined, 'apiVersion: debrief/v1')).toBe('yaml');
  });

  it('produces a template that validates as it is, with the identity filled in and safely quoted', () => {
    const text = postMortemTemplate({
      id: 'INC-9',
      title: 'He said "hi": #1',
      severity: 'low',
      types: ['process', 'technical'],
      today: '2026-11-22',
    });
    const result = parsePostMortemText(text);
    expect(result.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(result.document).toMatchObject({
      id: 'INC-9',
      title: 'He said "hi": #1',
      severity: 'low',
      types: ['process', 'technical'],
    });
  });
});

describe('parsePostMortemText: hostile and random input', () => {
  const valid = serializePostMortem(
    buildPostMortem({
      timeline: [
        entry('D', '2026-03-14T10:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
      ],
      recommendations: [{ id: 'R1', title: 'Fix', type: 'preventive', priority: 'high' }],
    }),
    'yaml',
  );

  const outcome = (text: string): 'document' | 'problems' => {
    const result = parsePostMortemText(text);
    if (result.document) return 'document';
    // Without a document there is always at least one error that says why.
    expect(result.problems.some((p) => p.level === 'error' && p.message.length > 0)).toBe(true);
    return 'problems';
  };

  it('never throws on arbitrary text, and explains every refusal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => outcome(text) !== undefined),
      {
        numRuns: 500,
      },
    );
  });

  it('never throws when a valid file is cut short or has a line replaced by noise', () => {
    const lines = valid.split('\n');
    fc.assert(
      fc.property(
        fc.nat(valid.length),
        fc.nat(lines.length - 1),
        fc.string({ maxLength: 40 }),
        (cut, line, noise) => {
          outcome(valid.slice(0, cut));
          const mutated = [...lines];
          mutated[line] = noise;
          outcome(mutated.join('\n'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON values in place of any field', () => {
    const doc = parseYaml(valid) as Record<string, unknown>;
    const keys = Object.keys(doc);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }), (key, value) => {
        outcome(JSON.stringify({ ...doc, [key]: value }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parsePostMortemText: nesting limits', () => {
  const whysChain = (depth: number): string => {
    let whys = '{"id":"W0","answer":"a"}';
    for (let i = 1; i < depth; i++) whys = `{"id":"W${i}","answer":"a","whys":[${whys}]}`;
    return `{"apiVersion":"debrief/v1","kind":"PostMortem","id":"X","title":"t","severity":"high","types":["technical"],"analysis":{"fiveWhys":[{"id":"F","problem":"p","whys":[${whys}]}]}}`;
  };

  it('accepts a 5 Whys tree 25 levels deep', () => {
    expect(parsePostMortemText(whysChain(25)).document).toBeDefined();
  });

  it('refuses a document nested past the limit, pointing at where', () => {
    const result = parsePostMortemText(whysChain(40));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      code: 'too_deep',
      line: 1,
      message: expect.stringMatching(/more than 64 levels/),
    });
  });

  it('turns the YAML parser running out of stack into a clear error, for flow and block nesting', () => {
    for (const text of [
      `apiVersion: debrief/v1\nx: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
      `apiVersion: debrief/v1\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`,
    ]) {
      const [problem] = parsePostMortemText(text).problems;
      expect(problem?.level).toBe('error');
      expect(problem?.message).toMatch(/nested too deeply|more than 64 levels/);
    }
  });
});

describe('validatePostMortemValue', () => {
  it('validates an in-memory value with the same rules, without positions', () => {
    const ok = validatePostMortemValue(JSON.parse(JSON.stringify(buildPostMortem())));
    expect(ok.document?.id).toBe('INC-2026-001');
    const bad = validatePostMortemValue({
      apiVersion: 'debrief/v1',
      kind: 'PostMortem',
      id: 'X',
      title: 'T',
      severity: 'high',
      types: ['technical'],
      timeline: [{ id: 'T1', at: '2026-03-14', text: 'x', evidence: ['E1'] }],
    });
    expect(bad.document).toBeUndefined();
    expect(bad.problems[0]).toEqual({
      level: 'error',
      code: 'dangling_link',
      path: 'timeline[0].evidence[0]',
      message: '"E1" does not exist; expected the id of an evidence item',
    });
    expect(validatePostMortemValue([1, 2]).problems[0]?.message).toMatch(/is a mapping/);
  });
});
