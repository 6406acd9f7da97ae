// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { DiagramNode } from './diagram-exports.js';
import type { ReportDiagram } from './report-model.js';
import { diagramSvg } from './report-svg.js';
import { treeLayout } from './report-svg-tree.js';

/** The parts of jsdom's DOM these tests use (core compiles without the DOM library). */
interface XmlElement {
  readonly textContent: string | null;
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<XmlElement>;
}
declare const DOMParser: new () => {
  parseFromString(text: string, type: string): { documentElement: XmlElement };
};

const HOSTILE = '<script>alert("x")</script> & Co';

/** Parses the SVG as XML (a parse error fails the test) and returns its root and every text line. */
function parse(svg: string): { root: XmlElement; texts: string[] } {
  const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  expect(root.tagName).toBe('svg');
  expect(root.querySelectorAll('parsererror').length).toBe(0);
  const texts = Array.from(root.querySelectorAll('text')).map((t) => t.textContent ?? '');
  return { root, texts };
}

function checkFrame(svg: string, title: string): { root: XmlElement; all: string } {
  const { root, texts } = parse(svg);
  expect(root.getAttribute('role')).toBe('img');
  expect(root.querySelectorAll('title')[0]?.textContent).toBe(title);
  expect(Number(root.getAttribute('width'))).toBeLessThanOrEqual(700);
  expect(root.querySelectorAll('script').length).toBe(0);
  expect(svg).not.toContain('<script>');
  return { root, all: texts.join(' ') };
}

const tree = (text: string, ...children: DiagramNode[]): DiagramNode => ({ id: text, text, children });

const diagrams: readonly ReportDiagram[] = [
  {
    kind: 'timeline',
    title: `Milestones ${HOSTILE}`,
    mermaid: '',
    sections: [
      {
        name: '2026-03-14',
        periods: [
          { period: '08:12', events: ['Detection (EDR): beacon seen', `≈ Compromise: ${HOSTILE}`] },
          { period: '09:00', events: [] },
        ],
      },
      { name: '2026-03-15', periods: [{ period: '10:30', events: ['Containment: host isolated'] }] },
      { name: 'empty day', periods: [] },
    ],
  },
  {
    kind: 'five-whys',
    title: 'W-1',
    mermaid: '',
    tree: tree(
      'Why was billing data exfiltrated?',
      tree('Phished admin', tree(`MFA push fatigue ${HOSTILE}`)),
      tree('No egress alerting'),
    ),
  },
  {
    kind: 'attack-path',
    title: 'Attack path',
    steps: Array.from({ length: 6 }, (_, i) => ({
      technique: `T10${i}`,
      name: i === 0 ? HOSTILE : `Technique ${i}`,
      at: `2026-03-14T0${i}:00:00Z`,
      tactics: ['initial-access', 'persistence'],
    })),
  },
  {
    kind: 'clocks',
    title: 'Clocks',
    clocks: [
      {
        label: 'Time to detect',
        seconds: 500_000,
        targetSeconds: 86_400,
        breached: true,
        approximate: false,
      },
      { label: HOSTILE, seconds: 1_800, targetSeconds: 3_600, breached: false, approximate: true },
      { label: 'Time to recover', breached: false, approximate: false, targetSeconds: 7_200 },
      { label: 'Dwell time', seconds: 90, breached: false, approximate: false },
    ],
  },
  {
    kind: 'fishbone',
    title: 'Fishbone',
    mermaid: '',
    tree: tree('Data exfiltrated', tree('people', tree(HOSTILE)), tree('process')),
  },
];

describe('diagramSvg', () => {
  for (const diagram of diagrams) {
    it(`draws the ${diagram.kind} diagram as well-formed SVG with hostile text as text`, () => {
      const svg = diagramSvg(diagram);
      const { all } = checkFrame(svg, diagram.title);
      expect(all).toContain('<script>');
      expect(svg).toContain('&lt;script&gt;');
      expect(diagramSvg(diagram)).toBe(svg);
    });
  }

  it('shows every timeline day, time and event, milestone labels in bold, approximate dots hollow', () => {
    const { root, all } = checkFrame(diagramSvg(diagrams[0] as ReportDiagram), diagrams[0]?.title ?? '');
    for (const text of ['2026-03-14', '2026-03-15', '08:12', '10:30', 'beacon seen', 'host isolated'])
      expect(all).toContain(text);
    expect(all).not.toContain('empty day');
    expect(all).not.toContain('09:00');
    const bold = Array.from(root.querySelectorAll('tspan')).map((t) => t.textContent);
    expect(bold).toContain('Detection (EDR):');
    expect(root.querySelectorAll('circle.approx').length).toBe(1);
  });

  it('marks the leaves of the 5 Whys tree as root causes, the problem first', () => {
    const { root } = checkFrame(diagramSvg(diagrams[1] as ReportDiagram), 'W-1');
    const roots = Array.from(root.querySelectorAll('g.root')).map((g) => g.textContent ?? '');
    expect(roots).toHaveLength(2);
    expect(roots[0]).toContain('Root cause');
    expect(roots.join(' ')).toContain('No egress alerting');
    expect(root.querySelectorAll('g.problem')[0]?.textContent).toContain('Why was billing');
    expect(root.querySelectorAll('path.edge').length).toBe(3);
  });

  it('wraps long 5 Whys answers inside the page width, and boxes never overlap', () => {
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const deep = tree('P', tree(long, tree(long, tree(long, tree(long, tree(long))))), tree(long));
    const { boxes } = treeLayout(deep);
    for (const [i, box] of boxes.entries()) {
      expect(box.x + box.width).toBeLessThanOrEqual(700);
      expect(box.lines.length).toBeGreaterThan(0);
      const next = boxes[i + 1];
      if (next !== undefined) expect(next.y).toBeGreaterThanOrEqual(box.y + box.height);
    }
    expect(boxes[1]?.lines.length).toBeGreaterThan(1);
  });

  it('draws each attack step with its technique, tactics and time, in rows that fit the page', () => {
    const { root, all } = checkFrame(diagramSvg(diagrams[2] as ReportDiagram), 'Attack path');
    expect(root.querySelectorAll('g.card').length).toBe(6);
    for (let i = 0; i < 6; i++) expect(all).toContain(`${i + 1}. T10${i}`);
    expect(all).toContain('initial-access, persistence');
    expect(all).toContain('2026-03-14 05:00 UTC');
  });

  it('draws breached clocks red, approximate ones hatched with ≈, and says which cannot be computed', () => {
    const { root, all } = checkFrame(diagramSvg(diagrams[3] as ReportDiagram), 'Clocks');
    expect(root.querySelectorAll('rect.bar.breached').length).toBe(1);
    expect(root.querySelectorAll('rect.bar.met').length).toBe(1);
    expect(root.querySelectorAll('rect.bar.none').length).toBe(1);
    expect(root.querySelectorAll('rect.hatch').length).toBe(1);
    expect(root.querySelectorAll('line.target').length).toBe(2);
    expect(all).toContain('≈ 30m');
    expect(all).toContain('(missed)');
    expect(all).toContain('not computable');
    expect(all).toContain('no target');
  });

  it('says so when a diagram has nothing to draw, instead of breaking', () => {
    const empty: readonly ReportDiagram[] = [
      { kind: 'timeline', title: 'T', mermaid: '', sections: [] },
      { kind: 'five-whys', title: 'W', mermaid: '', tree: tree('') },
      { kind: 'attack-path', title: 'A', steps: [] },
      { kind: 'clocks', title: 'C', clocks: [] },
      { kind: 'fishbone', title: 'F', mermaid: '', tree: tree('Effect') },
    ];
    for (const diagram of empty) {
      const { all } = checkFrame(diagramSvg(diagram), diagram.title);
      expect(all).toMatch(/^No /);
    }
    const unanswered = checkFrame(
      diagramSvg({ kind: 'five-whys', title: 'W', mermaid: '', tree: tree('P') }),
      'W',
    );
    expect(unanswered.all).toContain('No answers recorded yet.');
  });
});

describe('diagram stylesheets', () => {
  it('reach only their own diagram, so inlined diagrams cannot restyle the page or each other', () => {
    for (const diagram of diagrams) {
      const svg = diagramSvg(diagram);
      const css = /<style>([^<]*)<\/style>/.exec(svg)?.[1] ?? '';
      const selectors = css
        .split('}')
        .filter((r) => r.includes('{'))
        .flatMap((r) => r.split('{')[0]?.split(',') ?? []);
      expect(selectors.length).toBeGreaterThan(0);
      for (const selector of selectors) expect(selector.startsWith(`svg.debrief-${diagram.kind}`)).toBe(true);
      expect(svg).toContain(`class="debrief-diagram debrief-${diagram.kind}"`);
    }
  });
});
