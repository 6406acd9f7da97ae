import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { cliDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

interface EventJson {
  readonly id: string;
  readonly time: string;
  readonly message: string;
  readonly starred: boolean;
  readonly tags: readonly string[];
}
interface Page {
  readonly items: readonly EventJson[];
  readonly next?: string;
}

// EV-0001: four sshd/sudo lines on three hosts (one written in capitals); 203.0.113.9 is the attacker.
const AUTH_LINES = [
  '<34>1 2026-03-02T10:00:00.000Z web01 sshd 4242 - - Failed password for root from 203.0.113.9 port 2222 ssh2',
  '<34>1 2026-03-02T10:01:00.000Z web01 sshd 4242 - - Accepted password for alice from 198.51.100.7 port 2223 ssh2',
  '<86>1 2026-03-02T10:02:00.000Z db01 sudo 99 - - alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow',
  '<34>1 2026-03-02T10:05:30.000Z WEB02 sshd 4300 - - Failed password for invalid user admin from 203.0.113.9 port 2224 ssh2',
];
const FIXTURES: Readonly<Record<string, string>> = {
  'auth.log': `${AUTH_LINES.join('\n')}\n`,
  // EV-0002: the attacker's address as the destination, at 10:03.
  'fw.cef':
    'CEF:0|Acme|Firewall|1.0|100|Outbound connection|5|src=10.0.0.5 dst=203.0.113.9 dpt=4444 act=allowed dvchost=fw01 rt=1772445780000\n',
  // EV-0003: a process start and a DNS query on ws-07.
  'endpoint.ndjson': [
    {
      '@timestamp': '2026-03-02T12:00:00Z',
      event: { action: 'process-started' },
      host: { name: 'ws-07' },
      user: { name: 'bob' },
      process: { command_line: 'powershell -enc AAAA' },
      ecs: { version: '8.11' },
    },
    {
      '@timestamp': '2026-03-02T12:01:00Z',
      event: { action: 'dns-query' },
      host: { name: 'ws-07' },
      dns: { question: { name: 'evil.example.com' } },
      ecs: { version: '8.11' },
    },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
  // EV-0004: a time without offset (read as UTC, assumed) and cells a spreadsheet would run as formulas.
  'sheet.csv': 'time,host,action,message\n2026-03-02 13:00:00,srv9,+cmd,=1+2\n',
};
const ALL = [
  'EV-0001#0',
  'EV-0001#1',
  'EV-0001#2',
  'EV-0002#0',
  'EV-0001#3',
  'EV-0003#0',
  'EV-0003#1',
  'EV-0004#0',
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `debrief timeline and event with ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-timeline-'));
      let run: ReturnType<typeof runner>;
      let drop: (() => Promise<void>) | undefined;

      const page = async (...args: string[]): Promise<Page> => {
        const result = await run('timeline', ID, '--json', ...args);
        expect([result.code, result.stderr]).toEqual([0, '']);
        return JSON.parse(result.stdout) as Page;
      };
      const ids = async (...args: string[]): Promise<string[]> =>
        (await page(...args)).items.map((e) => e.id);
      const custodyOf = async (evidenceId: string) =>
        (
          JSON.parse((await run('evidence', 'show', ID, evidenceId, '--json')).stdout) as {
            custody: { action: string; details: Record<string, unknown> }[];
          }
        ).custody;
      const curated = async () =>
        JSON.parse((await run('show', ID, '--json')).stdout) as {
          version: number;
          timeline: {
            id: string;
            at: string;
            text: string;
            host?: string;
            user?: string;
            milestone?: unknown;
            evidence: string[];
            events: string[];
            tags: string[];
            uncertain: boolean;
          }[];
        };

      beforeAll(async () => {
        const database = await cliDatabase(dialect);
        drop = database.drop;
        for (const [name, content] of Object.entries(FIXTURES)) writeFileSync(join(dir, name), content);
        run = runner(dir, {
          DEBRIEF_DATA: join(dir, 'data'),
          DATABASE_URL: database.url,
          DEBRIEF_ACTOR: 'analyst@test',
        });
        expect((await run('import', DEMO)).code).toBe(0);
        const ingest = await run('ingest', ID, ...Object.keys(FIXTURES));
        expect([ingest.code, ingest.stdout]).toEqual([0, expect.any(String)]);
      });
      afterAll(async () => {
        await drop?.();
        rmSync(dir, { recursive: true, force: true });
      });

      it('shows every event in time order, across evidence items', async () => {
        const items = (await page()).items;
        expect(items.map((e) => e.id)).toEqual(ALL);
        expect(items.map((e) => e.time)).toEqual([...items.map((e) => e.time)].sort());
      });

      it('filters by host (case-insensitive, * wildcard), user, address and action', async () => {
        expect(await ids('--host', 'web01')).toEqual(['EV-0001#0', 'EV-0001#1']);
        expect(await ids('--host', 'web*')).toEqual(['EV-0001#0', 'EV-0001#1', 'EV-0001#3']);
        expect(await ids('--user', 'ALICE')).toEqual(['EV-0001#1', 'EV-0001#2']);
        // Source address of the sshd lines, destination of the firewall event.
        expect(await ids('--ip', '203.0.113.9')).toEqual(['EV-0001#0', 'EV-0002#0', 'EV-0001#3']);
        expect(await ids('--action', 'dns-query')).toEqual(['EV-0003#1']);
        expect(await ids('--action', 'ssh_*', '--host', 'web01')).toEqual(['EV-0001#0', 'EV-0001#1']);
      });

      it('filters by time: --from inclusive, --to inclusive of its whole minute or day', async () => {
        expect(await ids('--from', '2026-03-02T10:01Z', '--to', '2026-03-02T10:03Z')).toEqual([
          'EV-0001#1',
          'EV-0001#2',
          'EV-0002#0',
        ]);
        expect(await ids('--from', '2026-03-02T12:00:00Z')).toEqual(['EV-0003#0', 'EV-0003#1', 'EV-0004#0']);
        expect(await ids('--to', '2026-03-01')).toEqual([]);
        expect(await ids('--to', '2026-03-02')).toEqual(ALL);
        const reversed = await run('timeline', ID, '--from', '2026-03-03', '--to', '2026-03-02');
        expect(reversed.code).toBe(EXIT_CODES.invalid_input);
      });

      it('searches full text: words, "phrases", addresses and domains as single words, -excluded words', async () => {
        expect(await ids('--q', 'password')).toEqual(['EV-0001#0', 'EV-0001#1', 'EV-0001#3']);
        expect(await ids('--q', '"failed password"')).toEqual(['EV-0001#0', 'EV-0001#3']);
        expect(await ids('--q', '"password failed"')).toEqual([]);
        expect(await ids('--q', '203.0.113.9')).toEqual(['EV-0001#0', 'EV-0002#0', 'EV-0001#3']);
        expect(await ids('--q', 'evil.example.com')).toEqual(['EV-0003#1']);
        expect(await ids('--q', 'password -failed')).toEqual(['EV-0001#1']);
        expect(await ids('--q', 'password root')).toEqual(['EV-0001#0']);
      });

      it('pages with --limit and --after, returning every event exactly once, in time order', async () => {
        const seen: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const next: Page = await page('--limit', '3', ...(after === undefined ? [] : ['--after', after]));
          expect(next.items.length).toBeLessThanOrEqual(3);
          seen.push(...next.items.map((e) => e.id));
          after = next.next;
          pages++;
        } while (after !== undefined && pages < 10);
        expect(seen).toEqual(ALL);
        expect(pages).toBeGreaterThanOrEqual(Math.ceil(ALL.length / 3));
        expect((await run('timeline', ID, '--limit', '0')).code).toBe(EXIT_CODES.invalid_input);
        expect((await run('timeline', ID, '--after', 'not-a-cursor')).code).toBe(EXIT_CODES.invalid_input);
      });

      it('counts events per time bucket with --histogram, the buckets summing to the total', async () => {
        const histogram = JSON.parse((await run('timeline', ID, '--histogram', '--json')).stdout) as {
          total: number;
          bucketMs: number;
          buckets: { start: string; count: number }[];
        };
        expect(histogram.total).toBe(ALL.length);
        expect(histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(ALL.length);
        expect(histogram.bucketMs).toBeGreaterThan(0);
        const filtered = JSON.parse(
          (await run('timeline', ID, '--histogram', '--json', '--host', 'web*')).stdout,
        ) as {
          total: number;
          buckets: { count: number }[];
        };
        expect([filtered.total, filtered.buckets.reduce((n, b) => n + b.count, 0)]).toEqual([3, 3]);
      });

      it('exports Timesketch JSON lines to a file and records "exported" in each source\'s custody', async () => {
        const result = await run('timeline', ID, '--export', 'jsonl', '-o', 'timeline.jsonl');
        expect(result.code).toBe(0);
        expect(result.stderr).toBe(`exported ${ALL.length} events to timeline.jsonl\n`);
        const lines = readFileSync(join(dir, 'timeline.jsonl'), 'utf8').trimEnd().split('\n');
        const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(rows.map((r) => r.event_id)).toEqual(ALL);
        for (const row of rows) {
          expect(row).toMatchObject({
            message: expect.any(String),
            datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/),
            timestamp_desc: expect.any(String),
          });
          // Timesketch's timestamp is in microseconds.
          expect(row.timestamp).toBe(Date.parse(String(row.datetime)) * 1000);
        }
        expect(rows[0]?.message).toBe('Failed password for root from 203.0.113.9 port 2222 ssh2');
        const exported = (await custodyOf('EV-0001')).filter((c) => c.action === 'exported');
        expect(exported.map((c) => c.details)).toEqual([
          { format: 'jsonl', events: 4, destination: 'timeline.jsonl' },
        ]);
        const again = await run('timeline', ID, '--export', 'jsonl', '-o', 'timeline.jsonl');
        expect(again.code).toBe(EXIT_CODES.invalid_input);
        expect((await run('timeline', ID, '--export', 'xlsx')).code).toBe(EXIT_CODES.invalid_input);
      });

      it('exports CSV with formula cells neutralized by a leading apostrophe', async () => {
        const result = await run('timeline', ID, '--export', 'csv', '--evidence', 'EV-0004');
        expect(result.code).toBe(0);
        const rows = parseCsv(result.stdout, { columns: true }) as Record<string, string>[];
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          id: 'EV-0004#0',
          host: 'srv9',
          action: "'+cmd",
          message: "'=1+2",
          time_assumed: 'true',
        });
        expect((await custodyOf('EV-0004')).at(-1)).toMatchObject({
          action: 'exported',
          details: { format: 'csv', events: 1, destination: 'stdout' },
        });
      });

      it('shows an event with its raw record read back from the evidence', async () => {
        const text = await run('event', 'show', ID, 'EV-0001#2');
        expect(text.code).toBe(0);
        expect(text.stdout).toContain('evidence EV-0001, syslog, line 3');
        expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(AUTH_LINES[2]);
        const json = JSON.parse((await run('event', 'show', ID, 'EV-0002#0', '--json')).stdout) as {
          raw: { encoding: string; text: string };
        };
        expect(json.raw).toMatchObject({ encoding: 'text', text: FIXTURES['fw.cef']?.trimEnd() });
      });

      it('stars and tags an event so that --starred and --tag find it, and takes both back', async () => {
        expect((await run('event', 'star', ID, 'EV-0001#3')).stdout).toBe('EV-0001#3 starred\n');
        expect(await ids('--starred')).toEqual(['EV-0001#3']);
        expect((await run('event', 'tag', ID, 'EV-0001#3', 'brute-force', 'initial-access')).code).toBe(0);
        expect(await ids('--tag', 'brute-force')).toEqual(['EV-0001#3']);
        expect(await ids('--tag', 'exfiltration')).toEqual([]);
        const [marked] = (await page('--starred')).items;
        expect(marked).toMatchObject({ starred: true, tags: ['brute-force', 'initial-access'] });
        await run('event', 'star', ID, 'EV-0001#3', '--off');
        await run('event', 'tag', ID, 'EV-0001#3', 'initial-access', '--remove');
        expect(await ids('--starred')).toEqual([]);
        expect(await ids('--tag', 'initial-access')).toEqual([]);
        expect(await ids('--tag', 'brute-force')).toEqual(['EV-0001#3']);
      });

      it('promotes an event to a curated detection milestone linked to the event and its evidence', async () => {
        const before = await curated();
        const result = await run(
          'event',
          'promote',
          ID,
          'EV-0001#3',
          '--milestone',
          'detection',
          '--detection-source',
          'internal-control',
        );
        expect(result.code).toBe(0);
        const entryId = /^(T-\d+) /.exec(result.stdout)?.[1];
        const after = await curated();
        expect(after.version).toBe(before.version + 1);
        expect(after.timeline.filter((e) => e.id === entryId)).toEqual([
          expect.objectContaining({
            at: '2026-03-02T10:05:30.000Z',
            text: 'Failed password for invalid user admin from 203.0.113.9 port 2224 ssh2',
            host: 'WEB02',
            user: 'admin',
            milestone: { kind: 'detection', source: 'internal-control' },
            evidence: ['EV-0001'],
            events: ['EV-0001#3'],
            tags: ['brute-force'],
            uncertain: false,
          }),
        ]);
        const exported = await run('export', ID);
        expect(exported.stdout).toContain('EV-0001#3');
      });

      it('marks a promoted entry uncertain when the event time was read in an assumed zone', async () => {
        const result = await run('event', 'promote', ID, 'EV-0004#0', '--text', 'Formula cell seen on srv9');
        const entryId = /^(T-\d+) /.exec(result.stdout)?.[1];
        const entry = (await curated()).timeline.find((e) => e.id === entryId);
        expect(entry).toMatchObject({
          text: 'Formula cell seen on srv9',
          uncertain: true,
          events: ['EV-0004#0'],
        });
        const invalid = await run(
          'event',
          'promote',
          ID,
          'EV-0004#0',
          '--milestone',
          'detection',
          '--detection-source',
          'psychic',
        );
        expect(invalid.code).toBe(EXIT_CODES.invalid_input);
      });

      it('answers an unknown event with the not-found exit code, and a malformed id with a usage error', async () => {
        for (const command of [['show'], ['star'], ['tag', 'x'], ['promote']]) {
          const [verb, ...rest] = command;
          const result = await run('event', verb ?? '', ID, 'EV-0001#99', ...rest);
          expect([verb, result.code]).toEqual([verb, EXIT_CODES.not_found]);
          expect(result.stderr).toBe(`debrief: ${ID} has no event EV-0001#99\n`);
        }
        expect((await run('event', 'show', ID, 'EV-0099#0')).code).toBe(EXIT_CODES.not_found);
        expect((await run('event', 'show', ID, 'garbage')).code).toBe(EXIT_CODES.invalid_input);
        expect((await run('event', 'show', 'INC-0000-000', 'EV-0001#0')).code).toBe(EXIT_CODES.not_found);
      });
    },
  );
}
