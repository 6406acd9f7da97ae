import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleName, sampleOf, split } from '../../../test/ingest.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { windowsJsonParser } from './windows-json.js';

const OTRF = 'otrf-security-datasets';
const parse = (text: string | Uint8Array, overrides = {}, chunkSize?: number) =>
  parseText(windowsJsonParser, text, overrides, chunkSize);

function expectLocations(records: readonly ParsedRecord[], bytes: Buffer) {
  let end = 0;
  for (const r of records) {
    expect(r.where.offset).toBeGreaterThanOrEqual(end);
    end = r.where.offset + r.where.length;
    expect(end).toBeLessThanOrEqual(bytes.length);
    if (r.ok) expect(() => JSON.parse(bytes.subarray(r.where.offset, end).toString())).not.toThrow();
  }
}

describe('windows-json: the OTRF samples', () => {
  itWithSample(
    'each sample yields the number of events SOURCES.md gives, none rejected',
    `${OTRF}/SOURCES.md`,
    async (sources) => {
      const expected: Readonly<Record<string, number>> = {
        'windows-json/psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json': 184,
        'windows-json/cmd_bitsadmin_download_psh_script_2020-10-2302365189.json': 424,
        'windows-json/aptsimulator_cobaltstrike_2021-06-11T21081492.json': 2611,
        'windows-json/cmd_sam_copy_esentutl_2020-10-1900290001.json': 915,
        'windows-json/schtask_create_2020-12-1907003032.json': 1041,
        'windows-json/sysmon_log4shell_cve2021_44228_java_serialized_object_2022-05-13045800.json': 487,
        'windows-json/securityauditing_log4shell_cve2021_44228_java_serialized_object_2022-05-13045400.json': 39,
        'azure-m365-goldensaml/WindowsEvents.json': 38,
      };
      for (const [file, count] of Object.entries(expected)) {
        const path = join(dirname(sources), file);
        const { events, rejected } = split(await parseFile(windowsJsonParser, path));
        expect(rejected, file).toEqual([]);
        expect(events, file).toHaveLength(count);
        expect(windowsJsonParser.detect(sampleOf(readFileSync(path), sampleName(path))), file).toBe(0.9);
      }
    },
    60_000,
  );

  itWithSample(
    'Mordor exports without a zone are read in the context zone and flagged assumed',
    `${OTRF}/windows-json/psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json`,
    async (path) => {
      const first = split(await parseFile(windowsJsonParser, path, { zone: 'America/New_York' })).events[0];
      expect(first).toMatchObject({
        time: {
          text: '2020-10-18 07:50:06.220',
          epochMs: Date.UTC(2020, 9, 18, 11, 50, 6, 220),
          assumed: true,
        },
        code: '4689',
        hostName: 'WORKSTATION5',
        userName: 'wardog',
        processExecutable: 'C:\\Windows\\System32\\rundll32.exe',
        processPid: 0x12d8,
        message: '4689 process exited: C:\\Windows\\System32\\rundll32.exe by WORKSTATION5\\wardog',
      });
    },
  );

  itWithSample(
    'Sysmon exports with ISO times: process creation with its parent and hash',
    `${OTRF}/windows-json/aptsimulator_cobaltstrike_2021-06-11T21081492.json`,
    async (path) => {
      const first = split(await parseFile(windowsJsonParser, path)).events[0];
      expect(first).toMatchObject({
        time: { text: '2021-06-11T09:07:15.635Z', assumed: false },
        code: '1',
        dataset: 'windows.sysmon',
        processExecutable: 'C:\\Windows\\System32\\PING.EXE',
        processPid: 2164,
        parentPid: 5632,
        userName: 'APT-Simulator',
        fileHash: 'e9ef80a7849f1cf02cb5fb8396ff9e270cb9006f30294a52c6490a72b373be00',
      });
    },
  );

  itWithSample(
    'Log Analytics Event rows: EventData given as a JSON string',
    `${OTRF}/windows-json/sysmon_log4shell_cve2021_44228_java_serialized_object_2022-05-13045800.json`,
    async (path) => {
      const first = split(await parseFile(windowsJsonParser, path)).events[0];
      expect(first).toMatchObject({
        time: { text: '2022-05-13T08:54:06.347Z' },
        code: '3',
        provider: 'Microsoft-Windows-Sysmon',
        sourceIp: '192.168.3.5',
        sourcePort: 50452,
        destinationIp: '192.168.2.5',
        destinationPort: 8080,
        userName: 'LOCAL SERVICE',
      });
    },
  );

  itWithSample(
    'Log Analytics SecurityEvent rows: EventData XML wins over the flattened columns (no doubled values)',
    `${OTRF}/windows-json/securityauditing_log4shell_cve2021_44228_java_serialized_object_2022-05-13045400.json`,
    async (path) => {
      const { events } = split(await parseFile(windowsJsonParser, path));
      const created = events.find((e) => e.code === '4688');
      expect(created).toMatchObject({
        processExecutable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        parentName: 'tomcat9.exe',
        userName: 'LOCAL SERVICE',
        userDomain: 'NT AUTHORITY',
      });
      expect(events[0]?.message).toMatch(
        /^5156 connection allowed inbound: .*tomcat9\.exe 192\.168\.3\.5:50452 -> 192\.168\.2\.5:8080 \(TCP\)$/,
      );
    },
  );

  itWithSample(
    'Log Analytics rows from a domain controller: 4624 over the network',
    `${OTRF}/azure-m365-goldensaml/WindowsEvents.json`,
    async (path) => {
      const logon = split(await parseFile(windowsJsonParser, path)).events.find((e) => e.code === '4624');
      expect(logon).toMatchObject({
        hostName: 'DC01.simulandlabs.com',
        userName: 'wardog',
        sourceIp: '192.168.2.5',
        outcome: 'success',
        labels: expect.objectContaining({ logon_type: '3', auth_package: 'Kerberos' }),
      });
    },
  );
});

describe('windows-json: export styles', () => {
  it('reads a JSON array (Get-WinEvent | ConvertTo-Json) with .NET dates and unnamed Properties', async () => {
    const text = JSON.stringify(
      [
        {
          Id: 7045,
          ProviderName: 'Service Control Manager',
          LogName: 'System',
          MachineName: 'SRV1',
          RecordId: 4480,
          TimeCreated: '/Date(1551604828621)/',
          Properties: [{ Value: 'spoolfool' }, { Value: 'cmd.exe' }],
        },
        {
          Id: 4624,
          ProviderName: 'Microsoft-Windows-Security-Auditing',
          LogName: 'Security',
          TimeCreated: 'soon',
        },
      ],
      null,
      2,
    );
    const records = await parse(text, {}, 50);
    const { events, rejected } = split(records);
    expect(events[0]).toMatchObject({
      code: '7045',
      provider: 'Service Control Manager',
      hostName: 'SRV1',
      time: { epochMs: 1551604828621, assumed: false },
      labels: expect.objectContaining({ record_id: '4480' }),
    });
    // Properties carry no names, so the rule's named fields stay unknown: param1, param2... are kept.
    expect(events[0]?.message).toBe('7045 service installed: ?');
    expect(rejected[0]?.reason).toMatch(/^time: /);
    expect(text.slice(rejected[0]?.where.offset ?? 0).startsWith('{\n    "Id": 4624')).toBe(true);
    expectLocations(records, Buffer.from(text));
  });

  it('reads Winlogbeat-like documents (winlog.event_data)', async () => {
    const doc = {
      '@timestamp': '2024-01-02T03:04:05.678Z',
      winlog: {
        event_id: 4625,
        channel: 'Security',
        provider_name: 'Microsoft-Windows-Security-Auditing',
        computer_name: 'dc1',
        record_id: 99,
        event_data: {
          TargetUserName: 'admin',
          TargetDomainName: 'CORP',
          IpAddress: '203.0.113.9',
          LogonType: '3',
        },
      },
    };
    const { events } = split(await parse(`${JSON.stringify(doc)}\n`));
    expect(events[0]?.message).toBe('4625 logon failed for CORP\\admin from 203.0.113.9 (logon type 3)');
  });

  it('a broken line is rejected alone, with its line number; blank lines are skipped', async () => {
    const good = JSON.stringify({ EventID: 4624, Channel: 'Security', TimeCreated: '2020-01-01T00:00:00Z' });
    const text = `${good}\n{"EventID": 4625, "Channel": "Sec\n\n${good}\n[1,2]\n${JSON.stringify({ Channel: 'Security', TimeCreated: 'x' })}\n`;
    const { events, rejected } = split(await parse(text));
    expect(events).toHaveLength(2);
    expect(rejected.map((r) => [r.where.line, r.reason.split(':')[0]])).toEqual([
      [2, 'invalid JSON on line 2'],
      [5, 'expected a JSON object, found an array'],
      [6, 'no event id (EventID, winlog.event_id, Id)'],
    ]);
  });

  it('a broken first line does not turn the rest of a line-delimited file into one record', async () => {
    const good = JSON.stringify({ EventID: 4624, Channel: 'Security', TimeCreated: '2020-01-01T00:00:00Z' });
    const { events, rejected } = split(await parse(`{"EventID": 46\n${good}\n${good}\n`));
    expect(events).toHaveLength(2);
    expect(rejected.map((r) => r.where.line)).toEqual([1]);
  });

  it('a hostile EventData column is not expanded: the event is kept and labelled', async () => {
    const row = {
      TimeGenerated: '2022-05-13T08:54:05.21Z',
      Computer: 'WS5',
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      EventID: 4688,
      EventData:
        '<!DOCTYPE x [<!ENTITY a "aaaa">]><EventData><Data Name="NewProcessName">&a;</Data></EventData>',
    };
    const { events } = split(await parse(`${JSON.stringify(row)}\n`));
    expect(events[0]?.labels?.eventdata_error).toMatch(
      /^EventData: declarations \(DOCTYPE, ENTITY\) are not allowed/,
    );
  });

  it('a value longer than the record limit is rejected without being buffered', async () => {
    const big = {
      EventID: 1,
      Channel: 'Security',
      TimeCreated: '2020-01-01T00:00:00Z',
      Blob: 'x'.repeat(100_000),
    };
    const small = { EventID: 2, Channel: 'Security', TimeCreated: '2020-01-01T00:00:00Z' };
    const text = `[${JSON.stringify(big)},${JSON.stringify(small)}]`;
    const { events, rejected } = split(
      await parse(text, { limits: { ...DEFAULT_LIMITS, maxRecordBytes: 10_000 } }, 4096),
    );
    expect(rejected[0]?.reason).toMatch(/longer than the limit of 10,000/);
    expect(events.map((e) => e.code)).toEqual(['2']);
  });

  it('random JSON-like input never throws, and locations stay in order and inside the input', async () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      '\\',
      ',',
      ':',
      '\n',
      ' ',
      '"EventID"',
      '4624',
      'null',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(token, fc.string()), { maxLength: 80 }),
        fc.integer({ min: 1, max: 64 }),
        async (parts, size) => {
          const text = parts.join('');
          const records = await parse(text, {}, size);
          expectLocations(records, Buffer.from(text));
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('windows-json: detection', () => {
  it('claims Windows exports ahead of generic JSON, and nothing else', () => {
    const win = JSON.stringify({ EventID: 4624, Channel: 'Security', TimeCreated: '2020-01-01T00:00:00Z' });
    expect(windowsJsonParser.detect(sampleOf(`${win}\n${win}\n`))).toBe(0.9);
    expect(windowsJsonParser.detect(sampleOf(`[${win},${win}]`))).toBe(0.9);
    expect(windowsJsonParser.detect(sampleOf('{"ts": 1, "msg": "hello"}\n{"ts": 2}\n'))).toBe(0);
    expect(
      windowsJsonParser.detect(sampleOf('{"eventName": "AssumeRole", "eventSource": "sts.amazonaws.com"}')),
    ).toBe(0);
    expect(windowsJsonParser.detect(sampleOf('<Events/>'))).toBe(0);
  });
});

describe('windows-json: the event XML as JSON (evtx_dump, python-evtx with xmltodict)', () => {
  const event = (id: number | object, eventData: unknown, extra = {}) => ({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F}' } },
        EventID: id,
        Level: 4,
        TimeCreated: { '#attributes': { SystemTime: '2025-11-27T07:40:10.165324Z' } },
        EventRecordID: 571146,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'ws-17',
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
      },
      EventData: eventData,
      ...extra,
    },
  });

  it('reads System, named EventData, and concatenated pretty-printed objects', async () => {
    const text = [
      event(1, { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami', ProcessId: 4460 }),
      event(7, { Image: 'C:\\x.exe', ImageLoaded: 'C:\\dbgcore.dll' }),
    ]
      .map((e) => JSON.stringify(e, null, 2))
      .join('\n');
    const records = await parse(text);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(
      events.map((e) => [e.time.text, e.code, e.hostName, e.processCommandLine ?? e.processExecutable]),
    ).toEqual([
      ['2025-11-27T07:40:10.165324Z', '1', 'ws-17', 'cmd /c whoami'],
      ['2025-11-27T07:40:10.165324Z', '7', 'ws-17', 'C:\\x.exe'],
    ]);
    const first = records[0];
    expect(
      first?.ok && first.fields?.kind === 'windows' ? first.fields.event.data.ProcessId : undefined,
    ).toBe('4460');
    expect(first?.ok && first.fields?.kind === 'windows' ? first.fields.event.userSid : undefined).toBe(
      'S-1-5-18',
    );
  });

  it('reads EventID with qualifiers (#text), unnamed Data and UserData leaves', async () => {
    const [record] = await parse(
      JSON.stringify(
        event({ '#attributes': { Qualifiers: 16384 }, '#text': 1102 }, null, {
          UserData: { LogFileCleared: { '#attributes': { xmlns: 'x' }, SubjectUserName: 'bob' } },
        }),
      ) + JSON.stringify(event(4, { Data: ['first', { '#text': 'second' }] })),
    );
    expect(record?.ok && record.fields?.kind === 'windows' ? record.fields.event : undefined).toMatchObject({
      eventId: '1102',
      qualifiers: '16384',
      data: { SubjectUserName: 'bob' },
    });
    const records = await parse(JSON.stringify(event(4, { Data: ['first', { '#text': 'second' }] })));
    const second = records[0];
    expect(second?.ok && second.fields?.kind === 'windows' ? second.fields.event.data : undefined).toEqual({
      param1: 'first',
      param2: 'second',
    });
  });
});
