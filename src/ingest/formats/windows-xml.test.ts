import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, sampleOf, split } from '../../../test/ingest.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { windowsXmlParser } from './windows-xml.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** An event as wevtutil writes it (single quotes, one line). */
const failedLogon = (record: number, user = 'Administrator') =>
  `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4625</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2016-09-19T16:52:49.399674600Z'/><EventRecordID>${record}</EventRecordID><Correlation/><Execution ProcessID='752' ThreadID='496'/><Channel>Security</Channel><Computer>DESKTOP-M5SN04R</Computer><Security/></System><EventData><Data Name='TargetUserName'>${user}</Data><Data Name='TargetDomainName'>.</Data><Data Name='Status'>0xc000006d</Data><Data Name='LogonType'>3</Data><Data Name='IpAddress'>192.168.198.149</Data><Data Name='IpPort'>33083</Data></EventData><RenderingInfo Culture='en-US'><Message>An account failed to log on.</Message></RenderingInfo></Event>`;

/** An event as evtxexport and Event Viewer write it (double quotes, indented, UserData). */
const logCleared = `<Event xmlns="${NS}">
  <System>
    <Provider Name="Microsoft-Windows-Eventlog" Guid="{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}"/>
    <EventID>1102</EventID>
    <TimeCreated SystemTime="2019-03-19T23:35:07.524202100Z"/>
    <EventRecordID>452811</EventRecordID>
    <Channel>Security</Channel>
    <Computer>PC01.example.corp</Computer>
    <Security/>
  </System>
  <UserData>
    <LogFileCleared xmlns:auto-ns3="http://schemas.microsoft.com/win/2004/08/events" xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog">
      <SubjectUserSid>S-1-5-21-1587066498-1489273250-1035260531-1106</SubjectUserSid>
      <SubjectUserName>user01</SubjectUserName>
      <SubjectDomainName>EXAMPLE</SubjectDomainName>
      <SubjectLogonId>0x17dad</SubjectLogonId>
    </LogFileCleared>
  </UserData>
</Event>`;

const document = (...events: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Events>\n${events.join('\n')}\n</Events>\n`;

const parse = (text: string | Uint8Array, chunkSize?: number, maxRecordBytes?: number) =>
  parseText(
    windowsXmlParser,
    text,
    maxRecordBytes ? { limits: { ...DEFAULT_LIMITS, maxRecordBytes } } : {},
    chunkSize,
  );

/** Each location must cover exactly one `<Event …>…</Event>` (or the rejected bytes) of the input. */
function expectLocations(
  records: readonly ParsedRecord[],
  bytes: Buffer,
  encoding: 'utf8' | 'utf16le' = 'utf8',
) {
  let end = 0;
  for (const r of records) {
    expect(r.where.offset).toBeGreaterThanOrEqual(end);
    expect(r.where.offset + r.where.length).toBeLessThanOrEqual(bytes.length);
    end = r.where.offset + r.where.length;
    const text = bytes.subarray(r.where.offset, end).toString(encoding);
    if (r.ok) expect(text).toMatch(/^<Event[\s>][\s\S]*<\/Event>$/);
  }
}

describe('windows-xml: reading', () => {
  it('reads an <Events> document: System values, EventData and exact byte ranges', async () => {
    const text = document(failedLogon(1), logCleared, failedLogon(3, 'guest'));
    const records = await parse(text);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      code: '4625',
      time: {
        text: '2016-09-19T16:52:49.399674600Z',
        epochMs: Date.UTC(2016, 8, 19, 16, 52, 49, 399),
        assumed: false,
      },
      hostName: 'DESKTOP-M5SN04R',
      userName: 'Administrator',
      sourceIp: '192.168.198.149',
      outcome: 'failure',
      message: '4625 logon failed for .\\Administrator from 192.168.198.149 (logon type 3)',
      labels: expect.objectContaining({ record_id: '1' }),
    });
    expect(events[1]).toMatchObject({ code: '1102', userName: 'user01', userDomain: 'EXAMPLE' });
    expect(events[2]?.userName).toBe('guest');
    expectLocations(records, Buffer.from(text));
  });

  it('reads a bare sequence of events, ignoring text around them (evtxexport banner)', async () => {
    const text = `evtxexport 20181227\n\n${logCleared}\n\n${failedLogon(2)}\n`;
    const { events } = split(await parse(text));
    expect(events.map((e) => e.code)).toEqual(['1102', '4625']);
  });

  it('gives the same records whatever the stream chunk size', async () => {
    const text = document(failedLogon(1), logCleared, failedLogon(3));
    const reference = await parse(text);
    for (const size of [1, 3, 7, 64, 1000]) expect(await parse(text, size)).toEqual(reference);
  });

  it('does not split at </Event> or <Event inside CDATA, comments or processing instructions', async () => {
    const tricky = failedLogon(9).replace(
      "<Data Name='Status'>",
      "<Data Name='Script'><![CDATA[x </Event> <Event> y]]></Data><!-- </Event> --><?pi </Event>?><Data Name='Status'>",
    );
    const text = `<!-- <Event> in a comment --><Events>${tricky}<Events2/></Events>`;
    const { events, rejected } = split(await parse(text));
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]?.code).toBe('4625');
  });

  it('decodes entities and character references in values', async () => {
    const text = failedLogon(1, 'a&amp;b&lt;c&#x41;&#66;');
    expect(split(await parse(text)).events[0]?.userName).toBe('a&b<cAB');
  });

  it('reads UTF-16LE with a byte-order mark (PowerShell output), locations in its bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(document(failedLogon(1), logCleared), 'utf16le'),
    ]);
    const records = await parse(bytes, 333);
    expect(split(records).events.map((e) => e.code)).toEqual(['4625', '1102']);
    expectLocations(records, bytes, 'utf16le');
  });
});

describe('windows-xml: hostile and broken input', () => {
  it('an event left open is rejected alone when the next one starts', async () => {
    const broken = failedLogon(1).replace('</Event>', '');
    const text = document(broken, failedLogon(2));
    const records = await parse(text);
    const { events, rejected } = split(records);
    expect(events.map((e) => e.labels?.record_id)).toEqual(['2']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/unclosed <Event>: another <Event> starts/);
    expectLocations(records, Buffer.from(text));
  });

  it('an event still open at the end of the data is rejected', async () => {
    const { rejected } = split(await parse(`<Events>${failedLogon(1).slice(0, 300)}`));
    expect(rejected.map((r) => r.reason)).toEqual(['unclosed <Event>: the data ends before </Event>']);
  });

  it('mismatched tags, bad attributes and missing TimeCreated are rejected per record', async () => {
    const cases = [
      failedLogon(1).replace('</Computer>', '</Computr>'),
      failedLogon(1).replace("Name='Status'", 'Name=Status'),
      failedLogon(1).replace(/<TimeCreated[^>]*>/, ''),
      failedLogon(1).replace('2016-09-19T16', '2016-13-19T16'),
    ];
    const { events, rejected } = split(await parse(document(...cases, failedLogon(5))));
    expect(events).toHaveLength(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/<\/Computr> does not close <Computer>/),
      expect.stringMatching(/attribute Name value is not quoted/),
      'no System/TimeCreated/@SystemTime in the event',
      expect.stringMatching(/^TimeCreated: .*month 13/),
    ]);
  });

  it('custom entities are never expanded: a billion-laughs document is rejected quickly', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE Events [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
      `<Events>${failedLogon(1, '&lol3;')}${failedLogon(2)}</Events>`,
    ].join('\n');
    const started = performance.now();
    const { events, rejected } = split(await parse(laughs));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rejected[0]?.reason).toMatch(/undefined entity &lol3; \(custom entities are not expanded\)/);
    expect(events.map((e) => e.labels?.record_id)).toEqual(['2']);
  });

  it('an event longer than the record limit is rejected without being kept, and reading goes on', async () => {
    const huge = failedLogon(1).replace('<System>', `<System x='${'A'.repeat(200_000)}'>`);
    const records = await parse(document(huge, failedLogon(2)), 4096, 50_000);
    const { events, rejected } = split(records);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/longer than the limit of 50,000/);
    expect(rejected[0]?.where.length).toBe(Buffer.byteLength(huge));
    expect(rejected[0]?.sample.startsWith('<Event')).toBe(true);
    expect(events.map((e) => e.labels?.record_id)).toEqual(['2']);
  });

  it('a large event arriving in tiny stream chunks is read in linear time', async () => {
    const large = failedLogon(1).replace(
      '<EventData>',
      `<EventData><Data Name='Blob'>${'B'.repeat(900_000)}</Data>`,
    );
    const started = performance.now();
    const { events } = split(await parse(document(large), 64));
    expect(events[0]?.code).toBe('4625');
    expect(performance.now() - started).toBeLessThan(5000);
  }, 20_000);

  it('deep nesting is refused, not recursed into', async () => {
    const deep = failedLogon(1).replace(
      '<EventData>',
      `<EventData>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`,
    );
    const { rejected } = split(await parse(deep));
    expect(rejected[0]?.reason).toMatch(/nested too deeply/);
  });

  it('random mutations of a document never throw, hang or misplace records', async () => {
    const base = document(failedLogon(1), logCleared, failedLogon(3));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.nat(base.length - 1),
            fc.constantFrom('<', '>', '/', '&', '"', "'", ']]>', '<![CDATA[', '', 'x'),
          ),
          {
            maxLength: 12,
          },
        ),
        fc.integer({ min: 1, max: 500 }),
        async (edits, chunkSize) => {
          let text = base;
          for (const [at, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + 1);
          const started = performance.now();
          const records = await parse(text, chunkSize);
          expect(performance.now() - started).toBeLessThan(2000);
          expectLocations(records, Buffer.from(text));
          for (const r of records) if (!r.ok) expect(r.reason).not.toBe('');
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('windows-xml: random input', () => {
  it('random bytes, UTF-8 or UTF-16, never throw or hang', async () => {
    const pieces = fc.constantFrom(
      '<Event>',
      '</Event>',
      '<Event ',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<?',
      '?>',
      '&lt;',
      'x',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (parts, utf16, chunkSize) => {
          const text = parts.join('');
          const bytes = utf16
            ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
            : Buffer.from(text);
          const records = await parse(bytes, chunkSize);
          expectLocations(records, bytes, utf16 ? 'utf16le' : 'utf8');
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('windows-xml: detection', () => {
  it('claims Windows event XML, with or without the namespace, UTF-8 or UTF-16', () => {
    expect(windowsXmlParser.detect(sampleOf(document(failedLogon(1))))).toBe(0.95);
    expect(windowsXmlParser.detect(sampleOf(logCleared.replace(` xmlns="${NS}"`, '')))).toBe(0.8);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(document(failedLogon(1)), 'utf16le'),
    ]);
    expect(windowsXmlParser.detect(sampleOf(utf16))).toBe(0.95);
  });

  it('does not claim other XML, JSON or text', () => {
    expect(windowsXmlParser.detect(sampleOf('<?xml version="1.0"?><rss><channel/></rss>'))).toBe(0);
    expect(windowsXmlParser.detect(sampleOf('{"EventID": 4624, "Channel": "Security"}'))).toBe(0);
    expect(windowsXmlParser.detect(sampleOf('Oct 11 22:14:15 host sshd[1]: Accepted password'))).toBe(0);
  });
});
