/**
 * Seeing is believing: the demo post-mortem printed to PDF by Chromium, its pages turned into PNG with pdftoppm
 * (kept in test-artifacts/report-pdf/ for people to look at), its page count read with pdfinfo and its text
 * layer with pdftotext. Without Chromium or poppler-utils these tests are skipped and say why, unless
 * DEBRIEF_REQUIRE_CHROMIUM=1 (CI), where a missing tool fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfToolsCheck } from '../../test/pdf-tools.js';
import { DomainError } from '../core/errors.js';
import { buildReport } from '../core/report-build.js';
import { renderReportHtml } from '../core/report-html.js';
import { demoPostMortemPath, packageRoot } from './package-paths.js';
import { readValidPostMortemFile } from './read-post-mortem-file.js';
import { closePdfBrowser, findChromium, renderPdf } from './render-report-pdf.js';

const { missing, skip } = pdfToolsCheck('render-report-pdf');

const CLASSIFICATION = 'TLP:AMBER+STRICT';
const FOOTER = 'Korvalen <Security> & Co — internal';
const ARTIFACTS = join(packageRoot(), 'test-artifacts', 'report-pdf');

afterAll(async () => {
  await closePdfBrowser();
});

describe('findChromium', () => {
  it('fails with one line saying how to install Chromium when DEBRIEF_CHROMIUM names no file', () => {
    let error: unknown;
    try {
      findChromium({ DEBRIEF_CHROMIUM: '/nonexistent' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const { code, message } = error as DomainError;
    expect(code).toBe('dependency_missing');
    expect(message).not.toContain('\n');
    expect(message).toContain('DEBRIEF_CHROMIUM=/nonexistent');
    expect(message).toContain('apt-get install chromium');
  });

  it('gives the same one line from renderPdf', async () => {
    const before = process.env.DEBRIEF_CHROMIUM;
    process.env.DEBRIEF_CHROMIUM = '/nonexistent';
    try {
      await expect(renderPdf('<p>x</p>')).rejects.toThrow(
        /^Chromium not found at DEBRIEF_CHROMIUM=\/nonexistent: .*apt-get install chromium/,
      );
    } finally {
      if (before === undefined) delete process.env.DEBRIEF_CHROMIUM;
      else process.env.DEBRIEF_CHROMIUM = before;
    }
  });
});

describe.skipIf(skip)('renderPdf with Chromium', () => {
  it('has Chromium and poppler-utils (DEBRIEF_REQUIRE_CHROMIUM=1 makes a missing one a failure)', () => {
    expect(missing).toBeUndefined();
  });

  it('prints the demo post-mortem: A4 pages as PNG, every section heading and the banner on every page', async () => {
    const doc = await readValidPostMortemFile(demoPostMortemPath());
    const report = buildReport(doc, { generatedAt: '2026-03-20T10:00:00Z', classification: CLASSIFICATION });
    const html = renderReportHtml(report, { branding: { organization: 'Korvalen', footer: FOOTER } });
    const pdf = await renderPdf(html, { classification: CLASSIFICATION, footer: FOOTER });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'demo-post-mortem.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(ARTIFACTS, 'page')]);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(10);
    expect(pages).toBeLessThanOrEqual(80);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    expect(info).toContain(`Title:           ${doc.id} — ${doc.title}`);
    expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(
      pages,
    );

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const pageTexts = text.split('\f').slice(0, pages);
    expect(pageTexts).toHaveLength(pages);
    pageTexts.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain(CLASSIFICATION);
      expect(page, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages}`);
      expect(page, `page ${i + 1}`).toContain(FOOTER);
    });
    const flat = text.replace(/\s+/g, ' ');
    expect(report.sections.length).toBeGreaterThan(10);
    for (const section of report.sections) expect(flat).toContain(section.title.replace(/`/g, ''));
    for (const figure of ['Milestones (UTC)', 'Clocks against targets', 'Attack path'])
      expect(flat).toContain(figure);
  }, 120_000);

  it('prints the executive brief of the demo on at most two pages, kept as PNG next to the full report', async () => {
    const doc = await readValidPostMortemFile(demoPostMortemPath());
    const report = buildReport(doc, {
      generatedAt: '2026-03-20T10:00:00Z',
      audience: 'executive',
      classification: CLASSIFICATION,
    });
    const pdf = await renderPdf(renderReportHtml(report), { classification: CLASSIFICATION });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'demo-executive-brief.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(ARTIFACTS, 'executive')]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    const flat = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    for (const section of report.sections) expect(flat).toContain(section.title);
    expect(flat).toContain('Executive brief');
  }, 120_000);

  it('lets the page fetch nothing, even a report that asks to', async () => {
    let requests = 0;
    const server = createServer((_, res) => {
      requests += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    try {
      const html =
        `<!doctype html><html><head><title>Fetch test</title><link rel="stylesheet" href="${base}/a.css">` +
        `<style>@import url(${base}/b.css); body { background: url(${base}/c.png); }</style></head>` +
        `<body><p>Nothing loads</p><img src="${base}/d.png"><iframe src="${base}/e.html"></iframe>` +
        `<script src="${base}/f.js"></script></body></html>`;
      const pdf = await renderPdf(html, { title: 'Fetch <test>' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = join(ARTIFACTS, 'fetch-test.pdf');
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(file, pdf);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toContain(
        'Title:           Fetch <test>',
      );
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  }, 60_000);
});
