import { describe, expect, it } from 'vitest';
import { FIXTURES, lines } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import { theHiveParser } from './thehive.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('theHiveParser', () => {
  it('turns a TheHive 5 case into its timeline: opened, task started/completed, task log, sighted observable', async () => {
    const records = await parseText(theHiveParser, FIXTURES['thehive-json'].content);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events.map((e) => [iso(e.time.epochMs), e.action, e.message])).toEqual([
      [
        '2026-03-02T09:00:00.000Z',
        'case-opened',
        'TheHive case #42 opened: Phishing leading to PowerShell beacon',
      ],
      ['2026-03-02T08:43:20.000Z', 'observable-sighted', 'Observable sighted: ip 203.0.113.9'],
      ['2026-03-02T10:00:00.000Z', 'task-started', 'Task started: Contain WS-07'],
      ['2026-03-02T11:00:00.000Z', 'task-completed', 'Task completed: Contain WS-07'],
      [
        '2026-03-02T10:06:40.000Z',
        'task-log',
        'Task log [Contain WS-07]: Isolated WS-07 from the network via EDR',
      ],
    ]);
    expect(events[0]?.labels).toMatchObject({
      'source.tool': 'thehive',
      'source.starred': 'true',
      'source.tags': 'phishing',
      'threat.technique.id': 'T1566.001',
      'thehive.case_number': '42',
      'thehive.severity': 'HIGH',
    });
    expect(events[4]).toMatchObject({ userName: 'bob@corp.example', dataset: 'thehive.log' });
    expect(events[4]?.labels?.['source.comment']).toBe('Isolated WS-07 from the network via EDR');
    expect(events[1]?.labels).toMatchObject({ 'thehive.ioc': 'true', 'source.tags': 'c2' });
    // All come from the one JSON value: they share its byte range.
    expect(new Set(records.map((r) => r.where.offset))).toEqual(new Set([0]));
  });

  it('reads TheHive 4 objects one by one (JSON lines) and reports observables that were not sighted', async () => {
    const text = lines(
      {
        _type: 'case',
        caseId: 7,
        title: 'Ransomware',
        startDate: 1772442000000,
        endDate: 1772528400000,
        resolutionStatus: 'TruePositive',
        status: 'Resolved',
        owner: 'alice',
      },
      {
        _type: 'case_artifact',
        dataType: 'domain',
        data: 'evil.example',
        ioc: true,
        sighted: false,
        createdAt: 1772442000000,
      },
      { _type: 'case_task_log', message: 'Reimaged host', startDate: 1772450000000, createdBy: 'bob' },
    );
    const records = await parseText(theHiveParser, text);
    expect(records.map((r) => (r.ok ? r.event.message : r.reason))).toEqual([
      'TheHive case #7 opened: Ransomware',
      'TheHive case #7 closed (TruePositive): Ransomware',
      'TheHive observable observable: domain evil.example is not sighted (no timeline event)',
      'Task log: Reimaged host',
    ]);
  });

  it('rejects JSON that is no TheHive object, and values that are not objects', async () => {
    const records = await parseText(theHiveParser, '[{"hello":"world"}, 3]');
    expect(records.map((r) => r.ok)).toEqual([false, false]);
  });

  it('is detected by _type (or a case at the start of a large document), not plain JSON', () => {
    expect(detectFormat(sampleOf(FIXTURES['thehive-json'].content, 'case.json'))?.parser.name).toBe(
      'thehive-json',
    );
    const big = `{"_id":"~1","_type":"Case","title":"x","description":"${'a'.repeat(70_000)}"}`;
    expect(detectFormat(sampleOf(big, 'case.json'))?.parser.name).toBe('thehive-json');
    expect(
      detectFormat(sampleOf(lines({ _type: 'doc', title: 'x', time: '2026-03-02T10:00:00Z' }), 'a.json'))
        ?.parser.name,
    ).toBe('json');
  });
});
