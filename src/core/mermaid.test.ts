import { describe, expect, it } from 'vitest';
import {
  escapeMermaidText,
  flowchart,
  mermaidBlock,
  mermaidLabel,
  timelineDiagram,
  truncateText,
  wrapWords,
} from './mermaid.js';

/** Text that tries every way out of a label: quotes, brackets, arrows, separators, comments, HTML, fences. */
const HOSTILE = [
  'say "hi"',
  "it's [x] (y) {z} {{w}} ([v]) >u]",
  'a --> b ---o c ==> d -.-> e',
  'k: v : w',
  '%% comment\n%%{init: {"theme":"dark"}}%%',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  'line one\nline two\r\nend',
  '```\nflowchart LR\n```',
  'a; b | c # d #quot; &amp; e',
  'click n0 call alert() style n0 fill:#f00;',
  'end',
  'section 2026 title x',
];

/** The label text left once entity codes and our line breaks are taken out. */
function bare(label: string): string {
  return label.replace(/#\w+;/g, '').replace(/<br>/g, '');
}

describe('escapeMermaidText', () => {
  it("writes every character outside letters, digits, space and .,'?!+=@()/_- as an entity code", () => {
    expect(escapeMermaidText('a "b" <c> & d: e; f% g# h` i| j[k]{l}\n')).toBe(
      'a #quot;b#quot; #lt;c#gt; #amp; d#58; e#59; f#37; g#35; h#96; i#124; j#91;k#93;#123;l#125;#10;',
    );
  });

  it('keeps letters and digits of any script', () => {
    expect(escapeMermaidText('Störung 障害 1.2')).toBe('Störung 障害 1.2');
  });

  it('encodes a user-written entity code so it shows as written', () => {
    expect(escapeMermaidText('#quot;')).toBe('#35;quot#59;');
  });
});

describe('mermaidLabel', () => {
  it('cuts long text at a word boundary with …', () => {
    expect(truncateText('alpha beta gamma delta', 15)).toBe('alpha beta…');
    expect(mermaidLabel('alpha beta gamma delta', { maxLength: 15, wrapAt: 0 })).toBe('alpha beta#8230;');
  });

  it('wraps lines at about the given width with <br>', () => {
    expect(wrapWords('the quick brown fox jumps over', 10)).toEqual(['the quick', 'brown fox', 'jumps over']);
    expect(wrapWords('abcdefghijkl mn', 5)).toEqual(['abcde', 'fghij', 'kl mn']);
    expect(mermaidLabel('the quick brown fox', { wrapAt: 10 })).toBe('the quick<br>brown fox');
  });

  it('collapses newlines into spaces', () => {
    expect(mermaidLabel('a\n\nb\r\nc', { wrapAt: 0 })).toBe('a b c');
  });

  it('shows an empty text as a dash', () => {
    expect(mermaidLabel('  ')).toBe('-');
  });
});

describe('flowchart', () => {
  it('generates node ids in order and quotes every label', () => {
    const source = flowchart({
      direction: 'TD',
      nodes: [
        { key: 'problem', label: 'Problem', shape: 'stadium' },
        { key: 'a', label: 'Answer' },
        { key: 'b', label: 'Cause', shape: 'hexagon' },
      ],
      edges: [
        { from: 'problem', to: 'a' },
        { from: 'a', to: 'b' },
      ],
    });
    expect(source).toBe(
      [
        'flowchart TD',
        '  n0(["Problem"])',
        '  n1["Answer"]',
        '  n2{{"Cause"}}',
        '  n0 --> n1',
        '  n1 --> n2',
      ].join('\n'),
    );
  });

  it('leaves out an edge to a key that names no node', () => {
    const source = flowchart({
      direction: 'LR',
      nodes: [{ key: 'a', label: 'A' }],
      edges: [{ from: 'a', to: 'zz' }],
    });
    expect(source).not.toContain('-->');
  });

  it('keeps hostile text inside its label: one line per node, no quote, backtick or structure character', () => {
    const source = flowchart({
      direction: 'TD',
      nodes: HOSTILE.map((label, i) => ({ key: `k${i}`, label, shape: i % 2 === 0 ? 'rect' : 'stadium' })),
      edges: [],
    });
    const lines = source.split('\n');
    expect(lines).toHaveLength(HOSTILE.length + 1);
    lines.slice(1).forEach((line, i) => {
      const m = /^ {2}n(\d+)(\[|\(\[)"(.*)"(\]|\]\))$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m?.[1]).toBe(String(i));
      expect(bare(m?.[3] ?? '')).toMatch(/^[\p{L}\p{N} .,'?!+=@()/_-]*$/u);
    });
    expect(source).not.toContain('`');
  });

  it('writes classes for their members only, and refuses a class that is not a plain name and style', () => {
    const nodes = [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B', className: 'rootCause' },
    ];
    const source = flowchart({
      direction: 'TD',
      nodes,
      edges: [],
      classes: { rootCause: 'stroke:#c62828,stroke-width:3px', unused: 'stroke:#000' },
    });
    expect(source).toContain('  classDef rootCause stroke:#c62828,stroke-width:3px\n  class n1 rootCause');
    expect(source).not.toContain('unused');
    expect(() => flowchart({ direction: 'TD', nodes, edges: [], classes: { 'x;y': 'fill:#fff' } })).toThrow();
    expect(() =>
      flowchart({ direction: 'TD', nodes, edges: [], classes: { ok: 'fill:#fff;\nclick' } }),
    ).toThrow();
  });
});

describe('timelineDiagram', () => {
  it('writes one section per group and one line per period, events separated by " : "', () => {
    const source = timelineDiagram({
      title: 'Milestones (UTC)',
      sections: [
        { name: '2026-03-14', periods: [{ period: '08:12', events: ['Detection', 'Acknowledgement'] }] },
        {
          name: '2026-03-15',
          periods: [
            { period: '10:00', events: ['Containment'] },
            { period: '11:00', events: [] },
          ],
        },
        { name: '2026-03-16', periods: [] },
      ],
    });
    expect(source).toBe(
      [
        'timeline',
        '  title Milestones (UTC)',
        '  section 2026-03-14',
        '    08#58;12 : Detection : Acknowledgement',
        '  section 2026-03-15',
        '    10#58;00 : Containment',
      ].join('\n'),
    );
  });

  it('encodes colons, comments and newlines in texts so they cannot add events, sections or comments', () => {
    const source = timelineDiagram({
      title: 'a: b %% c',
      sections: [{ name: 'day: 1\nsection x', periods: [{ period: '09:00', events: HOSTILE }] }],
    });
    const lines = source.split('\n');
    expect(lines).toHaveLength(4);
    const eventLine = lines[3] ?? '';
    expect(eventLine.split(' : ')).toHaveLength(HOSTILE.length + 1);
    for (const line of lines.slice(1))
      expect(bare(line.replace(/ : /g, ''))).toMatch(/^[\p{L}\p{N} .,'?!+=@()/_-]*$/u);
  });

  it('cuts long event texts', () => {
    const source = timelineDiagram({
      sections: [{ name: 'd', periods: [{ period: 'p', events: ['word '.repeat(50)] }] }],
    });
    expect(source.split(' : ')[1]?.length).toBeLessThanOrEqual(110);
    expect(source).toContain('#8230;');
  });
});

describe('mermaidBlock', () => {
  it('fences the source as a mermaid code block', () => {
    expect(mermaidBlock('flowchart TD\n  n0["a"]')).toBe('```mermaid\nflowchart TD\n  n0["a"]\n```');
  });
});
