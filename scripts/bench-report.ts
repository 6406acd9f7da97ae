/**
 * `npm run bench:report`: how long the demo post-mortem's report takes to render as Markdown, HTML and PDF.
 *
 * Each run builds the report model from the document (`buildReport`) and renders it, as `debrief render` does.
 * PDF is measured twice: cold (a new Chromium for every run, as one `debrief render` command pays) and warm (one
 * browser kept between runs, as a server keeps it). The budgets (issue 9) are HTML ≤ 1 s and PDF ≤ 5 s, checked
 * against the worst cold run; a miss prints "not met" and does not fail the run (the exit code is 1 only when
 * rendering itself fails).
 *
 * Usage: npx tsx scripts/bench-report.ts [--runs 5]
 */
import { statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { buildReport, renderReportMarkdown } from '../src/core/report-build.js';
import { renderReportHtml } from '../src/core/report-html.js';
import type { Report } from '../src/core/report-model.js';
import { demoPostMortemPath } from '../src/services/package-paths.js';
import { readValidPostMortemFile } from '../src/services/read-post-mortem-file.js';
import { closePdfBrowser, findChromium, renderPdf } from '../src/services/render-report-pdf.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs must be a whole number of at least 1, not "${values.runs}"\n`);
  process.exit(2);
}

const BUDGET_MS = { html: 1_000, pdf: 5_000 } as const;
const CLASSIFICATION = 'TLP:AMBER+STRICT';
const GENERATED_AT = '2026-03-20T10:00:00Z';

/** Median and maximum of a list of durations in ms. */
function stats(ms: readonly number[]): { median: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, max: sorted.at(-1) ?? 0 };
}

/** Runs `fn` `runs` times; returns the durations and the size of the last output. */
async function measure(
  fn: () => Promise<string | Buffer> | string,
): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const out = await fn();
    ms.push(performance.now() - start);
    bytes = Buffer.byteLength(out);
  }
  return { ms, bytes };
}

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}\n`,
);
const path = demoPostMortemPath();
const doc = await readValidPostMortemFile(path);
const build = (): Report => buildReport(doc, { generatedAt: GENERATED_AT, classification: CLASSIFICATION });
const sample = build();
const diagrams = [...sample.preamble, ...sample.sections.flatMap((s) => s.blocks)].filter(
  (b) => b.kind === 'diagram',
);
process.stdout.write(
  `input: demo post-mortem ${doc.id}, ${statSync(path).size} bytes of YAML, ${doc.timeline.length} timeline entries, ` +
    `${sample.sections.length} sections, ${diagrams.length} diagrams; ${runs} runs each\n\n`,
);

const rows: { name: string; ms: number[]; bytes: number; budget?: number }[] = [];
rows.push({ name: 'Markdown', ...(await measure(() => renderReportMarkdown(build()))) });
rows.push({ name: 'HTML', ...(await measure(() => renderReportHtml(build()))), budget: BUDGET_MS.html });
let pdfError: string | undefined;
try {
  findChromium();
  const pdf = (): Promise<Buffer> => renderPdf(renderReportHtml(build()), { classification: CLASSIFICATION });
  rows.push({
    name: 'PDF (cold: new Chromium each run)',
    ...(await measure(async () => {
      const out = await pdf();
      await closePdfBrowser();
      return out;
    })),
    budget: BUDGET_MS.pdf,
  });
  await pdf(); // launch the shared browser once, outside the measured runs
  rows.push({ name: 'PDF (warm: browser kept)', ...(await measure(pdf)), budget: BUDGET_MS.pdf });
} catch (error) {
  pdfError = error instanceof Error ? error.message : String(error);
} finally {
  await closePdfBrowser();
}

const pad = (text: string, width: number): string => text.padEnd(width);
process.stdout.write(
  `${pad('format', 36)}${pad('median ms', 12)}${pad('max ms', 10)}${pad('output', 14)}budget\n`,
);
for (const row of rows) {
  const { median, max } = stats(row.ms);
  const budget =
    row.budget === undefined ? '—' : `≤ ${row.budget} ms: ${max <= row.budget ? 'met' : 'not met'} (max)`;
  process.stdout.write(
    `${pad(row.name, 36)}${pad(median.toFixed(1), 12)}${pad(max.toFixed(1), 10)}${pad(`${(row.bytes / 1024).toFixed(0)} KiB`, 14)}${budget}\n`,
  );
}
if (pdfError !== undefined) {
  process.stdout.write(`PDF not measured: ${pdfError}\n`);
  process.exitCode = 1;
}
