import { describe, expect, it } from 'vitest';
import { humanBytes, normalizeAccess, parseAccessLine } from './normalize-web-access.js';

const COMBINED =
  '192.168.1.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';

describe('parseAccessLine', () => {
  it('reads the Combined Log Format', () => {
    expect(parseAccessLine(COMBINED, 'UTC')).toEqual({
      ok: true,
      value: {
        client: '192.168.1.1',
        ident: '-',
        authUser: 'frank',
        time: {
          epochMs: Date.UTC(2000, 9, 10, 20, 55, 36),
          text: '10/Oct/2000:13:55:36 -0700',
          assumed: false,
        },
        request: 'GET /apache_pb.gif HTTP/1.0',
        status: '200',
        bytes: '2326',
        referer: 'http://www.example.com/start.html',
        userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      },
    });
  });

  it('reads the Common Log Format, a vhost prefix, and trailing fields', () => {
    expect(
      parseAccessLine('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 304 -', 'UTC'),
    ).toMatchObject({
      ok: true,
      value: { client: '10.0.0.1', status: '304', bytes: '-' },
    });
    const vhost = parseAccessLine(
      'www.example.com:443 10.0.0.1 - bob [10/Oct/2000:13:55:36 +0000] "POST /login HTTP/1.1" 401 12 "-" "curl/8.0" 0.042 upstream=1',
      'UTC',
    );
    expect(vhost).toMatchObject({
      ok: true,
      value: {
        vhost: 'www.example.com:443',
        client: '10.0.0.1',
        authUser: 'bob',
        userAgent: 'curl/8.0',
        trailing: '0.042 upstream=1',
      },
    });
  });

  it('decodes \\" and \\\\ in quoted fields and keeps binary garbage as written', () => {
    const line =
      '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET /?q=\\"x\\"\\\\ HTTP/1.1" 200 1 "-" "a \\"b\\""';
    expect(parseAccessLine(line, 'UTC')).toMatchObject({
      value: { request: 'GET /?q="x"\\ HTTP/1.1', userAgent: 'a "b"' },
    });
    const tls = parseAccessLine('1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01" 400 0', 'UTC');
    expect(tls).toMatchObject({ value: { request: '\\x16\\x03\\x01', status: '400' } });
  });

  it('reads a time without an offset in the assumed zone', () => {
    const line = parseAccessLine(
      '1.2.3.4 - - [10/Oct/2000:13:55:36] "GET / HTTP/1.1" 200 1',
      'Europe/Amsterdam',
    );
    expect(line).toMatchObject({
      value: { time: { epochMs: Date.UTC(2000, 9, 10, 11, 55, 36), assumed: true } },
    });
  });

  it.each([
    ['no time', '1.2.3.4 - - "GET / HTTP/1.1" 200 1'],
    ['an unclosed request', '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1 200 1'],
    ['no status', '1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1"'],
    ['a bad time', '1.2.3.4 - - [99/Foo/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1'],
    ['too many fields before the time', 'a b c d e [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1'],
  ])('rejects a line with %s', (_, line) => {
    expect(parseAccessLine(line, 'UTC').ok).toBe(false);
  });

  it('is linear on a 1 MB request line', () => {
    const started = performance.now();
    parseAccessLine(`1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "${'\\"'.repeat(500_000)}`, 'UTC');
    parseAccessLine(`${' '.repeat(1 << 20)}[`, 'UTC');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('normalizeAccess', () => {
  it('maps client, user, method, target, status and outcome, and writes a readable message', () => {
    const parsed = parseAccessLine(COMBINED, 'UTC');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(normalizeAccess(parsed.value)).toEqual({
      time: parsed.value.time,
      message: 'GET /apache_pb.gif 200 (2.3 KB) from 192.168.1.1',
      kind: 'event',
      category: 'web',
      type: 'access',
      action: 'GET',
      outcome: 'success',
      code: '200',
      dataset: 'web.access',
      userName: 'frank',
      sourceIp: '192.168.1.1',
      url: '/apache_pb.gif',
      labels: {
        status: '200',
        bytes: '2326',
        protocol: 'HTTP/1.0',
        referer: 'http://www.example.com/start.html',
        user_agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      },
    });
  });

  it('calls 4xx and 5xx failures and keeps a host name client as a label', () => {
    const parsed = parseAccessLine(
      'crawler.example - - [10/Oct/2000:13:55:36 +0000] "GET /x HTTP/1.1" 404 10',
      'UTC',
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const event = normalizeAccess(parsed.value);
    expect(event).toMatchObject({ outcome: 'failure', labels: { client_host: 'crawler.example' } });
    expect(event.sourceIp).toBeUndefined();
  });
});

describe('humanBytes', () => {
  it('writes bytes, KB, MB and GB', () => {
    expect([0, 1023, 1024, 1250, 5 * 1024 ** 2, 3.5 * 1024 ** 3].map(humanBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KB',
      '1.2 KB',
      '5.0 MB',
      '3.5 GB',
    ]);
  });
});
