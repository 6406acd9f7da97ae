// @vitest-environment jsdom
/**
 * Every Mermaid block of a report goes through Mermaid's own parser, with hostile text in every label: the
 * diagram must parse, have exactly the nodes and events the report meant, and show each text as written.
 */
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { mermaidBlocks } from '../../test/markdown.js';
import { flowchart, timelineDiagram, truncateText } from './mermaid.js';
import { renderMarkdownReport } from './report-build.js';

/** The shapes of Mermaid's parse results read here (its diagram databases are not typed per diagram). */
interface FlowDb {
  getVertices(): Map<string, { id: string; text?: string }>;
  getEdges(): { start: string; end: string }[];
}
interface TimelineDb {
  getSections(): string[];
  getTasks(): { section: string; task: string; events: string[] }[];
}

const HOSTILE = [
  'say "hi" --> n0["pwned"]',
  'k: v : w ; x',
  '%% comment %%{init: {"theme":"dark"}}%%',
  '<script>alert(1)</script>',
  'line one\nline two',
  '```js\nbacktick `x`\n```',
  'a | b # c #quot; &amp; [d] {e} (f)',
  'end',
  'click n1 call alert() style n0 fill:#f00;',
];

/** Mermaid keeps entity codes as placeholders until it draws; turn them back into characters. */
function decode(text: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (_m, name: string) => named[name] ?? `&${name};`);
}

/** Compares texts without the spaces and line breaks that truncation and wrapping add or remove. */
function squash(text: string): string {
  return text.replace(/<br>|\s/g, '');
}

async function parseDiagram(source: string): Promise<{ type: string; db: unknown }> {
  await mermaid.parse(source);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  return { type: diagram.type, db: diagram.db };
}

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false });
});

describe("Mermaid's parser", () => {
  it('refuses a label with a raw quote, so a passing parse means something', async () => {
    await expect(mermaid.parse('flowchart TD\n  n0["a " b"]')).rejects.toThrow();
  });

  it('reads each hostile label as one node with the text as written', async () => {
    const source = flowchart({
      direction: 'TD',
      nodes: HOSTILE.map((label, i) => ({ key: `k${i}`, label })),
      edges: HOSTILE.slice(1).map((_l, i) => ({ from: `k${i}`, to: `k${i + 1}` })),
    });
    const { db } = await parseDiagram(source);
    const vertices = [...(db as FlowDb).getVertices().values()];
    expect(vertices.map((v) => v.id)).toEqual(HOSTILE.map((_l, i) => `n${i}`));
    expect(vertices.map((v) => squash(decode(v.text ?? '')))).toEqual(
      HOSTILE.map((label) => squash(truncateText(label, 160))),
    );
    expect((db as FlowDb).getEdges()).toHaveLength(HOSTILE.length - 1);
  });

  it('reads each hostile timeline event as one event in its section', async () => {
    const source = timelineDiagram({
      title: 'Milestones: "x"',
      sections: [
        { name: '2026-03-14', periods: [{ period: '08:12', events: HOSTILE }] },
        { name: 'day: 2 %% x', periods: [{ period: 'time unknown', events: ['a: b'] }] },
      ],
    });
    const { db } = await parseDiagram(source);
    const timeline = db as TimelineDb;
    expect(timeline.getSections().map((s) => decode(s).trim())).toEqual(['2026-03-14', 'day: 2 %% x']);
    const [first, second] = timeline.getTasks();
    expect(decode(first?.task ?? '').trim()).toBe('08:12');
    expect(first?.events.map((e) => squash(decode(e)))).toEqual(
      HOSTILE.map((e) => squash(truncateText(e, 100))),
    );
    expect(second?.events.map((e) => decode(e).trim())).toEqual(['a: b']);
  });

  it('parses every diagram of a report full of hostile text', async () => {
    const text = (i: number): string => HOSTILE[i % HOSTILE.length] ?? '';
    const doc = buildPostMortem({
      title: text(0),
      timeline: [
        entry('T1', '2026-03-10T08:00+01:00', { text: text(1), milestone: { kind: 'compromise' } }),
        entry('T2', '2026-03-14', {
          text: text(2),
          milestone: { kind: 'detection', source: 'customer' },
          uncertain: true,
        }),
        entry('T3', '2026-03-14T12:00Z', {
          text: text(3),
          milestone: { kind: 'notification', recipient: text(4) },
        }),
        entry('T4', '2026-03-15T12:00Z', { text: text(5) }),
      ],
      analysis: {
        fiveWhys: [
          {
            id: 'FW1',
            problem: text(6),
            whys: [
              { id: 'W1', answer: text(7), whys: [{ id: 'W2', answer: text(8), category: 'design-flaw' }] },
            ],
          },
        ],
        fishbone: {
          problem: text(1),
          categories: ['people', 'tools: "x" %% y'],
          causes: [
            { id: 'F1', category: 'people', text: text(2), causes: [{ id: 'F2', text: text(3) }] },
            { id: 'F3', category: 'tools: "x" %% y', text: text(4) },
          ],
        },
      },
    });
    const blocks = mermaidBlocks(renderMarkdownReport(doc, { generatedAt: '2026-04-01T10:00:00Z' }));
    expect(blocks).toHaveLength(3);
    const types = [];
    for (const block of blocks) types.push((await parseDiagram(block)).type);
    expect(types).toEqual(['timeline', 'flowchart-v2', 'flowchart-v2']);
    const fishbone = (await parseDiagram(blocks[2] ?? '')).db as FlowDb;
    // Effect, two categories, three causes.
    expect(fishbone.getVertices().size).toBe(6);
  });
});
