import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, split } from '../../../test/ingest.js';
import { YEAR_UNKNOWN_REASON } from '../../core/syslog-year.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { leefParser } from './leef.js';

const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');

const LINES = [
  'LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|devTime=1700000000000\tsrc=192.0.2.10\tusrName=joe.black',
  'Jan 18 11:07:53 qradar LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5',
  '<13>1 2026-01-18T11:07:53Z host app - - - LEEF:2.0|V|P|1|login|x09|usrName=alice\taction=success',
];

describe('leefParser', () => {
  it('reads LEEF 1.0 and 2.0 alone and after syslog headers, each with its exact byte range', async () => {
    const content = LINES.join('\r\n');
    const bytes = Buffer.from(content);
    const records = await parseText(leefParser, content, { year: 2026 }, 5);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(records.map((r) => text(bytes, r))).toEqual(LINES);
    expect(events.map((e) => [e.code, e.userName, e.sourceIp, e.hostName])).toEqual([
      ['15345', 'joe.black', '192.0.2.10', undefined],
      ['41', undefined, '10.0.1.8', 'qradar'],
      ['login', 'alice', undefined, 'host'],
    ]);
    expect(events[1]?.time).toEqual({
      epochMs: Date.UTC(2026, 0, 18, 11, 7, 53),
      text: 'Jan 18 11:07:53',
      assumed: true,
    });
    expect(events[2]).toMatchObject({ action: 'success', outcome: 'success' });
  });

  it('asks for the year only when the time comes from a yearless header', async () => {
    const { events, rejected } = split(await parseText(leefParser, LINES.join('\n')));
    expect(events).toHaveLength(2);
    expect(rejected.map((r) => [r.where.line, r.reason])).toEqual([[2, YEAR_UNKNOWN_REASON]]);
  });

  it('rejects lines that hold no LEEF record', async () => {
    const { rejected } = split(await parseText(leefParser, 'CEF:0|a|b|c|d|e|f|g\nLEEF:3|x'));
    expect(rejected.map((r) => r.reason)).toEqual([
      'no "LEEF:" record in the line',
      expect.stringMatching(/fewer than 5/),
    ]);
  });

  it('reads a 1 MB line of delimiters in well under a second', async () => {
    const line = `LEEF:2.0|V|P|1|e|^|devTime=1700000000000${'^a=b^^c'.repeat(150_000)}`;
    const started = performance.now();
    expect(await parseText(leefParser, line, { limits: limits(2 << 20) }, 65536)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accounts for every non-blank line exactly once and never throws, whatever the bytes', async () => {
    const line = fc.oneof(
      fc.constantFrom(
        ...LINES,
        'LEEF:2.0|V|P|1|e|0x|',
        "LEEF:2.0|V|P|1|e|^|devTimeFormat='''yyyy^devTime='2026",
      ),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => s.replace(/[\n\r\uFEFF]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 25 }),
        fc.integer({ min: 8, max: 300 }),
        async (lines, max) => {
          const bytes = Buffer.from(lines.join('\n'));
          const records = await parseText(
            leefParser,
            bytes,
            { limits: limits(max), referenceDate: '2026-06-01' },
            9,
          );
          expect(records).toHaveLength(
            lines.filter((l) => Buffer.byteLength(l) > max || l.trim() !== '').length,
          );
          for (const r of records) expect(text(bytes, r).includes('\n')).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
