// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import { DomainError } from './errors.js';
import { checkBranding, type ReportBranding } from './report-branding.js';
import { buildReport } from './report-build.js';
import { DEFAULT_LAYOUT, renderReportHtml } from './report-html.js';
import { cssString } from './report-html-style.js';
import type { Report, ReportMeta } from './report-model.js';

/** The parts of jsdom's DOM these tests use (core compiles without the DOM library). */
interface Element {
  readonly textContent: string | null;
  readonly tagName: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
}
interface HtmlDocument extends Element {
  readonly title: string;
  readonly body: Element;
}
declare const DOMParser: new () => { parseFromString(text: string, type: string): HtmlDocument };

const parse = (html: string): HtmlDocument => new DOMParser().parseFromString(html, 'text/html');
const all = (root: Element, selector: string): Element[] => Array.from(root.querySelectorAll(selector));

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

const meta: ReportMeta = {
  id: 'INC-2026-014',
  title: `Billing data ${HOSTILE}`,
  audience: 'technical',
  audienceLabel: 'Technical report',
  severity: 'high',
  status: 'in-review',
  types: ['technical'],
  generatedAt: '2026-03-20T10:00:00Z',
  classification: 'TLP:AMBER+STRICT',
};

const report: Report = {
  meta,
  preamble: [],
  sections: [
    {
      id: 'incident-summary',
      title: '1. Incident summary',
      blocks: [
        {
          kind: 'markdown',
          markdown: `Raw ${HOSTILE} and [bad](javascript:alert(3)) and ![pixel](https://tracker.example/p.png)\n\n| A | B |\n| --- | --- |\n| one<br>two | \`T-07\` |`,
        },
      ],
    },
    {
      id: 'timeline',
      title: '3. `Timeline` of events',
      blocks: [
        {
          kind: 'diagram',
          diagram: {
            kind: 'timeline',
            title: `Milestones ${HOSTILE}`,
            mermaid: '',
            sections: [
              { name: '2026-03-02', periods: [{ period: '09:26', events: [`Detection: ${HOSTILE}`] }] },
            ],
          },
        },
        { kind: 'markdown', markdown: 'Literal {{toc}} and {{sections}} in user text stay text.' },
      ],
    },
    {
      id: 'clocks',
      title: '4. Clocks',
      blocks: [{ kind: 'diagram', diagram: { kind: 'clocks', title: 'Clocks', clocks: [] } }],
    },
  ],
};

/** Every element and attribute that could run code or fetch something. */
function checkInert(doc: HtmlDocument, allowedImages = 0): void {
  expect(all(doc, 'script, iframe, object, embed, link, base')).toHaveLength(0);
  for (const element of all(doc, '*'))
    for (const attr of Array.from(element.attributes)) {
      expect(attr.name.startsWith('on'), `${element.tagName} ${attr.name}`).toBe(false);
      expect(/^\s*javascript:/i.test(attr.value), `${element.tagName} ${attr.name}`).toBe(false);
    }
  const images = all(doc, 'img');
  expect(images).toHaveLength(allowedImages);
  for (const image of images) expect(image.getAttribute('src')).toMatch(/^data:image\//);
}

describe('renderReportHtml', () => {
  const html = renderReportHtml(report);
  const doc = parse(html);

  it('is one HTML5 document with a section, heading and contents entry for every section', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(doc.title).toBe(`INC-2026-014 — Billing data ${HOSTILE}`);
    const sections = all(doc, 'main > section');
    expect(sections.map((s) => s.getAttribute('id'))).toEqual(['incident-summary', 'timeline', 'clocks']);
    expect(sections.map((s) => s.querySelector('h2')?.textContent)).toEqual([
      '1. Incident summary',
      '3. Timeline of events',
      '4. Clocks',
    ]);
    expect(all(doc, 'nav.toc a').map((a) => a.getAttribute('href'))).toEqual([
      '#incident-summary',
      '#timeline',
      '#clocks',
    ]);
  });

  it('shows the classification banner at the top and the bottom, and in the print margins', () => {
    const banners = all(doc, '.banner');
    expect(banners.map((b) => b.getAttribute('class'))).toEqual([
      'banner banner-top tlp-amber',
      'banner banner-bottom tlp-amber',
    ]);
    expect(banners.every((b) => b.textContent === 'TLP:AMBER+STRICT')).toBe(true);
    const css = doc.querySelector('style')?.textContent ?? '';
    expect(css).toContain('@top-center { content: "TLP:AMBER+STRICT"');
    expect(css).toContain('@bottom-center');
    expect(css).toContain('counter(pages)');
  });

  it('draws every diagram as an inline SVG figure with a numbered caption', () => {
    const figures = all(doc, 'figure.diagram');
    expect(figures).toHaveLength(2);
    expect(figures[0]?.querySelector('svg')?.getAttribute('role')).toBe('img');
    expect(figures.map((f) => f.querySelector('figcaption')?.textContent)).toEqual([
      `Figure 1. Milestones ${HOSTILE}`,
      'Figure 2. Clocks',
    ]);
    expect(figures[1]?.textContent).toContain('No clocks to show.');
  });

  it('runs no script, loads nothing, and shows hostile text as text', () => {
    checkInert(doc);
    expect(doc.querySelector('h1')?.textContent).toContain(HOSTILE);
    expect(doc.querySelector('#incident-summary p')?.textContent).toContain(HOSTILE);
    expect(all(doc, 'a').some((a) => a.textContent === 'bad')).toBe(false);
    expect(
      all(doc, 'a')
        .find((a) => a.textContent === 'pixel')
        ?.getAttribute('href'),
    ).toBe('https://tracker.example/p.png');
    expect(doc.querySelector('td')?.textContent).toBe('onetwo');
    expect(doc.querySelector('td br')).not.toBeNull();
    expect(doc.querySelector('td code.nowrap')?.textContent).toBe('T-07');
    expect(html).toContain("default-src 'none'");
  });

  it('fills each slot once: slot names in user text stay text', () => {
    expect(doc.querySelector('#timeline')?.textContent).toContain('Literal {{toc}} and {{sections}}');
    expect(all(doc, 'nav.toc')).toHaveLength(1);
  });

  it('states the approved version, or that a draft is not the approved text, or nothing', () => {
    const approved = parse(
      renderReportHtml({
        ...report,
        meta: {
          ...meta,
          version: {
            number: 2,
            contentHash: `sha256:${'a'.repeat(64)}`,
            state: 'approved',
            approvedAt: '2026-03-19T12:00:00Z',
            approvers: ['Alice <CISO>'],
          },
        },
      }),
    );
    const stamp = approved.querySelector('.stamp')?.textContent ?? '';
    expect(stamp).toContain('version 2');
    expect(stamp).toContain(`sha256:${'a'.repeat(64)}`);
    expect(stamp).toContain('Alice <CISO>');
    const draft = parse(renderReportHtml({ ...report, meta: { ...meta, draftAfter: 2 } }));
    expect(draft.querySelector('.stamp.draft')?.textContent).toContain('not the approved text');
    expect(doc.querySelector('.stamp')).toBeNull();
  });

  it('has no banner without a classification', () => {
    const { classification: _, ...unclassified } = meta;
    const plain = parse(renderReportHtml({ ...report, meta: unclassified }));
    expect(all(plain, '.banner')).toHaveLength(0);
    expect(plain.querySelector('style')?.textContent).not.toContain('@top-center');
  });

  it('renders every section heading of a report built from a post-mortem', () => {
    const built = buildReport(buildPostMortem({ title: `Phish ${HOSTILE}` }), {
      generatedAt: '2026-03-20T10:00:00Z',
    });
    const page = parse(renderReportHtml(built));
    expect(all(page, 'main > section > h2').map((h) => h.textContent)).toEqual(
      built.sections.map((s) => s.title.replace(/`/g, '')),
    );
    expect(built.sections.length).toBeGreaterThan(5);
    checkInert(page);
  });
});

describe('branding', () => {
  const logo = { mediaType: 'image/png' as const, base64: 'iVBORw0KGgo=' };
  const branding: ReportBranding = {
    organization: 'Korvalen <Security>',
    logo,
    colors: { primary: '#112233', accent: '#aa0000' },
    css: 'h2 { letter-spacing: .02em; }',
    footer: 'Internal distribution only',
  };

  it('applies the name, logo, colours, extra CSS and footer', () => {
    const doc = parse(renderReportHtml(report, { branding }));
    checkInert(doc, 1);
    expect(doc.querySelector('.brand img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(doc.querySelector('.brand .organization')?.textContent).toBe('Korvalen <Security>');
    const css = doc.querySelector('style')?.textContent ?? '';
    expect(css).toContain('--primary: #112233; --accent: #aa0000;');
    expect(css.indexOf('letter-spacing: .02em')).toBeGreaterThan(css.indexOf('--primary'));
    expect(css).toContain('@bottom-left { content: "Internal distribution only"');
    expect(doc.querySelector('footer.report-footer')?.textContent).toContain('Internal distribution only');
  });

  it('fills a custom layout', () => {
    const layout =
      '<!doctype html><html><head>{{styles}}</head><body class="acme">{{banner}}<div class="cover">{{title}}</div>' +
      '{{sections}}<aside>{{toc}}</aside></body></html>';
    const doc = parse(renderReportHtml(report, { branding: { layout } }));
    expect(doc.querySelector('body')?.getAttribute('class')).toBe('acme');
    expect(doc.querySelector('.cover h1')).not.toBeNull();
    expect(all(doc, 'aside nav.toc a')).toHaveLength(3);
    expect(all(doc, 'body > section')).toHaveLength(3);
    expect(all(doc, '.banner')).toHaveLength(2);
  });

  it('refuses bad colours, unknown or missing slots, scripts and external resources, naming each', () => {
    const problems = (b: ReportBranding): string[] => {
      try {
        checkBranding(b);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return ((error as DomainError).details?.problems as string[]) ?? [];
      }
    };
    expect(problems(branding)).toEqual([]);
    expect(problems({ colors: { primary: 'red' } })[0]).toContain('colour primary "red" is not a #rrggbb');
    const layout = problems({
      layout: '<!doctype html>{{styles}}{{sections}}{{cover}}<script>x</script><img src="https://x/y.png">',
    });
    expect(layout.join('\n')).toContain('unknown slot {{cover}}');
    expect(layout.join('\n')).toContain('{{banner}} is missing');
    expect(layout.join('\n')).toContain('<script> is not allowed');
    expect(layout.join('\n')).toContain('src= must be a data: URL');
    expect(problems({ layout: '<html>{{styles}}{{banner}}{{sections}}</html>' })[0]).toContain(
      '<!doctype html>',
    );
    expect(problems({ css: '@import "x.css"; a { background: url(https://x/y.png) }' })).toHaveLength(2);
    expect(problems({ css: 'a { background: url(data:image/png;base64,AAAA) }' })).toEqual([]);
    expect(problems({ css: '</style><script>' })[0]).toContain('<style>');
    expect(() => renderReportHtml(report, { branding: { colors: { accent: '#12345' } } })).toThrow(/#rrggbb/);
  });

  it('keeps the default layout valid', () => {
    expect(problems0(DEFAULT_LAYOUT)).toEqual([]);
  });

  it('writes text into CSS strings so it cannot end the string or the style element', () => {
    expect(cssString('a"b\\c</style>')).toBe('"a\\22 b\\5c c\\3c /style\\3e "');
  });
});

function problems0(layout: string): string[] {
  try {
    checkBranding({ layout });
    return [];
  } catch (error) {
    return ((error as DomainError).details?.problems as string[]) ?? [];
  }
}
