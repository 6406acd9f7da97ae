import { describe, expect, it } from 'vitest';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { detectFormat } from '../registry.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { plasoCsvParser, plasoJsonParser, plasoL2tCsvParser } from './plaso.js';
import { timesketchCsvParser } from './timesketch.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The offset property: each record's byte range, parsed on its own after the header, gives the same event. */
async function expectExactRanges(
  parser: FormatParser,
  text: string,
  records: readonly ParsedRecord[],
  header = '',
): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  for (const r of records) {
    if (!r.ok) continue;
    const row = Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString();
    const again = await parseText(parser, header === '' ? row : `${header}\n${row}\n`);
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

// psort -o l2tcsv: the 17 columns; MM/DD/YYYY and HH:MM:SS in the zone the timezone column names (Python's
// tzname(), so an abbreviation); commas in values are replaced by spaces, `-` means no value, `notes` holds the
// event tag labels separated by spaces.
const L2T_HEADER =
  'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra';
const L2T = [
  L2T_HEADER,
  '06/27/2012,18:17:01,UTC,M...,LOG,Syslog,Content Modification Time,-,ubuntu,[CRON] pid: 8442,' +
    '[CRON] pid: 8442 session closed for user root,2,OS:/var/log/syslog.1,15,-,syslog,pid: 8442; reporter: CRON',
  '03/02/2026,11:04:05,CET,..C.,EVT,WinEVTX,Content Modification Time,S-1-5-21-1-500,ws-07,[4688 / 0x1250] ' +
    'Source Name: Microsoft-Windows-Security-Auditing,[4688 / 0x1250] Source Name: Microsoft-Windows-Security-' +
    "Auditing Strings: ['C:\\Windows\\System32\\cmd.exe'],2,TSK:/Windows/System32/winevt/Logs/Security.evtx," +
    '71244,application_execution malware,winevtx,event_identifier: 4688; recovered: False',
  '07/14/2026,08:00:00,CEST,.A..,FILE,NTFS,Last Access Time,-,ws-07,C:/Users/eve/evil.ps1,' +
    'TSK:/Users/eve/evil.ps1 Type: file,2,TSK:/Users/eve/evil.ps1,90210,-,mft,file_reference: 90210-3',
  '02/29/2016,10:00:00,Europe/Amsterdam,M...,LOG,Syslog,Content Modification Time,-,-,x,x,2,-,-,-,syslog,-',
  '00/00/0000,00:00:00,UTC,M...,LOG,Syslog,Content Modification Time,-,-,x,x,2,-,-,-,syslog,-',
  '06/27/2012,18:17:01,UTC,M...,LOG,Syslog',
  '',
].join('\n');

describe('plasoL2tCsvParser', () => {
  it('reads the 17 columns: times to UTC by the timezone column, host, user, file, tags and the desc as message', async () => {
    const records = await parseText(plasoL2tCsvParser, L2T, {}, 61);
    const { events, rejected } = split(records);
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed])).toEqual([
      ['2012-06-27T18:17:01.000Z', false],
      ['2026-03-02T10:04:05.000Z', false], // CET = UTC+1
      ['2026-07-14T06:00:00.000Z', false], // CEST = UTC+2
      ['2016-02-29T09:00:00.000Z', false], // a zone name: Amsterdam in winter
    ]);
    expect(events[0]).toMatchObject({
      message: '[CRON] pid: 8442 session closed for user root',
      action: 'Content Modification Time',
      provider: 'plaso',
      dataset: 'syslog',
      hostName: 'ubuntu',
      filePath: 'OS:/var/log/syslog.1',
      labels: {
        'source.tool': 'plaso',
        macb: 'M...',
        source_short: 'LOG',
        source_long: 'Syslog',
        inode: '15',
      },
    });
    expect(events[0]?.userName).toBeUndefined();
    expect(events[0]?.labels?.['source.tags']).toBeUndefined();
    expect(events[1]).toMatchObject({
      userName: 'S-1-5-21-1-500',
      hostName: 'ws-07',
      labels: { 'source.tags': 'application_execution,malware', parser: 'winevtx' },
    });
    expect(events[0]?.time.text).toBe('06/27/2012 18:17:01 UTC');
    expect(rejected.map((r) => [r.where.line, r.reason])).toEqual([
      [6, '"00/00/0000 00:00:00 UTC": the date is out of range'],
      [7, 'row has 6 fields, the header has 17'],
    ]);
    await expectExactRanges(plasoL2tCsvParser, L2T, records, L2T_HEADER);
  });

  it('reads a time whose timezone column names no known zone in the assumed zone, flagged assumed', async () => {
    const text = `${L2T_HEADER}\n06/27/2012,18:17:01,IST,M...,LOG,Syslog,Content Modification Time,-,-,x,x,2,-,-,-,syslog,-\n`;
    const { events } = split(await parseText(plasoL2tCsvParser, text, { zone: 'America/New_York' }));
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed])).toEqual([
      ['2012-06-27T22:17:01.000Z', true],
    ]);
  });

  it('is detected by its exact 17-column header, and nothing else is', () => {
    expect(detectFormat(sampleOf(L2T, 'timeline.csv'))?.parser.name).toBe('plaso-l2tcsv');
    expect(plasoL2tCsvParser.detect(sampleOf(L2T.replace('notes,format,extra', 'notes,format')))).toBe(0);
    expect(plasoL2tCsvParser.detect(sampleOf('date,time,host\n06/27/2012,18:17:01,x\n'))).toBe(0);
  });
});

// psort's default: -o dynamic, fields datetime,timestamp_desc,source,source_long,message,parser,display_name,tag.
const DYNAMIC_HEADER = 'datetime,timestamp_desc,source,source_long,message,parser,display_name,tag';
const DYNAMIC = [
  DYNAMIC_HEADER,
  '2012-06-27T18:17:01.123456+00:00,Content Modification Time,LOG,Syslog,[CRON] pid: 8442 session closed for ' +
    'user root,syslog,OS:/var/log/syslog.1,-',
  '2026-03-02T11:04:05.000000+01:00,Creation Time,FILE,NTFS,TSK:/Users/eve/evil.ps1 Type: file,mft,' +
    'TSK:/Users/eve/evil.ps1,malware application_execution',
  '0000-00-00T00:00:00,Content Modification Time,LOG,Syslog,unformattable,syslog,OS:/x,-',
  '',
].join('\n');

describe('plasoCsvParser (psort dynamic output)', () => {
  it('reads datetime (microseconds kept to the millisecond) with its offset, tags and the plaso columns', async () => {
    const records = await parseText(plasoCsvParser, DYNAMIC, {}, 50);
    const { events, rejected } = split(records);
    expect(events.map((e) => [iso(e.time.epochMs), e.time.assumed, e.action])).toEqual([
      ['2012-06-27T18:17:01.123Z', false, 'Content Modification Time'],
      ['2026-03-02T10:04:05.000Z', false, 'Creation Time'],
    ]);
    expect(events[0]).toMatchObject({
      message: '[CRON] pid: 8442 session closed for user root',
      dataset: 'syslog',
      labels: { 'source.tool': 'plaso', display_name: 'OS:/var/log/syslog.1', source_long: 'Syslog' },
    });
    expect(events[1]?.labels?.['source.tags']).toBe('malware,application_execution');
    expect(rejected.map((r) => r.where.line)).toEqual([4]);
    await expectExactRanges(plasoCsvParser, DYNAMIC, records, DYNAMIC_HEADER);
  });

  it('maps the additional fields hostname, username and filename', async () => {
    const text =
      'datetime,timestamp_desc,message,parser,hostname,username,filename\n' +
      '2026-03-02T10:00:00.000000+00:00,Last Visited Time,https://evil.example/ (Evil),chrome_history,ws-07,eve,' +
      '/Users/eve/AppData/Local/Google/Chrome/User Data/Default/History\n';
    const { events } = split(await parseText(plasoCsvParser, text));
    expect(events.map((e) => [e.hostName, e.userName, e.filePath])).toEqual([
      ['ws-07', 'eve', '/Users/eve/AppData/Local/Google/Chrome/User Data/Default/History'],
    ]);
  });

  it('is told from a Timesketch CSV by the columns only one of them writes; forcing either format still reads', async () => {
    const detected = (text: string): string | undefined => detectFormat(sampleOf(text, 'x.csv'))?.parser.name;
    expect(detected(DYNAMIC)).toBe('plaso-csv');
    expect(detected('datetime,timestamp_desc,message,parser\n2026-03-02T10:00:00+00:00,x,y,z\n')).toBe(
      'plaso-csv',
    );
    // A Timesketch export of a plaso timeline keeps plaso's columns but adds its own.
    expect(
      detected(
        'datetime,timestamp_desc,message,parser,_id,_index,label\n2026-03-02T10:00:00+00:00,x,y,z,a,b,[]\n',
      ),
    ).toBe('timesketch-csv');
    expect(detected('message,timestamp,datetime,timestamp_desc\ny,1,2026-03-02T10:00:00+00:00,x\n')).toBe(
      'timesketch-csv',
    );
    expect(detected('datetime,message,host\n2026-03-02T10:00:00+00:00,y,z\n')).toBe('csv');
    const forced = split(await parseText(timesketchCsvParser, DYNAMIC));
    expect(forced.events.map((e) => iso(e.time.epochMs))).toEqual([
      '2012-06-27T18:17:01.123Z',
      '2026-03-02T10:04:05.000Z',
    ]);
  });
});

const plasoEvent = (overrides: Record<string, unknown>) => ({
  __container_type__: 'event',
  __type__: 'AttributeContainer',
  data_type: 'syslog:line',
  date_time: {
    __class_name__: 'TimeElements',
    __type__: 'DateTimeValues',
    time_elements_tuple: [2012, 6, 27, 18, 17, 1],
  },
  display_name: 'OS:/var/log/syslog.1',
  filename: '/var/log/syslog.1',
  hostname: 'ubuntu',
  inode: 0,
  message: '[CRON] pid: 8442 session closed for user root',
  parser: 'syslog',
  pathspec: { __type__: 'PathSpec', type_indicator: 'OS', location: '/var/log/syslog.1' },
  pid: 8442,
  reporter: 'CRON',
  timestamp: 1340821021123456,
  timestamp_desc: 'Content Modification Time',
  ...overrides,
});

describe('plasoJsonParser (psort json_line)', () => {
  it('reads microsecond timestamps, event tags, host, user, file and URL', async () => {
    const text = [
      JSON.stringify(plasoEvent({})),
      JSON.stringify(
        plasoEvent({
          data_type: 'chrome:history:page_visited',
          parser: 'sqlite/chrome_27_history',
          message: 'https://evil.example/payload (Evil)',
          url: 'https://evil.example/payload',
          username: 'eve',
          timestamp: 1772445600000001,
          timestamp_desc: 'Last Visited Time',
          tag: {
            __container_type__: 'event_tag',
            __type__: 'AttributeContainer',
            labels: ['browser_search', 'malware'],
          },
        }),
      ),
      '{"__container_type__": "event", "timestamp": ',
      JSON.stringify(plasoEvent({ timestamp: undefined })),
      '',
    ].join('\n');
    const records = await parseText(plasoJsonParser, text, {}, 77);
    const { events, rejected } = split(records);
    expect(events.map((e) => [iso(e.time.epochMs), e.time.text, e.time.assumed])).toEqual([
      ['2012-06-27T18:17:01.123Z', '1340821021123456', false],
      ['2026-03-02T10:00:00.000Z', '1772445600000001', false],
    ]);
    expect(events[0]).toMatchObject({
      message: '[CRON] pid: 8442 session closed for user root',
      hostName: 'ubuntu',
      filePath: '/var/log/syslog.1',
      dataset: 'syslog:line',
      labels: { 'source.tool': 'plaso', parser: 'syslog', display_name: 'OS:/var/log/syslog.1' },
    });
    expect(events[0]?.labels?.inode).toBeUndefined(); // plaso writes 0 for "no inode"
    expect(events[1]).toMatchObject({
      url: 'https://evil.example/payload',
      userName: 'eve',
      action: 'Last Visited Time',
      labels: { 'source.tags': 'browser_search,malware' },
    });
    expect(rejected.map((r) => [r.where.line, r.reason.slice(0, 12)])).toEqual([
      [3, expect.any(String)],
      [4, 'no "timestam'],
    ]);
    await expectExactRanges(plasoJsonParser, text, records);
  });

  it('scores json_line events 0.95 and Timesketch or plain JSON 0', () => {
    expect(plasoJsonParser.detect(sampleOf(JSON.stringify(plasoEvent({}))))).toBe(0.95);
    expect(
      plasoJsonParser.detect(
        sampleOf(
          JSON.stringify({ message: 'm', datetime: '2026-03-02T10:00:00Z', timestamp_desc: 'Write time' }),
        ),
      ),
    ).toBe(0);
    expect(detectFormat(sampleOf(`${JSON.stringify(plasoEvent({}))}\n`, 'x.jsonl'))?.parser.name).toBe(
      'plaso-json',
    );
  });
});
