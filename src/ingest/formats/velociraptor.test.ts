import { describe, expect, it } from 'vitest';
import { FIXTURES, lines } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { artifactFromFileName } from '../../core/normalize-velociraptor.js';
import { detectFormat } from '../registry.js';
import { velociraptorParser } from './velociraptor.js';

// Rows shaped as Velociraptor writes each artifact's results (docs.velociraptor.app artifact references).
const EVTX_ROW = {
  EventTime: '2026-03-02T09:14:07.123Z',
  Computer: 'WS-07.corp.example',
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EID: 1,
  EventRecordID: 5521,
  EventData: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c whoami' },
  Message: 'Process Create: cmd /c whoami',
  OSPath: 'C:\\Windows\\System32\\winevt\\Logs\\Microsoft-Windows-Sysmon%4Operational.evtx',
};
const PREFETCH_ROW = {
  Binary: 'PSEXESVC.EXE',
  LastRunTimes: ['2026-03-01T23:10:00Z', '2026-03-02T01:02:03Z', '2026-02-28T08:00:00Z'],
  RunCount: 3,
  OSPath: 'C:\\Windows\\Prefetch\\PSEXESVC.EXE-AD70946C.pf',
  Hash: {
    MD5: 'd41d8cd98f00b204e9800998ecf8427e',
    SHA256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
};

describe('velociraptorParser', () => {
  it('reads Pslist rows: artifact from _Source as the dataset, host, process and the CreateTime', async () => {
    const { events, rejected } = split(
      await parseText(velociraptorParser, FIXTURES['velociraptor-jsonl'].content),
    );
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    const [ps] = events;
    expect(ps?.time.epochMs).toBe(Date.parse('2026-03-02T09:14:07.500Z'));
    expect(ps).toMatchObject({
      dataset: 'Windows.System.Pslist',
      provider: 'velociraptor',
      hostName: 'ws-07.corp.example',
      userName: 'CORP\\alice',
      processName: 'powershell.exe',
      processPid: 4312,
      parentPid: 1020,
      processCommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
    });
    expect(ps?.labels).toMatchObject({
      'source.tool': 'velociraptor',
      'velociraptor.client_id': 'C.4f5e1d0a8b9c7e21',
      'velociraptor.flow_id': 'F.CN8M2KQ0A7TJS',
      'velociraptor.time_field': 'CreateTime',
    });
  });

  it('takes the artifact from the file name when rows carry no _Source (results/<Artifact>.json)', async () => {
    const records = await parseText(velociraptorParser, lines(EVTX_ROW), {
      fileName: 'results/Windows.EventLogs.Evtx.json',
    });
    const { events } = split(records);
    expect(events[0]).toMatchObject({
      dataset: 'Windows.EventLogs.Evtx',
      code: '1',
      hostName: 'WS-07.corp.example',
      message: '[Windows.EventLogs.Evtx] Process Create: cmd /c whoami',
    });
    expect(events[0]?.time.text).toBe('2026-03-02T09:14:07.123Z');
  });

  it('dates a Prefetch row by its latest run and keeps the strongest hash', async () => {
    const { events } = split(
      await parseText(velociraptorParser, lines(PREFETCH_ROW), {
        fileName: 'Windows.Forensics.Prefetch.json',
      }),
    );
    expect(events[0]?.time.epochMs).toBe(Date.parse('2026-03-02T01:02:03Z'));
    expect(events[0]?.fileHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(events[0]?.labels?.['velociraptor.time_field']).toBe('LastRunTimes');
  });

  it('rejects a row without any time column, naming the columns it looked for', async () => {
    const info = {
      Name: 'velociraptor',
      OS: 'windows',
      Hostname: 'WS-07',
      _Source: 'Generic.Client.Info/BasicInformation',
    };
    const [record] = await parseText(velociraptorParser, lines(info));
    expect(record?.ok).toBe(false);
    expect(record?.ok === false && record.reason).toContain('EventTime');
  });

  it('is detected by _Source or ClientId, or by an artifact file name with time columns, and not otherwise', () => {
    expect(detectFormat(sampleOf(lines(PREFETCH_ROW), 'Windows.Forensics.Prefetch.json'))?.parser.name).toBe(
      'velociraptor-jsonl',
    );
    expect(detectFormat(sampleOf(lines(PREFETCH_ROW), 'prefetch.json'))?.parser.name).toBe('json');
    expect(
      detectFormat(sampleOf(lines({ ...PREFETCH_ROW, ClientId: 'C.0123456789abcdef' }), 'x.json'))?.parser
        .name,
    ).toBe('velociraptor-jsonl');
    expect(
      detectFormat(sampleOf(lines({ _Source: 'web', time: '2026-03-02T10:00:00Z' }), 'x.json'))?.parser.name,
    ).toBe('json');
  });

  it('knows artifact file names as collections, hunts and notebooks write them', () => {
    expect(artifactFromFileName('results/Windows.System.Pslist.json')).toBe('Windows.System.Pslist');
    expect(artifactFromFileName('Generic.Client.Info%2FBasicInformation.json')).toBe(
      'Generic.Client.Info/BasicInformation',
    );
    expect(artifactFromFileName('All Windows.EventLogs.Evtx.json.gz')).toBe('Windows.EventLogs.Evtx');
    expect(artifactFromFileName('events.json')).toBeUndefined();
    expect(artifactFromFileName('app.log.json')).toBeUndefined();
  });
});
