import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import { irisCaseParser } from './iris-case.js';

const entry = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  event_id: 1,
  event_title: 'Account disabled',
  event_date: '2026-03-02T12:00:00.000000',
  event_tz: '+00:00',
  event_content: '',
  event_tags: '',
  event_source: '',
  event_raw: '',
  category: 'Remediation',
  assets: [],
  ...overrides,
});

describe('irisCaseParser', () => {
  it('turns the timeline of an IRIS case export into starred events, as the timeline CSV does', async () => {
    const records = await parseText(irisCaseParser, FIXTURES['iris-case-json'].content);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first?.time.epochMs).toBe(Date.parse('2026-03-02T09:14:07.500Z'));
    expect(first?.time.assumed).toBe(false);
    expect(first).toMatchObject({
      message: 'Encoded PowerShell on WS-07',
      hostName: 'WS-07',
      dataset: 'iris.case',
      provider: 'iris',
    });
    expect(first?.labels).toMatchObject({
      'source.tool': 'iris',
      'source.starred': 'true',
      'source.tags': 'powershell',
      'threat.technique.id': 'T1059.001',
      'threat.tactic.name': 'Execution',
      'iris.content': 'powershell -enc seen in Sysmon 1',
      'iris.source': 'Sysmon',
      'iris.assets': 'WS-07',
      'iris.event_id': '31',
      'iris.case': '#12 - Phishing WS-07',
    });
    // event_tz +01:00 beside the wall-clock date: 10:20 local is 09:20 UTC.
    expect(second?.time.epochMs).toBe(Date.parse('2026-03-02T09:20:00Z'));
    expect(second?.labels).toMatchObject({
      'threat.tactic.name': 'Command and Control',
      'source.tags': 'c2',
    });
    // One JSON value: every event shares its byte range.
    expect(new Set(records.map((r) => r.where.offset))).toEqual(new Set([0]));
  });

  it('reads a bare export and the API names: category objects, asset and IOC objects, tag lists, Flask dates', async () => {
    const doc = {
      case: { name: 'Case 3', soc_id: '', opened_by: 'alice', for_customer: 'Corp' },
      evidences: [],
      timeline: [
        entry({
          event_title: 'Lateral movement to DC01',
          event_date: 'Mon, 02 Mar 2026 11:30:00 GMT',
          event_tz: '+02:00',
          category: undefined,
          category_name: 'Lateral Movement',
          assets: [{ asset_name: 'DC01', asset_id: 4 }],
          iocs: [{ ioc_value: '203.0.113.9' }],
          event_tags: ['T1021.002', 'mitre-attack:T1570', 'psexec'],
        }),
        entry({ event_date: 'not a date' }),
      ],
    };
    const { events, rejected } = split(await parseText(irisCaseParser, JSON.stringify(doc)));
    expect(events).toHaveLength(1);
    expect(events[0]?.time.epochMs).toBe(Date.parse('2026-03-02T09:30:00Z'));
    expect(events[0]?.hostName).toBe('DC01');
    expect(events[0]?.labels).toMatchObject({
      'threat.tactic.name': 'Lateral Movement',
      'threat.technique.id': 'T1021.002,T1570',
      'source.tags': 'psexec',
      'iris.iocs': '203.0.113.9',
    });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/^timeline\[1\]:/);
  });

  it('is detected as iris-case-json, and neither TheHive nor generic JSON is taken for it', () => {
    const fixture = FIXTURES['iris-case-json'];
    expect(detectFormat(sampleOf(fixture.content, fixture.fileName))?.parser.name).toBe('iris-case-json');
    for (const other of ['thehive-json', 'json', 'ecs-json', 'velociraptor-jsonl'] as const) {
      const f = FIXTURES[other];
      expect(irisCaseParser.detect(sampleOf(f.content, f.fileName))).toBe(0);
    }
    // A timeline of something else is not IRIS's.
    const foreign = JSON.stringify({ timeline: [{ time: '2026-03-02T09:00:00Z', title: 'x' }] });
    expect(irisCaseParser.detect(sampleOf(foreign, 'x.json'))).toBe(0);
  });

  it('detects an export larger than the sample by its export and case keys', () => {
    const big = {
      case: { name: 'Big', soc_id: 'S', opened_by: 'alice', for_customer: 'Corp' },
      evidences: [],
      export_date: '2026-03-05T08:00:00',
      notes: [{ note_title: 'n', note_content: 'x'.repeat(70_000) }],
      timeline: [entry({})],
    };
    const text = JSON.stringify(big);
    expect(irisCaseParser.detect(sampleOf(text.slice(0, 65_536), 'case.json'))).toBe(0.9);
  });
});
