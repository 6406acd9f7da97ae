import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, split } from '../../../test/ingest.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { zeekTsvParser } from './zeek-tsv.js';

const T = '\t';
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');

const header = (path: string, fields: string[], types: string[]) => [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  `#path\t${path}`,
  '#open\t2023-08-16-13-02-05',
  ['#fields', ...fields].join(T),
  ['#types', ...types].join(T),
];
const CONN = header(
  'conn',
  [
    'ts',
    'uid',
    'id.orig_h',
    'id.orig_p',
    'id.resp_h',
    'id.resp_p',
    'proto',
    'service',
    'conn_state',
    'tunnel_parents',
  ],
  ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'string', 'set[string]'],
);
const CONN_ROWS = [
  [
    '1692190925.123456',
    'C1',
    '10.0.0.5',
    '49712',
    '10.0.0.10',
    '445',
    'tcp',
    'smb,gssapi',
    'SF',
    '(empty)',
  ].join(T),
  ['1692190926.000001', 'C2', '10.0.0.5', '53', '10.0.0.1', '53', 'udp', '-', 'S0', '-'].join(T),
];
const DNS = header(
  'dns',
  [
    'ts',
    'uid',
    'id.orig_h',
    'id.orig_p',
    'id.resp_h',
    'id.resp_p',
    'query',
    'qtype_name',
    'rcode_name',
    'answers',
  ],
  ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'vector[string]'],
);
const DNS_ROW = [
  '1692190927.5',
  'C3',
  '10.0.0.5',
  '55555',
  '10.0.0.1',
  '53',
  'evil\\x09domain.example',
  'A',
  'NOERROR',
  '1.2.3.4,5.6.7.8',
].join(T);

describe('zeekTsvParser', () => {
  it('reads data rows as events with exact byte ranges; # lines are structural and yield nothing', async () => {
    const content = [...CONN, ...CONN_ROWS, '#close\t2023-08-16-13-10-00', ''].join('\n');
    const bytes = Buffer.from(content);
    const records = await parseText(zeekTsvParser, content, {}, 13);
    expect(records.map((r) => text(bytes, r))).toEqual(CONN_ROWS);
    expect(records.map((r) => r.where.line)).toEqual([9, 10]);
    const { events } = split(records);
    expect(events[0]).toMatchObject({
      time: { epochMs: 1692190925123, text: '1692190925.123456', assumed: false },
      dataset: 'zeek.conn',
      sourceIp: '10.0.0.5',
      sourcePort: 49712,
      destinationIp: '10.0.0.10',
      destinationPort: 445,
      labels: { uid: 'C1', service: 'smb,gssapi', conn_state: 'SF' },
    });
    expect(events[1]?.labels?.service).toBeUndefined();
  });

  it('follows a second log in the same file, with its own path and fields, and decodes \\x escapes', async () => {
    const { events } = split(
      await parseText(zeekTsvParser, [...CONN, CONN_ROWS[0], ...DNS, DNS_ROW].join('\n')),
    );
    expect(events.map((e) => e.dataset)).toEqual(['zeek.conn', 'zeek.dns']);
    expect(events[1]).toMatchObject({
      dnsQuestion: 'evil\tdomain.example',
      labels: { answers: '1.2.3.4, 5.6.7.8' },
    });
  });

  it('honors a separator other than tab', async () => {
    const content = [
      '#separator \\x7c',
      '#path|weird',
      '#fields|ts|name|addl',
      '#types|time|string|string',
      '1692190925.0|bad_TCP_checksum|-',
    ].join('\n');
    const { events } = split(await parseText(zeekTsvParser, content));
    expect(events[0]).toMatchObject({ dataset: 'zeek.weird', action: 'bad_TCP_checksum' });
  });

  it('rejects rows with the wrong number of values, rows before #fields, and rows without a time', async () => {
    const content = [
      '1692190925.0\tx',
      ...CONN,
      'short\tline',
      ['-', 'C9', '10.0.0.1', '1', '10.0.0.2', '2', 'tcp', '-', 'S0', '-'].join(T),
    ].join('\n');
    const { events, rejected } = split(await parseText(zeekTsvParser, content));
    expect(events).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'a Zeek data line before any #fields header',
      '2 values for the 10 #fields of conn.log',
      expect.stringMatching(/ts/),
    ]);
  });

  it('accounts for every non-blank data line exactly once and never throws, whatever the bytes', async () => {
    const line = fc.oneof(
      fc.constantFrom(...CONN_ROWS, DNS_ROW, '#fields\tts', '#separator \\x', '#types'),
      fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/[\n\r\uFEFF]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.integer({ min: 16, max: 200 }),
        async (lines, max) => {
          const content = [...CONN, ...lines].join('\n');
          const records = await parseText(
            zeekTsvParser,
            content,
            { limits: { ...DEFAULT_LIMITS, maxRecordBytes: max } },
            17,
          );
          const expected = [...CONN, ...lines].filter(
            (l) => Buffer.byteLength(l) > max || (l.trim() !== '' && !l.startsWith('#')),
          );
          expect(records).toHaveLength(expected.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects a file that starts with #separator, and nothing else', () => {
    const sample = (s: string) => ({ bytes: Buffer.from(s), text: s, fileName: 'x.log' });
    expect(zeekTsvParser.detect(sample(CONN.join('\n')))).toBe(1);
    expect(zeekTsvParser.detect(sample('#fields\tts'))).toBe(0);
  });
});

describe('zeekTsvParser: real samples', () => {
  const folder = 'otrf-security-datasets/zeek-tsv-lsass-campaign-01';
  for (const name of [
    'conn',
    'dns',
    'http',
    'ssl',
    'files',
    'kerberos',
    'smb_mapping',
    'weird',
    'x509',
    'pe',
    'analyzer',
    'packet_filter',
  ]) {
    itWithSample(
      `${name}.log of the LSASS campaign: every data row an event of zeek.${name}, Aug 2023`,
      `${folder}/${name}.log`,
      async (path) => {
        const rows = readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '' && !l.startsWith('#'));
        const { events, rejected } = split(await parseFile(zeekTsvParser, path));
        expect(rejected).toEqual([]);
        expect(events).toHaveLength(rows.length);
        expect(events.length).toBeGreaterThan(0);
        expect(
          events.every(
            (e) =>
              e.dataset === `zeek.${name}` && new Date(e.time.epochMs).toISOString().startsWith('2023-08'),
          ),
        ).toBe(true);
        if (name === 'conn')
          expect(events.every((e) => e.sourceIp && e.destinationIp && e.destinationPort !== undefined)).toBe(
            true,
          );
        if (name === 'dns') expect(events.some((e) => e.dnsQuestion)).toBe(true);
        if (name === 'http') expect(events.some((e) => e.url && e.action)).toBe(true);
      },
    );
  }

  itWithSample(
    'the whole LSASS campaign folder concatenated reads as one stream of logs',
    folder,
    async (dir) => {
      const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
      const all = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
      const rows = all
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
      const records = await parseText(zeekTsvParser, all, {}, 65536);
      expect(split(records).events).toHaveLength(rows.length);
    },
  );
});
