import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import { chainsawParser } from './chainsaw.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** An EVTX document as Chainsaw 2 writes it (the evtx crate with separate attributes). */
const evtx = (system: Record<string, unknown>, data: Record<string, unknown>) => ({
  kind: 'evtx',
  path: 'C:\\triage\\Microsoft-Windows-Sysmon%4Operational.evtx',
  data: {
    Event: {
      Event_attributes: { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider_attributes: {
          Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9',
          Name: 'Microsoft-Windows-Sysmon',
        },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'MSEDGEWIN10',
        Correlation: null,
        Execution_attributes: { ProcessID: 2796, ThreadID: 3592 },
        Keywords: '0x8000000000000000',
        Level: 4,
        Security_attributes: { UserID: 'S-1-5-18' },
        ...system,
      },
      EventData: data,
    },
  },
});

const PROCESS = evtx(
  {
    EventID: 1,
    EventRecordID: 3577,
    TimeCreated_attributes: { SystemTime: '2019-07-19T14:44:08.185344Z' },
  },
  {
    CommandLine: 'sc.exe  create AtomicTestService binPath= C:\\AtomicRedTeam\\AtomicService.exe',
    Image: 'C:\\Windows\\System32\\sc.exe',
    ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    ParentProcessId: 4216,
    ProcessId: 1700,
    User: 'MSEDGEWIN10\\IEUser',
    Hashes:
      'SHA1=622FA2729408E5F467A592223219DA7C547E7CC7,SHA256=78097C7CD0E57902536C60B7FA17528C313DB20869E5F944223A0BA4C801D39B',
  },
);

const DETECTIONS = [
  {
    group: 'Sigma',
    kind: 'individual',
    document: PROCESS,
    name: 'New Service Creation',
    timestamp: '2019-07-19T14:44:08.185344+00:00',
    authors: ['Timur Zinniatullin', 'Daniil Yugoslavskiy'],
    level: 'low',
    source: 'sigma',
    status: 'stable',
    falsepositives: ['Legitimate administrator or user creates a service for legitimate reasons'],
    id: '7fe71fc9-de3b-432a-8d57-8c809efc10ab',
    logsource: { category: 'process_creation', product: 'windows' },
    references: ['https://github.com/redcanaryco/atomic-red-team'],
    tags: ['attack.persistence', 'attack.privilege_escalation', 'attack.t1543.003', 'car.2013-05-002'],
  },
  {
    group: 'Login Attacks',
    kind: 'aggregate',
    documents: [
      evtx(
        { EventID: 1, EventRecordID: 10, TimeCreated_attributes: { SystemTime: '2019-07-19T15:00:00Z' } },
        { Image: 'C:\\x.exe', User: 'CORP\\bob' },
      ),
      evtx(
        { EventID: 1, EventRecordID: 11, TimeCreated_attributes: { SystemTime: '2019-07-19T15:00:01Z' } },
        { Image: 'C:\\x.exe', User: 'CORP\\bob' },
      ),
    ],
    name: 'Repeated Execution',
    timestamp: '2019-07-19T17:00:00+02:00',
    authors: ['FranticTyping'],
    level: 'critical',
    source: 'chainsaw',
    status: 'stable',
  },
];

describe('chainsawParser', () => {
  it('reads hunt --json and --jsonl alike: time, level, ATT&CK ids, host, event code and the process', async () => {
    const results = [];
    for (const text of [
      JSON.stringify(DETECTIONS),
      `${DETECTIONS.map((d) => JSON.stringify(d)).join('\n')}\n`,
    ]) {
      const bytes = new TextEncoder().encode(text);
      const records = await parseText(chainsawParser, bytes, {}, 100);
      const { events, rejected } = split(records);
      expect(rejected).toEqual([]);
      for (const r of records) {
        if (!r.ok) continue;
        const again = await parseText(
          chainsawParser,
          bytes.subarray(r.where.offset, r.where.offset + r.where.length),
        );
        expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
        expect(r.fields?.kind).toBe('windows');
      }
      results.push(events);
    }
    expect(results[1]).toEqual(results[0]);
    const [service, repeated] = results[0] ?? [];
    expect([iso(service?.time.epochMs ?? 0), service?.kind, service?.code, service?.hostName]).toEqual([
      '2019-07-19T14:44:08.185Z',
      'alert',
      '1',
      'MSEDGEWIN10',
    ]);
    expect([service?.dataset, service?.provider, service?.userName, service?.userDomain]).toEqual([
      'windows.sysmon',
      'Microsoft-Windows-Sysmon',
      'IEUser',
      'MSEDGEWIN10',
    ]);
    expect([service?.processName, service?.processPid, service?.parentPid, service?.fileHash]).toEqual([
      'sc.exe',
      1700,
      4216,
      '78097c7cd0e57902536c60b7fa17528c313db20869e5f944223a0ba4c801d39b',
    ]);
    expect(service?.labels).toMatchObject({
      'source.tool': 'chainsaw',
      'rule.name': 'New Service Creation',
      'rule.level': 'low',
      'rule.id': '7fe71fc9-de3b-432a-8d57-8c809efc10ab',
      'rule.author': 'Timur Zinniatullin, Daniil Yugoslavskiy',
      'rule.source': 'sigma',
      'threat.technique.id': 'T1543.003',
      'threat.tactic.name': 'Persistence,Privilege Escalation',
      'rule.tags': 'car.2013-05-002',
      record_id: '3577',
      user_sid: 'S-1-5-18',
    });
    expect(service?.message).toMatch(/^New Service Creation \(low\) on MSEDGEWIN10: Sysmon 1 /);
    // An aggregate is one event: the first document's, counted; its offset time read to UTC.
    expect([
      iso(repeated?.time.epochMs ?? 0),
      repeated?.labels?.['rule.level'],
      repeated?.labels?.document_count,
    ]).toEqual(['2019-07-19T15:00:00.000Z', 'critical', '2']);
    expect(repeated?.message).toMatch(/^Repeated Execution \(critical\) on MSEDGEWIN10 \(2 documents\): /);
  });

  it('reads Chainsaw 1 output ({detection, event}, attributes under #attributes), time from the event', async () => {
    const v1 = {
      detection: ['(Built-in Logic) - Security audit log was cleared'],
      event: {
        Event: {
          '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
          System: {
            Channel: 'Security',
            Computer: 'PC01.example.corp',
            EventID: 1102,
            EventRecordID: 227693,
            Provider: { '#attributes': { Name: 'Microsoft-Windows-Eventlog' } },
            TimeCreated: { '#attributes': { SystemTime: '2019-02-13T18:01:41.593830Z' } },
          },
          UserData: { LogFileCleared: { SubjectDomainName: 'EXAMPLE', SubjectUserName: 'admin01' } },
        },
      },
    };
    const { events, rejected } = split(await parseText(chainsawParser, JSON.stringify([v1])));
    expect(rejected).toEqual([]);
    expect(events.map((e) => [iso(e.time.epochMs), e.code, e.hostName, e.userName, e.kind])).toEqual([
      ['2019-02-13T18:01:41.593Z', '1102', 'PC01.example.corp', 'admin01', 'alert'],
    ]);
    expect(events[0]?.labels?.['rule.name']).toBe('(Built-in Logic) - Security audit log was cleared');
  });

  it('rejects a broken line and a detection with no readable time, and reads on', async () => {
    const noTime = {
      ...DETECTIONS[1],
      timestamp: 'later',
      documents: [{ kind: 'json', path: 'x.json', data: {} }],
    };
    const text = `${JSON.stringify(DETECTIONS[0])}\n{"name": "cut\n${JSON.stringify(noTime)}\n${JSON.stringify(DETECTIONS[1])}\n`;
    const { events, rejected } = split(await parseText(chainsawParser, text));
    expect(events.map((e) => e.labels?.['rule.name'])).toEqual([
      'New Service Creation',
      'Repeated Execution',
    ]);
    expect(rejected.map((r) => r.where.line)).toEqual([2, 3]);
    expect(rejected[0]?.reason).toMatch(/^invalid JSON on line 2/);
    expect(rejected[1]?.reason).toBe('"later" is not an ISO 8601 time');
  });

  it('is detected ahead of generic and Windows JSON, and claims neither of them', () => {
    expect(detectFormat(sampleOf(JSON.stringify(DETECTIONS), 'hunt.json'))?.parser.name).toBe(
      'chainsaw-json',
    );
    expect(chainsawParser.detect(sampleOf(FIXTURES.json.content as string, 'a.json'))).toBe(0);
    expect(chainsawParser.detect(sampleOf(FIXTURES['windows-json'].content as string, 'w.json'))).toBe(0);
    expect(chainsawParser.detect(sampleOf(FIXTURES['hayabusa-json'].content as string, 'h.json'))).toBe(0);
  });
});
