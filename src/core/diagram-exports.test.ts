// @vitest-environment jsdom
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import {
  type DiagramNode,
  fishboneTree,
  fiveWhysTree,
  toDrawio,
  toFreeMind,
  toMermaid,
  toOpml,
} from './diagram-exports.js';

const HOSTILE = 'say "hi" <b>&amp;</b> it\'s\nsecond line \u0007';

const doc = buildPostMortem({
  title: 'Billing data left the account',
  analysis: {
    fiveWhys: [
      {
        id: 'W-1',
        problem: 'The bucket was read from outside',
        whys: [
          {
            id: 'W-1.1',
            answer: 'No network condition on the bucket policy',
            whys: [{ id: 'W-1.1.1', answer: HOSTILE, category: 'design-flaw' }],
          },
          { id: 'W-1.2', answer: 'Nobody reviewed data-access logs', category: 'monitoring-gap' },
        ],
      },
    ],
    fishbone: {
      categories: ['people', 'process', 'technology', 'environment'],
      causes: [
        {
          id: 'F-1',
          category: 'process',
          text: 'No change review',
          causes: [{ id: 'F-1.1', text: HOSTILE }],
        },
        { id: 'F-2', category: 'technology', text: 'Tag-mode e-mail filter' },
      ],
    },
  },
} as Parameters<typeof buildPostMortem>[0]);

const fishbone = fishboneTree(doc);
const whys = fiveWhysTree(doc.analysis.fiveWhys[0] as (typeof doc.analysis.fiveWhys)[number]);

/** Texts of a tree depth-first, as `depth:text`. */
const flatten = (node: DiagramNode, depth = 0): string[] => [
  `${depth}:${node.text}`,
  ...node.children.flatMap((c) => flatten(c, depth + 1)),
];
const XML_TEXT = HOSTILE.replace('\u0007', '');

/** The parts of jsdom's DOM these tests use (core compiles without the DOM library). */
type Nodes = ArrayLike<XmlElement> & Iterable<XmlElement>;
interface XmlElement {
  readonly tagName: string;
  readonly children: Nodes;
  getAttribute(name: string): string | null;
  getElementsByTagName(tag: string): Nodes;
}
interface XmlDocument {
  readonly documentElement: XmlElement;
  getElementsByTagName(tag: string): Nodes;
}
const { DOMParser } = globalThis as unknown as {
  DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument };
};

function parseXml(text: string): XmlDocument {
  const xml = new DOMParser().parseFromString(text, 'application/xml');
  expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
  return xml;
}

/** Texts of an XML outline (OPML `outline@text`, FreeMind `node@TEXT`) depth-first, as `depth:text`. */
function xmlTree(element: XmlElement, tag: string, attr: string, depth = 0): string[] {
  return [...element.children]
    .filter((c) => c.tagName === tag)
    .flatMap((c) => [`${depth}:${c.getAttribute(attr)}`, ...xmlTree(c, tag, attr, depth + 1)]);
}

describe('analysis trees', () => {
  it('puts every fishbone category under the effect, even an empty one, with causes and sub-causes', () => {
    expect(flatten(fishbone)).toEqual([
      '0:Billing data left the account',
      '1:people',
      '1:process',
      '2:No change review',
      `3:${HOSTILE}`,
      '1:technology',
      '2:Tag-mode e-mail filter',
      '1:environment',
    ]);
  });

  it('keeps the branching of a 5 Whys tree', () => {
    expect(flatten(whys)).toEqual([
      '0:The bucket was read from outside',
      '1:No network condition on the bucket policy',
      `2:${HOSTILE}`,
      '1:Nobody reviewed data-access logs',
    ]);
  });
});

describe('exports', () => {
  const expected = (tree: DiagramNode) => flatten(tree).map((line) => line.replace(HOSTILE, XML_TEXT));

  it('writes OPML that parses and holds the tree with every text as written', () => {
    for (const tree of [fishbone, whys]) {
      const xml = parseXml(toOpml(tree, 'INC-1'));
      const body = xml.getElementsByTagName('body')[0] as XmlElement;
      expect(xmlTree(body, 'outline', 'text')).toEqual(expected(tree));
    }
  });

  it('writes a FreeMind map that parses, first-level nodes alternating right and left', () => {
    const xml = parseXml(toFreeMind(fishbone));
    const map = xml.documentElement;
    expect(xmlTree(map, 'node', 'TEXT')).toEqual(expected(fishbone));
    const first = [...(map.children[0] as XmlElement).children].map((c) => c.getAttribute('POSITION'));
    expect(first).toEqual(['right', 'left', 'right', 'left']);
  });

  it('writes a draw.io file with one box per node, an edge per link, and no two boxes overlapping', () => {
    const xml = parseXml(toDrawio(fishbone, 'INC-1'));
    const cells = [...xml.getElementsByTagName('mxCell')];
    const boxes = cells.filter((c) => c.getAttribute('vertex') === '1');
    const edges = cells.filter((c) => c.getAttribute('edge') === '1');
    expect(boxes.map((b) => b.getAttribute('value'))).toHaveLength(flatten(fishbone).length);
    expect(edges).toHaveLength(flatten(fishbone).length - 1);
    const rects = boxes.map((b) => {
      const g = b.getElementsByTagName('mxGeometry')[0] as XmlElement;
      const n = (k: string) => Number(g.getAttribute(k));
      return { x: n('x'), y: n('y'), w: n('width'), h: n('height') };
    });
    for (const [i, a] of rects.entries())
      for (const b of rects.slice(i + 1))
        expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    const ids = new Set(boxes.map((b) => b.getAttribute('id')));
    for (const e of edges)
      expect(ids.has(e.getAttribute('source')) && ids.has(e.getAttribute('target'))).toBe(true);
  });

  describe('Mermaid', () => {
    beforeAll(() => {
      mermaid.initialize({ startOnLoad: false });
    });

    it('writes a flowchart Mermaid parses, with a node per tree node and an edge per link', async () => {
      const source = toMermaid(whys);
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
      const db = diagram.db as unknown as {
        getVertices(): Map<string, unknown>;
        getEdges(): unknown[];
      };
      expect(db.getVertices().size).toBe(flatten(whys).length);
      expect(db.getEdges()).toHaveLength(flatten(whys).length - 1);
    });
  });
});
