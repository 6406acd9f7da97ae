import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { csvParser, inferColumnMapping, sniffCsvDelimiter, tsvParser } from './csv.js';
import { readDelimited } from './delimited.js';

const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');
async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('csvParser', () => {
  it('gives every row its exact byte range, quoted newlines, BOM, CRLF and blank lines included', async () => {
    const rows = [
      '1,"multi\nline, with comma",2026-01-01T00:00:00Z',
      '"é ""quoted""",x,2026-01-02T00:00:00Z',
      '3,y,2026-01-03T00:00:00Z',
    ];
    const content = `\uFEFFid,note,time\r\n${rows[0]}\r\n\r\n${rows[1]}\n${rows[2]}`;
    const bytes = Buffer.from(content);
    for (const size of [1, 3, 7, 4096]) {
      const records = await parseText(csvParser, bytes, {}, size);
      expect(records.map((r) => text(bytes, r))).toEqual(rows);
      expect(records.map((r) => r.where.line)).toEqual([2, 5, 6]);
    }
    const { events } = split(await parseText(csvParser, bytes));
    expect(events.map((e) => e.time.epochMs)).toEqual([
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 0, 2),
      Date.UTC(2026, 0, 3),
    ]);
  });

  it('chooses ";" when the header uses it more than ","', async () => {
    const content = 'time;user;note\n2026-01-01T00:00:00Z;alice;a, b\n';
    const { events } = split(await parseText(csvParser, content));
    expect(events[0]).toMatchObject({ userName: 'alice', time: { epochMs: Date.UTC(2026, 0, 1) } });
    expect(sniffCsvDelimiter('"a;b",c,d')).toBe(',');
    expect(sniffCsvDelimiter('a;b;"c,d,e"')).toBe(';');
  });

  it('rejects a row with the wrong number of columns, and one without a time, each with a reason', async () => {
    const content =
      'time,user\n2026-01-01T00:00:00Z,alice,extra\nnot a time,bob\n2026-01-02T00:00:00Z,carol\n';
    const { events, rejected } = split(await parseText(csvParser, content));
    expect(rejected.map((r) => r.reason)).toEqual([
      'row has 3 fields, the header has 2',
      expect.stringMatching(/not a time/),
    ]);
    expect(events.map((e) => e.userName)).toEqual(['carol']);
  });

  it('uses the mapping (--map or a preset) for its fields', async () => {
    const content = 'When,Who,Where\n2026-01-01 10:00:00,alice,ws-1\n';
    const { events } = split(
      await parseText(csvParser, content, {
        mapping: { timestamp: 'When', userName: 'Who', hostName: 'Where' },
        zone: 'Europe/Amsterdam',
      }),
    );
    expect(events[0]).toMatchObject({
      userName: 'alice',
      hostName: 'ws-1',
      time: { epochMs: Date.UTC(2026, 0, 1, 9), assumed: true },
    });
  });

  it('rejects an unclosed quote on its own line and reads the rows after it', async () => {
    const content =
      'time,user\n2026-01-01T00:00:00Z,alice\n2026-01-02T00:00:00Z,"bob\n2026-01-03T00:00:00Z,carol\n';
    const bytes = Buffer.from(content);
    const records = await parseText(csvParser, bytes);
    expect(records.map((r) => [r.ok, text(bytes, r)])).toEqual([
      [true, '2026-01-01T00:00:00Z,alice'],
      [false, '2026-01-02T00:00:00Z,"bob'],
      [true, '2026-01-03T00:00:00Z,carol'],
    ]);
    expect(records[1]).toMatchObject({ reason: 'a quoted field is not closed before the end of the file' });
  });

  it('keeps the rows that csv-parse by itself drops after a malformed row', async () => {
    const content =
      'time,user\n2026-01-01T00:00:00Z,"al"ice\n2026-01-02T00:00:00Z,"bob\n2026-01-03T00:00:00Z,carol\n2026-01-04T00:00:00Z,dave\n';
    const alone = parse(content, { skip_records_with_error: true, relax_column_count: true });
    // Only the header is left: the malformed row and every row after it are gone.
    expect(alone).toEqual([['time', 'user']]);
    const { events, rejected } = split(await parseText(csvParser, content));
    expect(events.map((e) => e.userName)).toEqual(['"al"ice', 'carol', 'dave']);
    expect(rejected).toHaveLength(1);
  });

  it('rejects a record over the size limit, even a single line longer than what is read at once', async () => {
    const long = `2026-01-02T00:00:00Z,${'x'.repeat(5000)}`;
    const content = `time,user\n2026-01-01T00:00:00Z,a\n${long}\r\n2026-01-03T00:00:00Z,c`;
    const bytes = Buffer.from(content);
    const records = await parseText(csvParser, bytes, { limits: limits(100) }, 64);
    expect(records.map((r) => r.where)).toEqual([
      { offset: 10, length: 22, line: 2 },
      { offset: 33, length: long.length, line: 3 },
      { offset: 33 + long.length + 2, length: 22, line: 4 },
    ]);
    expect(records[1]).toMatchObject({ ok: false, reason: /longer than the limit of 100 bytes/ });
  });

  it('finds common fields by name without case or punctuation, and a time column by its name', () => {
    const mapping = inferColumnMapping(
      ['Event DateTime', 'Source IP', 'Event Name', 'host'],
      ['2022-02-18T17:34:57Z', '1.2.3.4', 'x', 'h'],
      {},
      'UTC',
    );
    expect(mapping).toEqual({ timestamp: 'Event DateTime', sourceIp: 'Source IP', action: 'Event Name' });
    expect(inferColumnMapping(['Event DateTime'], ['x'], { userName: 'u' }, 'UTC')).toEqual({
      userName: 'u',
    });
  });

  it('never throws and accounts for every row, whatever the bytes', async () => {
    const cell = fc.oneof(
      fc.constantFrom('"', '""', '"a,b"', 'x', '2026-01-01T00:00:00Z', '"\n"', ';', '\r'),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 50 }),
        async (rows, size) => {
          const content = `time,a,b\n${rows.map((r) => r.join(',')).join('\n')}`;
          const bytes = Buffer.from(content);
          const records = await parseText(csvParser, bytes, { limits: limits(200) }, size);
          let previousEnd = 0;
          for (const r of records) {
            expect(r.where.offset).toBeGreaterThanOrEqual(previousEnd);
            expect(r.where.offset + r.where.length).toBeLessThanOrEqual(bytes.length);
            previousEnd = r.where.offset + r.where.length;
          }
          // Every non-blank line after the header is inside exactly one record.
          let at = content.indexOf('\n') + 1;
          for (const line of content.slice(at).split('\n')) {
            const offset = Buffer.byteLength(content.slice(0, at));
            if (line.trim() !== '') {
              expect(
                records.filter(
                  (r) => r.where.offset <= offset && offset < r.where.offset + Math.max(1, r.where.length),
                ),
              ).toHaveLength(1);
            }
            at += line.length + 1;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('readDelimited', () => {
  it('reports the header as the first record', async () => {
    const records = [];
    for await (const r of readDelimited(chunks(Buffer.from('a,b\n1,2'), 2), ',', 1000)) records.push(r);
    expect(records.map((r) => r.ok && r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('tsvParser', () => {
  it('reads tab-separated rows with their byte ranges', async () => {
    const content = 'time\tuser\tcmd\n2026-01-01T00:00:00Z\troot\tcat /etc/shadow\n';
    const bytes = Buffer.from(content);
    const records = await parseText(tsvParser, bytes);
    expect(records.map((r) => text(bytes, r))).toEqual(['2026-01-01T00:00:00Z\troot\tcat /etc/shadow']);
    expect(split(records).events[0]).toMatchObject({
      userName: 'root',
      processCommandLine: 'cat /etc/shadow',
    });
  });
});

describe('csv and tsv detection', () => {
  it('scores a header with a time-like column 0.6, another header 0.5, and inconsistent rows 0', () => {
    expect(csvParser.detect(sampleOf('Event DateTime,Source IP\n2022-01-01,1.2.3.4\n'))).toBe(0.6);
    expect(csvParser.detect(sampleOf('name,count\n"a, b",1\n"multi\nline",2\n'))).toBe(0.5);
    expect(csvParser.detect(sampleOf('name,count\na,1,extra\n'))).toBe(0);
    expect(csvParser.detect(sampleOf('time;user\n2026;a\n'))).toBe(0.6);
    expect(tsvParser.detect(sampleOf('time\tuser\n1\ta\n'))).toBe(0.6);
    expect(tsvParser.detect(sampleOf('time,user\n1,a\n'))).toBe(0);
  });

  it('scores syslog, JSON lines and Zeek headers 0', () => {
    expect(
      csvParser.detect(sampleOf('Feb 22 11:47:05 localhost useradd[6995]: new user: name=apache, UID=48\n')),
    ).toBe(0);
    expect(csvParser.detect(sampleOf('{"a":1,"b":2}\n{"a":3,"b":4}\n'))).toBe(0);
    expect(tsvParser.detect(sampleOf('#separator \\x09\n#fields\tts\tuid\n'))).toBe(0);
  });
});

describe('csvParser: real samples', () => {
  itWithSample(
    'AWS_S3_HoneyBucketLogs.csv: 301 anonymous S3 requests, columns found by name',
    'otrf-security-datasets/aws-s3-honeybucket/AWS_S3_HoneyBucketLogs.csv',
    async (path) => {
      const records = await parseFile(csvParser, path);
      const { events, rejected } = split(records);
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(301);
      expect(events[0]).toMatchObject({
        time: { epochMs: Date.UTC(2022, 1, 18, 17, 34, 57), text: '2022-02-18T17:34:57Z', assumed: false },
        action: 'ListObjects',
        type: 'AwsApiCall',
        sourceIp: '177.131.167.145',
        code: '283770f5-968d-448d-9328-0b010f4d3696',
      });
      expect(events.filter((e) => e.action === 'ListObjects').length).toBeGreaterThan(0);
      expect(events.every((e) => e.sourceIp !== undefined)).toBe(true);
      const bytes = readFileSync(path);
      const lines = bytes.toString('utf8').split('\r\n');
      expect(text(bytes, records[0] as ParsedRecord)).toBe(lines[1]);
      expect(text(bytes, records[300] as ParsedRecord)).toBe(lines[301]);
    },
  );
});
