import { describe, expect, it } from 'vitest';
import type { EventTime } from './event.js';
import {
  normalizeWindows,
  oneLine,
  strongestHash,
  type WindowsEvent,
  windowsDataset,
  windowsTime,
} from './normalize-windows.js';
import { knownWindowsEventIds, windowsFamily } from './windows-events.js';

const TIME: EventTime = { epochMs: 1_600_000_000_000, text: '2020-09-13T12:26:40Z', assumed: false };

const security = (eventId: string, data: Record<string, string>, extra: Partial<WindowsEvent> = {}) =>
  normalizeWindows(
    {
      provider: 'Microsoft-Windows-Security-Auditing',
      channel: 'Security',
      computer: 'DC01.corp.example',
      eventId,
      data,
      ...extra,
    },
    TIME,
  );

const sysmon = (eventId: string, data: Record<string, string>) =>
  normalizeWindows(
    {
      provider: 'Microsoft-Windows-Sysmon',
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer: 'WS1',
      eventId,
      data,
    },
    TIME,
  );

describe('normalizeWindows: logons', () => {
  it('a 4625 is a failed authentication of the target account, with its source and logon type', () => {
    const event = security('4625', {
      SubjectUserName: '-',
      TargetUserName: 'admin',
      TargetDomainName: 'CORP',
      IpAddress: '203.0.113.9',
      IpPort: '51234',
      LogonType: '3',
      Status: '0xC000006D',
      SubStatus: '0xc000006a',
      FailureReason: '%%2313',
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
    });
    expect(event).toMatchObject({
      message: '4625 logon failed for CORP\\admin from 203.0.113.9 (logon type 3)',
      code: '4625',
      action: 'logon-failed',
      category: 'authentication',
      type: 'start',
      outcome: 'failure',
      dataset: 'windows.security',
      hostName: 'DC01.corp.example',
      userName: 'admin',
      userDomain: 'CORP',
      sourceIp: '203.0.113.9',
      sourcePort: 51234,
      time: TIME,
    });
    expect(event.labels).toMatchObject({
      logon_type: '3',
      logon_type_name: 'network',
      logon_process: 'NtLmSsp',
      auth_package: 'NTLM',
      status: '0xc000006d bad user name or password',
      sub_status: '0xc000006a wrong password',
      failure_reason: 'unknown user name or bad password',
    });
  });

  it('a 4624 names the logged-on account, not the subject that reported it', () => {
    const event = security('4624', {
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x1cd8f6',
      IpAddress: '::ffff:10.1.2.3',
      LogonType: '10',
    });
    expect(event).toMatchObject({
      userName: 'alice',
      userDomain: 'CORP',
      outcome: 'success',
      sourceIp: '10.1.2.3',
    });
    expect(event.labels).toMatchObject({ logon_type_name: 'remote interactive', logon_id: '0x1cd8f6' });
    expect(event.message).toBe('4624 logon succeeded for CORP\\alice from 10.1.2.3 (logon type 10)');
  });

  it('Kerberos and NTLM events take their outcome from Status: 0x0 succeeds, anything else fails', () => {
    expect(security('4768', { TargetUserName: 'bob', Status: '0x0' }).outcome).toBe('success');
    const failed = security('4768', {
      TargetUserName: 'bob',
      Status: '0x12',
      IpAddress: '::ffff:172.16.0.4',
    });
    expect(failed.outcome).toBe('failure');
    expect(failed.labels?.status).toBe('0x12 Kerberos: client revoked (disabled, expired or locked out)');
    expect(security('4776', { TargetUserName: 'bob', Status: '0xc0000064' }).outcome).toBe('failure');
    expect(security('4771', { TargetUserName: 'bob', Status: '0x00000018' }).labels?.status).toBe(
      '0x18 Kerberos: pre-authentication failed (bad password)',
    );
  });

  it('a missing optional value drops its part of the message; a missing required one shows "?"', () => {
    expect(security('4624', { TargetUserName: 'alice' }).message).toBe('4624 logon succeeded for alice');
    expect(security('4699', {}).message).toBe('4699 scheduled task deleted: ?');
  });
});

describe('normalizeWindows: accounts, processes, network', () => {
  it('account management names the acting subject as the user and the changed account as target_user', () => {
    const event = security('4720', {
      SubjectUserName: 'admin',
      SubjectDomainName: 'CORP',
      TargetUserName: 'backdoor',
      TargetDomainName: 'CORP',
    });
    expect(event).toMatchObject({ userName: 'admin', action: 'added-user-account', category: 'iam' });
    expect(event.labels?.target_user).toBe('CORP\\backdoor');
    expect(event.message).toBe('4720 user account created: CORP\\backdoor by CORP\\admin');
  });

  it('a group membership change names the member, falling back to its SID', () => {
    const event = security('4732', {
      MemberName: '-',
      MemberSid: 'S-1-5-21-1-2-3-1000',
      TargetUserName: 'Administrators',
      TargetDomainName: 'Builtin',
      SubjectUserName: 'admin',
    });
    expect(event.message).toBe(
      '4732 S-1-5-21-1-2-3-1000 added to local group Builtin\\Administrators by admin',
    );
  });

  it('4688 reads the new process (hex pid) and its creator as the parent', () => {
    const event = security('4688', {
      SubjectUserName: 'alice',
      NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
      NewProcessId: '0x1a2b',
      ProcessId: '0x2b90',
      CommandLine: 'cmd.exe /c whoami',
      ParentProcessName: 'C:\\Windows\\explorer.exe',
    });
    expect(event).toMatchObject({
      processExecutable: 'C:\\Windows\\System32\\cmd.exe',
      processName: 'cmd.exe',
      processPid: 0x1a2b,
      parentPid: 0x2b90,
      parentName: 'explorer.exe',
      processCommandLine: 'cmd.exe /c whoami',
      userName: 'alice',
    });
  });

  it('5156 reads addresses, ports, direction and protocol', () => {
    const event = security('5156', {
      Application: '\\device\\harddiskvolume2\\x.exe',
      SourceAddress: '192.168.2.5',
      SourcePort: '57233',
      DestAddress: '168.63.129.16',
      DestPort: '80',
      Direction: '%%14593',
      Protocol: '6',
    });
    expect(event).toMatchObject({
      sourceIp: '192.168.2.5',
      destinationIp: '168.63.129.16',
      destinationPort: 80,
    });
    expect(event.message).toBe(
      '5156 connection allowed outbound: \\device\\harddiskvolume2\\x.exe 192.168.2.5:57233 -> 168.63.129.16:80 (TCP)',
    );
  });

  it('IPv6 endpoints are bracketed in messages so the port stays readable', () => {
    const event = security('5156', { SourceAddress: 'fe80::1', SourcePort: '546', Application: 'svc' });
    expect(event.message).toContain('[fe80::1]:546');
  });
});

describe('normalizeWindows: Sysmon', () => {
  it('Sysmon 1 reads the process, its parent, the user (DOMAIN\\name) and the SHA-256', () => {
    const event = sysmon('1', {
      Image: 'C:\\Windows\\System32\\PING.EXE',
      CommandLine: 'ping -n 3 127.0.0.1',
      ProcessId: '2164',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentProcessId: '5632',
      ParentCommandLine: 'cmd.exe',
      User: 'WORKSTATION5\\APT-Simulator',
      Hashes:
        'SHA1=AA,MD5=BB,SHA256=E9EF80A7849F1CF02CB5FB8396FF9E270CB9006F30294A52C6490A72B373BE00,IMPHASH=CC',
    });
    expect(event).toMatchObject({
      dataset: 'windows.sysmon',
      action: 'process-created',
      userName: 'APT-Simulator',
      userDomain: 'WORKSTATION5',
      processPid: 2164,
      parentPid: 5632,
      parentName: 'cmd.exe',
      fileHash: 'e9ef80a7849f1cf02cb5fb8396ff9e270cb9006f30294a52c6490a72b373be00',
    });
    expect(event.message).toMatch(/^Sysmon 1 process created: C:\\Windows\\System32\\PING.EXE \(ping -n 3/);
  });

  it('Sysmon 3 reads source and destination; Sysmon 22 the DNS question; Sysmon 11 the file', () => {
    expect(
      sysmon('3', {
        SourceIp: '10.0.0.5',
        SourcePort: '50452',
        DestinationIp: '10.0.0.9',
        DestinationPort: '445',
      }),
    ).toMatchObject({
      sourceIp: '10.0.0.5',
      sourcePort: 50452,
      destinationIp: '10.0.0.9',
      destinationPort: 445,
    });
    expect(sysmon('22', { QueryName: 'evil.example', Image: 'x.exe' }).dnsQuestion).toBe('evil.example');
    expect(sysmon('11', { TargetFilename: 'C:\\Temp\\a.dll' })).toMatchObject({
      filePath: 'C:\\Temp\\a.dll',
      action: 'file-created',
    });
  });

  it('Sysmon 10 names the accessing process, and the target and access as labels', () => {
    const event = sysmon('10', {
      SourceImage: 'C:\\mimikatz.exe',
      SourceProcessId: '42',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1010',
    });
    expect(event).toMatchObject({ processExecutable: 'C:\\mimikatz.exe', processPid: 42 });
    expect(event.labels).toMatchObject({
      target_image: 'C:\\Windows\\system32\\lsass.exe',
      granted_access: '0x1010',
    });
  });
});

describe('normalizeWindows: coverage and fallbacks', () => {
  it('every event id the brief lists has a rule', () => {
    const known = knownWindowsEventIds();
    const security = [
      4624, 4625, 4634, 4647, 4648, 4672, 4688, 4689, 4697, 4698, 4699, 4702, 4720, 4722, 4724, 4725, 4726,
      4728, 4732, 4738, 4740, 4756, 4768, 4769, 4771, 4776, 1102, 5140, 5145, 5156,
    ];
    expect(known.security).toEqual(expect.arrayContaining(security));
    expect(known.sysmon).toEqual(expect.arrayContaining([1, 3, 7, 8, 10, 11, 12, 13, 22, 23]));
    expect(known.system).toEqual(expect.arrayContaining([104, 7045]));
    expect(known.powershell).toEqual(expect.arrayContaining([4103, 4104]));
  });

  it('an unknown id still becomes an event, its message naming provider and id', () => {
    const event = normalizeWindows(
      { provider: 'MSSQLSERVER', channel: 'Application', eventId: '18456', data: { param1: 'sa' } },
      TIME,
    );
    expect(event).toMatchObject({ code: '18456', provider: 'MSSQLSERVER', dataset: 'windows.application' });
    expect(event.message).toBe('18456 MSSQLSERVER: param1=sa');
    expect(event.action).toBeUndefined();
  });

  it('an id means what its source says: 4625 from another provider is not a logon failure', () => {
    const event = normalizeWindows(
      { provider: 'Microsoft-Windows-EventSystem', channel: 'Application', eventId: '4625', data: {} },
      TIME,
    );
    expect(event.action).toBeUndefined();
    expect(event.message).toBe('4625 Microsoft-Windows-EventSystem event');
  });

  it('the rendered message of an unknown event is used, on one line', () => {
    const event = normalizeWindows(
      { provider: 'X', eventId: '7', data: {}, message: 'The thing\r\nhappened\tnow.\nSecond line' },
      TIME,
    );
    expect(event.message).toBe('7 X: The thing');
  });

  it('audit keywords give the outcome of events without a rule', () => {
    expect(security('4663', {}, { keywords: '0x8010000000000000' }).outcome).toBe('failure');
    expect(security('4663', {}, { keywords: '0x8020000000000000' }).outcome).toBe('success');
    expect(security('4663', {}, { keywords: '0x8000000000000000' }).outcome).toBeUndefined();
  });

  it('placeholders and empty values (-, empty) are not facts', () => {
    const event = security('4624', { TargetUserName: 'alice', IpAddress: '-', IpPort: '-', LogonType: '' });
    expect(event.sourceIp).toBeUndefined();
    expect(event.sourcePort).toBeUndefined();
    expect(event.labels?.logon_type).toBeUndefined();
  });
});

describe('Windows helpers', () => {
  it('datasets follow the channel', () => {
    expect(windowsDataset('Security', undefined)).toBe('windows.security');
    expect(windowsDataset('Microsoft-Windows-Sysmon/Operational', undefined)).toBe('windows.sysmon');
    expect(windowsDataset('Microsoft-Windows-PowerShell/Operational', undefined)).toBe('windows.powershell');
    expect(windowsDataset('Windows PowerShell', undefined)).toBe('windows.powershell');
    expect(windowsDataset('Microsoft-Windows-TaskScheduler/Operational', undefined)).toBe(
      'windows.taskscheduler',
    );
    expect(windowsDataset(undefined, 'AD FS Auditing')).toBe('windows.ad_fs_auditing');
    expect(windowsDataset(undefined, undefined)).toBeUndefined();
  });

  it('families follow provider and channel', () => {
    expect(windowsFamily('Microsoft-Windows-Eventlog', 'Security')).toBe('security');
    expect(windowsFamily('Microsoft-Windows-Eventlog', 'System')).toBe('system');
    expect(windowsFamily('Microsoft-Windows-Sysmon', undefined)).toBe('sysmon');
    expect(windowsFamily('PowerShell', 'Windows PowerShell')).toBe('powershell');
    expect(windowsFamily('MSSQLSERVER', 'Application')).toBe('other');
  });

  it('times with an offset are exact, times without one are read in the zone and flagged assumed', () => {
    expect(windowsTime('2019-03-19T23:35:07.524202100Z', 'UTC')).toEqual({
      ok: true,
      value: {
        epochMs: Date.UTC(2019, 2, 19, 23, 35, 7, 524),
        text: '2019-03-19T23:35:07.524202100Z',
        assumed: false,
      },
    });
    const local = windowsTime('2020-10-18 07:50:06.220', 'Europe/Amsterdam');
    expect(local).toEqual({
      ok: true,
      value: {
        epochMs: Date.UTC(2020, 9, 18, 5, 50, 6, 220),
        text: '2020-10-18 07:50:06.220',
        assumed: true,
      },
    });
    expect(windowsTime('/Date(1603007406220)/', 'UTC')).toMatchObject({
      ok: true,
      value: { epochMs: 1603007406220 },
    });
    expect(windowsTime('yesterday', 'UTC').ok).toBe(false);
  });

  it('the strongest hash is chosen: SHA-256, else SHA-1, else MD5', () => {
    expect(strongestHash('MD5=AB,SHA1=CD')).toBe('cd');
    expect(strongestHash('MD5=AB')).toBe('ab');
    expect(strongestHash('d41d8cd98f00b204e9800998ecf8427e')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(strongestHash('nonsense')).toBeUndefined();
  });

  it('one-line text collapses white space and is cut with an ellipsis', () => {
    expect(oneLine('a\r\n\tb  c')).toBe('a b c');
    expect(oneLine('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
