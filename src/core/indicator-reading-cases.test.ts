import { describe, expect, it } from 'vitest';
import { readIrisIocJson, readIrisIocs, readTheHiveObservables } from './indicator-reading-cases.js';

const ioc = (value: string, type: string, origin = 'row 2') => ({ value, type, origin });

describe('readIrisIocs', () => {
  it('maps IRIS (MISP) IOC types to Debrief types, splits composites and normalizes values', () => {
    const read = readIrisIocs([
      {
        value: '1.1.1.1',
        type: 'ip-dst',
        description: 'Cloudflare DNS IP address',
        tags: 'Cloudflare|DNS',
        tlp: 'green',
        origin: 'row 2',
      },
      ioc('wannacry.exe', 'filename', 'row 3'),
      ioc('Evil.Example', 'domain', 'row 4'),
      ioc('wannacry.exe|84c82835a5d21bbcf75a61706d8ab549', 'filename|md5', 'row 5'),
      ioc('2001:db8::1', 'ip-any', 'row 6'),
      ioc('C:\\Users\\Public\\a.exe', 'file-path', 'row 7'),
    ]);
    expect(read.rejected).toEqual([]);
    expect(read.indicators.map((i) => [i.type, i.value, i.origin])).toEqual([
      ['ipv4', '1.1.1.1', 'row 2'],
      ['file-name', 'wannacry.exe', 'row 3'],
      ['domain', 'evil.example', 'row 4'],
      ['file-name', 'wannacry.exe', 'row 5'],
      ['md5', '84c82835a5d21bbcf75a61706d8ab549', 'row 5'],
      ['ipv6', '2001:db8::1', 'row 6'],
      ['file-path', 'C:\\Users\\Public\\a.exe', 'row 7'],
    ]);
    expect(read.indicators[0]?.description).toBe(
      'Cloudflare DNS IP address; tags: Cloudflare,DNS; TLP:GREEN',
    );
  });

  it('reports the IOCs it cannot read, each with the type or the problem named', () => {
    const read = readIrisIocs([
      ioc('HKLM\\Software\\Run\\evil', 'regkey', 'row 2'),
      ioc('', 'ip-dst', 'row 3'),
      ioc('not-a-hash', 'sha256', 'row 4'),
    ]);
    expect(read.indicators).toEqual([]);
    expect(read.rejected).toEqual([
      { origin: 'row 2', reason: 'IRIS type regkey is not an indicator type Debrief reads' },
      { origin: 'row 3', reason: 'an IOC without a value or a type' },
      { origin: 'row 4', reason: '"not-a-hash" is not a valid sha256' },
    ]);
  });
});

describe('readIrisIocJson', () => {
  it("reads the IOCs of IRIS's case export, whose type is `type_name` beside the value", () => {
    const read = readIrisIocJson({
      data: {
        case: { name: 'c' },
        iocs: [{ ioc_value: 'evil.example', type_name: 'domain', ioc_tags: 'c2' }],
      },
    });
    expect(read.rejected).toEqual([]);
    expect(read.indicators.map((i) => [i.type, i.value])).toEqual([['domain', 'evil.example']]);
  });

  it('reads the IOC list of the IRIS API (ioc_type as a name or an object)', () => {
    const read = readIrisIocJson({
      status: 'success',
      data: {
        ioc: [
          { ioc_id: 3, ioc_value: '203.0.113.9', ioc_type: 'ip-src', ioc_tags: 'c2', tlp_name: 'amber' },
          { ioc_id: 4, ioc_value: 'evil.example', ioc_type: { type_name: 'domain' } },
        ],
      },
    });
    expect(read.indicators.map((i) => [i.type, i.value, i.origin])).toEqual([
      ['ipv4', '203.0.113.9', 'IOC 1 (ioc_id 3)'],
      ['domain', 'evil.example', 'IOC 2 (ioc_id 4)'],
    ]);
  });

  it('says so when the JSON holds no IOC list', () => {
    expect(readIrisIocJson({ data: { case: { name: 'x' } } }).rejected[0]?.reason).toContain(
      'no IRIS IOC list',
    );
  });
});

describe('readTheHiveObservables', () => {
  const observable = (dataType: string, data: string, ioc: boolean, extra = {}) => ({
    _type: 'Observable',
    dataType,
    data,
    ioc,
    sighted: false,
    ...extra,
  });

  it('reads observables flagged ioc, hashes by their length, and reports the others as context', () => {
    const read = readTheHiveObservables([
      {
        _type: 'Case',
        number: 42,
        title: 'x',
        observables: [
          observable('ip', '203.0.113.9', true),
          observable('hash', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', true),
          observable('fqdn', 'c2.evil.example', true),
          observable('mail', 'victim@corp.example', false),
          observable('registry', 'HKLM\\Software\\Run', true),
          observable('file', '', true, {
            attachment: { name: 'a.exe', hashes: ['84c82835a5d21bbcf75a61706d8ab549'] },
          }),
        ],
      },
    ]);
    expect(read.indicators.map((i) => [i.type, i.value])).toEqual([
      ['ipv4', '203.0.113.9'],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['domain', 'c2.evil.example'],
      ['md5', '84c82835a5d21bbcf75a61706d8ab549'],
    ]);
    expect(read.rejected.map((r) => [r.origin, r.reason])).toEqual([
      [
        'observables[3]',
        'mail victim@corp.example: ioc is false (not flagged as an indicator of compromise)',
      ],
      ['observables[4]', 'TheHive data type registry is not an indicator type Debrief reads'],
    ]);
  });

  it('reads TheHive 4 artifacts given one by one, and says when a file has no observables', () => {
    const read = readTheHiveObservables([
      { _type: 'case_artifact', dataType: 'url', data: 'http://evil.example/a', ioc: true },
      { _type: 'case_artifact', dataType: 'domain', data: 'evil.example', ioc: true },
    ]);
    expect(read.indicators.map((i) => [i.type, i.value, i.origin])).toEqual([
      ['url', 'http://evil.example/a', 'value 1 observable'],
      ['domain', 'evil.example', 'value 2 observable'],
    ]);
    expect(readTheHiveObservables([{ _type: 'Case', title: 'x' }]).rejected).toEqual([
      { origin: '(file)', reason: 'no TheHive observables in the file' },
    ]);
  });
});
