// @vitest-environment jsdom
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { demoReport, hostileReport } from '../../test/report-office-fixtures.js';
import { DomainError } from '../core/errors.js';
import { inlinePlainText, parseReportInline } from '../core/report-tokens.js';
import { renderReportDocx } from './render-report-docx.js';

const { DOMParser } = globalThis as unknown as {
  DOMParser: new () => {
    parseFromString(text: string, type: string): { getElementsByTagName(tag: string): ArrayLike<unknown> };
  };
};

interface Unzipped {
  readonly zip: JSZip;
  readonly names: string[];
  readonly document: string;
  readonly headers: string[];
  readonly footers: string[];
  readonly rels: string;
}

async function unzip(buffer: Buffer): Promise<Unzipped> {
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files);
  const read = (name: string): Promise<string> => (zip.file(name) as JSZip.JSZipObject).async('string');
  const matching = (pattern: RegExp): Promise<string[]> =>
    Promise.all(names.filter((n) => pattern.test(n)).map(read));
  return {
    zip,
    names,
    document: await read('word/document.xml'),
    headers: await matching(/^word\/header\d*\.xml$/),
    footers: await matching(/^word\/footer\d*\.xml$/),
    rels: await read('word/_rels/document.xml.rels'),
  };
}

/** The text of each paragraph of document.xml with the given style, in order. */
function styledParagraphs(documentXml: string, style: string): string[] {
  const paragraphs = documentXml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? [];
  return paragraphs
    .filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`))
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .map(unescapeXml);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('renderReportDocx', () => {
  it('is a zip Word opens: content types, document, styles, numbering', async () => {
    const { names } = await unzip(await renderReportDocx(await demoReport()));
    for (const part of [
      '[Content_Types].xml',
      'word/document.xml',
      'word/styles.xml',
      'word/numbering.xml',
      '_rels/.rels',
    ]) {
      expect(names).toContain(part);
    }
  });

  it('writes every XML part well formed', async () => {
    const { zip, names } = await unzip(await renderReportDocx(await demoReport()));
    const parts = names.filter((n) => /\.(xml|rels)$/.test(n));
    expect(parts.length).toBeGreaterThan(8);
    for (const name of parts) {
      const text = await (zip.file(name) as JSZip.JSZipObject).async('string');
      const xml = new DOMParser().parseFromString(text, 'application/xml');
      expect(xml.getElementsByTagName('parsererror'), name).toHaveLength(0);
    }
  });

  it('gives every section a Heading 1 paragraph and subsections Heading 2 and 3', async () => {
    const report = await demoReport();
    const { document } = await unzip(await renderReportDocx(report));
    expect(styledParagraphs(document, 'Heading1')).toEqual(
      report.sections.map((s) => inlinePlainText(parseReportInline(s.title))),
    );
    expect(styledParagraphs(document, 'Heading2')).toContain('What happened');
    expect(
      styledParagraphs(document, 'Heading3').some((h) => h.startsWith('R-01 Enforce phishing-resistant MFA')),
    ).toBe(true);
    expect(styledParagraphs(document, 'Title')).toEqual([`${report.meta.id} — ${report.meta.title}`]);
    // The table of contents field, filled by Word on opening.
    expect(document).toContain('TOC \\h \\o &quot;1-3&quot;');
  });

  it('puts the classification in the header and footer of every page, with page numbers', async () => {
    const { document, headers, footers } = await unzip(await renderReportDocx(await demoReport()));
    expect(headers.length).toBeGreaterThan(0);
    for (const xml of [...headers, ...footers]) expect(xml).toContain('TLP:AMBER+STRICT');
    expect(footers.join('')).toMatch(/PAGE/);
    expect(footers.join('')).toMatch(/NUMPAGES/);
    expect(document).toMatch(/<w:headerReference w:type="default"/);
    expect(document).toMatch(/<w:footerReference w:type="default"/);
  });

  it('writes tables with repeated header rows, lists, code runs and hyperlinks', async () => {
    const buffer = await renderReportDocx(await demoReport(), {
      branding: { organization: 'Korvalen', primary: '#336699' },
    });
    const { document, names } = await unzip(buffer);
    const tables = document.match(/<w:tbl>/g) ?? [];
    expect(tables.length).toBeGreaterThan(10);
    expect((document.match(/<w:tblHeader\/>/g) ?? []).length).toBe(tables.length);
    expect(document).toContain('<w:numPr>');
    expect(document).toMatch(/<w:rFonts w:ascii="Consolas"[^>]*\/><\/w:rPr><w:t xml:space="preserve">T-01</);
    expect(document).toMatch(/<w:hyperlink [^>]*r:id="/);
    expect(document).toContain('w:fill="336699"');
    expect(names.some((n) => n === 'word/_rels/document.xml.rels')).toBe(true);
  });

  it('shows diagrams as data: the clocks as a table, the fishbone as a list', async () => {
    const { document } = await unzip(await renderReportDocx(await demoReport()));
    expect(document).toContain('BREACHED');
    expect(document).toContain('Approving push prompts is a routine, high-frequency action for engineers.');
    expect(document).not.toContain('flowchart');
  });

  it('escapes hostile text and drops characters XML cannot hold', async () => {
    const { document, headers, rels } = await unzip(await renderReportDocx(hostileReport()));
    expect(document).not.toContain('<script>');
    expect(document).not.toContain('<img');
    expect(document).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &amp;amp;');
    expect(headers.join('')).toContain('TLP:RED &lt;script&gt;');
    // The javascript: link is text, never a hyperlink.
    expect(document).toContain('[click](javascript:alert(1))');
    expect(rels).not.toMatch(/javascript/i);
    expect(styledParagraphs(document, 'Heading1')[0]).toBe('1. Incident summary');
  });

  it('drops control characters, which XML cannot hold, from the banner', async () => {
    const report = hostileReport();
    const bell = { ...report, meta: { ...report.meta, classification: 'TLP:RED\u0007\u0001' } };
    const { headers } = await unzip(await renderReportDocx(bell));
    expect(headers.join('')).toContain('>TLP:RED<');
  });

  it('refuses a branding colour Word cannot use', async () => {
    await expect(renderReportDocx(hostileReport(), { branding: { primary: 'red' } })).rejects.toThrow(
      DomainError,
    );
  });
});
