import { describe, expect, it } from 'vitest';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import { plasoCsvParser } from './plaso.js';
import { timesketchCsvParser, timesketchJsonlParser } from './timesketch.js';

const iso = (ms: number): string => new Date(ms).toISOString();

// 1. The importable format, as documented ("Create timeline from JSON/JSONL/CSV file"); the docs' own example
//    pairs a small `timestamp` with a 2015 `datetime`: `datetime` is read first.
// 2. `timesketch search --output-format jsonl` (pandas to_json, records, lines: `/` escaped as `\/`) with
//    --show-internal-columns and label/comment return fields.
// 3. A raw search hit (`_source` nested, the stored `timesketch_label` objects).
// 4. An export carrying `__ts_star` and `__ts_comments` attributes.
const JSONL = [
  '{"message": "A message","timestamp": 123456789,"datetime": "2015-07-24T19:01:01+00:00","timestamp_desc": "Write time","extra_field_1": "foo"}',
  '{"__ts_timeline_id":3,"_id":"AWQw5_NpeBLZMUY_lr62","_index":"ae92d77b677b43c7802a2ebe767d947d","comment":["Attacker staging dir","confirmed by EDR"],' +
    '"data_type":"fs:stat","datetime":"2026-03-02T10:04:05.123456+00:00","display_name":"TSK:\\/Users\\/eve\\/evil.ps1",' +
    '"filename":"\\/Users\\/eve\\/evil.ps1","hostname":"ws-07","label":["__ts_star","__ts_comment","lateral"],' +
    '"message":"TSK:\\/Users\\/eve\\/evil.ps1 Type: file","parser":"filestat","tag":["suspicious"],' +
    '"timestamp":1772445845123456,"timestamp_desc":"Creation Time","username":"eve"}',
  JSON.stringify({
    _id: 'b2',
    _index: 'idx1',
    _source: {
      message: 'User eve logged on',
      datetime: '2026-03-02T12:00:00+01:00',
      timestamp: 1772449200000000,
      timestamp_desc: 'Event Recorded',
      timesketch_label: [{ name: '__ts_star', user_id: 1, sketch_id: 1 }],
      tag: [],
    },
  }),
  JSON.stringify({
    message: 'PowerShell download',
    timestamp: 1772445600000000,
    timestamp_desc: 'Event Recorded',
    __ts_star: true,
    __ts_comments: ['seen on 3 hosts'],
    tag: ['attack.t1059.001', 'c2'],
  }),
  '{"message": "cut", "datetime": ',
  '{"message": "no time", "timestamp_desc": "Write time"}',
  '',
].join('\n');

describe('timesketchJsonlParser', () => {
  it('reads times (datetime, else microsecond timestamp) and keeps stars, tags and comments as labels', async () => {
    const records = await parseText(timesketchJsonlParser, JSONL, {}, 90);
    const { events, rejected } = split(records);
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed, e.action])).toEqual([
      ['2015-07-24T19:01:01.000Z', false, 'Write time'],
      ['2026-03-02T10:04:05.123Z', false, 'Creation Time'],
      ['2026-03-02T11:00:00.000Z', false, 'Event Recorded'],
      ['2026-03-02T10:00:00.000Z', false, 'Event Recorded'],
    ]);
    expect(events.map((e) => e.labels?.['source.starred'])).toEqual([undefined, 'true', 'true', 'true']);
    expect(events.map((e) => e.labels?.['source.tags'])).toEqual([
      undefined,
      'suspicious,lateral',
      undefined,
      'c2',
    ]);
    // The ATT&CK tag is a threat label, not a tag.
    expect(events[3]?.labels?.['threat.technique.id']).toBe('T1059.001');
    expect(events.map((e) => e.labels?.['source.comment'])).toEqual([
      undefined,
      'Attacker staging dir | confirmed by EDR',
      undefined,
      'seen on 3 hosts',
    ]);
    expect(events[1]).toMatchObject({
      message: 'TSK:/Users/eve/evil.ps1 Type: file',
      provider: 'timesketch',
      dataset: 'fs:stat',
      hostName: 'ws-07',
      userName: 'eve',
      filePath: '/Users/eve/evil.ps1',
      labels: {
        'source.tool': 'timesketch',
        'timesketch.event_id': 'AWQw5_NpeBLZMUY_lr62',
        'timesketch.timeline_id': '3',
        parser: 'filestat',
      },
    });
    expect(events[2]?.labels?.['timesketch.event_id']).toBe('b2');
    expect(events[0]?.labels?.['source.tool']).toBe('timesketch');
    expect(rejected.map((r) => r.where.line)).toEqual([5, 6]);
    expect(rejected[1]?.reason).toBe('no "datetime" or "timestamp" in the Timesketch event');
  });

  it('reads a timestamp in microseconds when there is no datetime, and a datetime without offset in the assumed zone', async () => {
    const text =
      '{"message":"m","timestamp":1437764461123456,"timestamp_desc":"Write time"}\n' +
      '{"message":"m","datetime":"2015-07-24T19:01:01","timestamp_desc":"Write time"}\n';
    const { events } = split(await parseText(timesketchJsonlParser, text, { zone: 'Europe/Amsterdam' }));
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed])).toEqual([
      ['2015-07-24T19:01:01.123Z', false],
      ['2015-07-24T17:01:01.000Z', true],
    ]);
  });

  it('is detected by message, datetime or timestamp and timestamp_desc; plaso json_line and plain JSON are not', () => {
    const detected = (text: string): string | undefined =>
      detectFormat(sampleOf(text, 'x.jsonl'))?.parser.name;
    expect(detected(JSONL)).toBe('timesketch-jsonl');
    expect(detected('{"message":"m","datetime":"2015-07-24T19:01:01+00:00","level":"info"}\n')).toBe('json');
    expect(
      detected(
        '{"__container_type__":"event","timestamp":1,"timestamp_desc":"x","message":"m","data_type":"syslog:line"}\n',
      ),
    ).toBe('plaso-json');
  });
});

// The sketch/search export (timesketch/api/v1/export.py): pandas to_csv of the events' attributes, `tag` joined
// with commas, `label` a Python list of the sketch's labels, then `_id`, `_type`, `_index`.
const CSV_HEADER =
  'message,timestamp,datetime,timestamp_desc,data_type,hostname,comment,tag,label,__ts_timeline_id,_id,_type,_index';
const CSV = [
  CSV_HEADER,
  '"Process created: C:\\Windows\\System32\\cmd.exe /c whoami, by eve",1772445845123456,2026-03-02T10:04:05.123456+00:00,' +
    'Event Recorded,windows:evtx:record,ws-07,"[\'Attacker recon\', \'ask IT\']","suspicious,recon",' +
    "\"['__ts_star', '__ts_comment', 'lateral']\",3,AWQw5_NpeBLZMUY_lr62,generic_event,ae92d77b677b43c7802a2ebe767d947d",
  'Benign,1772445846000000,2026-03-02T10:04:06+00:00,Event Recorded,windows:evtx:record,ws-07,[],,[],3,c3,generic_event,i',
  'broken,1,2,3',
  'no time,,,Event Recorded,x,ws-07,[],,[],3,c4,generic_event,i',
  '',
].join('\n');

describe('timesketchCsvParser', () => {
  it('reads the export: quoted messages, microsecond times, stars and labels from the Python list, tags, comments', async () => {
    const records = await parseText(timesketchCsvParser, CSV, {}, 70);
    const { events, rejected } = split(records);
    expect(events.map((e) => [iso(e.time.epochMs), e.message])).toEqual([
      ['2026-03-02T10:04:05.123Z', 'Process created: C:\\Windows\\System32\\cmd.exe /c whoami, by eve'],
      ['2026-03-02T10:04:06.000Z', 'Benign'],
    ]);
    expect(events[0]?.labels).toMatchObject({
      'source.tool': 'timesketch',
      'source.starred': 'true',
      'source.tags': 'suspicious,recon,lateral',
      'source.comment': 'Attacker recon | ask IT',
      'timesketch.event_id': 'AWQw5_NpeBLZMUY_lr62',
    });
    expect(events[0]?.hostName).toBe('ws-07');
    expect(events[1]?.labels?.['source.starred']).toBeUndefined();
    expect(events[1]?.labels?.['source.tags']).toBeUndefined();
    expect(rejected.map((r) => [r.where.line, r.reason])).toEqual([
      [4, 'row has 4 fields, the header has 13'],
      [5, 'no "datetime" or "timestamp" in the Timesketch event'],
    ]);
  });

  it('reads the documented importable CSV, and a plaso dynamic CSV when forced', async () => {
    const text =
      'message,timestamp,datetime,timestamp_desc,extra_field_1,extra_field_2\n' +
      'A message,1331698658276340,2015-07-24T19:01:01+00:00,Write time,foo,bar\n';
    expect(detectFormat(sampleOf(text, 'x.csv'))?.parser.name).toBe('timesketch-csv');
    expect(detectFormat(sampleOf(CSV, 'x.csv'))?.parser.name).toBe('timesketch-csv');
    const { events } = split(await parseText(timesketchCsvParser, text));
    expect(events.map((e) => [iso(e.time.epochMs), e.message, e.action])).toEqual([
      ['2015-07-24T19:01:01.000Z', 'A message', 'Write time'],
    ]);
    const forced = split(await parseText(plasoCsvParser, text));
    expect(forced.events.map((e) => [iso(e.time.epochMs), e.labels?.['source.tool']])).toEqual([
      ['2015-07-24T19:01:01.000Z', 'plaso'],
    ]);
  });
});
