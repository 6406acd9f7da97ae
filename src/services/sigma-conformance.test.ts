/**
 * Conformance with SigmaHQ's regression data (../shared/sigma): for every case, the rule its info.yml names must
 * match at least one event of its sample, read as EVTX and as JSON. Prints the pass rate and each failure's
 * reason; the bar is 95%.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sampleOfFile } from '../../test/ingest.js';
import type { NormalizedEvent } from '../core/event.js';
import { type CompiledRule, sigmaMatcher } from '../core/sigma-rule.js';
import type { SourceFields } from '../core/source-fields.js';
import { evtxParser } from '../ingest/formats/evtx.js';
import { detectFormat } from '../ingest/registry.js';
import { DEFAULT_LIMITS, type FormatParser } from '../ingest/types.js';
import { compileSigmaSources, readSigmaFolder } from './sigma-rules.js';

const SIGMA = resolve('..', 'shared', 'sigma');
const RULE_FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];
const present = existsSync(join(SIGMA, 'regression_data'));

interface Case {
  readonly info: string;
  readonly ruleId: string;
  /** The sample path from info.yml, or undefined when upstream declares no test. */
  readonly path: string | undefined;
}

async function records(parser: FormatParser, path: string) {
  const out: { event: NormalizedEvent; fields: SourceFields | undefined }[] = [];
  for await (const r of parser.parse(createReadStream(path), {
    zone: 'UTC',
    mapping: {},
    limits: DEFAULT_LIMITS,
  }))
    if (r.ok) out.push({ event: r.event, fields: r.fields });
  return out;
}

describe.skipIf(!present)('Sigma conformance with SigmaHQ regression data', () => {
  let rules: Map<string, CompiledRule>;
  let cases: Case[];

  beforeAll(async () => {
    const sources = [];
    for (const folder of RULE_FOLDERS) {
      const read = await readSigmaFolder(join(SIGMA, folder));
      sources.push(...read.sources.map((s) => ({ ...s, origin: `${folder}/${s.origin}` })));
    }
    rules = new Map(compileSigmaSources(sources).rules.map((r) => [r.id, r]));
    const infos = (await readdir(join(SIGMA, 'regression_data'), { recursive: true }))
      .filter((f) => f.endsWith('info.yml'))
      .sort();
    cases = infos.flatMap((info) => {
      const doc = parse(readFileSync(join(SIGMA, 'regression_data', info), 'utf8'));
      const tests = (doc.regression_tests_info ?? []) as { path?: string }[];
      return (doc.rule_metadata as { id: string }[]).flatMap((m) =>
        tests.length === 0
          ? [{ info, ruleId: m.id, path: undefined }]
          : tests.map((t) => ({ info, ruleId: m.id, path: t.path })),
      );
    });
  }, 60_000);

  it('the rule each case names matches its sample, EVTX and JSON (95% or more)', async () => {
    const withTest = cases.filter((c) => c.path !== undefined);
    expect(withTest.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    let passed = 0;
    for (const c of withTest) {
      const rule = rules.get(c.ruleId);
      const evtx = join(SIGMA, c.path as string);
      const json = evtx.replace(/\.evtx$/, '.json');
      if (!rule) {
        failures.push(`${c.info}: rule ${c.ruleId} is not among the rules`);
        continue;
      }
      if (!rule.ok) {
        failures.push(`${c.info}: ${rule.title}: not runnable: ${rule.problem}`);
        continue;
      }
      const matcher = sigmaMatcher([rule]);
      const jsonParser = detectFormat(sampleOfFile(json))?.parser;
      const evtxHit = (await records(evtxParser, evtx)).some((r) => matcher(r.event, r.fields).length > 0);
      const jsonHit =
        jsonParser !== undefined &&
        (await records(jsonParser, json)).some((r) => matcher(r.event, r.fields).length > 0);
      if (evtxHit && jsonHit) passed++;
      else
        failures.push(
          `${c.info}: ${rule.title}: no match in ${[evtxHit ? '' : 'EVTX', jsonHit ? '' : `JSON (read as ${jsonParser?.name ?? 'nothing'})`].filter(Boolean).join(' and ')}`,
        );
    }
    const untested = cases.filter((c) => c.path === undefined);
    const rate = passed / withTest.length;
    console.log(
      `Sigma conformance: ${passed}/${withTest.length} cases pass (${(rate * 100).toFixed(1)}%), EVTX and JSON; ` +
        `${untested.length} case(s) without a test upstream (${untested.map((c) => c.info).join(', ')})` +
        (failures.length ? `\nfailures:\n  ${failures.join('\n  ')}` : ''),
    );
    expect(rate).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('an EVTX sample and its JSON twin give the same events', async () => {
    let compared = 0;
    const differences: string[] = [];
    for (const c of cases.filter((x) => x.path !== undefined)) {
      const evtx = join(SIGMA, c.path as string);
      const a = await records(evtxParser, evtx);
      const jsonParser = detectFormat(sampleOfFile(evtx.replace(/\.evtx$/, '.json')))?.parser;
      expect(jsonParser?.name).toBe('windows-json');
      const b = await records(jsonParser as FormatParser, evtx.replace(/\.evtx$/, '.json'));
      const key = (e: NormalizedEvent) =>
        [e.time.epochMs, e.code, e.provider, e.hostName, e.processExecutable, e.userName, e.action].join('|');
      if (a.length !== b.length)
        differences.push(`${c.info}: ${a.length} events in EVTX, ${b.length} in JSON`);
      else
        a.forEach((r, i) => {
          const other = b[i];
          if (other && key(r.event) !== key(other.event))
            differences.push(`${c.info} #${i}: ${key(r.event)} ≠ ${key(other.event)}`);
        });
      compared += a.length;
    }
    expect(compared).toBeGreaterThan(200);
    expect(differences).toEqual([]);
  }, 120_000);
});

describe.skipIf(present)('Sigma conformance (skipped)', () => {
  it.skip('needs ../shared/sigma/regression_data, which is not present beside the repository', () =>
    undefined);
});

describe('Sigma over Linux audit events', () => {
  const AUDIT = [
    'type=SYSCALL msg=audit(1700000000.100:42): arch=c000003e syscall=59 success=yes exit=0 ppid=900 pid=901 auid=1000 uid=1000 comm="base64" exe="/usr/bin/base64" key="exec"',
    'type=EXECVE msg=audit(1700000000.100:42): argc=2 a0="base64" a1="-d"',
    'type=CWD msg=audit(1700000000.100:42): cwd="/tmp"',
    'type=EOE msg=audit(1700000000.100:42): ',
    'type=SYSCALL msg=audit(1700000001.200:43): arch=c000003e syscall=59 success=yes exit=0 ppid=900 pid=902 auid=1000 uid=1000 comm="arecord" exe="/usr/bin/arecord" key="exec"',
    'type=EXECVE msg=audit(1700000001.200:43): argc=3 a0="arecord" a1="-vv" a2="-fdat"',
    'type=EOE msg=audit(1700000001.200:43): ',
  ].join('\n');

  async function auditRecords() {
    const { auditdParser } = await import('../ingest/formats/auditd.js');
    const { parseText } = await import('../../test/ingest.js');
    return (await parseText(auditdParser, `${AUDIT}\n`)).flatMap((r) => (r.ok ? [r] : []));
  }

  it('reads auditd rules by the records’ own fields, and process_creation rules by the normalized ones', async () => {
    const { compileRule } = await import('../core/sigma-rule.js');
    const records = await auditRecords();
    expect(records).toHaveLength(2);
    const execve = compileRule(
      {
        id: 'a',
        title: 'auditd',
        logsource: { product: 'linux', service: 'auditd' },
        detection: { sel: { type: 'EXECVE', a0: 'arecord', a1: '-vv' }, condition: 'sel' },
      },
      'a.yml',
    );
    const creation = compileRule(
      {
        id: 'b',
        title: 'process creation',
        logsource: { product: 'linux', category: 'process_creation' },
        detection: {
          sel: { 'Image|endswith': '/base64', 'CommandLine|contains': '-d', CurrentDirectory: '/tmp' },
          condition: 'sel',
        },
      },
      'b.yml',
    );
    const matcher = sigmaMatcher([execve, creation]);
    expect(records.map((r) => matcher(r.event, r.fields).map((m) => m.id))).toEqual([['b'], ['a']]);
  });

  it.skipIf(!present)('SigmaHQ’s own Linux rules match the audit events they describe', async () => {
    const { sources } = await readSigmaFolder(join(SIGMA, 'rules', 'linux'));
    const rules = compileSigmaSources(sources).rules.filter((r) => r.ok);
    const matcher = sigmaMatcher(rules);
    const titles = (await auditRecords()).map((r) => matcher(r.event, r.fields).map((m) => m.title));
    expect(titles[0]).toContain('Decode Base64 Encoded Text');
    expect(titles[1]?.some((t) => /audio capture/i.test(t))).toBe(true);
  });
});
