import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import { YEAR_UNKNOWN_REASON } from '../../core/syslog-year.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { auditdParser } from './auditd.js';
import { cefParser } from './cef.js';
import { csvParser, tsvParser } from './csv.js';
import { leefParser } from './leef.js';
import { parseSyslogLine, syslogParser } from './syslog.js';
import { webAccessParser } from './web-access.js';
import { zeekTsvParser } from './zeek-tsv.js';

const iso = (ms: number) => new Date(ms).toISOString();
const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });

/** Records expected for `bytes`: one per line that is longer than `max` or not blank (as lines.ts splits). */
function nonBlankLines(bytes: Uint8Array, max: number): number {
  let text = Buffer.from(bytes);
  if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
  const lines: Buffer[] = [];
  for (let at = 0; at <= text.length; ) {
    const lf = text.indexOf(10, at);
    const end = lf === -1 ? text.length : lf;
    if (lf !== -1 || end > at) lines.push(text.subarray(at, text[end - 1] === 13 ? end - 1 : end));
    at = end + 1;
  }
  return lines.filter((l) => l.length > max || l.toString('utf8').trim() !== '').length;
}

/** Every record's byte range lies inside the content and holds one whole line. */
function expectLineRanges(bytes: Uint8Array, records: readonly ParsedRecord[]): void {
  for (const r of records) {
    const { offset, length } = r.where;
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    const slice = Buffer.from(bytes.subarray(offset, offset + length));
    expect(slice.includes(10)).toBe(false);
    expect(offset === 0 || bytes[offset - 1] === 10 || (offset === 3 && bytes[0] === 0xef)).toBe(true);
  }
}

describe('parseSyslogLine', () => {
  it('reads a BSD line without a priority, with host, tag and pid', () => {
    const line = parseSyslogLine(
      'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 1.2.3.4',
      'UTC',
    );
    expect(line).toMatchObject({
      ok: true,
      value: {
        time: { kind: 'yearless', text: 'Dec 10 06:55:46' },
        record: {
          hostName: 'LabSZ',
          appName: 'sshd',
          procId: '24200',
          message: 'Invalid user webmaster from 1.2.3.4',
        },
      },
    });
  });

  it('reads a space-padded day and a tag with a PAM module (Linux_2k)', () => {
    const line = parseSyslogLine(
      'Jul  1 09:00:55 combo sshd(pam_unix)[19939]: check pass; user unknown',
      'UTC',
    );
    expect(line.ok && line.value.time).toMatchObject({ kind: 'yearless', time: { month: 7, day: 1 } });
    expect(line.ok && line.value.record).toMatchObject({
      hostName: 'combo',
      appName: 'sshd',
      procId: '19939',
    });
  });

  it('reads a priority in front of a BSD header', () => {
    const line = parseSyslogLine('<86>Feb 21 21:54:44 localhost sudo: vagrant : TTY=pts/0', 'UTC');
    expect(line.ok && line.value.record).toMatchObject({
      priority: 86,
      appName: 'sudo',
      message: 'vagrant : TTY=pts/0',
    });
  });

  it('reads RFC 5424 with structured data and its escapes, and drops the BOM of the message', () => {
    const text =
      '<165>1 2026-03-14T09:12:05.003+01:00 host.example app 1234 ID47 [exampleSDID@32473 iut="3" msg="a \\"quoted\\" \\] \\\\"][meta seq="1"] \uFEFFhello';
    const line = parseSyslogLine(text, 'UTC');
    expect(line).toEqual({
      ok: true,
      value: {
        time: {
          kind: 'full',
          time: {
            epochMs: Date.UTC(2026, 2, 14, 8, 12, 5, 3),
            text: '2026-03-14T09:12:05.003+01:00',
            assumed: false,
          },
        },
        record: {
          priority: 165,
          hostName: 'host.example',
          appName: 'app',
          procId: '1234',
          msgId: 'ID47',
          structuredData: {
            'exampleSDID@32473.iut': '3',
            'exampleSDID@32473.msg': 'a "quoted" ] \\',
            'meta.seq': '1',
          },
          message: 'hello',
        },
      },
    });
  });

  it('reads RFC 5424 NILVALUEs as absent', () => {
    const line = parseSyslogLine('<14>1 2026-03-14T09:12:05Z - - - - - message only', 'UTC');
    expect(line.ok && line.value.record).toEqual({ priority: 14, message: 'message only' });
  });

  it('reads an ISO-timestamped line (rsyslog high precision) without a year problem', () => {
    const line = parseSyslogLine(
      '2026-01-02T03:04:05.123456+00:00 web1 sshd[9]: Accepted password for a from 1.1.1.1 port 2 ssh2',
      'UTC',
    );
    expect(line.ok && line.value.time).toMatchObject({
      kind: 'full',
      time: { epochMs: Date.UTC(2026, 0, 2, 3, 4, 5, 123) },
    });
  });

  it('rejects malformed structured data, out-of-range priorities and lines without a header', () => {
    expect(parseSyslogLine('<14>1 2026-03-14T09:12:05Z h a p m [broken', 'UTC').ok).toBe(false);
    expect(parseSyslogLine('<999>Dec 10 06:55:46 h x: y', 'UTC')).toMatchObject({
      ok: false,
      reason: /out of range/,
    });
    expect(parseSyslogLine('just some text', 'UTC')).toMatchObject({
      ok: false,
      reason: /not a syslog line/,
    });
  });
});

const NEW_YEAR = [
  'Dec 31 23:59:58 h sshd[1]: Failed password for root from 10.0.0.1 port 22 ssh2',
  'Jan  1 00:00:02 h sshd[1]: Accepted password for root from 10.0.0.1 port 22 ssh2',
  'Jan  2 10:00:00 h sudo: root : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id',
].join('\n');

describe('syslogParser: the year of yearless lines', () => {
  it('uses --year for the first record and adds one at the December → January rollover', async () => {
    const { events } = split(await parseText(syslogParser, NEW_YEAR, { year: 2025 }));
    expect(events.map((e) => iso(e.time.epochMs))).toEqual([
      '2025-12-31T23:59:58.000Z',
      '2026-01-01T00:00:02.000Z',
      '2026-01-02T10:00:00.000Z',
    ]);
  });

  it('without --year, places the last record on or before the collection date', async () => {
    const { events } = split(await parseText(syslogParser, NEW_YEAR, { referenceDate: '2026-01-05' }));
    expect(events.map((e) => iso(e.time.epochMs).slice(0, 10))).toEqual([
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
  });

  it('with a collection date earlier in the year than the last record, takes the year before', async () => {
    const { events } = split(
      await parseText(syslogParser, 'Mar 14 09:00:00 h app: x', { referenceDate: '2026-02-01' }),
    );
    expect(iso(events[0]?.time.epochMs ?? 0)).toBe('2025-03-14T09:00:00.000Z');
  });

  it('takes the year from a full date in the same file, even when it comes last, before the collection date', async () => {
    const text = `${NEW_YEAR}\n<13>1 2026-01-03T00:00:00Z h app - - - anchor`;
    const { events } = split(await parseText(syslogParser, text, { referenceDate: '2030-06-01' }));
    expect(events.map((e) => iso(e.time.epochMs).slice(0, 10))).toEqual([
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
    ]);
  });

  it('takes the year a message states for its own day (ftpd "at Fri Jun 17 07:07:00 2005")', async () => {
    const text = [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown',
      'Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 () at Fri Jun 17 07:07:00 2005 ',
    ].join('\n');
    const { events } = split(await parseText(syslogParser, text));
    expect(events.map((e) => iso(e.time.epochMs))).toEqual([
      '2005-06-14T15:16:01.000Z',
      '2005-06-17T07:07:00.000Z',
    ]);
  });

  it('never uses the current date: without a year anywhere, every yearless line is rejected with the way out', async () => {
    const records = await parseText(syslogParser, `${NEW_YEAR}\nnot syslog`);
    const { events, rejected } = split(records);
    expect(events).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      YEAR_UNKNOWN_REASON,
      YEAR_UNKNOWN_REASON,
      YEAR_UNKNOWN_REASON,
      expect.stringMatching(/not a syslog line/),
    ]);
    expect(YEAR_UNKNOWN_REASON).toBe('the year is not in the file; pass --year YEAR or --collected-at DATE');
  });

  it('reads yearless times in the assumed zone and flags them assumed', async () => {
    const { events } = split(
      await parseText(syslogParser, 'Jul  1 12:00:00 h app: x', { year: 2025, zone: 'Europe/Amsterdam' }),
    );
    expect(events[0]?.time).toEqual({
      epochMs: Date.UTC(2025, 6, 1, 10),
      text: 'Jul  1 12:00:00',
      assumed: true,
    });
  });

  it('rejects 29 February in a year that has none', async () => {
    const { rejected } = split(await parseText(syslogParser, 'Feb 29 10:00:00 h app: x', { year: 2025 }));
    expect(rejected[0]?.reason).toMatch(/day 29 does not exist/);
  });

  it('keeps file order when records that need no year follow records that wait for one', async () => {
    const text = 'Jan  2 10:00:00 h a: one\nbroken\n<13>1 2026-01-03T00:00:00Z h app - - - two';
    const records = await parseText(syslogParser, text);
    expect(records.map((r) => r.where.line)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.ok)).toEqual([true, false, true]);
  });
});

describe('syslogParser: records', () => {
  it('gives each line its exact byte range, CRLF and multi-byte characters included', async () => {
    const lines = [
      'Mar  1 00:00:00 hôst app: é',
      'Mar  1 00:00:01 h app[2]: ü ß',
      '',
      'Mar  1 00:00:02 h app: end',
    ];
    const text = lines.join('\r\n');
    const bytes = Buffer.from(text);
    const records = await parseText(syslogParser, text, { year: 2026 }, 7);
    expect(
      records.map((r) => bytes.subarray(r.where.offset, r.where.offset + r.where.length).toString()),
    ).toEqual([lines[0], lines[1], lines[3]]);
    expect(records.map((r) => r.where.line)).toEqual([1, 2, 4]);
  });

  it('rejects a line over the record limit once and reads the next line', async () => {
    const text = `Mar  1 00:00:00 h app: ${'x'.repeat(300)}\nMar  1 00:00:01 h app: short`;
    const { events, rejected } = split(
      await parseText(syslogParser, text, { year: 2026, limits: limits(100) }),
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(/longer than the limit/);
    expect(events.map((e) => e.message)).toEqual(['short']);
  });

  it('reads a 1 MB hostile line in well under a second', async () => {
    const hostile = `Dec 10 06:55:46 h sshd[1]: message repeated 1 times: [ ${'message repeated 1 times: [ '.repeat(20_000)}${'Failed password for '.repeat(20_000)}`;
    const started = performance.now();
    const records = await parseText(
      syslogParser,
      hostile,
      { year: 2026, limits: limits(2 << 20) },
      64 * 1024,
    );
    expect(records).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

const POOL = [
  'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
  'Jul  1 00:21:28 combo kernel: eth0: link up',
  '<34>1 2026-03-14T09:12:05.003Z host su - ID47 [x a="\\"\\]\\\\"] msg',
  'Feb 24 00:13:02 precise32 sudo:      tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/ls',
  '<13>Jan  1 00:00:00 h x: message repeated 3 times: [ Failed password for root from 1.2.3.4 port 1 ssh2]',
  '',
  '   ',
];

describe('syslogParser: properties', () => {
  const line = fc.oneof(fc.constantFrom(...POOL), fc.string({ unit: 'binary', maxLength: 120 }));
  const context = fc.record({
    year: fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: undefined }),
    max: fc.integer({ min: 16, max: 400 }),
  });

  it('accounts for every non-blank line exactly once, whatever the lines, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), context, async (lines, ctx) => {
        const bytes = Buffer.from(lines.join('\n'));
        const records = await parseText(syslogParser, bytes, { year: ctx.year, limits: limits(ctx.max) }, 13);
        expect(records).toHaveLength(nonBlankLines(bytes, ctx.max));
        expectLineRanges(bytes, records);
      }),
      { numRuns: 150 },
    );
  });

  it('survives truncation and byte corruption at random offsets', async () => {
    const whole = Buffer.from(POOL.join('\n').repeat(3));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: whole.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const bytes = Buffer.from(whole.subarray(0, cut));
          for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
          const records = await parseText(syslogParser, bytes, { referenceDate: '2026-06-01' }, 5);
          expect(records).toHaveLength(nonBlankLines(bytes, DEFAULT_LIMITS.maxRecordBytes));
          expectLineRanges(bytes, records);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('syslogParser: real samples', () => {
  itWithSample(
    'OpenSSH_2k.log: 2,000 sshd lines of Dec 10-11, 520 failed passwords',
    'loghub/OpenSSH_2k.log',
    async (path) => {
      const without = split(await parseFile(syslogParser, path));
      expect(without.events).toHaveLength(0);
      expect(new Set(without.rejected.map((r) => r.reason))).toEqual(new Set([YEAR_UNKNOWN_REASON]));

      const { events, rejected } = split(
        await parseFile(syslogParser, path, { referenceDate: '2016-01-05' }),
      );
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(2000);
      expect(events[0]).toMatchObject({
        time: { epochMs: Date.UTC(2015, 11, 10, 6, 55, 46), text: 'Dec 10 06:55:46', assumed: true },
        hostName: 'LabSZ',
        processName: 'sshd',
        processPid: 24200,
        action: 'ssh_break_in_attempt',
        sourceIp: '173.234.31.186',
        dataset: 'auth',
      });
      expect(events.every((e) => /^2015-12-1[01]/.test(iso(e.time.epochMs)))).toBe(true);
      const failed = events.filter((e) => e.message.includes('Failed password'));
      expect(failed).toHaveLength(520);
      expect(failed.every((e) => e.action === 'ssh_login' && e.outcome === 'failure' && e.sourceIp)).toBe(
        true,
      );
    },
  );

  itWithSample(
    'Linux_2k.log: 2,000 lines, 454 with padded days, year 2005 stated by ftpd',
    'loghub/Linux_2k.log',
    async (path) => {
      const { events, rejected } = split(await parseFile(syslogParser, path));
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(2000);
      expect(iso(events[0]?.time.epochMs ?? 0)).toBe('2005-06-14T15:16:01.000Z');
      expect(events[0]).toMatchObject({
        hostName: 'combo',
        processName: 'sshd',
        action: 'authentication_failure',
      });
      const padded = events.filter((e) => /^[A-Z][a-z]{2} {2}\d /.test(e.time.text));
      expect(padded).toHaveLength(454);
      expect(padded.every((e) => new Date(e.time.epochMs).getUTCDate() < 10)).toBe(true);
    },
  );

  itWithSample(
    'elastic-beats auth test.log: 10 auth lines read with --year',
    'elastic-beats-auth/test.log',
    async (path) => {
      const records = await parseFile(syslogParser, path, { year: 2024 });
      const { events, rejected } = split(records);
      expect(rejected).toEqual([]);
      expect(events).toHaveLength(10);
      expect(events[0]).toMatchObject({
        action: 'ssh_login',
        outcome: 'success',
        userName: 'vagrant',
        sourceIp: '10.0.2.2',
        sourcePort: 63673,
      });
      expect(events[4]).toMatchObject({
        action: 'sudo_command',
        processCommandLine: '/bin/ls',
        labels: { target_user: 'root' },
      });
      expect(events[7]).toMatchObject({
        outcome: 'failure',
        userName: 'tsg',
        labels: { reason: 'user NOT in sudoers' },
      });
      expect(events[9]).toMatchObject({ action: 'added-user-account', userName: 'apache' });
      const bytes = readFileSync(path);
      const lines = bytes.toString('utf8').split('\n');
      expect(
        records.map((r) => bytes.subarray(r.where.offset, r.where.offset + r.where.length).toString()),
      ).toEqual(lines.slice(0, 10));
    },
  );
});

describe('detection across the text formats', () => {
  const parsers = {
    syslog: syslogParser,
    cef: cefParser,
    leef: leefParser,
    auditd: auditdParser,
    'web-access': webAccessParser,
    'zeek-tsv': zeekTsvParser,
    csv: csvParser,
    tsv: tsvParser,
  };
  const fixtures: [string, string, string, number][] = [
    [
      'BSD syslog',
      'syslog',
      'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user x from 1.2.3.4\nJul  1 00:21:28 combo kernel: up\n',
      0.7,
    ],
    [
      'RFC 5424 syslog',
      'syslog',
      '<34>1 2026-03-14T09:12:05.003Z h su - ID47 - msg\n<13>1 2026-03-14T09:12:06Z h app 1 - [a b="c"] x\n',
      0.7,
    ],
    ['bare CEF', 'cef', 'CEF:0|V|P|1|a|A|1|rt=1700000000000\nCEF:0|V|P|1|b|B|2|src=10.0.0.1\n', 0.9],
    [
      'CEF in syslog',
      'cef',
      'Sep 19 08:26:10 host CEF:0|V|P|1|a|A|1|src=1.2.3.4\n<134>Sep 19 08:26:11 host CEF:0|V|P|1|b|B|1|x=y\n',
      0.9,
    ],
    ['LEEF 1.0', 'leef', 'LEEF:1.0|V|P|1|e|src=1.2.3.4\tdst=5.6.7.8\n', 0.9],
    ['LEEF 2.0 in syslog', 'leef', 'Jan 18 11:07:53 qr LEEF:2.0|V|P|1|e|^|src=1.2.3.4^sev=5\n', 0.9],
    [
      'auditd',
      'auditd',
      'type=SYSCALL msg=audit(1700000000.123:456): syscall=59\ntype=EOE msg=audit(1700000000.123:456): \n',
      0.9,
    ],
    [
      'access log',
      'web-access',
      '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 "-" "x"\n',
      0.7,
    ],
    ['Zeek TSV', 'zeek-tsv', '#separator \\x09\n#set_separator\t,\n#fields\tts\tuid\n1692190925.1\tC1\n', 1],
    ['CSV', 'csv', 'Event DateTime,Source IP,Note\n2022-02-18T17:34:57Z,1.2.3.4,"a, b"\n', 0.6],
    ['TSV', 'tsv', 'name\tcount\na\t1\n', 0.5],
  ];

  it.each(fixtures)(
    '%s is detected as %s with its score, above every other text format',
    (_, expected, content, score) => {
      const sample = sampleOf(content);
      const scores = Object.entries(parsers).map(([name, p]) => [name, p.detect(sample)] as const);
      const best = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
      expect(best).toEqual([expected, score]);
      expect(scores.filter(([, s]) => s === score)).toHaveLength(1);
    },
  );

  it('scores plain JSON lines 0 for every text format', () => {
    const sample = sampleOf(
      '{"@timestamp":"2026-01-01T00:00:00Z","message":"CEF:0|a|b|c|d|e|f|","type":"SYSCALL msg=audit(1.0:1):"}\n{"a":1}\n',
    );
    expect(Object.values(parsers).map((p) => p.detect(sample))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
