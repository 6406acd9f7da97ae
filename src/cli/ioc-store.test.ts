import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const ecs = (records: object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const FIRST = ecs([
  {
    '@timestamp': '2026-02-23T08:41:37Z',
    message: 'Console sign-in from 198.51.100.23',
    'source.ip': '198.51.100.23',
    'host.name': 'console',
    'user.name': 'rquintero',
  },
  {
    '@timestamp': '2026-02-23T08:50:00Z',
    message: 'Download https://cdn.evil-updates.com/a.exe',
    'url.full': 'https://cdn.evil-updates.com/a.exe',
    'file.hash.sha256': SHA,
    'host.name': 'ws-17',
    'user.name': 'lhendriks',
  },
  {
    '@timestamp': '2026-02-23T09:10:00Z',
    message: 'Internal call to 10.1.2.3 from 198.51.100.23',
    'source.ip': '198.51.100.23',
    'destination.ip': '10.1.2.3',
    'host.name': 'console',
  },
]);
const LATER = ecs([
  {
    '@timestamp': '2026-02-24T10:00:00Z',
    message: 'Beacon to 203.0.113.99',
    'destination.ip': '203.0.113.99',
    'host.name': 'ws-17',
  },
]);

interface Listed {
  type: string;
  value: string;
  events: number;
  firstSeen: string | null;
  lastSeen: string | null;
  hosts: string[];
  users: string[];
  knownBad: string | null;
  inDocument: string[];
  allowedBy: string | null;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `indicators of a post-mortem on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-ioc-store-'));
      let run: (...args: string[]) => Promise<Run>;
      let drop: () => Promise<void> = async () => undefined;
      const list = async (...args: string[]) =>
        JSON.parse((await run('ioc', 'list', ID, '--json', ...args)).stdout) as {
          indicators: Listed[];
          hidden: Record<string, number>;
          unscannedEvents: number;
        };
      const find = (items: Listed[], value: string) => items.find((i) => i.value === value);

      beforeAll(async () => {
        ({ run, drop } = await cliOnDialect(dialect, dir));
        writeFileSync(join(dir, 'first.jsonl'), FIRST);
        writeFileSync(join(dir, 'later.jsonl'), LATER);
        writeFileSync(
          join(dir, 'blocklist.txt'),
          '# feed\n203.0.113.99\nhxxps://cdn.evil-updates[.]com/a.exe\nnot an indicator\n',
        );
        writeFileSync(join(dir, 'feed.csv'), `indicator,type,description\n${SHA},sha256,Loader\n,domain,\n`);
        expect((await run('import', DEMO)).code).toBe(0);
      });
      afterAll(async () => {
        await drop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('scans ingested events: counts, first and last seen, hosts and users; the document’s own indicators too', async () => {
        const ingest = await run('ingest', ID, 'first.jsonl');
        expect(ingest.code, ingest.stdout).toBe(0);
        expect(ingest.stderr).toMatch(/indicators: 3 events scanned/);
        const { indicators, unscannedEvents } = await list();
        expect(unscannedEvents).toBe(0);
        expect(find(indicators, '198.51.100.23')).toMatchObject({
          type: 'ipv4',
          events: 2,
          firstSeen: '2026-02-23T08:41:37.000Z',
          lastSeen: '2026-02-23T09:10:00.000Z',
          hosts: ['console'],
          users: ['rquintero'],
          // The demo's text names this address too.
          inDocument: expect.arrayContaining(['indicators IOC-05']),
        });
        expect(find(indicators, SHA)).toMatchObject({ type: 'sha256', events: 1, hosts: ['ws-17'] });
        expect(find(indicators, 'cdn.evil-updates.com')).toMatchObject({ type: 'domain', events: 1 });
        expect(find(indicators, '203.0.113.45')).toMatchObject({
          events: 0,
          inDocument: expect.arrayContaining(['indicators IOC-04', 'timeline[6].text']),
        });
      });

      it('pivots the timeline to the events of one indicator', async () => {
        const page = JSON.parse((await run('timeline', ID, '--ioc', '198.51.100.23', '--json')).stdout) as {
          items: { message: string }[];
        };
        expect(page.items.map((e) => e.message)).toEqual([
          'Console sign-in from 198.51.100.23',
          'Internal call to 10.1.2.3 from 198.51.100.23',
        ]);
        const hash = JSON.parse((await run('timeline', ID, '--ioc', SHA.toUpperCase(), '--json')).stdout);
        expect(hash.items).toHaveLength(1);
      });

      it('imports known-bad lists, matches them against events now and later, and reports what it cannot read', async () => {
        const text = await run('ioc', 'import', ID, 'blocklist.txt');
        expect(text.code, text.stderr).toBe(0);
        expect(text.stdout).toMatch(
          /blocklist\.txt \(text\): 3 known-bad indicators, 2 already seen in events/,
        );
        expect(text.stdout).toContain('not read: line 4: no indicator in "not an indicator"');
        const csv = await run('ioc', 'import', ID, 'feed.csv');
        expect(csv.stdout).toMatch(/feed\.csv \(csv\): 1 known-bad indicator, 1 already seen/);
        expect(csv.stdout).toContain('not read: row 3: no value');
        let known = (await list('--known-bad')).indicators;
        expect(known.map((i) => i.value).sort()).toEqual(
          ['203.0.113.99', SHA, 'cdn.evil-updates.com', 'https://cdn.evil-updates.com/a.exe'].sort(),
        );
        expect(find(known, '203.0.113.99')).toMatchObject({
          events: 0,
          knownBad: 'known-bad list blocklist.txt (text)',
        });
        expect((await run('ingest', ID, 'later.jsonl')).code).toBe(0);
        known = (await list('--known-bad')).indicators;
        expect(find(known, '203.0.113.99')?.events).toBe(1);
      });

      it('reads back a STIX bundle it exported', async () => {
        expect((await run('ioc', 'export', ID, '-o', 'mine.stix.json')).code).toBe(0);
        const stix = await run('ioc', 'import', ID, 'mine.stix.json');
        expect(stix.stdout).toMatch(/mine\.stix\.json \(stix\): \d+ known-bad indicators/);
        expect(find((await list('--known-bad')).indicators, '203.0.113.45')?.knownBad).toMatch(
          /mine\.stix\.json \(stix\)/,
        );
      });

      it('hides allow-listed indicators visibly, shows them with --all, and checks entries', async () => {
        expect((await run('ioc', 'allow', 'add', '10.0.0.0/8', 'korvalen.example')).code).toBe(0);
        const hidden = await list();
        expect(find(hidden.indicators, '10.1.2.3')).toBeUndefined();
        expect(hidden.hidden['10.0.0.0/8']).toBe(1);
        expect(find((await list('--all')).indicators, '10.1.2.3')?.allowedBy).toBe('10.0.0.0/8');
        const text = await run('ioc', 'list', ID);
        expect(text.stdout).toMatch(
          /allow-listed indicators? hidden \(.*10\.0\.0\.0\/8: 1.*\); --all shows them/,
        );
        const bad = await run('ioc', 'allow', 'add', '10.0.0.0/33');
        expect(bad.code).toBe(EXIT_CODES.invalid_input);
        expect(bad.stderr).toMatch(/prefix length must be 0 to 32/);
        expect((await run('ioc', 'allow', 'remove', '10.0.0.0/8')).code).toBe(0);
        expect((await run('ioc', 'allow', 'remove', '10.0.0.0/8')).code).toBe(EXIT_CODES.not_found);
        expect((await run('ioc', 'allow', 'list')).stdout).toBe('korvalen.example\n');
      });

      it('scans later what ingest --no-indicators left, once', async () => {
        writeFileSync(
          join(dir, 'more.jsonl'),
          ecs([{ '@timestamp': '2026-02-25T10:00:00Z', message: 'to 192.0.2.55' }]),
        );
        expect((await run('ingest', ID, 'more.jsonl', '--no-indicators')).code).toBe(0);
        expect((await list()).unscannedEvents).toBe(1);
        expect((await run('ioc', 'scan', ID)).stdout).toMatch(/1 event of 1 source scanned/);
        expect((await run('ioc', 'scan', ID)).stdout).toMatch(/every source is already scanned/);
        expect(find((await list()).indicators, '192.0.2.55')?.events).toBe(1);
      });
    },
  );
}
