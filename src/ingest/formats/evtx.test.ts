import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itWithSample, parseFile, sampleName, sampleOf, split } from '../../../test/ingest.js';
import type { NormalizedEvent } from '../../core/event.js';
import { evtxParser } from './evtx.js';

const ATTACK = 'evtx-attack-samples';
const CORPUS = 'evtx-corpus';

/** Rows of a Markdown or TSV table file. */
const rows = (path: string, separator: RegExp) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.split(separator).map((cell) => cell.trim()));

const byCode = (events: readonly NormalizedEvent[]) => {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.code ?? '?', (counts.get(e.code ?? '?') ?? 0) + 1);
  return [...counts].sort((a, b) => Number(a[0]) - Number(b[0])).map(([code, n]) => `${code}x${n}`);
};

describe('evtx: conformance on real files', () => {
  itWithSample(
    'every file of the corpus yields exactly the records its MANIFEST counts (accepted + rejected)',
    `${CORPUS}/MANIFEST.tsv`,
    async (manifest) => {
      const table = rows(manifest, /\t/).filter((r) => r.length === 4 && /^\d+$/.test(r[1] ?? ''));
      expect(table.length).toBeGreaterThan(500);
      const mismatches: string[] = [];
      const incomplete: string[] = [];
      let records = 0;
      for (const [, expected, , path] of table) {
        const { events, rejected } = split(await parseFile(evtxParser, join(dirname(manifest), path ?? '')));
        records += events.length + rejected.length;
        if (events.length + rejected.length !== Number(expected)) {
          mismatches.push(
            `${path}: expected ${expected}, got ${events.length} + ${rejected.length} rejected`,
          );
        }
        if (rejected.length > 0) mismatches.push(`${path}: ${rejected[0]?.reason}`);
        // Complete means: TimeCreated, EventID, Channel (as the dataset) and Computer on every event.
        const missing = events.filter((e) => !e.code || !e.dataset || !e.hostName || e.time.assumed);
        if (missing.length > 0)
          incomplete.push(`${path}: ${missing.length} events lack id, channel or computer`);
      }
      expect(mismatches).toEqual([]);
      expect(incomplete).toEqual([]);
      expect(records).toBe(24_593);
    },
    120_000,
  );

  itWithSample(
    'every attack sample yields the events, ids and TimeCreated range that SOURCES.md lists',
    `${ATTACK}/SOURCES.md`,
    async (sources) => {
      const table = rows(sources, /\|/).filter((r) => r[1]?.endsWith('.evtx') && /^\d+$/.test(r[4] ?? ''));
      expect(table).toHaveLength(23);
      for (const row of table) {
        const [, file, , , count, ids, range, , channel] = row;
        const { events, rejected } = split(await parseFile(evtxParser, join(dirname(sources), file ?? '')));
        expect(rejected, file).toEqual([]);
        expect(events, file).toHaveLength(Number(count));
        expect(byCode(events).join(', '), file).toBe(ids);
        const texts = events.map((e) => e.time.text).sort();
        const [first, last] = (range ?? '').split(' .. ');
        // evtxexport writes 9 fraction digits, Windows (and Debrief) 7.
        expect(texts[0], file).toBe(`${first?.slice(0, 27)}Z`);
        expect(texts[texts.length - 1], file).toBe(`${last?.slice(0, 27)}Z`);
        const dataset = `windows.${channel === 'Microsoft-Windows-Sysmon/Operational' ? 'sysmon' : channel === 'Microsoft-Windows-PowerShell/Operational' ? 'powershell' : channel?.toLowerCase()}`;
        expect(new Set(events.map((e) => e.dataset)), file).toEqual(new Set([dataset]));
      }
    },
    60_000,
  );
});

describe('evtx: field values match evtxexport', () => {
  itWithSample(
    'the last 4625 of smb-password-guessing: time, record, host, account, source, status',
    `${CORPUS}/DeepBlueCLI/smb-password-guessing-security.evtx`,
    async (path) => {
      const records = await parseFile(evtxParser, path);
      const last = records[records.length - 1];
      expect(records).toHaveLength(3561);
      expect(last?.ok && last.event).toMatchObject({
        code: '4625',
        time: {
          epochMs: Date.UTC(2016, 8, 19, 16, 52, 49, 399),
          text: '2016-09-19T16:52:49.3996746Z',
          assumed: false,
        },
        hostName: 'DESKTOP-M5SN04R',
        userName: 'Administrator',
        userDomain: '.',
        sourceIp: '192.168.198.149',
        sourcePort: 33083,
        outcome: 'failure',
        labels: expect.objectContaining({
          record_id: '6016',
          logon_type: '3',
          workstation: 'fpEbpiox2Q3Qf8av',
          status: '0xc000006d bad user name or password',
          auth_package: 'NTLM',
        }),
      });
    },
  );

  itWithSample(
    'a Kerberos pre-authentication failure (4771) with its service, address and status',
    `${ATTACK}/Credential_Access__kerberos_pwd_spray_4771.evtx`,
    async (path) => {
      const { events } = split(await parseFile(evtxParser, path));
      const last = events.find((e) => e.labels?.record_id === '887114');
      expect(last).toMatchObject({
        code: '4771',
        time: { text: '2020-07-22T20:29:36.4253654Z' },
        hostName: '01566s-win16-ir.threebeesco.com',
        userName: 'Administrator',
        sourceIp: '172.16.66.1',
        sourcePort: 55967,
        outcome: 'failure',
        labels: expect.objectContaining({ record_id: '887114', service_name: 'krbtgt/THREEBEESCO.COM' }),
      });
      expect(last?.message).toBe(
        '4771 Kerberos pre-authentication failed for Administrator from 172.16.66.1 (status 0x18 Kerberos: pre-authentication failed (bad password))',
      );
    },
  );

  itWithSample(
    '1102 takes the account that cleared the log from UserData',
    `${ATTACK}/Defense_Evasion__DE_1102_security_log_cleared.evtx`,
    async (path) => {
      const first = split(await parseFile(evtxParser, path)).events[0];
      expect(first).toMatchObject({
        code: '1102',
        provider: 'Microsoft-Windows-Eventlog',
        time: { text: '2019-03-19T23:35:07.5242021Z' },
        hostName: 'PC01.example.corp',
        userName: 'user01',
        userDomain: 'EXAMPLE',
        message: '1102 security audit log cleared by EXAMPLE\\user01',
        labels: expect.objectContaining({ record_id: '452811', logon_id: '0x17dad' }),
      });
    },
  );

  itWithSample(
    'Sysmon events: the pipe of event 18 and the process of event 1',
    `${ATTACK}/Lateral_Movement__LM_sysmon_psexec_smb_meterpreter.evtx`,
    async (path) => {
      const { events } = split(await parseFile(evtxParser, path));
      expect(events[0]).toMatchObject({
        code: '18',
        time: { text: '2019-04-30T20:26:51.7935890Z' },
        hostName: 'IEWIN7',
        message: 'Sysmon 18 named pipe connected: \\ntsvcs by System',
        labels: expect.objectContaining({ record_id: '9804', user_sid: 'S-1-5-18' }),
      });
      const created = events.find((e) => e.code === '1');
      expect(created).toMatchObject({
        processExecutable: 'C:\\Windows\\System32\\cmd.exe',
        parentName: 'services.exe',
        userName: 'SYSTEM',
        userDomain: 'NT AUTHORITY',
      });
      expect(created?.processCommandLine).toMatch(
        /^C:\\Windows\\system32\\cmd\.exe \/b \/c start \/b \/min powershell/,
      );
    },
  );

  itWithSample(
    'unnamed EventData values become param1, param2... (classic Application events)',
    `${CORPUS}/DeepBlueCLI/many-events-application.evtx`,
    async (path) => {
      const first = split(await parseFile(evtxParser, path)).events[0];
      expect(first?.message).toBe(
        '4625 Microsoft-Windows-EventSystem: param1=86400, param2=SuppressDuplicateDuration, param3=Software\\Microsoft\\EventSystem\\EventLog',
      );
      expect(first?.action).toBeUndefined();
    },
  );

  itWithSample(
    'Windows 10 records without templates or dependency identifiers decode (evtxexport cannot read these)',
    `${CORPUS}/EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender threat detected.evtx`,
    async (path) => {
      const { events, rejected } = split(await parseFile(evtxParser, path));
      expect(rejected).toEqual([]);
      expect(events[0]).toMatchObject({
        code: '1116',
        dataset: 'windows.defender',
        time: { text: '2020-12-11T12:28:01.2990045Z', assumed: false },
        hostName: 'WIN10-client01.offsec.lan',
        message:
          '1116 malware detected: HackTool:Win64/Mikatz!dha in file:_C:\\Users\\admmig\\Documents\\mimidrv.sys',
      });
    },
  );

  itWithSample(
    'each record location points at its record header: signature, then the size equal to the length',
    `${ATTACK}/Command_and_Control__DE_sysmon-3-rdp-tun.evtx`,
    async (path) => {
      const bytes = readFileSync(path);
      const records = await parseFile(evtxParser, path);
      expect(records).toHaveLength(73);
      for (const r of records) {
        expect(bytes.readUInt32LE(r.where.offset)).toBe(0x00002a2a);
        expect(bytes.readUInt32LE(r.where.offset + 4)).toBe(r.where.length);
      }
    },
  );
});

describe('evtx: detection', () => {
  itWithSample(
    'detects EVTX by its file signature',
    `${ATTACK}/Execution__temp_scheduled_task_4698_4699.evtx`,
    (path) => {
      const bytes = readFileSync(path);
      expect(evtxParser.detect(sampleOf(bytes, sampleName(path)))).toBe(1);
      const damaged = Buffer.from(bytes);
      damaged.fill(0, 0, 8);
      expect(evtxParser.detect(sampleOf(damaged, 'x.bin'))).toBe(0.9);
    },
  );

  it('does not claim text, JSON or XML, whatever the file name', () => {
    expect(evtxParser.detect(sampleOf('{"EventID": 4624}', 'a.evtx'))).toBe(0);
    expect(evtxParser.detect(sampleOf('<Event xmlns="x"/>', 'a.evtx'))).toBe(0);
    expect(evtxParser.detect(sampleOf(new Uint8Array(100), 'a.evtx'))).toBe(0);
  });
});
