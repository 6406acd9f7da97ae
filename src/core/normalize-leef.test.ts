import { describe, expect, it } from 'vitest';
import { leefDelimiter, normalizeLeef, parseJavaTime, parseLeef } from './normalize-leef.js';

describe('parseLeef', () => {
  it('reads LEEF 1.0 with tab-separated attributes', () => {
    expect(
      parseLeef(
        'LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tusrName=joe.black',
      ),
    ).toEqual({
      ok: true,
      value: {
        version: '1.0',
        vendor: 'Microsoft',
        product: 'MSExchange',
        productVersion: '4.0 SP1',
        eventId: '15345',
        delimiter: '\t',
        attributes: { src: '192.0.2.0', dst: '172.50.123.1', usrName: 'joe.black' },
      },
    });
  });

  it.each([
    ['^', '^', 'src=10.0.1.8^dst=10.0.0.5^sev=5'],
    ['x09', '\t', 'src=10.0.1.8\tdst=10.0.0.5\tsev=5'],
    ['0x5E', '^', 'src=10.0.1.8^dst=10.0.0.5^sev=5'],
    ['', '\t', 'src=10.0.1.8\tdst=10.0.0.5\tsev=5'],
  ])('reads LEEF 2.0 with the delimiter written "%s"', (field, delimiter, attributes) => {
    const record = parseLeef(`LEEF:2.0|Lancope|StealthWatch|1.0|41|${field}|${attributes}`);
    expect(record).toMatchObject({
      ok: true,
      value: { version: '2.0', delimiter, attributes: { src: '10.0.1.8', dst: '10.0.0.5', sev: '5' } },
    });
  });

  it('reads LEEF 2.0 written without a delimiter field as tab-separated', () => {
    const record = parseLeef('LEEF:2.0|V|P|1|ev|src=10.0.0.1\tdst=10.0.0.2');
    expect(record.ok && record.value.attributes).toEqual({ src: '10.0.0.1', dst: '10.0.0.2' });
  });

  it('keeps the delimiter inside a value when the next part is not key=value, and "=" after the first', () => {
    const record = parseLeef('LEEF:2.0|V|P|1|ev|^|msg=a^b=c^d^url=http://x/?q=1');
    expect(record.ok && record.value.attributes).toEqual({ msg: 'a', b: 'c^d', url: 'http://x/?q=1' });
  });

  it('reads space-separated LEEF 1.0 attributes as some producers write them', () => {
    const record = parseLeef('LEEF:1.0|V|P|1|ev|src=10.0.0.1 dst=10.0.0.2 msg=two words');
    expect(record.ok && record.value.attributes).toEqual({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      msg: 'two words',
    });
  });

  it('rejects a bad 2.0 delimiter and a short header', () => {
    expect(parseLeef('LEEF:2.0|V|P|1|ev|xZZ|a=1')).toMatchObject({ ok: false, reason: /delimiter/ });
    expect(parseLeef('LEEF:1.0|V|P')).toMatchObject({ ok: false, reason: /fewer than 5/ });
  });
});

describe('leefDelimiter', () => {
  it('reads a character, hex with x or 0x, and tab for empty', () => {
    expect(['|', 'x7C', '0x7c', '', '\\t', 'ab'].map(leefDelimiter)).toEqual([
      '|',
      '|',
      '|',
      '\t',
      '\t',
      undefined,
    ]);
  });
});

describe('parseJavaTime', () => {
  it.each([
    ['Jan 18 2026 11:07:53', 'MMM dd yyyy HH:mm:ss', 'UTC', Date.UTC(2026, 0, 18, 11, 7, 53), true],
    [
      'Jan 18 2026 11:07:53.123 +0100',
      'MMM dd yyyy HH:mm:ss.SSS Z',
      'UTC',
      Date.UTC(2026, 0, 18, 10, 7, 53, 123),
      false,
    ],
    [
      '2026-01-18T11:07:53.5Z',
      "yyyy-MM-dd'T'HH:mm:ss.SX",
      'UTC',
      Date.UTC(2026, 0, 18, 11, 7, 53, 500),
      false,
    ],
    ['18/01/26 11:07:53 PM', 'dd/MM/yy hh:mm:ss a', 'UTC', Date.UTC(2026, 0, 18, 23, 7, 53), true],
    [
      'Jan 18 2026 11:07:53 Europe/Paris',
      'MMM dd yyyy HH:mm:ss z',
      'UTC',
      Date.UTC(2026, 0, 18, 10, 7, 53),
      false,
    ],
    [
      'Jan 18 2026 11:07:53',
      'MMM dd yyyy HH:mm:ss',
      'America/New_York',
      Date.UTC(2026, 0, 18, 16, 7, 53),
      true,
    ],
  ])('reads "%s" with "%s"', (text, pattern, zone, epochMs, assumed) => {
    expect(parseJavaTime(text, pattern, zone)).toEqual({ ok: true, value: { epochMs, text, assumed } });
  });

  it('fails on a text that does not match, out-of-range fields, and overlong patterns', () => {
    expect(parseJavaTime('2026/01/18', 'yyyy-MM-dd', 'UTC').ok).toBe(false);
    expect(parseJavaTime('2026-13-18', 'yyyy-MM-dd', 'UTC').ok).toBe(false);
    expect(parseJavaTime('x', 'y'.repeat(200), 'UTC').ok).toBe(false);
  });

  it('treats regex characters in a pattern literally', () => {
    expect(parseJavaTime('2026.01.18 (11:07)', 'yyyy.MM.dd (HH:mm)', 'UTC').ok).toBe(true);
    expect(parseJavaTime('2026x01x18 (11:07)', 'yyyy.MM.dd (HH:mm)', 'UTC').ok).toBe(false);
  });
});

describe('normalizeLeef', () => {
  const headerTime = { epochMs: 0, text: 'Jan  1 00:00:00', assumed: true };

  it('maps the predefined attributes and keeps the others as labels', () => {
    const record = parseLeef(
      'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21^usrName=joe^domain=CORP^cat=anomaly^proto=TCP^url=http://x/^action=blocked^devTime=1700000000000^custom=1',
    );
    if (!record.ok) throw new Error(record.reason);
    expect(normalizeLeef(record.value, { zone: 'UTC' })).toEqual({
      ok: true,
      value: {
        time: { epochMs: 1700000000000, text: '1700000000000', assumed: false },
        message: '41 user joe from 10.0.1.8 to 10.0.0.5',
        kind: 'event',
        action: 'blocked',
        outcome: 'failure',
        code: '41',
        provider: 'Lancope StealthWatch',
        dataset: 'leef',
        severity: 5,
        userName: 'joe',
        userDomain: 'CORP',
        sourceIp: '10.0.1.8',
        sourcePort: 81,
        destinationIp: '10.0.0.5',
        destinationPort: 21,
        url: 'http://x/',
        labels: {
          leef_version: '2.0',
          device_vendor: 'Lancope',
          device_product: 'StealthWatch',
          device_version: '1.0',
          category: 'anomaly',
          proto: 'TCP',
          custom: '1',
        },
      },
    });
  });

  it('reads devTime with devTimeFormat, else falls back to the syslog header time', () => {
    const withFormat = parseLeef('LEEF:1.0|V|P|1|e|devTime=18-01-2026 11:07\tdevTimeFormat=dd-MM-yyyy HH:mm');
    if (!withFormat.ok) throw new Error(withFormat.reason);
    expect(normalizeLeef(withFormat.value, { zone: 'UTC' })).toMatchObject({
      value: { time: { epochMs: Date.UTC(2026, 0, 18, 11, 7) } },
    });
    const without = parseLeef('LEEF:1.0|V|P|1|e|src=10.0.0.1');
    if (!without.ok) throw new Error(without.reason);
    expect(normalizeLeef(without.value, { zone: 'UTC', headerTime, headerHost: 'qr' })).toMatchObject({
      value: { time: headerTime, hostName: 'qr' },
    });
    expect(normalizeLeef(without.value, { zone: 'UTC' })).toMatchObject({ ok: false, reason: /no devTime/ });
  });

  it('rejects an unreadable devTime when no header time can stand in', () => {
    const record = parseLeef('LEEF:1.0|V|P|1|e|devTime=soon');
    if (!record.ok) throw new Error(record.reason);
    expect(normalizeLeef(record.value, { zone: 'UTC' }).ok).toBe(false);
    expect(normalizeLeef(record.value, { zone: 'UTC', headerTime }).ok).toBe(true);
  });
});
