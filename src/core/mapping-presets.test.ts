import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from './event.js';
import { isPresetName, MAPPING_PRESETS, PRESET_NAMES, type PresetName } from './mapping-presets.js';
import { normalizeGeneric } from './normalize-generic.js';

/** A record normalized with a preset, as the CSV and JSON parsers do with `context.mapping`. */
function withPreset(name: PresetName, record: Record<string, unknown>): NormalizedEvent {
  const preset = MAPPING_PRESETS[name];
  const options = { mapping: preset.mapping, zone: 'UTC', fallbackMessage: 'raw' };
  const result = normalizeGeneric(record, preset.dataset ? { ...options, dataset: preset.dataset } : options);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('mapping presets', () => {
  it('lists every preset by name, each with a description', () => {
    expect(Object.keys(MAPPING_PRESETS).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of PRESET_NAMES) expect(MAPPING_PRESETS[name].description.length).toBeGreaterThan(20);
    expect(isPresetName('crowdstrike')).toBe(true);
    expect(isPresetName('qradar')).toBe(false);
  });

  it('defender: reads a DeviceProcessEvents row as the new process and its initiating parent', () => {
    const event = withPreset('defender', {
      Timestamp: '2024-04-10T10:00:00.1234567Z',
      DeviceId: 'd1',
      DeviceName: 'ws-042.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'rundll32.exe',
      FolderPath: 'C:\\Windows\\System32\\rundll32.exe',
      SHA256: 'ab'.repeat(32),
      ProcessId: '4242',
      ProcessCommandLine: 'rundll32.exe comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
      AccountDomain: 'contoso',
      AccountName: 'svc-backup',
      InitiatingProcessFileName: 'powershell.exe',
      InitiatingProcessId: '4000',
      InitiatingProcessCommandLine: 'powershell.exe -nop -w hidden',
    });
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 3, 10, 10, 0, 0, 123), assumed: false },
      hostName: 'ws-042.contoso.com',
      action: 'ProcessCreated',
      userName: 'svc-backup',
      userDomain: 'contoso',
      processName: 'rundll32.exe',
      processPid: 4242,
      processExecutable: 'C:\\Windows\\System32\\rundll32.exe',
      parentName: 'powershell.exe',
      parentPid: 4000,
      parentCommandLine: 'powershell.exe -nop -w hidden',
      fileHash: 'ab'.repeat(32),
      dataset: 'm365_defender.advanced_hunting',
    });
  });

  it('defender: reads a DeviceNetworkEvents row as local to remote', () => {
    const event = withPreset('defender', {
      Timestamp: '2024-04-10T10:00:05Z',
      DeviceName: 'ws-042',
      ActionType: 'ConnectionSuccess',
      LocalIP: '10.0.0.42',
      LocalPort: '50123',
      RemoteIP: '203.0.113.99',
      RemotePort: '443',
      RemoteUrl: 'https://evil.example/beacon',
    });
    expect(event).toMatchObject({
      sourceIp: '10.0.0.42',
      sourcePort: 50123,
      destinationIp: '203.0.113.99',
      destinationPort: 443,
      url: 'https://evil.example/beacon',
    });
  });

  it('sentinel: reads a SecurityEvent row: Activity as the message, EventID as the code, Type as the dataset', () => {
    const event = withPreset('sentinel', {
      TenantId: 't',
      TimeGenerated: '2024-04-10T10:00:00.000Z',
      Computer: 'DC01.contoso.com',
      Account: 'CONTOSO\\bob',
      EventID: '4624',
      Activity: '4624 - An account was successfully logged on.',
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      IpAddress: '203.0.113.10',
      IpPort: '51234',
      LogonType: '3',
      Type: 'SecurityEvent',
    });
    expect(event).toMatchObject({
      message: '4624 - An account was successfully logged on.',
      hostName: 'DC01.contoso.com',
      userName: 'CONTOSO\\bob',
      code: '4624',
      provider: 'Microsoft-Windows-Security-Auditing',
      dataset: 'SecurityEvent',
      sourceIp: '203.0.113.10',
      sourcePort: 51234,
    });
  });

  it('crowdstrike: reads ProcessRollup2 and NetworkConnectIP4 events, timestamp in epoch milliseconds', () => {
    const process = withPreset('crowdstrike', {
      event_simpleName: 'ProcessRollup2',
      timestamp: '1705904285259',
      aid: 'a1',
      aip: '198.51.100.1',
      ComputerName: 'WS-17',
      UserName: 'jdoe',
      RawProcessId: '4242',
      ImageFileName: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
      FileName: 'cmd.exe',
      CommandLine: 'cmd.exe /c whoami',
      ParentBaseFileName: 'winword.exe',
      SHA256HashData: 'cd'.repeat(32),
    });
    expect(process).toMatchObject({
      time: { epochMs: 1705904285259, assumed: false },
      action: 'ProcessRollup2',
      hostName: 'WS-17',
      hostIp: '198.51.100.1',
      userName: 'jdoe',
      processName: 'cmd.exe',
      processPid: 4242,
      processExecutable: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
      processCommandLine: 'cmd.exe /c whoami',
      parentName: 'winword.exe',
      fileHash: 'cd'.repeat(32),
      dataset: 'crowdstrike.fdr',
    });
    const network = withPreset('crowdstrike', {
      event_simpleName: 'NetworkConnectIP4',
      timestamp: '1705904286000',
      ComputerName: 'WS-17',
      LocalAddressIP4: '10.1.2.3',
      LocalPort: '49733',
      RemoteAddressIP4: '203.0.113.66',
      RemotePort: '8443',
    });
    expect(network).toMatchObject({
      sourceIp: '10.1.2.3',
      sourcePort: 49733,
      destinationIp: '203.0.113.66',
      destinationPort: 8443,
    });
  });

  it('splunk: reads an exported event: _time, host, sourcetype, _raw as the message, CIM fields', () => {
    const event = withPreset('splunk', {
      _time: '2024-04-10T10:00:00.000+02:00',
      host: 'web-01',
      source: '/var/log/secure',
      sourcetype: 'linux_secure',
      _raw: 'Apr 10 10:00:00 web-01 sshd[811]: Failed password for root from 203.0.113.5 port 4711 ssh2',
      user: 'root',
      src: '203.0.113.5',
      src_port: '4711',
      action: 'failure',
      process_name: 'sshd',
      process_id: '811',
    });
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 3, 10, 8), assumed: false },
      message: 'Apr 10 10:00:00 web-01 sshd[811]: Failed password for root from 203.0.113.5 port 4711 ssh2',
      hostName: 'web-01',
      provider: 'linux_secure',
      userName: 'root',
      sourceIp: '203.0.113.5',
      sourcePort: 4711,
      action: 'failure',
      outcome: 'failure',
      processName: 'sshd',
      processPid: 811,
    });
  });

  it('elastic: reads a Kibana Discover CSV row whose columns are ECS names', () => {
    const event = withPreset('elastic', {
      '@timestamp': '2024-04-10T10:00:00.000Z',
      'host.name': 'dc01',
      'event.action': 'logon-failed',
      'event.outcome': 'failure',
      'event.code': '4625',
      'user.name': 'administrator',
      'source.ip': '203.0.113.200',
      'process.pid': '612',
      'process.command_line': 'C:\\Windows\\System32\\lsass.exe',
      message: 'An account failed to log on.',
    });
    expect(event).toMatchObject({
      hostName: 'dc01',
      action: 'logon-failed',
      outcome: 'failure',
      code: '4625',
      userName: 'administrator',
      sourceIp: '203.0.113.200',
      processPid: 612,
      message: 'An account failed to log on.',
    });
  });

  it("elastic: does not read Kibana's default display date (export with an ISO date format instead)", () => {
    const preset = MAPPING_PRESETS.elastic;
    const result = normalizeGeneric(
      { '@timestamp': 'Apr 10, 2024 @ 10:00:00.000', 'host.name': 'dc01' },
      { mapping: preset.mapping, zone: 'UTC', fallbackMessage: 'raw' },
    );
    expect(result.ok).toBe(false);
  });
});
