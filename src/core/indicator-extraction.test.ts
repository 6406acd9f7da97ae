import { describe, expect, it } from 'vitest';
import { EXTRACTED_TYPES, extractIndicators, normalizeUrl, trimUrl } from './indicator-extraction.js';

/** Only the non-empty lists, for short assertions. */
function found(text: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(extractIndicators(text)).filter(([, v]) => v.length > 0));
}

describe('indicator extraction: the JSON shape', () => {
  it('has every type, each sorted and unique', () => {
    const result = extractIndicators('10.0.0.9 and 10.0.0.5 and 10.0.0.9 again');
    expect(Object.keys(result)).toEqual([...EXTRACTED_TYPES]);
    expect(result.ipv4).toEqual(['10.0.0.5', '10.0.0.9']);
    expect(result.cve).toEqual([]);
  });
});

describe('indicator extraction: defanged forms', () => {
  it('refangs hxxp and hxxps, in any case', () => {
    expect(found('hxxps://evil[.]example[.]com/a and HXXP://bad[.]example[.]org/b').url).toEqual([
      'http://bad.example.org/b',
      'https://evil.example.com/a',
    ]);
  });

  it('refangs [.] (.) {.} and [dot] in domains and addresses', () => {
    expect(found('bad(.)example{.}org evil[dot]example[.]net 185.220.101[.]47')).toEqual({
      ipv4: ['185.220.101.47'],
      domain: ['bad.example.org', 'evil.example.net'],
    });
  });

  it('refangs [at] and (at) in e-mail addresses, and [://] and [:] in URLs', () => {
    expect(found('badguy[at]phish[dot]net, foo(at)bar[.]com').email).toEqual([
      'badguy@phish.net',
      'foo@bar.com',
    ]);
    expect(found('http[://]evil.example.com/a hxxp[:]//evil.example.com/b').url).toEqual([
      'http://evil.example.com/a',
      'http://evil.example.com/b',
    ]);
  });
});

describe('indicator extraction: normalization', () => {
  it('lower-cases domains, e-mails and hashes, upper-cases CVE ids', () => {
    expect(
      found(
        'Evil.Example.COM <Alice@Example.COM> D41D8CD98F00B204E9800998ECF8427E DA39A3EE5E6B4B0D3255BFEF95601890AFD80709 cve-2024-3400',
      ),
    ).toEqual({
      domain: ['evil.example.com', 'example.com'],
      email: ['alice@example.com'],
      md5: ['d41d8cd98f00b204e9800998ecf8427e'],
      sha1: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
      cve: ['CVE-2024-3400'],
    });
  });

  it('lower-cases the scheme and host of a URL and keeps the case of its path', () => {
    expect(found('HTTPS://Evil.Example.COM/Gate.PHP?Id=A').url).toEqual([
      'https://evil.example.com/Gate.PHP?Id=A',
    ]);
    expect(normalizeUrl('HTTP://User@HOST.example:8080/P')).toBe('http://User@host.example:8080/P');
  });

  it('lower-cases IPv6 addresses', () => {
    expect(found('from 2001:DB8::1').ipv6).toEqual(['2001:db8::1']);
  });
});

describe('indicator extraction: what a URL or an e-mail also holds', () => {
  it('lists a URL’s host and an e-mail’s domain as domains, an IP host as an address', () => {
    expect(found('https://cdn.evil.example.net/x http://10.0.0.5:8080/y ops@mail.example.org')).toEqual({
      ipv4: ['10.0.0.5'],
      domain: ['cdn.evil.example.net', 'mail.example.org'],
      url: ['http://10.0.0.5:8080/y', 'https://cdn.evil.example.net/x'],
      email: ['ops@mail.example.org'],
    });
  });

  it('lists a hash or a CVE id inside a URL as such', () => {
    const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const result = found(`https://x.example.com/dl/${sha}/CVE-2024-3400.html`);
    expect(result.sha256).toEqual([sha]);
    expect(result.cve).toEqual(['CVE-2024-3400']);
  });

  it('keeps private addresses (filtering is an explicit allow-list)', () => {
    expect(found('10.1.2.3 192.168.0.10 172.16.5.4 127.0.0.1').ipv4).toEqual([
      '10.1.2.3',
      '127.0.0.1',
      '172.16.5.4',
      '192.168.0.10',
    ]);
  });
});

describe('indicator extraction: no false positives', () => {
  it('no address from out-of-range octets', () => {
    expect(found('999.1.1.1 and 256.0.0.1 and 1.2.3.256').ipv4).toBeUndefined();
  });

  it('no IPv6 address from colon runs in log text, only well-formed ones with two groups or more', () => {
    expect(found('Image::$DATA at ::dec and :: and ::c').ipv6).toBeUndefined();
    expect(found('from fe80::1c2d:3e4f and 2001:db8:0:0:0:0:0:1').ipv6).toEqual([
      '2001:db8:0:0:0:0:0:1',
      'fe80::1c2d:3e4f',
    ]);
  });

  it('no address from a version string inside a longer dotted run', () => {
    expect(found('build 1.2.3.4.5, kernel 10.1.2.3.4 and v1.2.3.4').ipv4).toBeUndefined();
    // An address at the end of a sentence is still an address.
    expect(found('The host was 10.0.0.5.').ipv4).toEqual(['10.0.0.5']);
  });

  it('no domain from a file name whose extension is not a real TLD', () => {
    expect(found('report.exe setup.ps1 invoice.pdf notes.txt svchost.exe').domain).toBeUndefined();
  });

  it('no hash from a GUID, nor from a hex run of the wrong length', () => {
    expect(found('{6B29FC40-CA47-1067-B31D-00DD010662DA} 3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toEqual({});
    expect(found('d41d8cd98f00b204e9800998ecf8427ea d41d8cd98f00b204e9800998ecf842')).toEqual({});
  });

  it('no trailing punctuation, wrapping brackets or quotes in an indicator', () => {
    expect(
      found(`('https://evil.com/a') [https://evil.com/b] "https://evil.com/c", <https://evil.com/d>.`).url,
    ).toEqual(['https://evil.com/a', 'https://evil.com/b', 'https://evil.com/c', 'https://evil.com/d']);
    expect(trimUrl('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe(
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    );
    expect(found('Visit https://evil.com/a?id=1. Then').url).toEqual(['https://evil.com/a?id=1']);
  });
});

describe('indicator extraction: ATT&CK technique ids', () => {
  it('finds techniques and sub-techniques, not longer ids or dotted runs', () => {
    expect(found('Phishing (T1566.001) then T1059, and T1078.004.').attack).toEqual([
      'T1059',
      'T1078.004',
      'T1566.001',
    ]);
    expect(found('T15660 XT1059 T1059.1234 T1059.001.2').attack).toBeUndefined();
  });
});
