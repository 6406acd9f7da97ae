import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const EVENTS = [
  {
    '@timestamp': '2026-02-23T08:00:00Z',
    message: 'DHCP lease',
    'host.name': 'ws-17',
    'host.ip': '10.0.0.17',
  },
  {
    '@timestamp': '2026-02-23T08:40:00Z',
    message: 'Outbound to 203.0.113.45',
    'host.name': 'ws-17',
    'user.name': 'lhendriks',
    'destination.ip': '203.0.113.45',
  },
  {
    '@timestamp': '2026-02-23T09:00:00Z',
    message: 'SMB session',
    'host.name': 'ws-17',
    'destination.ip': '10.0.0.40',
    'destination.port': 445,
  },
  {
    '@timestamp': '2026-02-23T09:30:00Z',
    message: 'Accepted publickey for deploy from 10.0.0.17 port 50022 ssh2',
    'host.name': 'web-01',
    'source.ip': '10.0.0.17',
    'user.name': 'deploy',
  },
  { '@timestamp': '2026-02-23T10:00:00Z', message: 'Odd process', 'host.name': 'fs-01' },
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `debrief patient-zero and lateral on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-p0-'));
      let run: (...args: string[]) => Promise<Run>;
      let drop: () => Promise<void> = async () => undefined;

      beforeAll(async () => {
        ({ run, drop } = await cliOnDialect(dialect, dir));
        writeFileSync(join(dir, 'events.jsonl'), `${EVENTS.map((e) => JSON.stringify(e)).join('\n')}\n`);
        writeFileSync(join(dir, 'bad.txt'), '203.0.113.45\n');
        expect((await run('import', DEMO)).code).toBe(0);
        expect((await run('ingest', ID, 'events.jsonl')).code).toBe(0);
      });
      afterAll(async () => {
        await drop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('has no candidate before a known-bad list or a tag, and says how to get one', async () => {
        const result = await run('patient-zero', ID);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/^No suggestion\.\nNo candidate: no known-bad indicator was seen/);
      });

      it('draws the lateral-movement graph, naming addresses by the host that reported them', async () => {
        const graph = JSON.parse((await run('lateral', ID, '--json')).stdout);
        expect(
          graph.edges.map((e: { from: string; to: string; kinds: object }) => [
            e.from,
            e.to,
            Object.keys(e.kinds),
          ]),
        ).toEqual([
          ['ws-17', '10.0.0.40', ['SMB connection']],
          ['ws-17', 'web-01', ['SSH login']],
        ]);
        expect((await run('lateral', ID)).stdout).toMatch(/ws-17\s+web-01\s+SSH login ×1\s+1\s+deploy/);
      });

      it('suggests the first event with a known-bad indicator, then the analyst confirms it into the post-mortem', async () => {
        expect((await run('ioc', 'import', ID, 'bad.txt')).code).toBe(0);
        const suggestion = await run('patient-zero', ID, '--json');
        const json = JSON.parse(suggestion.stdout);
        expect(json.suggestion).toMatchObject({
          host: 'ws-17',
          user: 'lhendriks',
          at: '2026-02-23T08:40:00.000Z',
        });
        expect(json.suggestion.justification).toMatch(/known-bad ipv4 203\.0\.113\.45/);
        const noWhy = await run('patient-zero', ID, '--confirm', '--host', 'fs-01');
        expect(noWhy.code).toBe(EXIT_CODES.invalid_input);
        expect(noWhy.stderr).toMatch(/say why with --why/);
        const badPerson = await run('patient-zero', ID, '--confirm', '--by', 'P-99');
        expect(badPerson.code).toBe(EXIT_CODES.invalid_input);
        const confirmed = await run('patient-zero', ID, '--confirm');
        expect(confirmed.code, confirmed.stderr).toBe(0);
        expect(confirmed.stdout).toMatch(
          /^recorded patient zero of INC-2026-014 \(version \d+\): ws-17, lhendriks at 2026-02-23T08:40:00.000Z/,
        );
        const stored = JSON.parse((await run('show', ID, '--json')).stdout);
        expect(stored.analysis.patientZero).toMatchObject({
          host: 'ws-17',
          user: 'lhendriks',
          evidence: ['EV-0001'],
        });
        const report = await run('render', ID);
        expect(report.stdout).toMatch(/Earliest evidence of compromise: EV-0001\\?#1/);
      });

      it('records an override with its reason', async () => {
        const overridden = await run(
          'patient-zero',
          ID,
          '--confirm',
          '--host',
          'fs-01',
          '--why',
          'EDR shows the loader on fs-01 first',
        );
        expect(overridden.code, overridden.stderr).toBe(0);
        const stored = JSON.parse((await run('show', ID, '--json')).stdout);
        expect(stored.analysis.patientZero.host).toBe('fs-01');
        expect(stored.analysis.patientZero.justification).toMatch(
          /^EDR shows the loader on fs-01 first \(The analyst overrode the suggestion\./,
        );
      });
    },
  );
}
