import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, samplePath, split } from '../../../test/ingest.js';
import { MAPPING_PRESETS } from '../../core/mapping-presets.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { cloudTrailParser } from './cloudtrail.js';
import { ecsJsonParser } from './ecs-json.js';
import { entraParser } from './entra.js';
import { jsonParser, jsonSample } from './json.js';
import { oktaParser } from './okta.js';
import { zeekJsonParser } from './zeek-json.js';

const PARSERS: readonly FormatParser[] = [
  cloudTrailParser,
  oktaParser,
  entraParser,
  zeekJsonParser,
  ecsJsonParser,
  jsonParser,
];

const lines = (...records: readonly unknown[]): string =>
  `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** One small fixture per shape of JSON evidence, with the parser that must win detection. */
const FIXTURES: readonly { name: string; text: string; winner: string }[] = [
  {
    name: 'ECS JSON lines',
    winner: 'ecs-json',
    text: lines(
      { '@timestamp': '2026-03-01T00:00:00Z', event: { action: 'logged-in' }, host: { name: 'ws-1' } },
      { '@timestamp': '2026-03-01T00:00:01Z', 'event.action': 'logged-out', 'host.name': 'ws-1' },
    ),
  },
  {
    name: 'CloudTrail log file',
    winner: 'cloudtrail',
    text: JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventTime: '2024-03-01T10:00:00Z',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateUser',
        },
        {
          eventVersion: '1.08',
          eventTime: '2024-03-01T10:00:01Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
        },
      ],
    }),
  },
  {
    name: 'CloudTrail events one per line',
    winner: 'cloudtrail',
    text: lines({
      eventVersion: '1.08',
      eventTime: '2024-03-01T10:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
    }),
  },
  {
    name: 'Okta events, a pretty-printed array',
    winner: 'okta',
    text: JSON.stringify(
      [
        {
          published: '2024-05-02T08:30:00Z',
          eventType: 'user.session.start',
          actor: { alternateId: 'a@example.com' },
        },
        {
          published: '2024-05-02T08:31:00Z',
          eventType: 'user.session.end',
          actor: { alternateId: 'a@example.com' },
        },
      ],
      null,
      2,
    ),
  },
  {
    name: 'Graph sign-ins page',
    winner: 'entra',
    text: JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: [
        {
          createdDateTime: '2024-04-10T07:01:02Z',
          userPrincipalName: 'd@contoso.com',
          appDisplayName: 'Portal',
          status: { errorCode: 0 },
        },
      ],
    }),
  },
  {
    name: 'Log Analytics SigninLogs export',
    winner: 'entra',
    text: lines({
      TimeGenerated: '2024-04-10T07:01:03Z',
      Type: 'SigninLogs',
      UserPrincipalName: 'd@contoso.com',
      ResultType: '0',
      Status: '{"errorCode":0}',
    }),
  },
  {
    name: 'Office 365 unified audit log',
    winner: 'entra',
    text: lines({
      CreationTime: '2024-04-10T09:10:11',
      Operation: 'MailItemsAccessed',
      Workload: 'Exchange',
      UserId: 'm@contoso.com',
      RecordType: 50,
    }),
  },
  {
    name: 'Defender advanced hunting rows',
    winner: 'entra',
    text: lines({
      Timestamp: '2024-04-10T10:00:00Z',
      DeviceName: 'ws-42',
      ActionType: 'ProcessCreated',
      FileName: 'cmd.exe',
    }),
  },
  {
    name: 'Zeek conn log as JSON',
    winner: 'zeek-json',
    text: lines({
      ts: 1588205198.89971,
      uid: 'C1',
      'id.orig_h': '10.0.1.4',
      'id.orig_p': 1,
      'id.resp_h': '10.0.0.4',
      'id.resp_p': 53,
      proto: 'udp',
    }),
  },
  {
    name: 'application log as JSON',
    winner: 'json',
    text: lines(
      { time: '2024-01-01T00:00:00Z', level: 'info', msg: 'started' },
      { time: '2024-01-01T00:00:01Z', level: 'warn', msg: 'slow' },
    ),
  },
  {
    name: 'Windows events exported as JSON (windows-json scores 0.9)',
    winner: 'json',
    text: lines({
      '@timestamp': '2020-10-18T07:50:06Z',
      EventID: 4688,
      Hostname: 'WS5',
      Channel: 'Security',
      Message: 'A new process',
    }),
  },
];

const NOT_JSON = [
  '<34>Oct 11 22:14:15 mymachine su: su root failed for lonvick on /dev/pts/8\n',
  'time,host,user\n2024-01-01T00:00:00Z,ws-1,alice\n',
  '[2024-01-01 00:00:00] INFO started\n',
];

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const record of records) {
    if (!record.ok) continue;
    const slice = bytes.subarray(record.where.offset, record.where.offset + record.where.length);
    expect(typeof JSON.parse(new TextDecoder().decode(slice))).toBe('object');
    const again = await parseText(parser, slice);
    expect(again.map((r) => (r.ok ? r.event : r.reason))).toEqual([record.event]);
  }
}

describe('JSON family detection', () => {
  for (const fixture of FIXTURES) {
    it(`gives ${fixture.name} to ${fixture.winner}, every other JSON parser scoring lower`, () => {
      const sample = sampleOf(fixture.text, 'evidence.json');
      const scores = PARSERS.map((p) => ({ name: p.name, score: p.detect(sample) }));
      const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
      expect(best.name).toBe(fixture.winner);
      expect(scores.filter((s) => s.name !== fixture.winner && s.score >= best.score)).toEqual([]);
      if (fixture.winner === 'json')
        expect(Math.max(...scores.map((s) => s.score))).toBeLessThanOrEqual(0.85);
    });
  }

  it('claims nothing that is not JSON', () => {
    for (const text of NOT_JSON) {
      expect(PARSERS.map((p) => p.detect(sampleOf(text)))).toEqual(PARSERS.map(() => 0));
    }
  });

  it('detects JSON whose sample ends inside a multi-byte character (the sample has no text then)', () => {
    const record = JSON.stringify({ time: '2024-01-01T00:00:00Z', msg: 'café ☕' });
    const bytes = new TextEncoder().encode(`${record}\n`.repeat(3000));
    const cut = bytes.subarray(0, bytes.indexOf(0xe2, 64 * 1024 - 200) + 1);
    const sample = { bytes: cut, text: undefined, fileName: 'app.json' };
    expect(jsonParser.detect(sample)).toBe(0.5);
  });

  it('parses a sample once for all parsers, ignoring the value cut by the end of the sample', () => {
    const text = lines({ a: 1 }, { b: 2 }).concat('{"c":');
    const sample = sampleOf(text);
    expect(jsonSample(sample)).toBe(jsonSample(sample));
    expect(jsonSample(sample).objects).toEqual([{ a: 1 }, { b: 2 }]);
  });

  for (const folder of ['otrf-security-datasets/windows-json', 'otrf-security-datasets/linux-syslog-json']) {
    const dir = samplePath(folder);
    const files = dir ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    const test = dir ? it : it.skip;
    test(`scores no ${folder} file above 0.85 with json or ecs-json, so windows-json (0.9) wins${dir ? '' : ` (skipped: ../shared/samples/${folder} is not present)`}`, () => {
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = readFileSync(`${dir}/${file}`).subarray(0, 64 * 1024);
        const sample = sampleOf(bytes, file);
        expect([file, jsonParser.detect(sample), ecsJsonParser.detect(sample)]).toEqual([file, 0.5, 0]);
        for (const parser of [cloudTrailParser, oktaParser, entraParser, zeekJsonParser]) {
          expect([file, parser.name, parser.detect(sample)]).toEqual([file, parser.name, 0]);
        }
      }
    });
  }
});

describe('jsonParser', () => {
  it('finds fields by the usual names and by the user mapping', async () => {
    const text = lines({
      EventTime: '2024-01-01 10:00:00',
      Computer: 'dc01',
      TargetUserName: 'bob',
      IpAddress: '10.1.1.1',
      msg: 'x',
    });
    const [usual] = split(await parseText(jsonParser, text)).events;
    expect(usual).toMatchObject({ hostName: 'dc01', userName: 'bob', sourceIp: '10.1.1.1' });
    expect(usual?.time).toEqual({
      epochMs: Date.UTC(2024, 0, 1, 10),
      text: '2024-01-01 10:00:00',
      assumed: true,
    });
    const [mapped] = split(
      await parseText(jsonParser, text, { mapping: { message: 'msg', hostName: 'IpAddress' } }),
    ).events;
    expect(mapped).toMatchObject({ message: 'x', hostName: '10.1.1.1' });
  });

  it('applies a preset mapping given as context.mapping', async () => {
    const row = {
      Timestamp: '2024-04-10T10:00:00Z',
      DeviceName: 'ws-42',
      ActionType: 'ProcessCreated',
      ProcessCommandLine: 'whoami /all',
      InitiatingProcessFileName: 'cmd.exe',
    };
    const [event] = split(
      await parseText(jsonParser, lines(row), { mapping: MAPPING_PRESETS.defender.mapping }),
    ).events;
    expect(event).toMatchObject({
      hostName: 'ws-42',
      action: 'ProcessCreated',
      processCommandLine: 'whoami /all',
      parentName: 'cmd.exe',
    });
  });

  it('rejects elements that are not objects, and records without a time, each with its reason', async () => {
    const records = await parseText(jsonParser, '[{"time":"2024-01-01T00:00:00Z"}, 42, [1], {"no":"time"}]');
    expect(split(records).rejected.map((r) => r.reason)).toEqual([
      'expected a JSON object, found a number',
      'expected a JSON object, found an array',
      expect.stringMatching(/^no timestamp in any usual time field/),
    ]);
    expect(split(records).events).toHaveLength(1);
  });

  it('rejects a record nested too deeply to normalize instead of throwing', async () => {
    const deep = `{"time":"2024-01-01T00:00:00Z","message":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const records = await parseText(jsonParser, `${deep}\n{"time":"2024-01-01T00:00:01Z","msg":"after"}\n`);
    expect(records.map((r) => r.ok)).toEqual([false, true]);
  });

  it('gives every record of every fixture a byte range that parses on its own to the same event', async () => {
    for (const fixture of FIXTURES) {
      const parser = PARSERS.find((p) => p.name === fixture.winner) ?? jsonParser;
      const bytes = new TextEncoder().encode(fixture.text);
      const records = await parseText(parser, bytes, {}, 7);
      expect(split(records).rejected).toEqual([]);
      expect(records.length).toBeGreaterThan(0);
      await expectExactRanges(parser, bytes, records);
    }
  });

  itWithSample(
    'reads a windows-json sample completely as generic JSON, zone-less times read in the assumed zone',
    'otrf-security-datasets/windows-json/psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json',
    async (path) => {
      const { events, rejected } = split(await parseFile(jsonParser, path));
      expect([events.length, rejected.length]).toEqual([184, 0]);
      expect(events[0]?.time).toMatchObject({ text: '2020-10-18 07:50:06.220', assumed: true });
      expect(events[0]).toMatchObject({ hostName: 'WORKSTATION5', code: '4689' });
    },
  );
});
