import { describe, expect, it } from 'vitest';
import { FIXTURES, lines } from '../../test/format-fixtures.js';
import { itWithSample, sampleOfBytes, sampleOfFile } from '../../test/ingest.js';
import { detectFormat, PARSERS } from './registry.js';
import { FORMAT_NAMES, type FormatName, type Sample } from './types.js';

const sampleOf = (content: string | Uint8Array, fileName: string): Sample =>
  sampleOfBytes(typeof content === 'string' ? new TextEncoder().encode(content) : content, fileName);

const detected = (sample: Sample): string | undefined => detectFormat(sample)?.parser.name;

const OTRF = 'otrf-security-datasets';
const ATTACK = 'evtx-attack-samples';
const CORPUS = 'evtx-corpus';
const ZEEK_JSON = `${OTRF}/zeek-json-apt29-day1-scranton`;
const ZEEK_TSV = `${OTRF}/zeek-tsv-lsass-campaign-01`;

/** The shared samples the format tests read, and the format each must be detected as. */
const REAL_SAMPLES: readonly (readonly [string, FormatName])[] = [
  [`${ATTACK}/Credential_Access__kerberos_pwd_spray_4771.evtx`, 'evtx'],
  [`${ATTACK}/Defense_Evasion__DE_1102_security_log_cleared.evtx`, 'evtx'],
  [`${ATTACK}/Lateral_Movement__LM_sysmon_psexec_smb_meterpreter.evtx`, 'evtx'],
  [`${ATTACK}/Command_and_Control__DE_sysmon-3-rdp-tun.evtx`, 'evtx'],
  [`${ATTACK}/Execution__temp_scheduled_task_4698_4699.evtx`, 'evtx'],
  [`${CORPUS}/DeepBlueCLI/smb-password-guessing-security.evtx`, 'evtx'],
  [`${CORPUS}/DeepBlueCLI/many-events-application.evtx`, 'evtx'],
  [`${CORPUS}/EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender threat detected.evtx`, 'evtx'],
  ...[
    'psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json',
    'cmd_bitsadmin_download_psh_script_2020-10-2302365189.json',
    'aptsimulator_cobaltstrike_2021-06-11T21081492.json',
    'cmd_sam_copy_esentutl_2020-10-1900290001.json',
    'schtask_create_2020-12-1907003032.json',
    'sysmon_log4shell_cve2021_44228_java_serialized_object_2022-05-13045800.json',
    'securityauditing_log4shell_cve2021_44228_java_serialized_object_2022-05-13045400.json',
  ].map((file) => [`${OTRF}/windows-json/${file}`, 'windows-json'] as const),
  [`${OTRF}/azure-m365-goldensaml/WindowsEvents.json`, 'windows-json'],
  [`${OTRF}/azure-m365-goldensaml/AADAuditEvents.json`, 'entra'],
  [`${OTRF}/azure-m365-goldensaml/OfficeActivityEvents.json`, 'entra'],
  // Defender advanced hunting rows are read by the entra parser (docs/ingest.md).
  [`${OTRF}/azure-m365-goldensaml/Microsoft365DefenderEvents.json`, 'entra'],
  [`${OTRF}/aws-cloudtrail/ec2_proxy_s3_exfiltration_2020-09-14011940.json`, 'cloudtrail'],
  [`${OTRF}/aws-s3-honeybucket/AWS_S3_HoneyBucketLogs.csv`, 'csv'],
  // Log Analytics Syslog rows (sysmon for Linux, AUOMS auditd lines inside SyslogMessage) are JSON rows of no
  // specific format: the auditd parser reads raw audit.log lines, not JSON.
  [
    `${OTRF}/linux-syslog-json/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
    'json',
  ],
  [
    `${OTRF}/linux-syslog-json/syslog_sysmon_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
    'json',
  ],
  ...[
    'okta_account_change.json',
    'okta_authentication.json',
    'okta_detection_finding.json',
    'okta_entity_management.json',
    'okta_generic_api_activity.json',
    'okta_group_management.json',
  ].map((file) => [`ocsf-examples-okta/${file}`, 'okta'] as const),
  ['cef/azure-sentinel_CitrixADC.txt', 'cef'],
  ['cef/tenzir_checkpoint.log', 'cef'],
  ['loghub/OpenSSH_2k.log', 'syslog'],
  ['loghub/Linux_2k.log', 'syslog'],
  ['elastic-beats-auth/test.log', 'syslog'],
  ['logparser-hackers-access/hackers-access.log', 'web-access'],
  ...['conn', 'dns', 'http', 'files', 'kerberos', 'x509', 'dce_rpc', 'weird', 'pe'].map(
    (log) => [`${ZEEK_JSON}/SCRANTON_${log}.log`, 'zeek-json'] as const,
  ),
  ...[
    'conn',
    'dns',
    'http',
    'ssl',
    'files',
    'kerberos',
    'smb_mapping',
    'weird',
    'x509',
    'pe',
    'analyzer',
    'packet_filter',
  ].map((log) => [`${ZEEK_TSV}/${log}.log`, 'zeek-tsv'] as const),
];

describe('detectFormat on the shared real samples (first 64 KiB, as ingest reads them)', () => {
  for (const [relative, format] of REAL_SAMPLES) {
    itWithSample(`detects ${relative} as ${format}`, relative, (path) => {
      expect(detected(sampleOfFile(path))).toBe(format);
    });
  }
});

describe('detectFormat on generated fixtures', () => {
  it('has a parser and a fixture for every format name', () => {
    expect(new Set(PARSERS.map((p) => p.name))).toEqual(new Set(FORMAT_NAMES));
    expect(Object.keys(FIXTURES).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  for (const format of FORMAT_NAMES) {
    it(`detects a typical ${format} file as ${format}`, () => {
      const { content, fileName } = FIXTURES[format];
      expect(detected(sampleOf(content, fileName))).toBe(format);
    });
  }

  it('does not let the file name decide: the content wins over a misleading extension', () => {
    expect(detected(sampleOf(FIXTURES.syslog.content, 'export.csv'))).toBe('syslog');
    expect(detected(sampleOf(FIXTURES.csv.content, 'Security.evtx'))).toBe('csv');
  });

  it('gives plain JSON objects to json, not to CloudTrail, Okta, Entra, Zeek or Windows', () => {
    const plain = [
      lines({ eventName: 'checkout', time: '2026-03-02T10:00:00Z', user: 'bob' }),
      lines({ eventType: 'order.created', published: '2026-03-02T10:00:00Z', id: 7 }),
      JSON.stringify({ Records: [{ id: 1, name: 'invoice', created: '2026-03-02T10:00:00Z' }] }),
      JSON.stringify({
        value: [{ id: 'a', displayName: 'Printer', createdDateTime: '2026-03-02T10:00:00Z' }],
      }),
      lines({ ts: 1772445600, msg: 'hello' }, { ts: 1772445601, msg: 'again' }),
      JSON.stringify([{ '@timestamp': '2026-03-02T10:00:00Z', level: 'error', message: 'disk full' }]),
    ];
    for (const text of plain) expect([text, detected(sampleOf(text, 'data.json'))]).toEqual([text, 'json']);
  });

  it('gives a CEF or LEEF line behind a syslog header to cef or leef, though syslog reads it too', () => {
    const cef = 'CEF:0|Acme|Firewall|1.0|100|Blocked SSH|5|src=203.0.113.9 dst=10.0.0.5 act=blocked';
    const leef = 'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5';
    const syslog = PARSERS.find((p) => p.name === 'syslog');
    for (const [line, format] of [
      [`<134>Mar  2 10:03:00 fw01 ${cef}\n`, 'cef'],
      [`<134>1 2026-03-02T10:03:00Z fw01 firewall - - - ${cef}\n`, 'cef'],
      [`Mar  2 10:03:00 qradar ${leef}\n`, 'leef'],
    ] as const) {
      const sample = sampleOf(line, 'firewall.log');
      expect([line, detected(sample)]).toEqual([line, format]);
      expect(syslog?.detect(sample)).toBeGreaterThan(0);
    }
  });

  it('recognizes nothing in binary content that is not EVTX, or in prose', () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(detectFormat(sampleOf(binary, 'memory.dmp'))).toBeUndefined();
    expect(detectFormat(sampleOf('Dear team,\nthe incident is closed.\n', 'notes.txt'))).toBeUndefined();
  });
});
