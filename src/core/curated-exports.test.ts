import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { IRIS_IOC_TYPES, irisIocCsv, irisTimelineCsv, timesketchJsonl } from './curated-exports.js';
import { INDICATOR_TYPES } from './vocabulary.js';

const doc = buildPostMortem({
  id: 'INC-C',
  timeline: [
    entry('B', '2026-03-02', { text: '=HYPERLINK("x") day-only, "quoted"' }),
    entry('A', '2026-03-01T23:30:00-05:00', { text: 'first\r\nsecond line', tags: ['a|b', 'c,d'] }),
  ],
  indicators: [{ id: 'IOC-1', type: 'domain', value: 'evil,example.test', description: 'line\nbreak' }],
});

describe('timesketchJsonl', () => {
  it('writes one line per entry in time order, with the fields Timesketch requires', () => {
    const lines = timesketchJsonl(doc)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.entry_id)).toEqual(['B', 'A']);
    expect(lines[0]).toMatchObject({
      datetime: '2026-03-02T00:00:00.000+00:00',
      timestamp: Date.parse('2026-03-02T00:00:00Z') * 1000,
      timestamp_desc: 'Curated timeline entry',
      time_precision: 'date',
    });
    expect(lines[1]).toMatchObject({
      datetime: '2026-03-02T04:30:00.000+00:00',
      message: 'first\r\nsecond line',
    });
  });
});

describe('irisTimelineCsv', () => {
  it('keeps every event on one line, in its own offset, with pipe-separated tags', () => {
    const csv = irisTimelineCsv(doc);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'event_date,event_tz,event_title,event_category,event_content,event_raw,event_source,event_assets,event_iocs,event_tags',
    );
    expect(lines).toHaveLength(4); // header, two events, the final line break
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows[1]).toMatchObject({
      event_date: '2026-03-01T23:30:00.000',
      event_tz: '-05:00',
      event_title: 'first second line',
      event_category: 'Unspecified',
      event_tags: 'a b|c d|debrief:A',
    });
    // Free text keeps the spreadsheet formula guard; the offset reaches IRIS as it is.
    expect(rows[0]?.event_title).toBe(`'=HYPERLINK("x") day-only, "quoted"`);
    expect(rows[0]?.event_tz).toBe('+00:00');
  });
});

describe('irisIocCsv', () => {
  it('names every Debrief indicator type as an IRIS type', () => {
    expect(INDICATOR_TYPES.filter((t) => !IRIS_IOC_TYPES[t])).toEqual([]);
  });

  it('writes the exact IRIS header and quotes values that hold a comma', () => {
    const csv = irisIocCsv(doc, 'red');
    expect(csv.split('\r\n')[0]).toBe('ioc_value,ioc_type,ioc_description,ioc_tags,ioc_tlp');
    expect(csv.split('\r\n')).toHaveLength(3);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        ioc_value: 'evil,example.test',
        ioc_type: 'domain',
        ioc_description: 'line break INC-C IOC-1.',
        ioc_tags: 'debrief:INC-C|debrief:IOC-1',
        ioc_tlp: 'red',
      },
    ]);
  });
});
