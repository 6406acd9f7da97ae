import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, split } from '../../../test/ingest.js';
import { normalizeCef, parseCef } from '../../core/normalize-cef.js';
import { YEAR_UNKNOWN_REASON } from '../../core/syslog-year.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { cefParser, markerStart } from './cef.js';

const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');

describe('markerStart', () => {
  it('finds CEF at the start of a line or after a syslog header, not elsewhere', () => {
    expect(markerStart('CEF:0|a', 'CEF:')).toBe(0);
    expect(markerStart('Sep 19 08:26:10 host CEF:0|a', 'CEF:')).toBe(21);
    expect(markerStart('<134>1 2026-03-14T09:12:05Z fw app - - - CEF:0|a', 'CEF:')).toBe(41);
    expect(markerStart('{"message":"CEF:0|a"}', 'CEF:')).toBe(-1);
    expect(markerStart('no record here', 'CEF:')).toBe(-1);
  });
});

describe('cefParser', () => {
  it('reads bare CEF lines and CEF after RFC 3164 and RFC 5424 headers, each with its exact byte range', async () => {
    const lines = [
      'CEF:0|Sec|IDS|1|100|Port scan|5|rt=1700000000000 src=10.0.0.9',
      'Sep 19 08:26:10 fw1 CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
      '<134>1 2026-03-14T09:12:05Z fw2 cef - - - CEF:0|V|P|1|sig|Login|Low|suser=bob outcome=failure',
    ];
    const content = lines.join('\n');
    const bytes = Buffer.from(content);
    const records = await parseText(cefParser, content, { year: 2025 }, 11);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(records.map((r) => text(bytes, r))).toEqual(lines);
    expect(events[0]).toMatchObject({
      time: { epochMs: 1700000000000 },
      message: 'Port scan',
      sourceIp: '10.0.0.9',
    });
    expect(events[1]).toMatchObject({
      time: { epochMs: Date.UTC(2025, 8, 19, 8, 26, 10), assumed: true },
      hostName: 'fw1',
      severity: 10,
      destinationIp: '2.1.2.2',
    });
    expect(events[2]).toMatchObject({
      time: { epochMs: Date.UTC(2026, 2, 14, 9, 12, 5) },
      hostName: 'fw2',
      userName: 'bob',
      outcome: 'failure',
      severity: 3,
    });
  });

  it('needs a year only for records whose time comes from a yearless header', async () => {
    const content = [
      'Dec 31 23:00:00 fw CEF:0|V|P|1|a|A|1|rt=1700000000000',
      'Dec 31 23:59:00 fw CEF:0|V|P|1|b|B|1|src=10.0.0.1',
      'Jan  1 00:01:00 fw CEF:0|V|P|1|c|C|1|src=10.0.0.2',
    ].join('\n');
    const none = split(await parseText(cefParser, content));
    expect(none.events.map((e) => e.code)).toEqual(['a']);
    expect(none.rejected.map((r) => r.reason)).toEqual([YEAR_UNKNOWN_REASON, YEAR_UNKNOWN_REASON]);
    const collected = split(await parseText(cefParser, content, { referenceDate: '2026-01-02' }));
    expect(collected.events.map((e) => new Date(e.time.epochMs).toISOString())).toEqual([
      '2023-11-14T22:13:20.000Z',
      '2025-12-31T23:59:00.000Z',
      '2026-01-01T00:01:00.000Z',
    ]);
  });

  it('rejects lines without a CEF record, and CEF behind text that is not a syslog header', async () => {
    const { rejected } = split(
      await parseText(cefParser, 'hello\nrandom prefix CEF:0|V|P|1|a|A|1|rt=1\nCEF:0|too|short'),
    );
    expect(rejected.map((r) => r.reason)).toEqual([
      'no "CEF:" record in the line',
      'the text before "CEF:" is not a syslog header',
      'CEF header has fewer than 7 fields separated by "|"',
    ]);
  });

  it('reads a 1 MB line of hostile escapes in well under a second', async () => {
    const line = `CEF:0|${'\\|'.repeat(1000)}|P|1|a|A|1|rt=1700000000000 msg=${'\\='.repeat(250_000)}${' k='.repeat(50_000)}`;
    const started = performance.now();
    const records = await parseText(cefParser, line, { limits: limits(2 << 20) }, 65536);
    expect(records).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

const POOL = [
  'CEF:0|Check Point|VPN-1|R80|Log|https|Unknown|act=Accept rt=1543270652000 originsicname=CN\\=R80 src=192.168.101.100',
  'Sep 19 08:26:10 host CEF:0|Security|tm|1.0|100|worm|10|src=10.0.0.1',
  '<134>1 2026-03-14T09:12:05Z fw cef - - - CEF:0|V\\|x|P|1|sig|N \\\\ x|Very-High|msg=l1\\nl2 \\= eq',
  'CEF:0|a|b|c|d|e|f|=== \\\\\\ ==',
  '',
];

describe('cefParser: properties', () => {
  it('accounts for every non-blank line exactly once and never throws, whatever the bytes', async () => {
    const line = fc.oneof(
      fc.constantFrom(...POOL),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => s.replace(/[\n\r\uFEFF]/g, ' ')),
      fc.constant('CEF:0|'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 25 }),
        fc.integer({ min: 8, max: 300 }),
        fc.boolean(),
        async (lines, max, year) => {
          const bytes = Buffer.from(lines.join('\n'));
          const records = await parseText(
            cefParser,
            bytes,
            { limits: limits(max), ...(year ? { year: 2026 } : {}) },
            9,
          );
          const expected = lines.filter((l) => Buffer.byteLength(l) > max || l.trim() !== '').length;
          expect(records).toHaveLength(expected);
          for (const r of records) expect(text(bytes, r).includes('\n')).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('survives truncation and byte corruption at random offsets', async () => {
    const whole = Buffer.from(POOL.join('\n').repeat(2));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: whole.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        async (cut, flips) => {
          const bytes = Buffer.from(whole.subarray(0, cut));
          for (const [at, value] of flips)
            if (bytes.length > 0 && value !== 10) bytes[at % bytes.length] = value;
          const records = await parseText(cefParser, bytes, { referenceDate: '2026-12-31' }, 7);
          const lines = bytes.toString('utf8').split('\n');
          expect(records).toHaveLength(lines.filter((l) => l.replace(/\r$/, '').trim() !== '').length);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('cefParser: real samples', () => {
  itWithSample(
    'CitrixADC.txt: 6 NetScaler AppFW lines, decoded, rejected for having no time',
    'cef/azure-sentinel_CitrixADC.txt',
    async (path) => {
      const records = await parseFile(cefParser, path);
      const { events, rejected } = split(records);
      expect(events).toEqual([]);
      expect(rejected).toHaveLength(6);
      expect(new Set(rejected.map((r) => r.reason))).toEqual(
        new Set(['the CEF record has no time (rt, end, start) and no syslog header time']),
      );
      const bytes = readFileSync(path);
      const lines = bytes.toString('utf8').split('\n');
      expect(records.map((r) => text(bytes, r))).toEqual(lines);
      // With a time from outside (a syslog header), the same records decode to these fields.
      const headerTime = { epochMs: 0, text: 'Jan  1 00:00:00', assumed: true };
      const decoded = lines.map((line) => {
        const record = parseCef(line);
        if (!record.ok) throw new Error(record.reason);
        const event = normalizeCef(record.value, { zone: 'UTC', headerTime });
        if (!event.ok) throw new Error(event.reason);
        return event.value;
      });
      expect(decoded[0]).toMatchObject({
        code: 'APPFW',
        message: 'APPFW_STARTURL: Disallow Illegal URL.',
        provider: 'Citrix NetScaler',
        severity: 6,
        sourceIp: '10.10.10.10',
        sourcePort: 53743,
        url: 'http://www.example.org/www/login.html',
        action: 'blocked',
        outcome: 'failure',
        labels: { method: 'GET', cs1: 'def_profile', cs4: 'ALERT' },
      });
      expect(decoded[2]?.url).toBe('http://test.example.com/css/login_post.html?usr=admin');
      expect(decoded[3]?.message).toBe(
        'APPFW_SAFECOMMERCE_XFORM: Transformed (xout) potential credit card numbers seen in server response',
      );
      expect(decoded[5]).toMatchObject({
        sourceIp: '192.168.1.1',
        sourcePort: 718,
        labels: { cs6: 'web-misc' },
      });
    },
  );

  itWithSample(
    'checkpoint.log: 3 Check Point lines, 2 with rt, escaped \\= and IPv6',
    'cef/tenzir_checkpoint.log',
    async (path) => {
      const { events, rejected } = split(await parseFile(cefParser, path));
      expect(events).toHaveLength(2);
      expect(rejected).toHaveLength(1);
      expect(events[0]).toMatchObject({
        time: { epochMs: 1543270652000, assumed: false },
        action: 'Accept',
        outcome: 'success',
        sourceIp: '192.168.101.100',
        sourcePort: 49363,
        destinationIp: '52.173.84.157',
        destinationPort: 443,
        labels: {
          originsicname: 'CN=R80,O=R80_M..6u6bdo',
          'Matched Category': 'Business / Economy',
          product: 'VPN-1 & FireWall-1',
        },
      });
      expect(events[1]).toMatchObject({
        message: 'https: Encrypted session',
        fileHash: '55f4a511e6f630a6b1319505414f114e7bcaf13d',
        labels: {
          'Subscription expiration': 'Apr 11 2020 10:42:13',
          'Email Control': 'SMTP Policy Restrictions',
        },
      });
      expect(rejected[0]?.where.line).toBe(3);
    },
  );
});
