import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseText, split } from '../../../test/ingest.js';
import { normalizeAuditEvent, parseAuditLine } from '../../core/normalize-auditd.js';
import { DEFAULT_LIMITS, type ParsedRecord } from '../types.js';
import { auditdParser, WINDOW } from './auditd.js';

const limits = (maxRecordBytes: number) => ({ ...DEFAULT_LIMITS, maxRecordBytes });
const text = (bytes: Uint8Array, r: ParsedRecord) =>
  Buffer.from(bytes.subarray(r.where.offset, r.where.offset + r.where.length)).toString('utf8');
const audit = (serial: number, type: string, rest = '') =>
  `type=${type} msg=audit(1700000000.${String(serial % 1000).padStart(3, '0')}:${serial}): ${rest}`;

describe('auditdParser', () => {
  it('groups the records of one serial into one event spanning from its first line to the end of its last', async () => {
    const lines = [
      audit(
        1,
        'SYSCALL',
        'arch=c000003e syscall=59 success=yes pid=10 uid=0 auid=1000 comm="sh" exe="/bin/sh"',
      ),
      audit(1, 'EXECVE', 'argc=2 a0="sh" a1=2D6320696420'),
      audit(1, 'CWD', 'cwd="/tmp"'),
      audit(1, 'EOE'),
    ];
    const content = lines.join('\n');
    const records = await parseText(auditdParser, content, {}, 16);
    expect(records).toHaveLength(1);
    expect(records[0]?.where).toEqual({ offset: 0, length: Buffer.byteLength(content), line: 1 });
    expect(records[0]).toMatchObject({
      ok: true,
      event: { processCommandLine: "sh '-c id '", labels: { cwd: '/tmp' } },
    });
  });

  it('keeps interleaved serials apart and yields events in the order of their first line', async () => {
    const lines = [
      audit(1, 'SYSCALL', 'syscall=59 success=yes pid=1 comm="a"'),
      audit(2, 'SYSCALL', 'syscall=59 success=no pid=2 comm="b"'),
      audit(1, 'EXECVE', 'argc=1 a0="a"'),
      'garbage between',
      audit(2, 'EXECVE', 'argc=1 a0="b"'),
      audit(3, 'USER_LOGIN', 'pid=3 msg=\'acct="root" addr=10.0.0.1 res=success\''),
      audit(1, 'EOE'),
    ];
    const content = lines.join('\n');
    const bytes = Buffer.from(content);
    const records = await parseText(auditdParser, content, {}, 10);
    expect(records.map((r) => (r.ok ? (r.event.processCommandLine ?? r.event.action) : r.reason))).toEqual([
      'a',
      'b',
      expect.stringMatching(/not an audit record/),
      'logged-in',
    ]);
    expect(records.map((r) => r.where.line)).toEqual([1, 2, 4, 6]);
    expect(text(bytes, records[0] as ParsedRecord)).toBe(lines.join('\n'));
    expect(text(bytes, records[1] as ParsedRecord)).toBe(lines.slice(1, 5).join('\n'));
    expect(text(bytes, records[2] as ParsedRecord)).toBe('garbage between');
  });

  it(`closes the oldest open event once ${WINDOW} newer serials are open, so a late record starts a new event`, async () => {
    const lines = [audit(0, 'SYSCALL', 'syscall=59 success=yes comm="first"')];
    for (let s = 1; s <= WINDOW; s++) lines.push(audit(s, 'SYSCALL', 'syscall=2 success=yes'));
    lines.push(audit(0, 'CWD', 'cwd="/late"'));
    const records = await parseText(auditdParser, lines.join('\n'));
    const { events } = split(records);
    expect(events).toHaveLength(WINDOW + 2);
    expect(events[0]?.labels?.cwd).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ code: 'CWD', labels: { cwd: '/late' } });
  });

  it('rejects an end-of-event record whose records were never seen, and lines over the limit', async () => {
    const content = `${audit(9, 'EOE')}\n${audit(10, 'SYSCALL', `comm="${'x'.repeat(200)}"`)}\n${audit(11, 'CWD', 'cwd="/"')}`;
    const { events, rejected } = split(await parseText(auditdParser, content, { limits: limits(150) }));
    expect(rejected.map((r) => r.reason)).toEqual([
      'an end-of-event record (EOE) without the records of its event',
      expect.stringMatching(/longer than the limit/),
    ]);
    expect(events.map((e) => e.code)).toEqual(['CWD']);
  });

  it('accounts for every non-blank line: each is the first line of a record or inside an event', async () => {
    const line = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 1, max: 6 }),
          fc.constantFrom('SYSCALL', 'EXECVE', 'PATH', 'EOE', 'USER_CMD'),
          fc.constantFrom('a0=41', 'a1="x', "msg='a=b", 'proctitle=ZZ', ''),
        )
        .map(([s, t, r]) => audit(s, t, r)),
      fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/[\n\r\uFEFF]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), async (lines) => {
        const content = lines.join('\n');
        const bytes = Buffer.from(content);
        const records = await parseText(auditdParser, bytes, {}, 7);
        let offset = 0;
        for (const l of lines) {
          if (l.trim() !== '') {
            const covered = records.some(
              (r) => r.where.offset <= offset && offset < r.where.offset + Math.max(r.where.length, 1),
            );
            expect(covered).toBe(true);
          }
          offset += Buffer.byteLength(l) + 1;
        }
        const starts = records.map((r) => r.where.offset);
        expect(new Set(starts).size).toBe(starts.length);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      }),
      { numRuns: 200 },
    );
  });
});

describe('auditd lines inside other containers', () => {
  itWithSample(
    'the 50 AUOMS rows of the Log4Shell syslog JSON decode with the core auditd functions',
    'otrf-security-datasets/linux-syslog-json/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json',
    (path) => {
      const rows = readFileSync(path, 'utf8').trim().split('\n');
      const events = rows.map((row) => {
        const line = parseAuditLine(String((JSON.parse(row) as { SyslogMessage: string }).SyslogMessage));
        if (!line.ok) throw new Error(line.reason);
        const event = normalizeAuditEvent([line.value]);
        if (!event.ok) throw new Error(event.reason);
        return event.value;
      });
      expect(events).toHaveLength(50);
      expect(events.filter((e) => e.outcome === 'success')).toHaveLength(27);
      expect(events.filter((e) => e.outcome === 'failure')).toHaveLength(23);
      expect(events.filter((e) => e.userName === 'tomcat')).toHaveLength(20);
      expect(events.filter((e) => e.processCommandLine === 'bash -i')).toHaveLength(2);
      expect(events[0]).toMatchObject({
        time: { epochMs: 1652292621986 },
        code: 'AUOMS_EXECVE',
        action: 'executed',
        hostName: 'UBUNTU5',
        processName: 'http-nio-8080-e',
        processExecutable: '/usr/lib/jvm/java-8-openjdk-amd64/jre/bin/java',
        filePath: '/usr/local/sbin/bash',
        parentPid: 1340,
        processPid: 17790,
      });
    },
  );
});
