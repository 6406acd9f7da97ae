import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, split } from '../../../test/ingest.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { webAccessParser } from './web-access.js';

const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');

const LINES = [
  '192.168.1.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08"',
  'www.example.com:80 10.0.0.1 - - [10/Oct/2000:13:55:37 +0000] "POST /join_form HTTP/1.1" 302 0 "-" "bot" 0.012',
  '10.0.0.2 - - [10/Oct/2000:13:55:38 +0000] "\\x16\\x03\\x01" 400 226',
];

describe('webAccessParser', () => {
  it('reads one event per line with its exact byte range; bad lines are rejected with a reason', async () => {
    const content = [...LINES, 'not an access log line', ''].join('\r\n');
    const bytes = Buffer.from(content);
    const records = await parseText(webAccessParser, content, {}, 9);
    expect(records.map((r) => text(bytes, r))).toEqual([...LINES, 'not an access log line']);
    const { events, rejected } = split(records);
    expect(events.map((e) => e.message)).toEqual([
      'GET /apache_pb.gif 200 (2.3 KB) from 192.168.1.1',
      'POST /join_form 302 (0 B) from 10.0.0.1',
      '"\\x16\\x03\\x01" 400 (226 B) from 10.0.0.2',
    ]);
    expect(rejected[0]?.reason).toMatch(/no \[time\]/);
  });

  it('rejects a line over the record limit and reads on', async () => {
    const { events, rejected } = split(
      await parseText(webAccessParser, `${'x'.repeat(500)}\n${LINES[0]}`, { limits: limits(200) }),
    );
    expect(rejected[0]?.reason).toMatch(/longer than the limit/);
    expect(events).toHaveLength(1);
  });

  it('accounts for every non-blank line exactly once and never throws, whatever the bytes', async () => {
    const line = fc.oneof(
      fc.constantFrom(...LINES, '- - - [', '" [ ] "'),
      fc.string({ unit: 'binary', maxLength: 120 }).map((s) => s.replace(/[\n\r\uFEFF]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.integer({ min: 16, max: 300 }),
        async (lines, max) => {
          const bytes = Buffer.from(lines.join('\n'));
          const records = await parseText(webAccessParser, bytes, { limits: limits(max) }, 11);
          expect(records).toHaveLength(
            lines.filter((l) => Buffer.byteLength(l) > max || l.trim() !== '').length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('webAccessParser: real samples', () => {
  itWithSample(
    'hackers-access.log: 3,456 combined-format lines from Oct 2015 with offsets, form spam',
    'logparser-hackers-access/hackers-access.log',
    async (path) => {
      const records = await parseFile(webAccessParser, path);
      const { events, rejected } = split(records);
      // Every line accounted for; a real log may hold a stray line (a TLS handshake sent to port 80), which must be
      // rejected with its reason, never dropped.
      expect(events.length + rejected.length).toBe(3456);
      expect(rejected.length, JSON.stringify(rejected.slice(0, 3))).toBeLessThanOrEqual(5);
      expect(new Date(events[0]?.time.epochMs ?? 0).getUTCFullYear()).toBe(2015);
      expect(events.every((e) => !e.time.assumed && / [+-]\d{4}$/.test(e.time.text))).toBe(true);
      expect(events.every((e) => e.sourceIp !== undefined || e.labels?.client_host !== undefined)).toBe(true);
      expect(
        events.some((e) => e.action === 'POST' && e.url?.startsWith('/join_form') && e.code === '302'),
      ).toBe(true);
      expect(events.every((e) => e.labels?.user_agent !== undefined || e.labels?.status !== undefined)).toBe(
        true,
      );
      const bytes = readFileSync(path);
      const first = records[0];
      expect(first && text(bytes, first)).toBe(bytes.toString('utf8').split('\n')[0]?.replace(/\r$/, ''));
    },
  );
});
