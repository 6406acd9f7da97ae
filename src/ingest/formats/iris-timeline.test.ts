import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/format-fixtures.js';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import { irisTimelineParser } from './iris-timeline.js';

const HEADER =
  'event_date,event_tz,event_title,event_category,event_content,event_raw,event_source,event_assets,event_iocs,event_tags';

describe('irisTimelineParser', () => {
  it('reads IRIS rows: date plus event_tz, title as message, starred, tags, tactic and technique labels', async () => {
    const { events, rejected } = split(
      await parseText(irisTimelineParser, FIXTURES['iris-timeline-csv'].content),
    );
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first?.time).toEqual({
      epochMs: Date.parse('2026-03-02T09:14:07.500Z'),
      text: '2026-03-02T09:14:07.500 +00:00',
      assumed: false,
    });
    expect(first).toMatchObject({
      message: 'Encoded PowerShell on WS-07',
      hostName: 'WS-07',
      dataset: 'iris.timeline',
    });
    expect(first?.labels).toMatchObject({
      'source.tool': 'iris',
      'source.starred': 'true',
      'source.tags': 'powershell',
      'threat.technique.id': 'T1059.001',
      'threat.tactic.name': 'Execution',
      'iris.content': 'powershell -enc seen in Sysmon 1',
      'iris.source': 'Sysmon',
    });
    // +01:00 beside the date: 09:20 local is 08:20 UTC.
    expect(second?.time.epochMs).toBe(Date.parse('2026-03-02T08:20:00Z'));
    expect(second?.labels).toMatchObject({
      'threat.tactic.name': 'Command and Control',
      'iris.iocs': 'evil.example',
      'source.tags': 'c2',
    });
  });

  it('reads a date without a zone in the assumed zone, flagged as assumed; keeps IRIS categories that are no tactic', async () => {
    const text = `${HEADER}\n"2026-03-02 10:00:00","","Server rebuilt","Remediation","","","","srv1;srv2","",""\n`;
    const { events } = split(await parseText(irisTimelineParser, text, { zone: 'Europe/Amsterdam' }));
    expect(events[0]?.time).toMatchObject({ epochMs: Date.parse('2026-03-02T09:00:00Z'), assumed: true });
    expect(events[0]?.labels?.['iris.category']).toBe('Remediation');
    expect(events[0]?.labels?.['threat.tactic.name']).toBeUndefined();
    expect(events[0]?.labels?.['iris.assets']).toBe('srv1, srv2');
  });

  it('rejects a row with an unreadable date or a wrong field count, and goes on', async () => {
    const text = `${HEADER}\n"yesterday","+00:00","x","","","","","","",""\n"2026-03-02T10:00:00","+00:00","short"\n"2026-03-02T10:00:00","+00:00","ok","","","","","","",""\n`;
    const records = await parseText(irisTimelineParser, text);
    expect(records.map((r) => r.ok)).toEqual([false, false, true]);
    expect(records[1]?.ok === false && records[1].reason).toContain('the header has 10');
  });

  it('is detected by its event_* header, ahead of generic CSV; a CSV that merely has a date column is not IRIS', () => {
    expect(detectFormat(sampleOf(FIXTURES['iris-timeline-csv'].content, 'export.csv'))?.parser.name).toBe(
      'iris-timeline-csv',
    );
    expect(
      detectFormat(
        sampleOf('event_date,host,user,action,title\n2026-03-02T13:00:00Z,srv9,carol,login,x\n', 'a.csv'),
      )?.parser.name,
    ).toBe('csv');
  });
});
