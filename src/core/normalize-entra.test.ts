import { describe, expect, it } from 'vitest';
import { entraShape, normalizeEntra } from './normalize-entra.js';

const normalize = (record: Record<string, unknown>) => {
  const result = normalizeEntra(record, 'UTC', 'raw');
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

const graphSignIn = {
  id: 's1',
  createdDateTime: '2024-04-10T07:01:02Z',
  userDisplayName: 'Dana Scully',
  userPrincipalName: 'dana@contoso.com',
  appDisplayName: 'Azure Portal',
  ipAddress: '203.0.113.50',
  clientAppUsed: 'Browser',
  status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
  location: { city: 'Kyiv', state: 'Kyiv', countryOrRegion: 'UA' },
  conditionalAccessStatus: 'notApplied',
};

describe('normalizeEntra', () => {
  it('reads a Graph sign-in: user, app, IP, location, and a non-zero error code as a failure', () => {
    const event = normalize(graphSignIn);
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 3, 10, 7, 1, 2) },
      category: 'authentication',
      outcome: 'failure',
      code: '50126',
      dataset: 'azure.signinlogs',
      userName: 'dana@contoso.com',
      sourceIp: '203.0.113.50',
    });
    expect(event.labels).toMatchObject({ app: 'Azure Portal', location: 'Kyiv, Kyiv, UA' });
    expect(event.message).toBe(
      'Sign-in by dana@contoso.com to Azure Portal from 203.0.113.50 (Kyiv, Kyiv, UA) failed: 50126 Invalid username or password.',
    );
    expect(normalize({ ...graphSignIn, status: { errorCode: 0 } }).outcome).toBe('success');
  });

  it('reads a Log Analytics SigninLogs row, parsing the JSON carried in strings', () => {
    const event = normalize({
      TimeGenerated: '2024-04-10T07:01:03.5Z',
      Type: 'SigninLogs',
      UserPrincipalName: 'dana@contoso.com',
      AppDisplayName: 'Office 365 Exchange Online',
      IPAddress: '203.0.113.51',
      ResultType: '0',
      Status: '{"errorCode":0,"additionalDetails":"MFA requirement satisfied"}',
      LocationDetails: '{"city":"Oslo","state":"Oslo","countryOrRegion":"NO"}',
      DeviceDetail: '{"displayName":"LAPTOP-7","operatingSystem":"Windows10"}',
    });
    expect(event).toMatchObject({
      outcome: 'success',
      sourceIp: '203.0.113.51',
      userName: 'dana@contoso.com',
    });
    expect(event.labels).toMatchObject({ location: 'Oslo, Oslo, NO', device: 'LAPTOP-7' });
  });

  it('reads a Graph directory audit: activity, initiator, targets and result', () => {
    const event = normalize({
      activityDateTime: '2024-04-10T08:00:00Z',
      activityDisplayName: 'Add member to role',
      category: 'RoleManagement',
      result: 'success',
      loggedByService: 'Core Directory',
      initiatedBy: { user: { userPrincipalName: 'mallory@contoso.com', ipAddress: '198.51.100.66' } },
      targetResources: [
        { type: 'User', userPrincipalName: 'eve@contoso.com' },
        { displayName: 'Global Administrator' },
      ],
    });
    expect(event).toMatchObject({
      action: 'Add member to role',
      outcome: 'success',
      userName: 'mallory@contoso.com',
      sourceIp: '198.51.100.66',
      dataset: 'azure.auditlogs',
    });
    expect(event.message).toBe(
      'Add member to role by mallory@contoso.com on eve@contoso.com, Global Administrator',
    );
  });

  it('reads an AuditLogs row exported from Log Analytics, with InitiatedBy and TargetResources as strings', () => {
    const event = normalize({
      TimeGenerated: '2021-08-02T13:29:26Z',
      ActivityDateTime: '2021-08-02T13:29:25.983Z',
      OperationName: 'Update application',
      Result: 'failure',
      ResultReason: 'Insufficient privileges',
      InitiatedBy: '{"app":{"displayName":"Graph Explorer"}}',
      TargetResources: '[{"displayName":"SimuLandApp","type":"Application"}]',
      AdditionalDetails: '[{"key":"User-Agent","value":"PowerShell/7"}]',
      Type: 'AuditLogs',
    });
    expect(event).toMatchObject({ outcome: 'failure', userName: 'Graph Explorer' });
    expect(event.time.epochMs).toBe(Date.UTC(2021, 7, 2, 13, 29, 25, 983));
    expect(event.labels).toMatchObject({ target: 'SimuLandApp', user_agent: 'PowerShell/7' });
    expect(event.message).toBe(
      'Update application by Graph Explorer on SimuLandApp failed: Insufficient privileges',
    );
  });

  it('reads the unified audit log: CreationTime is UTC without an offset, ClientIP loses its port', () => {
    const event = normalize({
      CreationTime: '2024-04-10T09:10:11',
      Id: 'o1',
      Operation: 'New-InboxRule',
      RecordType: 1,
      ResultStatus: 'True',
      UserId: 'mallory@contoso.com',
      Workload: 'Exchange',
      ClientIP: '198.51.100.66:51234',
      ObjectId: 'contoso.com/Users/mallory/Forward all',
    });
    expect(event).toMatchObject({
      time: { epochMs: Date.UTC(2024, 3, 10, 9, 10, 11), assumed: false },
      action: 'New-InboxRule',
      outcome: 'success',
      userName: 'mallory@contoso.com',
      sourceIp: '198.51.100.66',
      provider: 'Exchange',
      dataset: 'o365.audit',
    });
    expect(
      normalize({
        CreationTime: '2024-04-10T09:10:11',
        Operation: 'X',
        Workload: 'Y',
        ClientIP: '[2001:db8::5]:443',
      }).sourceIp,
    ).toBe('2001:db8::5');
    expect(
      normalizeEntra(
        { CreationTime: '2024-04-10T09:10:11', Operation: 'X', Workload: 'Y' },
        'Europe/Paris',
        '',
      ),
    ).toMatchObject({ ok: true, value: { time: { epochMs: Date.UTC(2024, 3, 10, 9, 10, 11) } } });
  });

  it('reads a Defender process event as the new process with its initiating parent', () => {
    const event = normalize({
      Timestamp: '2024-04-10T10:00:00.1234567Z',
      DeviceName: 'ws-042.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'rundll32.exe',
      FolderPath: 'C:\\Windows\\System32\\rundll32.exe',
      SHA256: 'ab'.repeat(32),
      ProcessId: 4242,
      ProcessCommandLine: 'rundll32.exe comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full',
      AccountName: 'svc-backup',
      AccountDomain: 'contoso',
      InitiatingProcessFileName: 'powershell.exe',
      InitiatingProcessId: 4000,
      InitiatingProcessCommandLine: 'powershell.exe -nop',
    });
    expect(event).toMatchObject({
      hostName: 'ws-042.contoso.com',
      action: 'ProcessCreated',
      userName: 'svc-backup',
      userDomain: 'contoso',
      processName: 'rundll32.exe',
      processPid: 4242,
      processExecutable: 'C:\\Windows\\System32\\rundll32.exe',
      parentName: 'powershell.exe',
      parentPid: 4000,
      parentCommandLine: 'powershell.exe -nop',
      fileHash: 'ab'.repeat(32),
    });
    expect(event.filePath).toBeUndefined();
  });

  it('reads a Defender network event: local to remote, reversed for inbound connections', () => {
    const row = {
      Timestamp: '2024-04-10T10:00:05Z',
      DeviceName: 'ws-042',
      ActionType: 'ConnectionSuccess',
      LocalIP: '10.0.0.42',
      LocalPort: 50123,
      RemoteIP: '203.0.113.99',
      RemotePort: 443,
      RemoteUrl: 'evil.example',
      InitiatingProcessFileName: 'rundll32.exe',
      InitiatingProcessAccountName: 'svc-backup',
    };
    expect(normalize(row)).toMatchObject({
      sourceIp: '10.0.0.42',
      destinationIp: '203.0.113.99',
      destinationPort: 443,
      processName: 'rundll32.exe',
      userName: 'svc-backup',
      outcome: 'success',
      url: 'evil.example',
    });
    expect(normalize({ ...row, ActionType: 'InboundConnectionAccepted' })).toMatchObject({
      sourceIp: '203.0.113.99',
      destinationIp: '10.0.0.42',
      destinationPort: 50123,
    });
  });

  it('recognizes each shape, and none in a Windows SecurityEvent row', () => {
    expect(entraShape(graphSignIn)).toBe('signin');
    expect(entraShape({ Type: 'OfficeActivity', TimeGenerated: 'x', Operation: 'y' })).toBe('office');
    expect(entraShape({ Timestamp: 'x', ActionType: 'y', ReportId: 1 })).toBe('defender');
    expect(
      entraShape({ TimeGenerated: 'x', Computer: 'DC01', EventID: 4624, Type: 'SecurityEvent' }),
    ).toBeUndefined();
    expect(normalizeEntra({ TimeGenerated: 'x', EventID: 1 }, 'UTC', '')).toMatchObject({ ok: false });
  });
});
