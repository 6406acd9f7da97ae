import { describe, expect, it } from 'vitest';
import { cefSeverity, normalizeCef, parseCef, parseDeviceTime, splitKeyValues } from './normalize-cef.js';

const headerTime = { epochMs: Date.UTC(2026, 0, 1), text: 'Jan  1 00:00:00', assumed: true };

describe('splitKeyValues', () => {
  it('lets values hold spaces and reads the next key after a space', () => {
    expect(splitKeyValues('cs2Label=Rule Name layer_name=Network msg=a b  c', true)).toEqual([
      ['cs2Label', 'Rule Name'],
      ['layer_name', 'Network'],
      ['msg', 'a b  c'],
    ]);
  });

  it('decodes \\=, \\\\, \\n and \\r in values', () => {
    expect(
      splitKeyValues('originsicname=CN\\=R80,O\\=R80 path=C:\\\\Windows msg=one\\ntwo\\rthree', true),
    ).toEqual([
      ['originsicname', 'CN=R80,O=R80'],
      ['path', 'C:\\Windows'],
      ['msg', 'one\ntwo\rthree'],
    ]);
  });

  it('keeps an unescaped = that does not follow a space inside the value (request=/a?b=c)', () => {
    expect(splitKeyValues('request=http://x/login?usr=admin&p=1 act=blocked', true)).toEqual([
      ['request', 'http://x/login?usr=admin&p=1'],
      ['act', 'blocked'],
    ]);
  });

  it('does not take a word with characters keys never have for a key', () => {
    expect(splitKeyValues('msg=see a <b>=c act=y', true)).toEqual([
      ['msg', 'see a <b>=c'],
      ['act', 'y'],
    ]);
  });

  it('is linear on hostile input: a megabyte of "=" and of "\\"', () => {
    const started = performance.now();
    splitKeyValues(`a=${'='.repeat(1 << 20)}`, true);
    splitKeyValues('x'.repeat(1 << 20).concat('='), true);
    splitKeyValues(`k=${'\\'.repeat(1 << 20)}`, true);
    splitKeyValues('a=b '.repeat(1 << 18), true);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('parseCef', () => {
  it('splits the seven header fields, decoding \\| and \\\\', () => {
    const record = parseCef('CEF:0|Ven\\|dor|Pro\\\\duct|1.0|100|Name with \\| pipe|Very-High|src=10.0.0.1');
    expect(record).toEqual({
      ok: true,
      value: {
        version: '0',
        vendor: 'Ven|dor',
        product: 'Pro\\duct',
        deviceVersion: '1.0',
        signatureId: '100',
        name: 'Name with | pipe',
        severity: 'Very-High',
        extension: { src: '10.0.0.1' },
      },
    });
  });

  it('reads the extension after the seventh pipe, pipes in values included', () => {
    const record = parseCef('CEF:1|V|P|1|sig|Name|5|src=10.0.0.1 msg=a|b');
    expect(record.ok && record.value.extension).toEqual({ src: '10.0.0.1', msg: 'a|b' });
  });

  it('rejects records with fewer than seven header fields or no CEF: prefix', () => {
    expect(parseCef('CEF:0|V|P|1|sig|Name')).toMatchObject({ ok: false, reason: /fewer than 7/ });
    expect(parseCef('LEEF:1.0|V|P|1|x|')).toMatchObject({ ok: false });
  });
});

describe('cefSeverity', () => {
  it('reads 0-10 and the named grades; Unknown and others give nothing', () => {
    expect(['0', '7', '10', 'Low', 'Medium', 'High', 'Very-High', 'Unknown', '11'].map(cefSeverity)).toEqual([
      0,
      7,
      10,
      3,
      6,
      8,
      10,
      undefined,
      undefined,
    ]);
  });
});

describe('parseDeviceTime', () => {
  it('reads epoch milliseconds and "MMM dd yyyy HH:mm:ss" with and without a zone', () => {
    expect(parseDeviceTime('1543270652000', 'UTC')).toMatchObject({
      ok: true,
      value: { epochMs: 1543270652000 },
    });
    expect(parseDeviceTime('Apr 11 2020 10:42:13', 'Europe/Berlin')).toMatchObject({
      ok: true,
      value: { epochMs: Date.UTC(2020, 3, 11, 8, 42, 13), assumed: true },
    });
    expect(parseDeviceTime('Apr 11 2020 10:42:13.250 +0100', 'UTC')).toMatchObject({
      ok: true,
      value: { epochMs: Date.UTC(2020, 3, 11, 9, 42, 13, 250), assumed: false },
    });
    expect(parseDeviceTime('Apr 11 2020 10:42:13 UTC', 'Asia/Tokyo')).toMatchObject({
      value: { epochMs: Date.UTC(2020, 3, 11, 10, 42, 13), assumed: false },
    });
  });

  it('falls back to ISO 8601 and fails on anything else', () => {
    expect(parseDeviceTime('2026-03-14T09:12:05Z', 'UTC')).toMatchObject({ ok: true });
    expect(parseDeviceTime('yesterday', 'UTC').ok).toBe(false);
  });
});

describe('normalizeCef', () => {
  it('maps the usual extension keys, with custom strings under their labels', () => {
    const record = parseCef(
      'CEF:0|Sec|IDS|2.1|4001|Brute force|8|rt=1700000000000 src=10.0.0.9 spt=5555 dst=10.0.0.1 dpt=22 suser=root duser=admin ' +
        'shost=attacker dhost=server act=blocked request=http://x/y requestMethod=POST fname=a.exe filePath=C:\\\\tmp\\\\a.exe ' +
        'fileHash=abc sproc=sshd spid=42 cs1=Block SSH cs1Label=Rule Name cn1=3 cn1Label=Attempts dvchost=ids1 dvc=10.0.0.254 ' +
        'msg=Too many logins cat=Auth proto=TCP',
    );
    if (!record.ok) throw new Error(record.reason);
    const event = normalizeCef(record.value, { zone: 'UTC' });
    expect(event).toEqual({
      ok: true,
      value: {
        time: { epochMs: 1700000000000, text: '1700000000000', assumed: false },
        message: 'Brute force: Too many logins',
        kind: 'event',
        action: 'blocked',
        outcome: 'failure',
        code: '4001',
        provider: 'Sec IDS',
        dataset: 'cef',
        severity: 8,
        hostName: 'ids1',
        hostIp: '10.0.0.254',
        userName: 'root',
        sourceIp: '10.0.0.9',
        sourcePort: 5555,
        destinationIp: '10.0.0.1',
        destinationPort: 22,
        processName: 'sshd',
        processPid: 42,
        filePath: 'C:\\tmp\\a.exe',
        fileHash: 'abc',
        url: 'http://x/y',
        labels: {
          cef_version: '0',
          device_vendor: 'Sec',
          device_product: 'IDS',
          device_version: '2.1',
          cef_severity: '8',
          'Rule Name': 'Block SSH',
          Attempts: '3',
          destination_user: 'admin',
          source_host: 'attacker',
          destination_host: 'server',
          method: 'POST',
          category: 'Auth',
          protocol: 'TCP',
          file_name: 'a.exe',
        },
      },
    });
  });

  it('reads full key names (sourceAddress, receiptTime) like the short ones', () => {
    const record = parseCef(
      'CEF:0|V|P|1|x|Name|3|receiptTime=Jan 05 2026 10:00:00 sourceAddress=192.0.2.1 deviceAction=allowed',
    );
    if (!record.ok) throw new Error(record.reason);
    expect(normalizeCef(record.value, { zone: 'UTC' })).toMatchObject({
      ok: true,
      value: {
        time: { epochMs: Date.UTC(2026, 0, 5, 10) },
        sourceIp: '192.0.2.1',
        action: 'allowed',
        outcome: 'success',
      },
    });
  });

  it('uses the device time zone (dtz) for a receipt time without an offset', () => {
    const record = parseCef('CEF:0|V|P|1|x|N|3|rt=Jan 05 2026 10:00:00 dtz=America/New_York');
    if (!record.ok) throw new Error(record.reason);
    const event = normalizeCef(record.value, { zone: 'UTC' });
    expect(event.ok && event.value.time.epochMs).toBe(Date.UTC(2026, 0, 5, 15));
  });

  it('uses the syslog header time and host when the record has neither', () => {
    const record = parseCef('CEF:0|V|P|1|x|N|3|src=10.0.0.1');
    if (!record.ok) throw new Error(record.reason);
    expect(normalizeCef(record.value, { zone: 'UTC', headerTime, headerHost: 'fw' })).toMatchObject({
      ok: true,
      value: { time: headerTime, hostName: 'fw' },
    });
    expect(normalizeCef(record.value, { zone: 'UTC' })).toMatchObject({ ok: false, reason: /no time/ });
  });

  it('takes the IPv6 custom addresses (c6a2, c6a3) when src and dst are absent', () => {
    const record = parseCef(
      'CEF:0|V|P|1|x|N|3|rt=1700000000000 c6a2=fd00::555 c6a2Label=Source IPv6 Address c6a3=::1',
    );
    if (!record.ok) throw new Error(record.reason);
    expect(normalizeCef(record.value, { zone: 'UTC' })).toMatchObject({
      value: { sourceIp: 'fd00::555', destinationIp: '::1' },
    });
  });
});
