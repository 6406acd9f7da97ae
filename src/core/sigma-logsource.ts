/**
 * Which events a Sigma rule looks at (its `logsource`), and the fields the rule reads, by their Sigma names.
 *
 * Windows: `service` is the event log channel (security → Security, sysmon → Microsoft-Windows-Sysmon/Operational,
 * ...); `category` is an event family, mostly Sysmon event ids (process_creation is Sysmon 1 or Security 4688,
 * registry_set is Sysmon 13...), as SigmaHQ's Sysmon and Windows audit pipelines define them. Fields are the
 * EventData names plus EventID, Channel, Provider_Name, Computer, Level, Task, Opcode, Keywords, EventRecordID;
 * a Security 4688 event also answers Image (NewProcessName) and ParentImage (ParentProcessName).
 *
 * Other sources: AWS CloudTrail, Okta, Azure / Entra sign-in and audit logs, Microsoft 365, Zeek, auditd, web
 * access logs (category webserver) and Linux syslog (service by program: sshd, sudo, cron... and syslog, auth).
 * JSON records are read by their own dotted paths (case-insensitively), then by the Sigma-to-ECS names below;
 * records of other formats by their normalized fields under both ECS and common Sigma names.
 */
import type { NormalizedEvent } from './event.js';
import type { AuditRecord } from './normalize-auditd.js';
import type { WindowsEvent } from './normalize-windows.js';
import { type FieldValues, fieldValues, type SigmaRecord } from './sigma-values.js';
import type { SourceFields } from './source-fields.js';

/** A rule's `logsource`. */
export interface LogSource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** The log sources an event belongs to, as keys `product`, `product/service:x`, `product/category:y`. */
export type SourceKeys = readonly string[];

/** Windows `service` → event log channel (lowercase). */
export const WINDOWS_SERVICES: Readonly<Record<string, readonly string[]>> = {
  security: ['security'],
  system: ['system'],
  application: ['application'],
  sysmon: ['microsoft-windows-sysmon/operational'],
  powershell: ['microsoft-windows-powershell/operational'],
  'powershell-classic': ['windows powershell'],
  windefend: ['microsoft-windows-windows defender/operational'],
  taskscheduler: ['microsoft-windows-taskscheduler/operational'],
  wmi: ['microsoft-windows-wmi-activity/operational'],
  'bits-client': ['microsoft-windows-bits-client/operational'],
  'codeintegrity-operational': ['microsoft-windows-codeintegrity/operational'],
  'dns-server': ['dns server'],
  'dns-server-analytic': ['microsoft-windows-dns-server/analytical'],
  'dns-client': [
    'microsoft-windows-dns client events/operational',
    'microsoft-windows-dns-client/operational',
  ],
  'driver-framework': ['microsoft-windows-driverframeworks-usermode/operational'],
  'firewall-as': ['microsoft-windows-windows firewall with advanced security/firewall'],
  ntlm: ['microsoft-windows-ntlm/operational'],
  'terminalservices-localsessionmanager': [
    'microsoft-windows-terminalservices-localsessionmanager/operational',
  ],
  'smbclient-security': ['microsoft-windows-smbclient/security'],
  'smbclient-connectivity': ['microsoft-windows-smbclient/connectivity'],
  'printservice-admin': ['microsoft-windows-printservice/admin'],
  'printservice-operational': ['microsoft-windows-printservice/operational'],
  openssh: ['openssh/operational'],
  'appxdeployment-server': ['microsoft-windows-appxdeploymentserver/operational'],
  'appxpackaging-om': ['microsoft-windows-appxpackagingom/microsoft-windows-appxpackaging/operational'],
  'security-mitigations': [
    'microsoft-windows-security-mitigations/kernel mode',
    'microsoft-windows-security-mitigations/user mode',
  ],
  'diagnosis-scripted': ['microsoft-windows-diagnosis-scripted/operational'],
  'msexchange-management': ['msexchange management'],
  applocker: [
    'microsoft-windows-applocker/msi and script',
    'microsoft-windows-applocker/exe and dll',
    'microsoft-windows-applocker/packaged app-deployment',
    'microsoft-windows-applocker/packaged app-execution',
  ],
  capi2: ['microsoft-windows-capi2/operational'],
  'certificateservicesclient-lifecycle-system': [
    'microsoft-windows-certificateservicesclient-lifecycle-system/operational',
  ],
  'hyper-v-worker': ['microsoft-windows-hyper-v-worker'],
  'kernel-shimengine': ['microsoft-windows-kernel-shimengine/operational'],
  ldap_debug: ['microsoft-windows-ldap-client/debug'],
  'lsa-server': ['microsoft-windows-lsa/operational'],
  'shell-core': ['microsoft-windows-shell-core/operational'],
  vhdmp: ['microsoft-windows-vhdmp-operational'],
  'wmi-activity': ['microsoft-windows-wmi-activity/operational'],
};

const SYSMON_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  '1': ['process_creation'],
  '2': ['file_change'],
  '3': ['network_connection'],
  '4': ['sysmon_status'],
  '5': ['process_termination'],
  '6': ['driver_load'],
  '7': ['image_load'],
  '8': ['create_remote_thread'],
  '9': ['raw_access_thread'],
  '10': ['process_access'],
  '11': ['file_event'],
  '12': ['registry_event'],
  '13': ['registry_set', 'registry_event'],
  '14': ['registry_rename', 'registry_event'],
  '15': ['create_stream_hash'],
  '16': ['sysmon_status'],
  '17': ['pipe_created'],
  '18': ['pipe_created'],
  '19': ['wmi_event'],
  '20': ['wmi_event'],
  '21': ['wmi_event'],
  '22': ['dns_query'],
  '23': ['file_delete'],
  '24': ['clipboard_capture'],
  '25': ['process_tampering'],
  '26': ['file_delete_detected'],
  '27': ['file_block_executable'],
  '28': ['file_block_shredding'],
  '29': ['file_executable_detected'],
  '255': ['sysmon_error'],
};

/** Security 4688 fields under the Sysmon names process_creation rules use. */
const PROCESS_CREATION_4688: Readonly<Record<string, string>> = {
  image: 'NewProcessName',
  parentimage: 'ParentProcessName',
};

function windowsCategories(
  channel: string,
  provider: string,
  id: string,
  data: WindowsEvent['data'],
): string[] {
  if (provider === 'microsoft-windows-sysmon' || channel === 'microsoft-windows-sysmon/operational') {
    const categories = [...(SYSMON_CATEGORIES[id] ?? [])];
    if (id === '12') {
      const type = (data.EventType ?? '').toLowerCase();
      if (type === 'createkey') categories.push('registry_add');
      if (type === 'deletekey' || type === 'deletevalue') categories.push('registry_delete');
    }
    return categories;
  }
  if (channel === 'security' && id === '4688') return ['process_creation'];
  if (provider === 'microsoft-windows-powershell') {
    if (id === '4103') return ['ps_module'];
    if (id === '4104') return ['ps_script'];
  }
  if (provider === 'powershell' || channel === 'windows powershell') {
    if (id === '400') return ['ps_classic_start'];
    if (id === '600') return ['ps_classic_provider_start'];
    if (id === '800') return ['ps_classic_script'];
  }
  if (provider === 'microsoft-windows-dns-client' && id === '3008') return ['dns_query'];
  return [];
}

/** The log source keys of a Windows event. */
function windowsKeys(event: WindowsEvent): string[] {
  const channel = (event.channel ?? '').toLowerCase();
  const provider = (event.provider ?? '').toLowerCase();
  const keys = ['windows'];
  for (const [service, channels] of Object.entries(WINDOWS_SERVICES))
    if (channels.includes(channel)) keys.push(`windows/service:${service}`);
  for (const category of windowsCategories(channel, provider, event.eventId ?? '', event.data))
    keys.push(`windows/category:${category}`);
  return keys;
}

const SYSLOG_PROGRAMS = new Set(['sshd', 'sudo', 'cron', 'su', 'auditd', 'clamav', 'vsftpd', 'guacamole']);

/** The log source keys of an event of another format, from its dataset and provider. */
function otherKeys(event: NormalizedEvent): string[] {
  const dataset = event.dataset ?? '';
  if (dataset === 'aws.cloudtrail') return ['aws', 'aws/service:cloudtrail'];
  if (dataset.startsWith('okta')) return ['okta', 'okta/service:okta'];
  if (dataset === 'azure.signinlogs') return ['azure', 'azure/service:signinlogs'];
  if (dataset === 'azure.auditlogs') return ['azure', 'azure/service:auditlogs'];
  if (dataset === 'o365.audit') return ['m365', 'm365/service:audit', 'm365/service:exchange'];
  if (dataset.startsWith('zeek.')) return ['zeek', `zeek/service:${dataset.slice(5)}`];
  if (dataset === 'auditd')
    return event.action === 'executed'
      ? ['linux', 'linux/service:auditd', 'linux/category:process_creation']
      : ['linux', 'linux/service:auditd'];
  if (dataset === 'web.access') return ['category:webserver'];
  if (dataset === 'auth' || dataset === 'syslog') {
    const keys = ['linux', 'linux/service:syslog'];
    if (dataset === 'auth') keys.push('linux/service:auth');
    const program = (event.provider ?? '').toLowerCase();
    if (SYSLOG_PROGRAMS.has(program)) keys.push(`linux/service:${program}`);
    return keys;
  }
  return [];
}

/** The keys a rule's log source needs an event to have (all of them), or why it cannot select events. */
export function ruleKeys(source: LogSource): readonly string[] | string {
  const product = source.product?.toLowerCase();
  const category = source.category?.toLowerCase();
  const service = source.service?.toLowerCase();
  if (!product && !category && !service) return [];
  if (product === 'windows' && service && !WINDOWS_SERVICES[service])
    return `log source windows/${service}: the channel of this service is not known to Debrief`;
  const base = product ?? '';
  const keys: string[] = [];
  if (product) keys.push(product);
  if (service) keys.push(product ? `${base}/service:${service}` : `service:${service}`);
  if (category) keys.push(product ? `${base}/category:${category}` : `category:${category}`);
  return keys;
}

/** Every log source key some event could have, to tell rules that can never match from those that just did not. */
export function knownKey(key: string): boolean {
  if (key === 'windows' || key.startsWith('windows/service:')) return true;
  if (key.startsWith('windows/category:'))
    return (
      Object.values(SYSMON_CATEGORIES).some((c) => c.includes(key.slice(17))) ||
      ['registry_add', 'registry_delete', 'ps_module', 'ps_script', 'ps_classic_start'].includes(
        key.slice(17),
      ) ||
      ['ps_classic_provider_start', 'ps_classic_script'].includes(key.slice(17))
    );
  return (
    [
      'aws',
      'aws/service:cloudtrail',
      'okta',
      'okta/service:okta',
      'azure',
      'azure/service:signinlogs',
      'azure/service:auditlogs',
      'm365',
      'm365/service:audit',
      'm365/service:exchange',
      'linux',
      'linux/service:auditd',
      'linux/category:process_creation',
      'linux/service:syslog',
      'linux/service:auth',
      'category:webserver',
      'zeek',
      ...[...SYSLOG_PROGRAMS].map((p) => `linux/service:${p}`),
    ].includes(key) || key.startsWith('zeek/service:')
  );
}

/** Sigma (Windows/Sysmon) names → ECS paths, for JSON records in ECS (Winlogbeat, Elastic Agent). */
const SIGMA_TO_ECS: Readonly<Record<string, string>> = {
  commandline: 'process.command_line',
  image: 'process.executable',
  processid: 'process.pid',
  parentimage: 'process.parent.executable',
  parentcommandline: 'process.parent.command_line',
  parentprocessid: 'process.parent.pid',
  originalfilename: 'process.pe.original_file_name',
  currentdirectory: 'process.working_directory',
  user: 'user.name',
  targetfilename: 'file.path',
  imageloaded: 'dll.path',
  sourceip: 'source.ip',
  sourceport: 'source.port',
  destinationip: 'destination.ip',
  destinationport: 'destination.port',
  destinationhostname: 'destination.domain',
  queryname: 'dns.question.name',
  targetobject: 'registry.path',
  details: 'registry.data.strings',
  computer: 'host.name',
  eventid: 'event.code',
  hashes: 'process.hash.sha256',
};

/** A normalized event's fields under ECS paths and common Sigma names (lowercase keys). */
function normalizedFields(event: NormalizedEvent): Map<string, string> {
  const out = new Map<string, string>();
  const put = (value: string | number | undefined, ...names: string[]) => {
    if (value === undefined) return;
    for (const n of names) out.set(n, String(value));
  };
  put(event.message, 'message');
  put(event.action, 'event.action');
  put(event.category, 'event.category');
  put(event.outcome, 'event.outcome');
  put(event.code, 'event.code', 'eventid');
  put(event.provider, 'event.provider');
  put(event.dataset, 'event.dataset');
  put(event.hostName, 'host.name', 'computer', 'hostname');
  put(event.hostIp, 'host.ip');
  put(event.userName, 'user.name', 'user', 'username');
  put(event.userDomain, 'user.domain');
  put(event.sourceIp, 'source.ip', 'sourceip', 'src_ip', 'c-ip', 'clientip');
  put(event.sourcePort, 'source.port', 'sourceport', 'src_port');
  put(event.destinationIp, 'destination.ip', 'destinationip', 'dst_ip');
  put(event.destinationPort, 'destination.port', 'destinationport', 'dst_port');
  put(event.processName, 'process.name');
  put(event.processExecutable, 'process.executable', 'image', 'exe');
  put(event.processCommandLine, 'process.command_line', 'commandline');
  put(event.processPid, 'process.pid', 'processid', 'pid');
  put(event.parentName, 'process.parent.name');
  put(event.parentCommandLine, 'process.parent.command_line', 'parentcommandline');
  put(event.parentPid, 'process.parent.pid', 'parentprocessid', 'ppid');
  put(event.filePath, 'file.path', 'targetfilename');
  put(event.fileHash, 'file.hash.sha256');
  put(event.url, 'url.full', 'url', 'c-uri', 'cs-uri-query');
  put(event.dnsQuestion, 'dns.question.name', 'queryname', 'query');
  put(event.labels?.cwd, 'currentdirectory');
  for (const [k, v] of Object.entries(event.labels ?? {}))
    if (!out.has(k.toLowerCase())) put(v, k.toLowerCase());
  return out;
}

function valuesOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [''];
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v) ?? []);
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** Looks up a dotted path in an object: exact keys first, then case-insensitively, then the whole dotted key. */
function lookUpPath(root: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(root, path)) return root[path];
  const parts = path.split('.');
  let at: unknown = root;
  for (const part of parts) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    const o = at as Record<string, unknown>;
    if (Object.hasOwn(o, part)) at = o[part];
    else {
      const lower = part.toLowerCase();
      const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
      if (key === undefined) return undefined;
      at = o[key];
    }
  }
  return at;
}

function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (value === null || value === undefined || depth > 20) return;
  if (Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (typeof value === 'object')
    for (const v of Object.values(value as Record<string, unknown>)) collectStrings(v, out, depth + 1);
  else out.push(String(value));
}

/**
 * The records of an audit event as one object, as Sigma's auditd rules read them: every record's fields (the first
 * record with a field wins), `type` holding every record type (`SYSCALL`, `EXECVE`...).
 */
function auditObject(records: readonly AuditRecord[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of records) for (const [k, v] of Object.entries(r.fields)) if (!(k in out)) out[k] = v;
  out.type = [...new Set(records.map((r) => r.type))];
  return out;
}

/** An event as Sigma rules read it: its field lookup and its log source keys. */
export interface SigmaView {
  readonly record: SigmaRecord;
  readonly keys: SourceKeys;
}

/** Builds the view of one parsed record: its source fields when the parser kept them, else its normalized fields. */
export function sigmaView(event: NormalizedEvent, fields: SourceFields | undefined): SigmaView {
  let lookup: (field: string) => readonly string[] | undefined;
  let all: () => string[];
  let keys: string[];
  let normalized: Map<string, string> | undefined;
  const fromNormalized = (field: string): string[] | undefined => {
    normalized ??= normalizedFields(event);
    const v = normalized.get(field.toLowerCase());
    return v === undefined ? undefined : [v];
  };
  if (fields?.kind === 'windows') {
    const w = fields.event;
    const system: Record<string, string | undefined> = {
      eventid: w.eventId,
      channel: w.channel,
      provider_name: w.provider,
      computer: w.computer,
      level: w.level,
      task: w.task,
      opcode: w.opcode,
      keywords: w.keywords,
      eventrecordid: w.recordId,
      userid: w.userSid,
    };
    let lowerData: Map<string, string> | undefined;
    const fourSixEightyEight = w.eventId === '4688' && (w.channel ?? '').toLowerCase() === 'security';
    lookup = (field) => {
      const direct = w.data[field];
      if (direct !== undefined) return [direct];
      const lower = field.toLowerCase();
      const sys = system[lower];
      if (sys !== undefined) return [sys];
      if (lowerData === undefined) {
        lowerData = new Map();
        // Defender and some other providers name their data with spaces (`Threat Name`); rules write `ThreatName`.
        for (const [k, v] of Object.entries(w.data)) lowerData.set(k.toLowerCase().replace(/\s+/g, ''), v);
      }
      const data = lowerData.get(lower.replace(/\s+/g, ''));
      if (data !== undefined) return [data];
      const alias = fourSixEightyEight ? PROCESS_CREATION_4688[lower] : undefined;
      if (alias !== undefined && w.data[alias] !== undefined) return [w.data[alias] as string];
      return undefined;
    };
    all = () => {
      const out = Object.values(w.data);
      if (w.message) out.push(w.message);
      return out;
    };
    keys = windowsKeys(w);
  } else if (fields?.kind === 'object' || fields?.kind === 'audit') {
    const o = fields.kind === 'object' ? fields.value : auditObject(fields.records);
    lookup = (field) => {
      const own = lookUpPath(o, field);
      if (own !== undefined) return valuesOf(own);
      const ecs = SIGMA_TO_ECS[field.toLowerCase()];
      const mapped = ecs === undefined ? undefined : lookUpPath(o, ecs);
      return mapped !== undefined ? valuesOf(mapped) : fromNormalized(field);
    };
    all = () => {
      const out: string[] = [];
      collectStrings(o, out);
      return out;
    };
    keys = otherKeys(event);
  } else {
    lookup = fromNormalized;
    all = () => {
      normalized ??= normalizedFields(event);
      return [...new Set(normalized.values())];
    };
    keys = otherKeys(event);
  }
  const cache = new Map<string, FieldValues | null>();
  let every: FieldValues | undefined;
  const record: SigmaRecord = {
    field(name) {
      let found = cache.get(name);
      if (found === undefined) {
        const raw = lookup(name);
        found = raw === undefined ? null : fieldValues(raw);
        cache.set(name, found);
      }
      return found ?? undefined;
    },
    all() {
      every ??= fieldValues(all());
      return every;
    },
  };
  return { record, keys };
}
