import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { cliDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { zipOf } from '../../test/zip.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const NOW = '2026-11-22T12:00:00.000Z';
const ACTOR = 'analyst@test';

/** The parts of `ingest --json` and `timeline --json` these tests read. */
interface SourceJson {
  readonly member: string;
  readonly format: string;
  readonly status: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly assumedTimes: number;
}
interface FileJson {
  readonly file: string;
  readonly evidenceId: string;
  readonly outcome: string;
  readonly sources: readonly SourceJson[];
}
interface EventJson {
  readonly id: string;
  readonly time: string;
  readonly timeText: string;
  readonly timeAssumed: boolean;
  readonly evidence: string;
  readonly member?: string;
  readonly fields: Readonly<Record<string, string | number>>;
}

const cloudTrail = (eventName: string, eventTime: string) => ({
  eventVersion: '1.08',
  eventTime,
  eventSource: 'iam.amazonaws.com',
  eventName,
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.9',
  userIdentity: { type: 'IAMUser', userName: 'mallory' },
});

const ecs = (time: string, action: string) =>
  JSON.stringify({
    '@timestamp': time,
    event: { action },
    host: { name: 'ws-07' },
    ecs: { version: '8.11' },
  });

/** Small evidence files, one per format, each with content its format's detection recognizes. */
const FIXTURES: Readonly<Record<string, string | Uint8Array>> = {
  'auth.log': [
    '<34>1 2026-03-02T10:00:00.000Z web01 sshd 4242 - - Failed password for root from 203.0.113.9 port 2222 ssh2',
    '<34>1 2026-03-02T10:01:00.000Z web01 sshd 4242 - - Accepted password for alice from 198.51.100.7 port 2223 ssh2',
    '',
  ].join('\n'),
  'fw.cef':
    'CEF:0|Acme|Firewall|1.0|100|Blocked SSH|5|src=203.0.113.9 dst=10.0.0.5 dpt=22 act=blocked dvchost=fw01 rt=1772445780000\n',
  'trail.json.gz': gzipSync(
    JSON.stringify({
      Records: [
        cloudTrail('CreateAccessKey', '2026-03-02T11:00:00Z'),
        cloudTrail('ListUsers', '2026-03-02T11:05:00Z'),
      ],
    }),
  ),
  'endpoint.ndjson': `${ecs('2026-03-02T12:00:00Z', 'process-started')}\n${ecs('2026-03-02T12:01:00Z', 'dns-query')}\n`,
  'logins.csv':
    'timestamp,host,user,action\n2026-03-02T13:00:00Z,srv9,carol,login\n2026-03-02T13:05:00Z,srv9,carol,logout\n',
  'bundle.zip': zipOf({
    'logs/bastion.log':
      '<38>1 2026-03-02T14:00:00Z bastion sshd 7 - - Accepted publickey for dave from 192.0.2.44 port 5000 ssh2\n',
    'trail.json': JSON.stringify({ Records: [cloudTrail('GetObject', '2026-03-02T14:10:00Z')] }),
  }),
  'partly.ndjson': [
    ecs('2026-03-02T15:00:00Z', 'a1'),
    '{not json at all',
    ecs('2026-03-02T15:02:00Z', 'a2'),
    '{"event":{"action":"no-time"},"ecs":{"version":"8.11"}}',
    '',
  ].join('\n'),
  'falcon.csv':
    'timestamp,ComputerName,event_simpleName,UserName,CommandLine\n' +
    '1772470800000,FALCON-WS1,ProcessRollup2,erin,cmd.exe /c whoami\n' +
    '1772470860000,FALCON-WS1,DnsRequest,erin,\n',
  'falcon-renamed.csv':
    'timestamp,ComputerName,event_simpleName,Hostname\n1772470800000,FALCON-WS2,ProcessRollup2,dc02\n',
  'amsterdam.csv': 'time,host,action\n2026-03-02 09:00:00,nl-srv,login\n',
  'yearless.log': 'Mar  2 10:00:00 old01 sshd[100]: Connection closed by 203.0.113.50\n',
  'yearless-collected.log': 'Mar  2 11:00:00 old02 sshd[101]: Connection closed by 203.0.113.51\n',
  'yearless-unknown.log': 'Mar  2 12:00:00 old03 sshd[102]: Connection closed by 203.0.113.52\n',
  'memo.txt': 'memo: the CEO confirmed the wire transfer at 09:14\n',
};

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `debrief ingest and evidence with ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-evidence-'));
      let run: ReturnType<typeof runner>;
      let drop: (() => Promise<void>) | undefined;

      const ingestJson = async (...args: string[]): Promise<FileJson[]> => {
        const result = await run('ingest', ID, ...args, '--json');
        expect(result.stderr).toBe('');
        return JSON.parse(result.stdout) as FileJson[];
      };
      const events = async (...args: string[]): Promise<EventJson[]> =>
        (
          JSON.parse((await run('timeline', ID, '--json', '--limit', '1000', ...args)).stdout) as {
            items: EventJson[];
          }
        ).items;
      const evidenceIds = async (): Promise<string[]> =>
        (JSON.parse((await run('evidence', 'list', ID, '--json')).stdout) as { id: string }[]).map(
          (e) => e.id,
        );

      beforeAll(async () => {
        const database = await cliDatabase(dialect);
        drop = database.drop;
        for (const [name, content] of Object.entries(FIXTURES)) writeFileSync(join(dir, name), content);
        run = runner(dir, {
          DEBRIEF_DATA: join(dir, 'data'),
          DATABASE_URL: database.url,
          DEBRIEF_ACTOR: ACTOR,
        });
        expect((await run('import', DEMO)).code).toBe(0);
      });
      afterAll(async () => {
        await drop?.();
        rmSync(dir, { recursive: true, force: true });
      });

      it('detects syslog and CEF from their content and prints each file with format, accepted and rejected', async () => {
        const result = await run('ingest', ID, 'auth.log', 'fw.cef');
        expect(result.code).toBe(0);
        const lines = result.stdout.split('\n');
        expect(lines[0]).toBe('EV-0001  auth.log');
        expect(lines[1]).toMatch(
          /^ {2}syslog: 2 events, 0 rejected {2}2026-03-02T10:00:00\.000Z → 2026-03-02T10:01:00\.000Z$/,
        );
        expect(lines[2]).toBe('EV-0002  fw.cef');
        expect(lines[3]).toMatch(/^ {2}cef: 1 event, 0 rejected/);
      });

      it('detects gzipped CloudTrail, ECS JSON lines, CSV and each member of a zip, numbering evidence in order', async () => {
        const files = await ingestJson('trail.json.gz', 'endpoint.ndjson', 'logins.csv', 'bundle.zip');
        expect(files.map((f) => [f.file, f.evidenceId, f.outcome])).toEqual([
          ['trail.json.gz', 'EV-0003', 'ingested'],
          ['endpoint.ndjson', 'EV-0004', 'ingested'],
          ['logins.csv', 'EV-0005', 'ingested'],
          ['bundle.zip', 'EV-0006', 'ingested'],
        ]);
        const sources = files.map((f) => f.sources.map((s) => [s.member, s.format, s.accepted, s.rejected]));
        expect(sources).toEqual([
          [['trail.json', 'cloudtrail', 2, 0]],
          [['', 'ecs-json', 2, 0]],
          [['', 'csv', 2, 0]],
          [
            ['logs/bastion.log', 'syslog', 1, 0],
            ['trail.json', 'cloudtrail', 1, 0],
          ],
        ]);
        const zipped = await events('--evidence', 'EV-0006');
        expect(zipped.map((e) => [e.member, e.fields.action])).toEqual([
          ['logs/bastion.log', 'ssh_login'],
          ['trail.json', 'GetObject'],
        ]);
        expect(await events()).toHaveLength(2 + 1 + 2 + 2 + 2 + 2);
      });

      it('does nothing when the same files are ingested again: no new evidence, no duplicate events', async () => {
        const before = await events();
        const again = await ingestJson('auth.log', 'bundle.zip');
        expect(again.map((f) => [f.evidenceId, f.outcome])).toEqual([
          ['EV-0001', 'already-ingested'],
          ['EV-0006', 'already-ingested'],
        ]);
        expect(again.flatMap((f) => f.sources.map((s) => s.status))).toEqual([
          'already-done',
          'already-done',
          'already-done',
        ]);
        const text = await run('ingest', ID, 'fw.cef');
        expect(text.stdout).toBe(
          'EV-0002  fw.cef  already ingested (same SHA-256): 1 event, nothing to do\n',
        );
        expect((await events()).map((e) => e.id)).toEqual(before.map((e) => e.id));
        expect(await evidenceIds()).toEqual([
          'EV-0001',
          'EV-0002',
          'EV-0003',
          'EV-0004',
          'EV-0005',
          'EV-0006',
        ]);
      });

      it('keeps the good records of a partly bad file and stores each bad one with its line, reason and sample', async () => {
        const result = await run('ingest', ID, 'partly.ndjson');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('ecs-json: 2 events, 2 rejected');
        expect(result.stdout).toContain('rejected line 2: invalid JSON on line 2');
        expect((await events('--evidence', 'EV-0007')).map((e) => e.fields.action)).toEqual(['a1', 'a2']);
        const rejects = JSON.parse((await run('evidence', 'rejects', ID, 'EV-0007', '--json')).stdout) as {
          total: number;
          items: { line: number; reason: string; sample: string }[];
        };
        const lines = String(FIXTURES['partly.ndjson']).split('\n');
        expect(rejects.total).toBe(2);
        expect(rejects.items.map((r) => [r.line, r.sample])).toEqual([
          [2, lines[1]],
          [4, lines[3]],
        ]);
        expect(rejects.items[0]?.reason).toMatch(/invalid JSON/);
        expect(rejects.items[1]?.reason).toMatch(/@timestamp/);
      });

      it('refuses an unknown --format or --preset with exit code 2, naming the choices, before registering anything', async () => {
        const format = await run('ingest', ID, 'auth.log', '--format', 'parquet');
        expect(format.code).toBe(EXIT_CODES.invalid_input);
        expect(format.stderr).toBe(
          'debrief: --format parquet is not a format Debrief reads; see "debrief ingest --help"\n',
        );
        const preset = await run('ingest', ID, 'memo.txt', '--preset', 'nope');
        expect(preset.code).toBe(2);
        expect(preset.stderr).toMatch(/--preset nope is not a preset; choose one of .*crowdstrike/);
        for (const name of ['defender', 'sentinel', 'splunk', 'elastic'])
          expect(preset.stderr).toContain(name);
        expect(await evidenceIds()).not.toContain('EV-0008');
      });

      it('maps a CrowdStrike export with --preset crowdstrike: host, action, user, epoch-ms time and dataset', async () => {
        const [file] = await ingestJson('falcon.csv', '--preset', 'crowdstrike');
        expect(file?.sources.map((s) => [s.format, s.accepted, s.rejected])).toEqual([['csv', 2, 0]]);
        const mapped = await events('--evidence', file?.evidenceId ?? '');
        expect(mapped.map((e) => [e.time, e.timeAssumed])).toEqual([
          ['2026-03-02T17:00:00.000Z', false],
          ['2026-03-02T17:01:00.000Z', false],
        ]);
        expect(mapped[0]?.fields).toEqual({
          action: 'ProcessRollup2',
          dataset: 'crowdstrike.fdr',
          host: 'FALCON-WS1',
          user_name: 'erin',
          command_line: 'cmd.exe /c whoami',
        });
        expect(mapped[1]?.fields).toMatchObject({ action: 'DnsRequest', host: 'FALCON-WS1' });
      });

      it('lets --map override one field of a preset and keeps the rest of the preset', async () => {
        const [file] = await ingestJson(
          'falcon-renamed.csv',
          '--preset',
          'crowdstrike',
          '--map',
          'host.name=Hostname',
        );
        const [event] = await events('--evidence', file?.evidenceId ?? '');
        expect(event?.fields).toMatchObject({
          host: 'dc02',
          action: 'ProcessRollup2',
          dataset: 'crowdstrike.fdr',
        });
      });

      it('reads times without offset in --timezone and marks them assumed', async () => {
        const [file] = await ingestJson('amsterdam.csv', '--timezone', 'Europe/Amsterdam');
        expect(file?.sources[0]?.assumedTimes).toBe(1);
        const [event] = await events('--evidence', file?.evidenceId ?? '');
        // 09:00 in Amsterdam in March (CET, UTC+1) is 08:00 UTC.
        expect(event).toMatchObject({
          time: '2026-03-02T08:00:00.000Z',
          timeText: '2026-03-02 09:00:00',
          timeAssumed: true,
        });
        const bad = await run('ingest', ID, 'amsterdam.csv', '--timezone', 'Mars/Olympus');
        expect(bad.code).toBe(EXIT_CODES.invalid_input);
        expect(bad.stderr).toMatch(/--timezone Mars\/Olympus is not an IANA time zone/);
      });

      it('dates yearless syslog with --year or --collected-at, and rejects it without, pointing at --year', async () => {
        const [withYear] = await ingestJson('yearless.log', '--year', '2025');
        expect((await events('--evidence', withYear?.evidenceId ?? '')).map((e) => e.time)).toEqual([
          '2025-03-02T10:00:00.000Z',
        ]);
        const [collected] = await ingestJson(
          'yearless-collected.log',
          '--collected-at',
          '2026-03-05T00:00:00Z',
        );
        expect((await events('--evidence', collected?.evidenceId ?? '')).map((e) => e.time)).toEqual([
          '2026-03-02T11:00:00.000Z',
        ]);
        const [without] = await ingestJson('yearless-unknown.log');
        expect(without?.sources.map((s) => [s.format, s.accepted, s.rejected])).toEqual([['syslog', 0, 1]]);
        const rejects = JSON.parse(
          (await run('evidence', 'rejects', ID, without?.evidenceId ?? '', '--json')).stdout,
        ) as {
          items: { reason: string }[];
        };
        expect(rejects.items.map((r) => r.reason)).toEqual([expect.stringContaining('--year')]);
      });

      it('registers a file with evidence add: "collected" then "registered" custody entries, chained', async () => {
        const added = await run(
          'evidence',
          'add',
          ID,
          'memo.txt',
          '--collected-by',
          'J. Doe',
          '--collected-at',
          '2026-03-03T10:00:00Z',
          '--json',
        );
        expect(added.code).toBe(0);
        const [result] = JSON.parse(added.stdout) as {
          outcome: string;
          evidence: { id: string; sha256: string };
        }[];
        expect(result?.outcome).toBe('added');
        expect(result?.evidence.sha256).toBe(sha256(FIXTURES['memo.txt'] ?? ''));
        const id = result?.evidence.id ?? '';
        const shown = JSON.parse((await run('evidence', 'show', ID, id, '--json')).stdout) as {
          custody: {
            seq: number;
            action: string;
            actor: string;
            at: string;
            prevHash: string;
            hash: string;
          }[];
        };
        expect(shown.custody.map((c) => [c.seq, c.action, c.actor, c.at])).toEqual([
          [1, 'collected', 'J. Doe', '2026-03-03T10:00:00.000Z'],
          [2, 'registered', ACTOR, NOW],
        ]);
        expect(shown.custody[1]?.prevHash).toBe(shown.custody[0]?.hash);
        const again = await run('evidence', 'add', ID, 'memo.txt');
        expect(again.stdout).toMatch(new RegExp(`^${id} .*memo\\.txt {2}\\(already registered\\)\\n$`));
        const doc = JSON.parse((await run('show', ID, '--json')).stdout) as {
          evidence: { id: string; sha256: string }[];
        };
        expect(doc.evidence.filter((e) => e.id === id)).toEqual([
          expect.objectContaining({ sha256: result?.evidence.sha256 }),
        ]);
      });

      it('lists evidence with its parsed formats and counts', async () => {
        const list = await run('evidence', 'list', ID);
        expect(list.stdout).toMatch(/^EV-0001 +auth\.log .* syslog 2 ok, 0 rejected$/m);
        expect(list.stdout).toMatch(
          /^EV-0006 +bundle\.zip .* syslog 1 ok, 0 rejected; cloudtrail 1 ok, 0 rejected$/m,
        );
        expect(list.stdout).toMatch(/^EV-\d{4} +memo\.txt .* —$/m);
      });

      it('verifies intact evidence with exit code 0 and records a "verified" custody entry', async () => {
        const result = await run('evidence', 'verify', ID, '--json');
        expect(result.code).toBe(0);
        const report = JSON.parse(result.stdout) as { ok: boolean; evidence: { ok: boolean }[] };
        expect(report.ok).toBe(true);
        expect(report.evidence.length).toBe((await evidenceIds()).length);
        const shown = JSON.parse((await run('evidence', 'show', ID, 'EV-0001', '--json')).stdout) as {
          custody: { action: string }[];
        };
        expect(shown.custody.map((c) => c.action)).toEqual(['registered', 'parsed', 'verified']);
      });

      it('exits 1 and names the evidence and its modified blob when a stored file changed on disk', async () => {
        const memo = sha256(FIXTURES['memo.txt'] ?? '');
        const blob = join(dir, 'data', 'blobs', 'sha256', memo.slice(0, 2), memo.slice(2, 4), memo);
        expect(readFileSync(blob, 'utf8')).toBe(FIXTURES['memo.txt']);
        chmodSync(blob, 0o644);
        const forged = 'memo: the CEO confirmed the wire transfer at 09:41\n';
        writeFileSync(blob, forged);
        const result = await run('evidence', 'verify', ID, '--json');
        expect(result.code).toBe(1);
        const report = JSON.parse(result.stdout) as {
          ok: boolean;
          evidence: {
            evidenceId: string;
            originalName: string;
            ok: boolean;
            blobs: { status: string; actualSha256?: string }[];
          }[];
        };
        expect(report.ok).toBe(false);
        const broken = report.evidence.filter((e) => !e.ok);
        expect(broken.map((e) => [e.originalName, e.blobs])).toEqual([
          [
            'memo.txt',
            [expect.objectContaining({ sha256: memo, status: 'modified', actualSha256: sha256(forged) })],
          ],
        ]);
        const text = await run('evidence', 'verify', ID, broken[0]?.evidenceId ?? '');
        expect(text.code).toBe(1);
        expect(text.stdout).toContain(`BROKEN (memo.txt)`);
        expect(text.stdout).toContain(`its SHA-256 is now ${sha256(forged)}, recorded ${memo}`);
        expect((await run('evidence', 'verify', ID, 'EV-0001')).code).toBe(0);
      });
    },
  );
}
