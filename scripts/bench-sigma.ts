/**
 * `npm run bench:sigma`: Sigma rule evaluation throughput.
 *
 * 1. Evaluator alone: every runnable SigmaHQ rule of ../shared/sigma (rules, rules-emerging-threats,
 *    rules-threat-hunting) over the Windows events of an EVTX folder (default ../shared/samples/evtx-corpus), parsed
 *    once and kept in memory; rule-event pairs per second count every pair the log sources allow and every pair
 *    they exclude (the index is part of the evaluator).
 * 2. End to end: the same events ingested into SQLite, then `sigma run` (re-reading the evidence, evaluating,
 *    storing the matches).
 *
 * Usage: npx tsx scripts/bench-sigma.ts [--events DIR] [--rules DIR...]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NormalizedEvent } from '../src/core/event.js';
import { sigmaMatcher } from '../src/core/sigma-rule.js';
import type { SourceFields } from '../src/core/source-fields.js';
import { evtxParser } from '../src/ingest/formats/evtx.js';
import { DEFAULT_LIMITS } from '../src/ingest/types.js';
import { compileSigmaSources, readSigmaFolder } from '../src/services/sigma-rules.js';

const shared = join(import.meta.dirname, '..', '..', 'shared');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: join(shared, 'samples', 'evtx-corpus') },
    rules: {
      type: 'string',
      multiple: true,
      default: ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((f) =>
        join(shared, 'sigma', f),
      ),
    },
  },
});

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);

const t0 = performance.now();
const sources = [];
for (const dir of values.rules) {
  const read = await readSigmaFolder(dir);
  sources.push(...read.sources.map((s) => ({ ...s, origin: `${dir}/${s.origin}` })));
}
const { rules } = compileSigmaSources(sources);
const runnable = rules.filter((r) => r.ok);
const compileMs = performance.now() - t0;
process.stdout.write(
  `rules: ${rules.length} read and compiled in ${(compileMs / 1000).toFixed(2)} s, ${runnable.length} runnable\n`,
);

const files = readdirSync(values.events, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.toLowerCase().endsWith('.evtx'))
  .map((f) => join(values.events, f));
const events: { event: NormalizedEvent; fields: SourceFields | undefined }[] = [];
for (const file of files)
  for await (const r of evtxParser.parse(createReadStream(file), {
    zone: 'UTC',
    mapping: {},
    limits: DEFAULT_LIMITS,
  }))
    if (r.ok) events.push({ event: r.event, fields: r.fields });
process.stdout.write(
  `events: ${events.length.toLocaleString('en')} from ${files.length} EVTX files of ${values.events}\n\n`,
);

const matcher = sigmaMatcher(runnable);
let matches = 0;
const t1 = performance.now();
for (const { event, fields } of events) matches += matcher(event, fields).length;
const evalS = (performance.now() - t1) / 1000;
process.stdout.write(
  `1. evaluator, in memory: ${(events.length / evalS).toLocaleString('en', { maximumFractionDigits: 0 })} events/s, ` +
    `${((events.length * runnable.length) / evalS / 1e6).toFixed(1)} million rule-event pairs/s ` +
    `(${runnable.length} rules × ${events.length.toLocaleString('en')} events in ${evalS.toFixed(2)} s), ${matches} matches\n`,
);

const bin = join(import.meta.dirname, '..', 'bin', 'debrief.js');
const hasTime = existsSync('/usr/bin/time');
const data = mkdtempSync(join(tmpdir(), 'debrief-bench-sigma-'));
try {
  const env = { ...process.env, DEBRIEF_DATA: data, DATABASE_URL: '' };
  const cli = (...args: string[]) => {
    const command = hasTime ? '/usr/bin/time' : process.execPath;
    const result = spawnSync(
      command,
      hasTime ? ['-f', '%e %M', process.execPath, bin, ...args] : [bin, ...args],
      {
        env,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    if (result.status !== 0) throw new Error(`debrief ${args[0]} failed: ${result.stderr.slice(-2000)}`);
    const rssKb = hasTime ? Number(result.stderr.trim().split('\n').pop()?.split(' ')[1]) : Number.NaN;
    return { stdout: result.stdout, rssMb: rssKb / 1024 };
  };
  cli('new', 'BENCH-1', '--title', 'Benchmark', '-o', join(data, 'pm.yaml'));
  cli('import', join(data, 'pm.yaml'));
  cli('ingest', 'BENCH-1', ...files, '--no-indicators', '--json');
  for (const [i, dir] of values.rules.entries()) cli('sigma', 'load', dir, ...(i === 0 ? ['--replace'] : []));
  const run = cli('sigma', 'run', 'BENCH-1', '--json');
  const summary = JSON.parse(run.stdout) as {
    events: number;
    matches: number;
    matchedEvents: number;
    seconds: number;
    rules: { run: number };
  };
  process.stdout.write(
    `2. debrief sigma run, SQLite: ${summary.events.toLocaleString('en')} events × ${summary.rules.run} rules in ` +
      `${summary.seconds.toFixed(2)} s, rules compiled, evidence re-read, matches stored ` +
      `(${(summary.events / summary.seconds).toLocaleString('en', { maximumFractionDigits: 0 })} events/s, ` +
      `${((summary.events * summary.rules.run) / summary.seconds / 1e6).toFixed(1)} million rule-event pairs/s), ` +
      `${summary.matches} matches on ${summary.matchedEvents} events` +
      `${Number.isNaN(run.rssMb) ? '' : `, peak RSS ${run.rssMb.toFixed(0)} MB`}\n`,
  );
} finally {
  rmSync(data, { recursive: true, force: true });
}
