import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { zeekJsonParser, zeekLogFromFileName } from './zeek-json.js';

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const r of records) {
    if (!r.ok) continue;
    const again = await parseText(parser, bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

const lines = (...records: readonly unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

const DIR = 'otrf-security-datasets/zeek-json-apt29-day1-scranton';
// OTRF apt29 day-1 Zeek files (SOURCES.md) and the log each holds.
const SAMPLES: readonly [string, string][] = [
  ['SCRANTON_conn.log', 'conn'],
  ['SCRANTON_dns.log', 'dns'],
  ['SCRANTON_http.log', 'http'],
  ['SCRANTON_files.log', 'files'],
  ['SCRANTON_kerberos.log', 'kerberos'],
  ['SCRANTON_x509.log', 'x509'],
  ['SCRANTON_dce_rpc.log', 'dce_rpc'],
  ['SCRANTON_weird.log', 'weird'],
  ['SCRANTON_pe.log', 'pe'],
];

describe('zeekJsonParser', () => {
  it('reads Zeek JSON lines of several logs (named by _path), one event each with exact bytes', async () => {
    const text = lines(
      {
        _path: 'conn',
        ts: 1588205198.89971,
        uid: 'C1',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 64842,
        'id.resp_h': '10.0.0.4',
        'id.resp_p': 53,
        proto: 'udp',
        service: 'dns',
        conn_state: 'SF',
        orig_bytes: 39,
        resp_bytes: 55,
      },
      {
        _path: 'dns',
        ts: 1588205198.9,
        uid: 'C1',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 64842,
        'id.resp_h': '10.0.0.4',
        'id.resp_p': 53,
        query: 'dmevals.local',
        qtype_name: 'SOA',
        rcode_name: 'NOERROR',
      },
      {
        _path: 'http',
        ts: 1588205300.1,
        uid: 'C2',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 50000,
        'id.resp_h': '192.168.0.5',
        'id.resp_p': 80,
        method: 'GET',
        host: '192.168.0.5',
        uri: '/a "b" [c]',
        status_code: 404,
      },
    );
    const bytes = new TextEncoder().encode(text);
    const records = await parseText(zeekJsonParser, bytes, {}, 33);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events.map((e) => [e.dataset, e.message])).toEqual([
      ['zeek.conn', 'udp/dns 10.0.1.4:64842 → 10.0.0.4:53 SF, 39/55 bytes'],
      ['zeek.dns', 'DNS SOA dmevals.local → NOERROR'],
      ['zeek.http', 'HTTP GET 192.168.0.5/a "b" [c] → 404'],
    ]);
    await expectExactRanges(zeekJsonParser, bytes, records);
  });

  it('reads the RockNSM style (id_orig_h, @stream) and infers the log when nothing names it', async () => {
    const text = lines(
      {
        '@stream': 'kerberos',
        '@system': 'sensor-1',
        ts: 1588206259.11049,
        uid: 'C3',
        id_orig_h: '10.0.1.4',
        id_orig_p: 60692,
        id_resp_h: '10.0.0.4',
        id_resp_p: 88,
        request_type: 'AS',
        client: 'pbeesly/DMEVALS.LOCAL',
        service: 'krbtgt/DMEVALS.LOCAL',
        success: true,
      },
      {
        ts: 1588205521.3,
        uid: 'C4',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 60623,
        'id.resp_h': '10.0.0.4',
        'id.resp_p': 389,
        proto: 'tcp',
        conn_state: 'RSTR',
      },
    );
    const { events } = split(await parseText(zeekJsonParser, text));
    expect(
      events.map((e) => [e.dataset, e.userName, e.sourceIp, e.destinationPort, e.labels?.sensor]),
    ).toEqual([
      ['zeek.kerberos', 'pbeesly', '10.0.1.4', 88, 'sensor-1'],
      ['zeek.conn', undefined, '10.0.1.4', 389, undefined],
    ]);
  });

  it('scores Zeek records 0.9, connectionless logs named by their file 0.85, other JSON with ts 0', () => {
    const conn = { ts: 1, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.resp_h': '10.0.0.2' };
    expect(zeekJsonParser.detect(sampleOf(lines(conn)))).toBe(0.9);
    expect(zeekJsonParser.detect(sampleOf(lines({ ts: 1, _path: 'x509', id: 'F1' })))).toBe(0.9);
    expect(zeekJsonParser.detect(sampleOf(lines({ ts: 1, id: 'F1', machine: 'AMD64' }), 'pe.log'))).toBe(
      0.85,
    );
    expect(
      zeekJsonParser.detect(sampleOf(lines({ ts: 1, id: 'F1', machine: 'AMD64' }), 'evidence.json')),
    ).toBe(0);
    expect(
      zeekJsonParser.detect(sampleOf(lines({ ts: '2024-01-01T00:00:00Z', level: 'info', msg: 'x' }))),
    ).toBe(0);
  });

  it('takes the log type from Zeek file names', () => {
    expect(zeekLogFromFileName('conn.log')).toBe('conn');
    expect(zeekLogFromFileName('/var/log/zeek/2024-01-01/dns.00:00:00-01:00:00.log.gz')).toBe('dns');
    expect(zeekLogFromFileName('SCRANTON_smb_mapping.log')).toBe('smb_mapping');
    expect(zeekLogFromFileName('evidence.json')).toBeUndefined();
  });

  for (const [file, log] of SAMPLES) {
    itWithSample(
      `reads every line of the RockNSM sample ${file} as zeek.${log}`,
      `${DIR}/${file}`,
      async (path) => {
        const bytes = readFileSync(path);
        const lineCount = bytes
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim() !== '').length;
        const records = await parseFile(zeekJsonParser, path);
        const { events, rejected } = split(records);
        expect([events.length, rejected.length]).toEqual([lineCount, 0]);
        expect(new Set(events.map((e) => e.dataset))).toEqual(new Set([`zeek.${log}`]));
        expect(new Date(events[0]?.time.epochMs ?? 0).toISOString().slice(0, 10)).toBe('2020-04-30');
        expect(zeekJsonParser.detect(sampleOf(bytes.subarray(0, 65_536), file))).toBeGreaterThanOrEqual(0.85);
        await expectExactRanges(zeekJsonParser, bytes, records);
      },
    );
  }
});
