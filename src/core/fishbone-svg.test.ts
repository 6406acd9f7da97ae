// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import { fishboneTree, xmlEscape } from './diagram-exports.js';
import { fishboneLayout, fishboneSvg, type LabelBox } from './fishbone-svg.js';

const long = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const doc = buildPostMortem({
  title: 'Customer billing data exfiltrated <after> six days & more',
  analysis: {
    fishbone: {
      categories: ['people', 'process', 'technology', 'environment', 'measurement'],
      causes: [
        { id: 'F-1', category: 'people', text: long(30), causes: [{ id: 'F-1.1', text: 'Push fatigue' }] },
        { id: 'F-2', category: 'people', text: 'Short' },
        {
          id: 'F-3',
          category: 'process',
          text: 'No change review "at all"',
          causes: [{ id: 'F-3.1', text: long(12), causes: [{ id: 'F-3.1.1', text: 'deep' }] }],
        },
        { id: 'F-4', category: 'technology', text: 'Tag-mode e-mail filter' },
        { id: 'F-5', category: 'measurement', text: 'Line one\nline two' },
      ],
    },
  },
} as Parameters<typeof buildPostMortem>[0]);
const tree = fishboneTree(doc);

const overlap = (a: LabelBox, b: LabelBox): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('fishboneLayout', () => {
  const layout = fishboneLayout(tree);

  it('gives every category and cause a label, and the effect one box at the head', () => {
    expect(layout.labels.filter((l) => l.kind === 'category').map((l) => l.lines.join(' '))).toEqual([
      'people',
      'technology',
      'measurement',
      'process',
      'environment',
    ]);
    expect(layout.labels.filter((l) => l.kind === 'cause')).toHaveLength(8);
    const effect = layout.labels.filter((l) => l.kind === 'effect');
    expect(effect).toHaveLength(1);
    expect(effect[0]?.x).toBeGreaterThanOrEqual(layout.spine.x2);
    expect(layout.ribs).toHaveLength(5);
  });

  it('keeps every label inside the drawing and no two labels overlapping', () => {
    for (const [i, a] of layout.labels.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.labels.slice(i + 1))
        expect(overlap(a, b), `${a.lines[0]} / ${b.lines[0]}`).toBe(false);
    }
  });

  it('puts categories alternately above and below the spine, each rib ending on the spine', () => {
    const categories = layout.labels.filter((l) => l.kind === 'category');
    const y = layout.spine.y1;
    expect(categories.slice(0, 3).every((c) => c.y + c.height < y)).toBe(true);
    expect(categories.slice(3).every((c) => c.y > y)).toBe(true);
    expect(layout.ribs.every((r) => r.y2 === y && r.x2 <= layout.spine.x2)).toBe(true);
  });

  it('wraps long causes and keeps lines short, sub-causes indented under their cause', () => {
    const causes = layout.labels.filter((l) => l.kind === 'cause');
    expect(causes.every((c) => c.lines.every((line) => line.length <= 34))).toBe(true);
    expect(causes.find((c) => c.lines[0] === '– Push fatigue')).toBeDefined();
    expect(causes.find((c) => c.lines[0] === '  – deep')).toBeDefined();
  });
});

describe('fishboneSvg', () => {
  it('is well-formed SVG with every text escaped and present', () => {
    const svg = fishboneSvg(tree, 'INC-1 <fishbone>');
    const { DOMParser } = globalThis as unknown as {
      DOMParser: new () => {
        parseFromString(
          text: string,
          type: string,
        ): {
          getElementsByTagName(tag: string): ArrayLike<{ textContent: string | null }>;
          documentElement: { tagName: string };
        };
      };
    };
    const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(xml.documentElement.tagName).toBe('svg');
    const texts = Array.from(xml.getElementsByTagName('text')).map((t) => t.textContent ?? '');
    expect(texts.join(' ')).toContain('No change review "at all"');
    expect(texts.join(' ')).toContain('exfiltrated <after> six days &');
    expect(svg).not.toContain('<after>');
    expect(xmlEscape('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});
