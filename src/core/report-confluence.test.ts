// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { demoReport, HOSTILE, hostileReport } from '../../test/report-office-fixtures.js';
import { cdata, renderReportConfluence } from './report-confluence.js';
import { inlinePlainText, parseReportInline } from './report-tokens.js';

/** The parts of jsdom's DOM these tests use (core compiles without the DOM library). */
type Nodes = ArrayLike<Element> & Iterable<Element>;
interface Element {
  readonly textContent: string | null;
  readonly firstElementChild: Element | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(tag: string): Nodes;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Nodes;
}
interface XmlDocument {
  readonly documentElement: Element;
  getElementsByTagName(tag: string): Nodes;
  querySelector(selector: string): Element | null;
}
const { DOMParser } = globalThis as unknown as {
  DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument };
};

/** Parses storage format as XML inside a root declaring the Confluence namespaces; fails when not well formed. */
function parseStorage(storage: string): XmlDocument {
  const xml = `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${storage}</root>`;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

function macros(doc: XmlDocument, name: string): Element[] {
  return [...doc.getElementsByTagName('ac:structured-macro')].filter(
    (m) => m.getAttribute('ac:name') === name,
  );
}

function parameterOf(macro: Element, name: string): string | undefined {
  return (
    [...macro.getElementsByTagName('ac:parameter')].find((p) => p.getAttribute('ac:name') === name)
      ?.textContent ?? undefined
  );
}

describe('renderReportConfluence', () => {
  it('writes well-formed XML with every section as a heading, banner, stamp and table of contents', async () => {
    const report = await demoReport();
    const doc = parseStorage(renderReportConfluence(report));
    const h1 = [...doc.getElementsByTagName('h1')].map((h) => h.textContent);
    expect(h1).toEqual(report.sections.map((s) => inlinePlainText(parseReportInline(s.title))));
    const warnings = macros(doc, 'warning');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.textContent).toContain('TLP:AMBER+STRICT');
    expect(macros(doc, 'info')[0]?.textContent).toContain('Approved version 2');
    expect(macros(doc, 'toc')).toHaveLength(1);
    // The banner comes first, the table of contents before the first section.
    expect(doc.documentElement.firstElementChild).toBe(warnings[0]);
  });

  it('writes tables with header cells, lists, code and links', async () => {
    const doc = parseStorage(renderReportConfluence(await demoReport()));
    const timeline = [...doc.getElementsByTagName('table')].find(
      (t) => t.querySelector('th')?.textContent === 'Id',
    );
    expect(timeline?.querySelectorAll('tr').length).toBeGreaterThan(40);
    expect(timeline?.querySelector('td code')?.textContent).toBe('T-01');
    expect(timeline?.getElementsByTagName('br').length).toBeGreaterThan(0);
    expect(doc.getElementsByTagName('li').length).toBeGreaterThan(20);
    const link = doc.querySelector('a[href^="https://jira.korvalen.example/"]');
    expect(link?.textContent).toContain('SEC-4417');
  });

  it('shows diagrams as data, with Mermaid sources in collapsed code macros', async () => {
    const report = await demoReport();
    const doc = parseStorage(renderReportConfluence(report));
    const code = macros(doc, 'code');
    const mermaid = code.filter((m) => parameterOf(m, 'title')?.endsWith('(Mermaid source)'));
    const withSource = report.sections
      .flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'diagram' && b.diagram.mermaid !== undefined);
    expect(mermaid).toHaveLength(withSource.length);
    expect(parameterOf(mermaid[0] as Element, 'language')).toBe('text');
    expect(parameterOf(mermaid[0] as Element, 'collapse')).toBe('true');
    expect(mermaid[0]?.getElementsByTagName('ac:plain-text-body')[0]?.textContent).toMatch(/^timeline\n/);
    // The clocks diagram has no Mermaid source: its data is a table.
    const clocks = [...doc.getElementsByTagName('table')].find(
      (t) => t.querySelector('th')?.textContent === 'Clock' && t.textContent?.includes('BREACHED'),
    );
    expect(clocks).toBeDefined();
  });

  it('keeps hostile text as text: no element from user input, CDATA split at ]]>', () => {
    const storage = renderReportConfluence(hostileReport());
    const doc = parseStorage(storage);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('img')).toHaveLength(0);
    expect(doc.getElementsByTagName('div')).toHaveLength(0);
    expect(doc.getElementsByTagName('b')).toHaveLength(0);
    expect(doc.querySelector('a[href^="javascript"]')).toBeNull();
    expect(doc.documentElement.textContent).toContain('<script>alert(1)</script> ]]> &');
    expect(doc.getElementsByTagName('h1')[0]?.textContent).toBe('1. Incident summary');
    expect(macros(doc, 'warning')[0]?.textContent).toContain(`TLP:RED ${HOSTILE}`);
    expect(macros(doc, 'note')[0]?.textContent).toContain('Draft');
    const js = macros(doc, 'code').find((m) => parameterOf(m, 'language') === 'js');
    expect(js?.getElementsByTagName('ac:plain-text-body')[0]?.textContent).toBe(
      'const end = "]]>"; // <script>',
    );
  });

  it('drops control characters, which XML cannot hold', () => {
    const report = hostileReport();
    const doc = parseStorage(
      renderReportConfluence({ ...report, meta: { ...report.meta, classification: 'TLP:RED\u0007' } }),
    );
    expect(macros(doc, 'warning')[0]?.textContent).toBe('ClassificationTLP:RED');
  });

  it('splits every ]]> of a CDATA body', () => {
    const doc = parseStorage(`<x>${cdata('a]]>b]]]]>c')}</x>`);
    expect(doc.documentElement.textContent).toBe('a]]>b]]]]>c');
  });
});
