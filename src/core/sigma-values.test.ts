import { describe, expect, it } from 'vitest';
import { inIpRange, ipToBigInt, parseIpRange } from './ip-range.js';
import {
  base64,
  base64Offsets,
  fieldCondition,
  fieldValues,
  type SigmaRecord,
  SigmaRuleError,
} from './sigma-values.js';

/** A record from plain fields (a list gives several values). */
function record(fields: Record<string, string | string[]>): SigmaRecord {
  return {
    field: (f: string) => {
      const v = fields[f];
      return v === undefined ? undefined : fieldValues(Array.isArray(v) ? v : [v]);
    },
    all: () => fieldValues(Object.values(fields).flat()),
  };
}

const matches = (spec: string, value: unknown, fields: Record<string, string | string[]>) =>
  fieldCondition(spec, value)(record(fields));

describe('Sigma values', () => {
  it('plain values match the whole field, case-insensitively', () => {
    expect(
      matches('Image', 'C:\\Windows\\System32\\cmd.exe', { Image: 'c:\\windows\\system32\\CMD.EXE' }),
    ).toBe(true);
    expect(matches('Image', 'cmd.exe', { Image: 'C:\\Windows\\System32\\cmd.exe' })).toBe(false);
    expect(matches('EventID', 4688, { EventID: '4688' })).toBe(true);
    expect(matches('EventID', 4688, { EventID: '46880' })).toBe(false);
  });

  it('a missing field matches nothing but null; null matches an absent or empty field', () => {
    expect(matches('Image', '*', {})).toBe(false);
    expect(matches('Image', null, {})).toBe(true);
    expect(matches('Image', null, { Image: '' })).toBe(true);
    expect(matches('Image', null, { Image: 'x' })).toBe(false);
  });

  it('wildcards * and ? apply, and \\* \\? \\\\ are literal; a lone backslash is literal', () => {
    expect(matches('CommandLine', '*\\temp\\\\*.ps1', { CommandLine: 'powershell C:\\Temp\\a.ps1' })).toBe(
      true,
    );
    expect(matches('CommandLine', 'a?c', { CommandLine: 'abc' })).toBe(true);
    expect(matches('CommandLine', 'a?c', { CommandLine: 'abbc' })).toBe(false);
    expect(matches('CommandLine', 'a\\*c', { CommandLine: 'a*c' })).toBe(true);
    expect(matches('CommandLine', 'a\\*c', { CommandLine: 'abc' })).toBe(false);
    expect(matches('CommandLine', 'a\\?', { CommandLine: 'a?' })).toBe(true);
    expect(matches('CommandLine', 'a\\\\*', { CommandLine: 'a\\bcd' })).toBe(true);
  });

  it('contains, startswith and endswith; a list is any value unless all', () => {
    expect(matches('CommandLine|contains', 'ENC', { CommandLine: 'powershell -enc AAA' })).toBe(true);
    expect(matches('Image|startswith', 'C:\\Users\\', { Image: 'c:\\users\\bob\\x.exe' })).toBe(true);
    expect(matches('Image|endswith', ['\\a.exe', '\\x.exe'], { Image: 'c:\\users\\bob\\x.exe' })).toBe(true);
    expect(
      matches('CommandLine|contains|all', ['-nop', '-w hidden'], { CommandLine: 'ps -nop -w hidden' }),
    ).toBe(true);
    expect(matches('CommandLine|contains|all', ['-nop', '-enc'], { CommandLine: 'ps -nop -w hidden' })).toBe(
      false,
    );
    // Contains with a wildcard inside still finds the value anywhere.
    expect(matches('CommandLine|contains', 'a*z', { CommandLine: '--abcz--' })).toBe(true);
  });

  it('a field with several values matches when any value does', () => {
    expect(matches('Tags|contains', 'admin', { Tags: ['user', 'domain admins'] })).toBe(true);
  });

  it('cased compares case-sensitively', () => {
    expect(matches('CommandLine|contains|cased', 'Mimikatz', { CommandLine: 'run mimikatz' })).toBe(false);
    expect(matches('CommandLine|contains|cased', 'Mimikatz', { CommandLine: 'run Mimikatz' })).toBe(true);
  });

  it('re searches (unanchored), case-sensitive by default, with i, m, s and a leading (?i)', () => {
    expect(matches('CommandLine|re', '-e(nc)? [A-Z]{3}', { CommandLine: 'ps -enc AAA' })).toBe(true);
    expect(matches('CommandLine|re', 'MIMI', { CommandLine: 'mimi' })).toBe(false);
    expect(matches('CommandLine|re|i', 'MIMI', { CommandLine: 'mimi' })).toBe(true);
    expect(matches('CommandLine|re', '(?i)MIMI', { CommandLine: 'mimi' })).toBe(true);
    expect(matches('CommandLine|re|s', 'a.b', { CommandLine: 'a\nb' })).toBe(true);
    expect(matches('CommandLine|re|m', '^b$', { CommandLine: 'a\nb' })).toBe(true);
    expect(() => fieldCondition('CommandLine|re', '(?<=a')).toThrow(SigmaRuleError);
  });

  it('cidr matches IPv4 and IPv6 ranges', () => {
    expect(matches('DestinationIp|cidr', '10.0.0.0/8', { DestinationIp: '10.20.30.40' })).toBe(true);
    expect(matches('DestinationIp|cidr', '10.0.0.0/8', { DestinationIp: '11.0.0.1' })).toBe(false);
    expect(matches('DestinationIp|cidr', ['192.168.0.0/16', 'fe80::/10'], { DestinationIp: 'fe80::1' })).toBe(
      true,
    );
    expect(matches('DestinationIp|cidr', 'fe80::/10', { DestinationIp: 'not an ip' })).toBe(false);
    expect(() => fieldCondition('DestinationIp|cidr', '10.0.0.0/33')).toThrow(/prefix length/);
  });

  it('base64 and base64offset find encoded text; wide encodes UTF-16LE first', () => {
    expect(base64([...'Hello'].map((c) => c.charCodeAt(0)))).toBe('SGVsbG8=');
    // The three known forms of "http" inside base64, whatever its offset.
    expect(base64Offsets([...'http'].map((c) => c.charCodeAt(0)))).toEqual(['aHR0c', 'h0dH', 'odHRw']);
    const encoded = Buffer.from('x; IEX (New-Object Net.WebClient)', 'utf16le').toString('base64');
    expect(
      matches('CommandLine|wide|base64offset|contains', 'IEX (', { CommandLine: `ps -enc ${encoded}` }),
    ).toBe(true);
    expect(matches('CommandLine|base64offset|contains', 'IEX (', { CommandLine: `ps -enc ${encoded}` })).toBe(
      false,
    );
    expect(matches('CommandLine|base64', 'Hello', { CommandLine: 'SGVsbG8=' })).toBe(true);
    // At each offset modulo 3.
    for (const prefix of ['', 'a', 'ab']) {
      const text = btoa(`${prefix}secret payload`);
      expect(matches('Data|base64offset|contains', 'secret', { Data: text })).toBe(true);
    }
  });

  it('windash lets a switch start with -, /, or a dash look-alike', () => {
    for (const form of ['-urlcache', '/urlcache', '\u2013urlcache', '\u2014urlcache', '\u2015urlcache'])
      expect(
        matches('CommandLine|windash|contains', ' -urlcache ', { CommandLine: `certutil ${form} -f` }),
      ).toBe(true);
    expect(
      matches('CommandLine|windash|contains', ' -urlcache ', { CommandLine: 'certutil +urlcache -f' }),
    ).toBe(false);
  });

  it('exists, gt/gte/lt/lte and fieldref', () => {
    expect(matches('Image|exists', true, { Image: 'x' })).toBe(true);
    expect(matches('Image|exists', false, { Image: 'x' })).toBe(false);
    expect(matches('Image|exists', false, {})).toBe(true);
    expect(matches('LogonType|gte', 3, { LogonType: '10' })).toBe(true);
    expect(matches('LogonType|lt', 3, { LogonType: '10' })).toBe(false);
    expect(matches('LogonType|gt', 3, { LogonType: 'n/a' })).toBe(false);
    expect(matches('SourceUser|fieldref', 'TargetUser', { SourceUser: 'Bob', TargetUser: 'bob' })).toBe(true);
    expect(matches('SourceUser|fieldref', 'TargetUser', { SourceUser: 'bob', TargetUser: 'alice' })).toBe(
      false,
    );
    expect(
      matches('ParentImage|fieldref|endswith', 'Name', { ParentImage: 'C:\\x\\evil.exe', Name: 'evil.exe' }),
    ).toBe(true);
  });

  it('reports what it cannot evaluate instead of ignoring it', () => {
    expect(() => fieldCondition('Image|expand', '%x%')).toThrow(/expand modifier/);
    expect(() => fieldCondition('Image|frobnicate', 'x')).toThrow(/unknown modifier "frobnicate"/);
    expect(() => fieldCondition('Image|contains|endswith', 'x')).toThrow(/exclude each other/);
    expect(() => fieldCondition('Image|gt', 'ten')).toThrow(/needs a number/);
    expect(() => fieldCondition('Image|exists', 'yes')).toThrow(/true or false/);
    expect(() => fieldCondition('Image|wide', 'x')).toThrow(/before base64/);
    expect(() => fieldCondition('Image', [])).toThrow(/empty list/);
  });
});

describe('IP ranges', () => {
  it('parses IPv4 and IPv6 (compressed, embedded IPv4) and tests membership', () => {
    expect(ipToBigInt('::1')?.value).toBe(1n);
    expect(ipToBigInt('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    expect(ipToBigInt('2001:db8::8:800:200c:417a')?.family).toBe(6);
    expect(ipToBigInt('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(ipToBigInt('10.0.0.256')).toBeUndefined();
    const range = parseIpRange('2001:db8::/32');
    if (typeof range === 'string') throw new Error(range);
    expect(inIpRange('2001:db8:ffff::1', range)).toBe(true);
    expect(inIpRange('2001:db9::1', range)).toBe(false);
    expect(inIpRange('10.0.0.1', range)).toBe(false);
    expect(parseIpRange('10.1.2.3/0')).toEqual({ family: 4, network: 0n, prefix: 0 });
    expect(parseIpRange('nonsense')).toMatch(/not an IPv4 or IPv6/);
  });
});
