/**
 * No value that must stay inside the team reaches an external report, in any format: the regulator pack and
 * the public statement of the demo and of a hostile document (names, e-mails, hosts, accounts, addresses,
 * indicators, internal links and paths, also inside free text and custody reasons) are rendered by
 * `renderReport` as Markdown, HTML (text, attribute values, `<title>`), Confluence, Notion, Word (every XML
 * part's text and attribute values, document properties included) and PDF (text layer in layout and raw order,
 * document information, raw bytes), and searched for `internalValues` plus a hand-written list of the planted
 * values. Positive controls: the technical report of the same document does show the values, in every format,
 * so the search can fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfToolsCheck } from '../../test/pdf-tools.js';
import { custodyOf, hostileDoc, P, PLANTED, planted } from '../../test/report-leak-fixtures.js';
import { assertNoInternalValues, findLeaks } from '../../test/report-leaks.js';
import type { PostMortem } from '../core/model.js';
import type { EvidenceCustody } from '../core/report-custody.js';
import type { ReportAudience, ReportFormat } from '../core/report-model.js';
import { type InternalValue, internalValues } from '../core/report-redaction-values.js';
import { demoPostMortemPath } from './package-paths.js';
import { readValidPostMortemFile } from './read-post-mortem-file.js';
import { renderReport } from './render-report.js';
import { closePdfBrowser } from './render-report-pdf.js';

const { missing, skip } = pdfToolsCheck('render-report-leaks (PDF)');
const GENERATED_AT = '2026-04-01T10:00:00Z';
const EXTERNAL = ['regulator', 'public'] as const;
const TEXT_FORMATS = ['md', 'html', 'confluence', 'notion', 'docx'] as const;

interface Case {
  readonly doc: PostMortem;
  readonly custody: readonly EvidenceCustody[];
  /** `internalValues` plus the hand-written values that must not appear. */
  readonly values: readonly InternalValue[];
}

const cases = new Map<string, Case>();
const version = (approver: string) => ({
  number: 2,
  contentHash: `sha256:${'ab'.repeat(32)}`,
  state: 'approved' as const,
  approvedAt: '2026-03-21T09:00:00Z',
  approvers: [approver],
});

beforeAll(async () => {
  const demo = await readValidPostMortemFile(demoPostMortemPath());
  const demoCustody = custodyOf(
    'E-01',
    'Anneke Vos',
    'anneke.vos@korvalen.example',
    'copied from KRV-LT-0412',
  );
  const demoPlanted = ['KRV-LT-0412', 'krv-prod-billing-exports', 'svc-reporting-export', '198.51.100.77'];
  cases.set('demo', {
    doc: demo,
    custody: demoCustody,
    values: [
      ...internalValues(demo, demoCustody),
      ...['Ines Marchetti', 'Anneke Vos', 'Rafael Quintero'].map((v) => planted('person', v)),
      ...[...demoPlanted, 'anneke.vos@korvalen.example', P.partnerEmail, P.forensics].map((v) =>
        planted('host', v),
      ),
    ],
  });
  const hostile = hostileDoc();
  const hostileCustody = custodyOf(
    'E-1',
    P.lead,
    P.responderEmail,
    `imaged ${P.workstation} at ${P.internalIp}`,
  );
  cases.set('hostile', {
    doc: hostile,
    custody: hostileCustody,
    values: [...internalValues(hostile, hostileCustody), ...PLANTED],
  });
});

afterAll(async () => {
  await closePdfBrowser();
});

function caseOf(name: string): Case {
  const found = cases.get(name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found;
}

async function render(
  name: string,
  audience: ReportAudience,
  format: ReportFormat,
): Promise<string | Buffer> {
  const { doc, custody } = caseOf(name);
  const approver = name === 'demo' ? 'Ines Marchetti' : P.approver;
  const rendered = await renderReport(doc, {
    format,
    audience,
    generatedAt: GENERATED_AT,
    classification: 'TLP:AMBER',
    version: version(approver),
    custody,
  });
  return rendered.body;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** Every attribute value of an HTML or XML text, decoded, one per line. */
function attributeValues(markup: string): string {
  return [...markup.matchAll(/\s[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')/g)]
    .map((m) => decodeXml(m[1] ?? m[2] ?? ''))
    .join('\n');
}

/** The text of an XML part: runs of a paragraph joined, paragraphs, tabs and breaks as line ends, entities decoded. */
function xmlText(xml: string): string {
  return decodeXml(
    xml
      .replace(/<\/w:p>|<w:br\/>|<w:tab\/>|<\/w:tc>/g, '\n')
      .replace(/<\/(?:dc|cp|dcterms):[^>]*>/g, '\n')
      .replace(/<[^>]*>/g, ''),
  );
}

/** What a reader (or a search) finds in a .docx: every XML part's text and attribute values (links, properties). */
async function docxTexts(body: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(body);
  const names = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n));
  expect(names).toEqual(expect.arrayContaining(['word/document.xml', 'docProps/core.xml']));
  expect(names.some((n) => /^word\/header\d*\.xml$/.test(n))).toBe(true);
  const parts = await Promise.all(names.map(async (n) => [n, await zip.file(n)?.async('string')] as const));
  const out: Record<string, string> = {};
  for (const [name, xml = ''] of parts) {
    out[`${name} text`] = xmlText(xml);
    out[`${name} attributes`] = attributeValues(xml);
  }
  return out;
}

/** What a reader (or a search) finds in a PDF: text layer in layout and raw order, document information, bytes. */
function pdfTexts(body: Buffer): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-leaks-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, body);
    const run = (tool: string, args: string[]): string =>
      execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    const raw = run('pdftotext', ['-enc', 'UTF-8', '-raw', file, '-']);
    return {
      layout: run('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']),
      raw,
      // A value broken over two lines (long words wrap anywhere) joined again; spaces between words kept.
      'raw, lines joined': raw.replace(/[ \t]*\n[ \t]*/g, ''),
      'raw, one line': raw.replace(/\s+/g, ' '),
      pdfinfo: run('pdfinfo', ['-enc', 'UTF-8', file]),
      bytes: body.toString('latin1'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The texts to search in one rendering, by where they come from. */
async function searchable(format: ReportFormat, body: string | Buffer): Promise<Record<string, string>> {
  if (format === 'docx') return docxTexts(body as Buffer);
  if (format === 'pdf') return pdfTexts(body as Buffer);
  const text = body.toString();
  if (format === 'html' || format === 'confluence') return { text, attributes: attributeValues(text) };
  return { text };
}

/** The values a text of a given origin is searched for: joined lines and bytes only for long, exact-shape values. */
function valuesFor(origin: string, values: readonly InternalValue[]): readonly InternalValue[] {
  if (origin !== 'bytes' && origin !== 'raw, lines joined') return values;
  return values.filter((v) => v.kind !== 'person' && v.kind !== 'name-part' && v.value.length >= 6);
}

function assertClean(texts: Record<string, string>, values: readonly InternalValue[]): void {
  for (const [origin, text] of Object.entries(texts)) {
    try {
      assertNoInternalValues(text, valuesFor(origin, values));
    } catch (error) {
      throw new Error(`${origin}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Planted values found in any of the texts. */
function found(texts: Record<string, string>, values: readonly InternalValue[]): Set<string> {
  return new Set(Object.values(texts).flatMap((text) => findLeaks(text, values).map((l) => l.value)));
}

describe('external reports in every format', () => {
  it('the hand-written values are all internal values too', () => {
    const known = new Set(
      caseOf('hostile')
        .values.filter((v) => v.source !== 'planted')
        .map((v) => v.value),
    );
    const forgotten = PLANTED.filter((v) => !known.has(v.value) && v.value !== 'corp-intra.example');
    expect(forgotten.map((v) => v.value)).toEqual([]);
  });

  for (const name of ['demo', 'hostile']) {
    for (const audience of EXTERNAL) {
      for (const format of TEXT_FORMATS) {
        it(`${name}, ${audience}, ${format}: no internal value`, async () => {
          const texts = await searchable(format, await render(name, audience, format));
          const all = Object.values(texts).join('\n');
          expect(all).toContain(audience === 'public' ? 'Public statement' : 'Regulator and auditor pack');
          if (name === 'hostile') expect(all).toContain('host-1');
          assertClean(texts, caseOf(name).values);
        });
      }
    }
  }
});

describe.skipIf(skip)('external reports as PDF', () => {
  it('has Chromium and poppler-utils (DEBRIEF_REQUIRE_CHROMIUM=1 makes a missing one a failure)', () => {
    expect(missing).toBeUndefined();
  });

  for (const name of ['demo', 'hostile']) {
    for (const audience of EXTERNAL) {
      it(`${name}, ${audience}, pdf: no internal value in the text, the title or the bytes`, async () => {
        const texts = pdfTexts((await render(name, audience, 'pdf')) as Buffer);
        expect(texts.pdfinfo).toMatch(/^Title:\s+INC-2026-0\d\d — \S/m);
        if (name === 'hostile') expect(texts.pdfinfo).toMatch(/^Title:.*host-1/m);
        expect(texts['raw, one line']).toContain(audience === 'public' ? 'Public statement' : 'Regulator');
        assertClean(texts, caseOf(name).values);
      }, 120_000);
    }
  }
});

describe('positive controls: the technical report shows the values, and the search finds them', () => {
  const mustShow = [
    P.lead,
    P.responder,
    P.scribe,
    P.workstation,
    P.database,
    P.attackerIp,
    P.leadEmail,
    P.jira,
    P.dll,
  ];

  for (const format of ['md', 'html', 'docx'] as const) {
    it(`hostile, technical, ${format}: the planted values are there`, async () => {
      const texts = await searchable(format, await render('hostile', 'technical', format));
      const seen = found(texts, PLANTED);
      for (const value of mustShow) expect(seen, value).toContain(value);
      expect(() => assertClean(texts, caseOf('hostile').values)).toThrow(/leaked into an external report/);
    });
  }

  it.skipIf(skip)(
    'hostile, technical, pdf: the planted values are in the text layer and the title',
    async () => {
      const texts = pdfTexts((await render('hostile', 'technical', 'pdf')) as Buffer);
      const seen = found(texts, PLANTED);
      for (const value of mustShow) expect(seen, value).toContain(value);
      expect(texts.pdfinfo).toContain(P.workstation);
      expect(() => assertClean(texts, caseOf('hostile').values)).toThrow(/leaked into an external report/);
    },
    120_000,
  );
});
