/**
 * A small, typical file of every format, for detection and parser tests (src/ingest/registry.test.ts,
 * src/ingest/parsers.property.test.ts). `Record<FormatName, …>`: a new format needs a fixture here.
 */
import type { FormatName } from '../src/ingest/types.js';

/** JSON lines of the given records. */
export const lines = (...records: readonly unknown[]): string =>
  `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

const ZEEK_TSV_TEXT = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
  '1692190925.123456\tC1\t10.0.0.5\t49712\t10.0.0.10\t445\ttcp',
  '',
].join('\n');

const audit = (serial: number, type: string, rest: string): string =>
  `type=${type} msg=audit(1700000000.${serial}:${serial}): ${rest}`;

/** A small, typical file of each format. */
export const FIXTURES: Readonly<
  Record<FormatName, { readonly content: string | Uint8Array; readonly fileName: string }>
> = {
  evtx: {
    content: new Uint8Array([...Buffer.from('ElfFile\0'), ...new Uint8Array(4088)]),
    fileName: 'Security.evtx',
  },
  'windows-xml': {
    content:
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>' +
      '<Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4625</EventID>' +
      '<TimeCreated SystemTime="2026-03-02T10:00:00.000Z"/><Computer>dc01</Computer></System>' +
      '<EventData><Data Name="TargetUserName">bob</Data></EventData></Event></Events>',
    fileName: 'events.xml',
  },
  'windows-json': {
    content: lines(
      { EventID: 4624, Channel: 'Security', TimeCreated: '2026-03-02T10:00:00Z', Computer: 'dc01' },
      { EventID: 4688, Channel: 'Security', TimeCreated: '2026-03-02T10:00:01Z', Computer: 'dc01' },
    ),
    fileName: 'security.json',
  },
  cloudtrail: {
    content: JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventTime: '2026-03-02T11:00:00Z',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateAccessKey',
          awsRegion: 'us-east-1',
          sourceIPAddress: '203.0.113.9',
          userIdentity: { type: 'IAMUser', userName: 'mallory' },
        },
      ],
    }),
    fileName: '123456789012_CloudTrail_us-east-1.json',
  },
  okta: {
    content: lines({
      published: '2026-03-02T08:30:00.000Z',
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      actor: { id: '00u1', type: 'User', alternateId: 'eve@example.com', displayName: 'Eve' },
      client: { ipAddress: '203.0.113.77' },
      outcome: { result: 'FAILURE', reason: 'VERIFICATION_ERROR' },
    }),
    fileName: 'okta.json',
  },
  entra: {
    content: JSON.stringify({
      value: [
        {
          id: 'a',
          createdDateTime: '2026-03-02T07:01:02Z',
          userPrincipalName: 'dana@contoso.com',
          appDisplayName: 'Azure Portal',
          ipAddress: '203.0.113.50',
          status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
        },
      ],
    }),
    fileName: 'signins.json',
  },
  'zeek-json': {
    content: lines(
      {
        _path: 'conn',
        ts: 1588205198.89971,
        uid: 'C1',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 64842,
        'id.resp_h': '10.0.0.4',
        'id.resp_p': 53,
        proto: 'udp',
      },
      {
        _path: 'conn',
        ts: 1588205199.1,
        uid: 'C2',
        'id.orig_h': '10.0.1.4',
        'id.orig_p': 64843,
        'id.resp_h': '10.0.0.4',
        'id.resp_p': 445,
        proto: 'tcp',
      },
    ),
    fileName: 'conn.log',
  },
  'ecs-json': {
    content: lines({
      '@timestamp': '2026-03-02T12:00:00Z',
      event: { action: 'process-started', category: ['process'] },
      host: { name: 'ws-07' },
      process: { command_line: 'powershell -enc AAAA' },
      ecs: { version: '8.11.0' },
    }),
    fileName: 'events.ndjson',
  },
  json: {
    content: lines(
      { time: '2026-03-02T12:00:00Z', level: 'info', msg: 'user logged in', user: 'bob' },
      { time: '2026-03-02T12:00:01Z', level: 'warn', msg: 'slow request' },
    ),
    fileName: 'app.json',
  },
  cef: {
    content:
      'CEF:0|Acme|Firewall|1.0|100|Blocked SSH|5|src=203.0.113.9 dst=10.0.0.5 dpt=22 act=blocked rt=1772445780000\n',
    fileName: 'fw.log',
  },
  leef: {
    content: 'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^devTime=1772445780000\n',
    fileName: 'qradar.log',
  },
  'zeek-tsv': { content: ZEEK_TSV_TEXT, fileName: 'conn.log' },
  auditd: {
    content: [
      audit(
        1,
        'SYSCALL',
        'arch=c000003e syscall=59 success=yes pid=10 uid=0 auid=1000 comm="sh" exe="/bin/sh"',
      ),
      audit(1, 'EXECVE', 'argc=2 a0="sh" a1="-c"'),
      audit(1, 'EOE', ''),
      '',
    ].join('\n'),
    fileName: 'audit.log',
  },
  'web-access': {
    content:
      '192.168.1.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08"\n' +
      '203.0.113.9 - - [10/Oct/2000:13:55:40 -0700] "POST /login HTTP/1.1" 401 512 "-" "curl/8.0"\n',
    fileName: 'access.log',
  },
  syslog: {
    content:
      'Mar  2 10:00:00 web01 sshd[100]: Failed password for root from 203.0.113.9 port 2222 ssh2\n' +
      'Mar  2 10:00:05 web01 sshd[100]: Connection closed by 203.0.113.9\n',
    fileName: 'auth.log',
  },
  csv: {
    content: 'timestamp,host,user,action\n2026-03-02T13:00:00Z,srv9,carol,login\n',
    fileName: 'export.csv',
  },
  tsv: { content: 'timestamp\thost\tuser\n2026-03-02T13:00:00Z\tsrv9\tcarol\n', fileName: 'export.tsv' },
};
