/**
 * `npm run bench`: the document path end to end (read and validate, import into SQLite, export, clocks, Markdown
 * report), on the demo and on generated post-mortems. Prints the median of several runs with the input size and
 * the machine. Budget (DESIGN.md): a full Markdown report in 1 s or less.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parsePostMortemText, serializePostMortem } from '../src/contract/post-mortem-file.js';
import { parsePostMortemId } from '../src/contract/schema-primitives.js';
import { computeClocks } from '../src/core/clocks.js';
import { renderMarkdownReport } from '../src/core/report-build.js';
import { openDatabase } from '../src/db/dialects.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { exportPostMortem } from '../src/services/export-post-mortem.js';
import { importPostMortem } from '../src/services/import-post-mortem.js';
import { generatePostMortem } from '../test/generate-post-mortem.js';

const RUNS = 5;

async function median(run: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? 0;
}

const inputs: { name: string; text: string }[] = [
  {
    name: 'demo (examples/demo-post-mortem.yaml)',
    text: readFileSync('examples/demo-post-mortem.yaml', 'utf8'),
  },
  ...[1_000, 10_000].map((n) => ({
    name: `generated, ${n.toLocaleString('en')} timeline entries`,
    text: stringify(generatePostMortem(n)),
  })),
];

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n` +
    `each figure: median of ${RUNS} runs, in milliseconds\n\n`,
);
const rows: string[][] = [
  ['input', 'size', 'read+validate', 'import', 'export', 'clocks', 'report (md)', 'budget'],
];
for (const input of inputs) {
  const parsed = parsePostMortemText(input.text);
  const doc = parsed.document;
  if (!doc) throw new Error(`${input.name} is invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const dir = mkdtempSync(join(tmpdir(), 'debrief-bench-'));
  const handle = await openDatabase({ dialect: 'sqlite', path: join(dir, 'bench.sqlite') });
  await migrateToLatest(handle.db);
  let n = 0;
  const read = await median(() => parsePostMortemText(input.text));
  // Each import is a new id, so every run measures a full create (validation happened above).
  const store = await median(() =>
    importPostMortem(
      handle.db,
      { ...doc, id: parsePostMortemId(`${doc.id}-${n++}`) },
      { now: new Date().toISOString() },
    ),
  );
  const exportTime = await median(() =>
    exportPostMortem(handle.db, parsePostMortemId(`${doc.id}-0`), 'yaml'),
  );
  const clocks = await median(() => computeClocks(doc));
  const report = await median(() => renderMarkdownReport(doc, { generatedAt: '2026-11-22T00:00:00Z' }));
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  rows.push([
    input.name,
    `${(input.text.length / 1024).toFixed(0)} KiB, ${doc.timeline.length} entries`,
    read.toFixed(1),
    store.toFixed(1),
    exportTime.toFixed(1),
    clocks.toFixed(2),
    report.toFixed(1),
    report <= 1000 ? 'report ≤ 1 s: met' : 'report ≤ 1 s: MISSED',
  ]);
  void serializePostMortem;
}
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
