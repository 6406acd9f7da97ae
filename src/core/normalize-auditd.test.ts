import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  decodeAuditHex,
  decodeSockaddr,
  normalizeAuditEvent,
  parseAuditLine,
} from './normalize-auditd.js';

const record = (line: string): AuditRecord => {
  const parsed = parseAuditLine(line);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('parseAuditLine', () => {
  it('reads type, time, serial and quoted and bare fields', () => {
    expect(
      record(
        'type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes comm="bash" key=(null)',
      ),
    ).toEqual({
      type: 'SYSCALL',
      time: '1700000000.123',
      serial: '456',
      fields: { arch: 'c000003e', syscall: '59', success: 'yes', comm: 'bash', key: '(null)' },
    });
  });

  it('decodes hex-encoded EXECVE arguments and proctitle, but not SYSCALL pointers', () => {
    expect(record('type=EXECVE msg=audit(1.0:1): argc=2 a0="ls" a1=2D6C61202F746D70').fields).toEqual({
      argc: '2',
      a0: 'ls',
      a1: '-la /tmp',
    });
    expect(
      record('type=PROCTITLE msg=audit(1.0:1): proctitle=2F62696E2F7368002D6300696400').fields.proctitle,
    ).toBe('/bin/sh -c id');
    expect(record('type=SYSCALL msg=audit(1.0:1): a0=ABCDEF a1=7fff').fields).toMatchObject({
      a0: 'ABCDEF',
      a1: '7fff',
    });
  });

  it("merges the inner msg='...' of user-space records", () => {
    const r = record(
      'type=USER_LOGIN msg=audit(1700000001.000:457): pid=900 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=sshd res=failed\'',
    );
    expect(r.fields).toEqual({
      pid: '900',
      uid: '0',
      auid: '4294967295',
      ses: '4294967295',
      op: 'login',
      acct: 'root',
      exe: '/usr/sbin/sshd',
      hostname: '?',
      addr: '203.0.113.9',
      terminal: 'sshd',
      res: 'failed',
    });
  });

  it('reads node= prefixes, syslog prefixes, the ENRICHED names after \\x1d, and AUOMS lines without msg=', () => {
    expect(record('node=web1 type=CWD msg=audit(1.5:2): cwd="/"').node).toBe('web1');
    expect(record('Mar  1 10:00:00 h audispd: type=CWD msg=audit(1.5:2): cwd="/"').type).toBe('CWD');
    expect(
      record('type=SYSCALL msg=audit(1.5:2): uid=0 auid=1000\x1dUID="root" AUID="alice"').fields,
    ).toMatchObject({ UID: 'root', AUID: 'alice' });
    const auoms = record(
      'type=AUOMS_EXECVE audit(1652292621.986:84138): user=tomcat cmdline="bash -i" proctitle=/usr/bin/java -Dx=1 -Dy=2 redactors= containerid=',
    );
    expect(auoms).toMatchObject({ type: 'AUOMS_EXECVE', serial: '84138' });
    expect(auoms.fields).toMatchObject({
      user: 'tomcat',
      cmdline: 'bash -i',
      proctitle: '/usr/bin/java -Dx=1 -Dy=2',
      redactors: '',
    });
  });

  it('rejects lines without an audit header', () => {
    expect(parseAuditLine('type=SYSCALL arch=x')).toMatchObject({ ok: false, reason: /not an audit record/ });
  });

  it('is linear on a megabyte of words without "=" and of "="', () => {
    const started = performance.now();
    parseAuditLine(`type=X msg=audit(1.0:1): a=${' word'.repeat(200_000)}`);
    parseAuditLine(`type=X msg=audit(1.0:1): ${'='.repeat(1 << 20)}`);
    parseAuditLine(`type=X msg=audit(1.0:1): ${'k="'.repeat(300_000)}`);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('decodeAuditHex and decodeSockaddr', () => {
  it('decodes UTF-8, falls back to Latin-1, and turns NUL separators into spaces', () => {
    expect(decodeAuditHex('C3A92F746D70')).toBe('é/tmp');
    expect(decodeAuditHex('FF41')).toBe('ÿA');
    expect(decodeAuditHex('61006200')).toBe('a b');
  });

  it('decodes IPv4 and IPv6 socket addresses', () => {
    expect(decodeSockaddr('02000050C0A8010A0000000000000000')).toEqual({ ip: '192.168.1.10', port: 80 });
    expect(decodeSockaddr('0A0001BB00000000000000000000000000000000000000010000000000')).toEqual({
      ip: '::1',
      port: 443,
    });
    expect(decodeSockaddr('01002F746D70')).toBeUndefined();
  });
});

describe('normalizeAuditEvent', () => {
  const execEvent = [
    'type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 ppid=1000 pid=1234 auid=1000 uid=0 euid=0 tty=pts0 ses=3 comm="bash" exe="/usr/bin/bash" key="exec"',
    'type=EXECVE msg=audit(1700000000.123:456): argc=3 a0="bash" a1="-c" a2=6563686F2068656C6C6F20776F726C64',
    'type=CWD msg=audit(1700000000.123:456): cwd="/root"',
    'type=PATH msg=audit(1700000000.123:456): item=0 name="/usr/bin/bash" nametype=NORMAL',
    'type=PATH msg=audit(1700000000.123:456): item=1 name="/lib64/ld-linux-x86-64.so.2" nametype=NORMAL',
  ].map(record);

  it('makes one process event of SYSCALL + EXECVE + CWD + PATH, the command line from EXECVE', () => {
    expect(normalizeAuditEvent(execEvent)).toEqual({
      ok: true,
      value: {
        time: { epochMs: 1700000000123, text: '1700000000.123', assumed: false },
        message: "SYSCALL executed bash -c 'echo hello world' by auid 1000 (success)",
        kind: 'event',
        category: 'process',
        action: 'executed',
        outcome: 'success',
        code: 'SYSCALL',
        dataset: 'auditd',
        processName: 'bash',
        processPid: 1234,
        processExecutable: '/usr/bin/bash',
        processCommandLine: "bash -c 'echo hello world'",
        parentPid: 1000,
        filePath: '/usr/bin/bash',
        labels: {
          record_types: 'SYSCALL,EXECVE,CWD,PATH',
          uid: '0',
          auid: '1000',
          euid: '0',
          ses: '3',
          tty: 'pts0',
          key: 'exec',
          exit: '0',
          syscall: 'execve',
          cwd: '/root',
        },
      },
    });
  });

  it('reassembles long EXECVE arguments split into a1[0], a1[1]...', () => {
    const r = record('type=EXECVE msg=audit(1.0:1): argc=2 a0="echo" a1_len=6 a1[0]=616263 a1[1]="def"');
    expect(normalizeAuditEvent([r])).toMatchObject({ value: { processCommandLine: 'echo abcdef' } });
  });

  it('takes the command line from PROCTITLE when there is no EXECVE', () => {
    const records = [
      'type=SYSCALL msg=audit(1.0:9): arch=c000003e syscall=42 success=no exit=-111 pid=5 uid=33 comm="nc" exe="/usr/bin/nc"',
      'type=SOCKADDR msg=audit(1.0:9): saddr=02000050C0A8010A0000000000000000',
      'type=PROCTITLE msg=audit(1.0:9): proctitle=6E63003139322E3136382E312E3130003830',
    ].map(record);
    expect(normalizeAuditEvent(records)).toMatchObject({
      value: {
        action: 'connect',
        outcome: 'failure',
        processCommandLine: 'nc 192.168.1.10 80',
        destinationIp: '192.168.1.10',
        destinationPort: 80,
        labels: { syscall: 'connect', uid: '33' },
      },
    });
  });

  it('reads user-space records: account, address, result', () => {
    const r = record(
      'type=USER_AUTH msg=audit(1.0:2): pid=900 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication grantors=? acct="admin" exe="/usr/sbin/sshd" hostname=203.0.113.9 addr=203.0.113.9 terminal=ssh res=failed\'',
    );
    expect(normalizeAuditEvent([r])).toMatchObject({
      value: {
        action: 'authenticated',
        category: 'authentication',
        outcome: 'failure',
        userName: 'admin',
        sourceIp: '203.0.113.9',
        processExecutable: '/usr/sbin/sshd',
        message: 'USER_AUTH authenticated by admin from 203.0.113.9 (failure)',
      },
    });
  });

  it('reads account creation as an iam event', () => {
    const r = record(
      'type=ADD_USER msg=audit(1.0:3): pid=1 uid=0 auid=1000 ses=2 msg=\'op=adding user id=1001 exe="/usr/sbin/useradd" hostname=? addr=? terminal=pts/0 res=success\'',
    );
    expect(normalizeAuditEvent([r])).toMatchObject({
      value: { action: 'added-user-account', category: 'iam', outcome: 'success' },
    });
  });

  it('reads an AUOMS execve record with its user and command line', () => {
    const r = record(
      'type=AUOMS_EXECVE audit(1652292622.006:84144): node=UBUNTU5 syscall=execve success=yes ppid=17790 pid=17794 auid=4294967295 user=tomcat uid=1001 comm="bash" exe="/bin/bash" cmdline="bash -i"',
    );
    expect(normalizeAuditEvent([r])).toMatchObject({
      value: {
        action: 'executed',
        hostName: 'UBUNTU5',
        userName: 'tomcat',
        processCommandLine: 'bash -i',
        parentPid: 17790,
      },
    });
  });

  it('fails without records', () => {
    expect(normalizeAuditEvent([]).ok).toBe(false);
  });
});
