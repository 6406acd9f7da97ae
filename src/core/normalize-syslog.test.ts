import { describe, expect, it } from 'vitest';
import { enrichSyslogMessage, normalizeSyslog, toIp } from './normalize-syslog.js';

const time = { epochMs: 0, text: 'Jan  1 00:00:00', assumed: true };

describe('enrichSyslogMessage: sshd', () => {
  it.each([
    [
      'Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2: RSA 39:33:99',
      {
        action: 'ssh_login',
        outcome: 'success',
        userName: 'vagrant',
        sourceIp: '10.0.2.2',
        sourcePort: 63673,
      },
    ],
    [
      'Failed password for root from 216.160.83.57 port 29160 ssh2',
      {
        action: 'ssh_login',
        outcome: 'failure',
        userName: 'root',
        sourceIp: '216.160.83.57',
        sourcePort: 29160,
      },
    ],
    [
      'Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
      {
        outcome: 'failure',
        userName: 'webmaster',
        labels: { auth_method: 'password', invalid_user: 'true' },
      },
    ],
    [
      'Failed none for invalid user  from 1.2.3.4 port 22 ssh2',
      { outcome: 'failure', userName: undefined, sourceIp: '1.2.3.4' },
    ],
    // OpenSSH_2k: a user name with a leading space (the client sent " 0101").
    [
      'Failed password for invalid user  0101 from 5.188.10.180 port 36279 ssh2',
      {
        action: 'ssh_login',
        outcome: 'failure',
        userName: ' 0101',
        sourceIp: '5.188.10.180',
        sourcePort: 36279,
      },
    ],
    // A user name made to look like a source: the real source is the last one sshd writes.
    [
      'Failed password for invalid user x from 6.6.6.6 port 1 from 203.0.113.9 port 4022 ssh2',
      { userName: 'x from 6.6.6.6 port 1', sourceIp: '203.0.113.9', sourcePort: 4022 },
    ],
    [
      'Invalid user admin backup from 203.0.113.9 port 4022',
      { userName: 'admin backup', sourceIp: '203.0.113.9', sourcePort: 4022 },
    ],
    [
      'Invalid user test9 from 52.80.34.196',
      { action: 'ssh_invalid_user', userName: 'test9', sourceIp: '52.80.34.196' },
    ],
    ['Invalid user admin from 10.1.1.1 port 5022', { action: 'ssh_invalid_user', sourcePort: 5022 }],
    ['input_userauth_request: invalid user chen [preauth]', { action: 'ssh_invalid_user', userName: 'chen' }],
    [
      'reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
      {
        action: 'ssh_break_in_attempt',
        sourceIp: '173.234.31.186',
        labels: { source_host: 'ns.marryaldkfaczcz.com' },
      },
    ],
    [
      'Address 1.2.3.4 maps to host.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!',
      { action: 'ssh_break_in_attempt', sourceIp: '1.2.3.4' },
    ],
    [
      'Did not receive identification string from 2.125.160.217',
      { action: 'ssh_no_identification', sourceIp: '2.125.160.217' },
    ],
    [
      'Disconnected from invalid user admin 10.0.0.9 port 41234 [preauth]',
      { action: 'ssh_disconnect', userName: 'admin', sourceIp: '10.0.0.9', sourcePort: 41234 },
    ],
    [
      'Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]',
      { action: 'ssh_disconnect', sourceIp: '52.80.34.196' },
    ],
    [
      'Connection closed by 212.47.254.145 [preauth]',
      { action: 'ssh_disconnect', sourceIp: '212.47.254.145' },
    ],
    [
      'Disconnecting: Too many authentication failures for root [preauth]',
      { action: 'ssh_too_many_failures', outcome: 'failure', userName: 'root' },
    ],
  ])('reads "%s"', (message, expected) => {
    expect(enrichSyslogMessage('sshd', message)).toMatchObject(expected);
  });

  it('reads a repeated message as the message it repeats, with the count', () => {
    const result = enrichSyslogMessage(
      'sshd',
      'message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]',
    );
    expect(result).toMatchObject({ action: 'ssh_login', outcome: 'failure', sourceIp: '5.36.59.76' });
    expect(result?.labels).toMatchObject({ repeated: '5' });
  });

  it('does not take a host name for an address', () => {
    expect(enrichSyslogMessage('sshd', 'Connection closed by not-an-ip [preauth]')).toBeUndefined();
  });
});

describe('enrichSyslogMessage: PAM', () => {
  it('reads an authentication failure with a remote address and user', () => {
    const message =
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=112.95.230.3  user=root';
    expect(enrichSyslogMessage('sshd', message)).toEqual({
      action: 'authentication_failure',
      category: 'authentication',
      outcome: 'failure',
      userName: 'root',
      sourceIp: '112.95.230.3',
      sourcePort: undefined,
      labels: { pam_service: 'sshd:auth' },
    });
  });

  it('keeps a remote host name as a label, not as an address (Linux_2k sshd(pam_unix))', () => {
    const message =
      'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4.hinet.net ';
    const result = enrichSyslogMessage('sshd', message);
    expect(result?.sourceIp).toBeUndefined();
    expect(result?.labels).toEqual({ source_host: '218.188.2.4.hinet.net' });
  });

  it('reads "PAM n more authentication failures" with its count', () => {
    const message =
      'PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76  user=root';
    expect(enrichSyslogMessage('sshd', message)).toMatchObject({
      action: 'authentication_failure',
      userName: 'root',
      labels: { count: '5' },
    });
  });

  it.each([
    ['session opened for user cyrus by (uid=0)', 'session_opened', 'cyrus'],
    [
      'pam_unix(sudo:session): session opened for user root(uid=0) by vagrant(uid=1000)',
      'session_opened',
      'root',
    ],
    ['pam_unix(cron:session): session closed for user root', 'session_closed', 'root'],
  ])('reads "%s" as %s of %s', (message, action, user) => {
    expect(enrichSyslogMessage('su', message)).toMatchObject({ action, userName: user });
  });
});

describe('enrichSyslogMessage: sudo, su, accounts, cron', () => {
  it('reads a sudo command with the invoking user, target user and command line', () => {
    const result = enrichSyslogMessage(
      'sudo',
      'vagrant : TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/cat /var/log/secure',
    );
    expect(result).toEqual({
      action: 'sudo_command',
      category: 'process',
      outcome: 'success',
      userName: 'vagrant',
      processCommandLine: '/bin/cat /var/log/secure',
      labels: { tty: 'pts/1', pwd: '/home/vagrant', target_user: 'root' },
    });
  });

  it('reads "user NOT in sudoers" as a failed sudo with its reason', () => {
    const result = enrichSyslogMessage(
      'sudo',
      '     tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls',
    );
    expect(result).toMatchObject({
      outcome: 'failure',
      userName: 'tsg',
      labels: { reason: 'user NOT in sudoers' },
    });
  });

  it.each([
    ['Successful su for root by alice', 'success', 'alice', 'root'],
    ['FAILED su for root by mallory', 'failure', 'mallory', 'root'],
    ['+ pts/0 alice:root', 'success', 'alice', 'root'],
    ['- pts/0 mallory:root', 'failure', 'mallory', 'root'],
    ['(to root) alice on pts/1', 'success', 'alice', 'root'],
  ])('reads su "%s"', (message, outcome, user, target) => {
    expect(enrichSyslogMessage('su', message)).toMatchObject({
      action: 'su',
      outcome,
      userName: user,
      labels: { target_user: target },
    });
  });

  it('reads useradd, groupadd and usermod messages as account changes', () => {
    expect(
      enrichSyslogMessage(
        'useradd',
        'new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin',
      ),
    ).toMatchObject({
      action: 'added-user-account',
      category: 'iam',
      userName: 'apache',
      labels: { uid: '48', gid: '48', home: '/usr/share/httpd', shell: '/sbin/nologin' },
    });
    expect(enrichSyslogMessage('groupadd', 'new group: name=apache, GID=48')).toMatchObject({
      action: 'added-group-account',
      labels: { group: 'apache', gid: '48' },
    });
    expect(enrichSyslogMessage('usermod', "add 'eve' to group 'sudo'")).toMatchObject({
      action: 'added-user-to-group',
      userName: 'eve',
      labels: { group: 'sudo' },
    });
    expect(enrichSyslogMessage('userdel', "delete user 'eve'")).toMatchObject({
      action: 'deleted-user-account',
    });
  });

  it('reads a cron command with its user and command line', () => {
    expect(
      enrichSyslogMessage('CRON', '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)'),
    ).toMatchObject({
      action: 'cron_command',
      userName: 'root',
      processCommandLine: '   cd / && run-parts --report /etc/cron.hourly',
    });
  });

  it('leaves other messages alone', () => {
    expect(enrichSyslogMessage('kernel', 'eth0: link up')).toBeUndefined();
    expect(enrichSyslogMessage('sudo', 'no colon here')).toBeUndefined();
  });
});

describe('normalizeSyslog', () => {
  it('takes severity and facility from the priority; auth facilities make the auth dataset', () => {
    const event = normalizeSyslog(
      { priority: 38, hostName: 'h', appName: 'x', message: 'hello' },
      time,
      'raw',
    );
    expect(event).toMatchObject({
      severity: 6,
      dataset: 'auth',
      labels: { facility: 'auth', severity: 'info' },
    });
    const kernel = normalizeSyslog({ priority: 3, message: 'oops' }, time, 'raw');
    expect(kernel).toMatchObject({
      severity: 3,
      dataset: 'syslog',
      labels: { facility: 'kern', severity: 'err' },
    });
  });

  it('without a priority, files auth programs under the auth dataset and others under syslog', () => {
    expect(normalizeSyslog({ appName: 'sshd', message: 'Server listening' }, time, 'raw').dataset).toBe(
      'auth',
    );
    expect(normalizeSyslog({ appName: 'cupsd', message: 'started' }, time, 'raw').dataset).toBe('syslog');
  });

  it('uses the tag as the process name and a numeric procid as its pid', () => {
    const event = normalizeSyslog({ appName: 'sshd', procId: '24200', message: 'x' }, time, 'raw');
    expect(event).toMatchObject({ processName: 'sshd', processPid: 24200 });
    expect(
      normalizeSyslog({ appName: 'a', procId: 'worker-1', message: 'x' }, time, 'raw').processPid,
    ).toBeUndefined();
  });

  it('falls back to the whole line when the message is empty', () => {
    expect(normalizeSyslog({ message: '  ' }, time, 'Jan  1 00:00:00 host').message).toBe(
      'Jan  1 00:00:00 host',
    );
  });
});

describe('toIp', () => {
  it('accepts IPv4, IPv6 and IPv4-mapped IPv6 addresses and nothing else', () => {
    expect(toIp('10.0.0.1')).toBe('10.0.0.1');
    expect(toIp('fd00::555')).toBe('fd00::555');
    expect(toIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(toIp('256.1.1.1')).toBeUndefined();
    expect(toIp('host.example')).toBeUndefined();
    expect(toIp('::1')).toBe('::1');
    expect(toIp('2001:db8:0:0:0:0:2:1')).toBe('2001:db8:0:0:0:0:2:1');
    expect(toIp('64:ff9b::192.0.2.33')).toBe('64:ff9b::192.0.2.33');
    expect(toIp('12:00:00')).toBeUndefined();
    expect(toIp('1::2::3')).toBeUndefined();
  });
});
