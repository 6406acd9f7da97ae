import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, parseText, sampleOf, split } from '../../../test/ingest.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { entraParser } from './entra.js';

const DIR = 'otrf-security-datasets/azure-m365-goldensaml';

/** The offset property: each record's byte range, parsed on its own, gives the same event. */
async function expectExactRanges(parser: FormatParser, bytes: Uint8Array, records: readonly ParsedRecord[]) {
  for (const r of records) {
    if (!r.ok) continue;
    const again = await parseText(parser, bytes.subarray(r.where.offset, r.where.offset + r.where.length));
    expect(again.map((x) => (x.ok ? x.event : x.reason))).toEqual([r.event]);
  }
}

const signIn = (id: string, errorCode: number) => ({
  id,
  createdDateTime: '2024-04-10T07:01:02Z',
  userPrincipalName: 'dana@contoso.com',
  appDisplayName: 'Azure Portal',
  ipAddress: '203.0.113.50',
  status: { errorCode, failureReason: errorCode === 0 ? null : 'Invalid username or password.' },
  location: { city: 'Kyiv', countryOrRegion: 'UA' },
});

describe('entraParser', () => {
  it('reads a Microsoft Graph page ({"value":[…]}, pretty-printed) of sign-ins, ignoring @odata keys', async () => {
    const page = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: [signIn('a', 50126), signIn('b', 0)],
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc',
    };
    const bytes = new TextEncoder().encode(JSON.stringify(page, null, 2));
    const records = await parseText(entraParser, bytes, {}, 64);
    const { events, rejected } = split(records);
    expect(rejected).toEqual([]);
    expect(events.map((e) => [e.userName, e.outcome, e.code, e.sourceIp])).toEqual([
      ['dana@contoso.com', 'failure', '50126', '203.0.113.50'],
      ['dana@contoso.com', 'success', '0', '203.0.113.50'],
    ]);
    await expectExactRanges(entraParser, bytes, records);
  });

  it('reads a Log Analytics export whose nested objects are JSON strings', async () => {
    const row = {
      TenantId: 't',
      TimeGenerated: '2024-04-10T07:01:03.5Z',
      OperationName: 'Sign-in activity',
      Category: 'SignInLogs',
      ResultType: '50074',
      ResultDescription: 'Strong Authentication is required.',
      Identity: 'Dana Scully',
      UserPrincipalName: 'dana@contoso.com',
      AppDisplayName: 'Office 365 Exchange Online',
      IPAddress: '203.0.113.51',
      LocationDetails: '{"city":"Oslo","state":"Oslo","countryOrRegion":"NO"}',
      Status: '{"errorCode":50074,"failureReason":"Strong Authentication is required."}',
      DeviceDetail: '{"deviceId":"","operatingSystem":"Ios","browser":"Mobile Safari"}',
      Type: 'SigninLogs',
    };
    const { events, rejected } = split(await parseText(entraParser, `${JSON.stringify(row)}\n`));
    expect(rejected).toEqual([]);
    expect(events[0]).toMatchObject({
      outcome: 'failure',
      code: '50074',
      userName: 'dana@contoso.com',
      labels: {
        location: 'Oslo, Oslo, NO',
        failure_reason: 'Strong Authentication is required.',
        device: 'Ios',
      },
    });
    expect(entraParser.detect(sampleOf(JSON.stringify(row)))).toBe(0.95);
  });

  it('scores audit shapes 0.95, Defender rows 0.9, and Windows SecurityEvent rows 0', () => {
    expect(entraParser.detect(sampleOf(JSON.stringify({ value: [signIn('a', 0)] })))).toBe(0.95);
    expect(
      entraParser.detect(sampleOf('{"Timestamp":"2024-01-01T00:00:00Z","ActionType":"X","DeviceName":"a"}')),
    ).toBe(0.9);
    const security = {
      TimeGenerated: '2021-08-02T13:09:20.04Z',
      Computer: 'ADFS01',
      EventID: 412,
      Type: 'SecurityEvent',
    };
    expect(entraParser.detect(sampleOf(JSON.stringify(security)))).toBe(0);
  });

  itWithSample(
    'reads the 4 Entra audit rows of AADAuditEvents.json',
    `${DIR}/AADAuditEvents.json`,
    async (path) => {
      const records = await parseFile(entraParser, path);
      const { events, rejected } = split(records);
      expect([events.length, rejected.length]).toEqual([4, 0]);
      expect(events.map((e) => e.action)).toEqual([
        'Update application – Certificates and secrets management',
        'Update application – Certificates and secrets management',
        'Update application',
        'Add delegated permission grant',
      ]);
      expect(events[0]).toMatchObject({
        time: { text: '2021-08-02T13:29:25.983Z' },
        userName: 'pgustavo@simulandlabs.com',
        outcome: 'success',
        dataset: 'azure.auditlogs',
        labels: { target: 'SimuLandApp', category: 'ApplicationManagement' },
      });
      expect(entraParser.detect(sampleOf(readFileSync(path), 'AADAuditEvents.json'))).toBe(0.95);
      await expectExactRanges(entraParser, readFileSync(path), records);
    },
  );

  itWithSample(
    'reads the 9 Defender rows of Microsoft365DefenderEvents.json',
    `${DIR}/Microsoft365DefenderEvents.json`,
    async (path) => {
      const records = await parseFile(entraParser, path);
      const { events, rejected } = split(records);
      expect([events.length, rejected.length]).toEqual([9, 0]);
      expect(events[0]).toMatchObject({
        action: 'LdapSearch',
        hostName: 'adfs01.simulandlabs.com',
        userName: 'wardog@simulandlabs.com',
        processName: 'powershell.exe',
        processPid: 5692,
        parentName: 'svchost.exe',
      });
      const replication = events.find((e) => e.action === 'Directory Services replication');
      expect(replication).toMatchObject({
        userName: 'pgustavo@simulandlabs.com',
        sourceIp: '192.168.2.5',
        destinationIp: '192.168.2.4',
        destinationPort: 49668,
        labels: {
          application: 'Active Directory',
          protocol: 'Drsr',
          destination_device: 'dc01.simulandlabs.com',
        },
      });
      const mail = events.find((e) => e.action === 'MailItemsAccessed');
      expect(mail).toMatchObject({ sourceIp: '1.2.3.4', userName: 'pgustavo@simulandlabs.com' });
      expect(entraParser.detect(sampleOf(readFileSync(path), 'Microsoft365DefenderEvents.json'))).toBe(0.9);
      await expectExactRanges(entraParser, readFileSync(path), records);
    },
  );

  itWithSample(
    'reads the OfficeActivity row of OfficeActivityEvents.json',
    `${DIR}/OfficeActivityEvents.json`,
    async (path) => {
      const { events, rejected } = split(await parseFile(entraParser, path));
      expect([events.length, rejected.length]).toEqual([1, 0]);
      expect(events[0]).toMatchObject({
        time: { epochMs: Date.UTC(2021, 7, 2, 13, 32, 7) },
        action: 'MailItemsAccessed',
        userName: 'pgustavo@simulandlabs.com',
        sourceIp: '1.2.3.4',
        provider: 'Exchange',
        outcome: 'success',
        dataset: 'o365.audit',
      });
    },
  );

  itWithSample(
    'leaves WindowsEvents.json (SecurityEvent rows) to windows-json',
    `${DIR}/WindowsEvents.json`,
    (path) => {
      expect(entraParser.detect(sampleOf(readFileSync(path).subarray(0, 65_536), 'WindowsEvents.json'))).toBe(
        0,
      );
    },
  );
});
