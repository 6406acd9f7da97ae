/**
 * `npx tsx scripts/bench-evtx.ts [folder] [--runs N]` (`npm run bench:evtx`): EVTX ingest throughput.
 * Parses and normalizes every .evtx file of the folder (default: ../shared/samples/evtx-corpus) with Debrief's
 * parser, in one process as ingest does, streaming each file from disk (1 MiB reads); then times Debian's
 * `evtxexport -f xml FILE > /dev/null` (libevtx-utils) on the same files, one process per file as it is used.
 * Prints records/s and MB/s for both, the ratio, and the machine. Budget: at least 2× evtxexport's records/s.
 *
 * Records are the records in the files (what Debrief yields, events plus rejections), the same count for both
 * tools; evtxexport writes nothing for some newer files, which only makes it faster. The machine's CPU is noisy
 * (steal time), so each figure is the median of several runs, and a second table repeats the comparison on
 * the files of 1 MiB or more, where evtxexport's process start-up weighs least.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { evtxParser } from '../src/ingest/formats/evtx.js';
import { DEFAULT_LIMITS } from '../src/ingest/types.js';

const BUDGET = 2;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 5) : 5;
const folder = resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ??
    join(import.meta.dirname, '..', '..', 'shared', 'samples', 'evtx-corpus'),
);

/** Every .evtx file under `dir`, sorted. */
function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...evtxFiles(path));
    else if (entry.name.toLowerCase().endsWith('.evtx')) out.push(path);
  }
  return out.sort();
}

interface FileInfo {
  readonly path: string;
  readonly bytes: number;
  records: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Parses and normalizes the files; returns the wall time in ms and counts the records of each file. */
async function debrief(files: readonly FileInfo[]): Promise<number> {
  const context = { zone: 'UTC', mapping: {}, limits: DEFAULT_LIMITS };
  const started = performance.now();
  for (const file of files) {
    let records = 0;
    for await (const _ of evtxParser.parse(
      createReadStream(file.path, { highWaterMark: 1024 * 1024 }),
      context,
    )) {
      records++;
    }
    file.records = records;
  }
  return performance.now() - started;
}

/** Runs evtxexport on each file with its output to /dev/null; returns the wall time in ms. */
function evtxexport(files: readonly FileInfo[]): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    for (const file of files)
      spawnSync('evtxexport', ['-f', 'xml', file.path], { stdio: ['ignore', devNull, 'ignore'] });
    return performance.now() - started;
  } finally {
    closeSync(devNull);
  }
}

const hasEvtxexport = (): boolean => spawnSync('evtxexport', ['-V'], { stdio: 'ignore' }).error === undefined;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function row(name: string, records: number, bytes: number, ms: number): string {
  const seconds = ms / 1000;
  return `${name.padEnd(26)}${fmt(records / seconds).padStart(12)}${fmt(bytes / 2 ** 20 / seconds, 1).padStart(10)}${fmt(seconds, 2).padStart(9)} s`;
}

async function compare(title: string, files: readonly FileInfo[], withEvtxexport: boolean): Promise<void> {
  const records = files.reduce((n, f) => n + f.records, 0);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) ours.push(await debrief(files));
  process.stdout.write(
    `\n${title}: ${files.length} files, ${fmt(bytes / 2 ** 20, 1)} MiB, ${fmt(records)} records\n`,
  );
  process.stdout.write(
    `${''.padEnd(26)}${'records/s'.padStart(12)}${'MiB/s'.padStart(10)}${'time'.padStart(11)}\n`,
  );
  process.stdout.write(`${row('Debrief (parse+normalize)', records, bytes, median(ours))}\n`);
  if (!withEvtxexport) return;
  const theirs: number[] = [];
  for (let i = 0; i < RUNS; i++) theirs.push(evtxexport(files));
  process.stdout.write(`${row('evtxexport -f xml', records, bytes, median(theirs))}\n`);
  const ratio = median(theirs) / median(ours);
  const verdict = ratio >= BUDGET ? 'met' : 'NOT MET';
  process.stdout.write(`ratio: ${fmt(ratio, 1)}× evtxexport's records/s (budget ≥ ${BUDGET}×: ${verdict})\n`);
}

if (!existsSync(folder)) {
  process.stderr.write(`bench-evtx: ${folder} does not exist; give a folder of .evtx files\n`);
  process.exit(2);
}
const files: FileInfo[] = evtxFiles(folder).map((path) => ({ path, bytes: statSync(path).size, records: 0 }));
if (files.length === 0) {
  process.stderr.write(`bench-evtx: no .evtx files under ${folder}\n`);
  process.exit(2);
}
const cpu = cpus();
const available = hasEvtxexport();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${platform()} ${arch()}, Node ${process.version}\n` +
    `folder: ${folder}\neach figure: median of ${RUNS} runs, after one warm-up pass of Debrief's parser\n`,
);
if (!available)
  process.stdout.write('evtxexport is not installed (Debian: libevtx-utils): only Debrief is measured\n');
// A first pass counts the records of each file (the same denominator for both tools).
await debrief(files);
await compare('all files', files, available);
const large = files.filter((f) => f.bytes >= 2 ** 20);
if (large.length > 0) await compare('files of 1 MiB or more', large, available);
