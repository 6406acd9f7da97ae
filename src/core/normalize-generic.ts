/**
 * Normalization of records whose field names are not known in advance: generic JSON objects and CSV rows. Each
 * event field is filled from the user's mapping (`--map`, or a preset) if given, else from the first present
 * field among common names for it (`timestamp`, `time`, `ts`, `EventTime`...). Also the ECS fast path for
 * Elastic Common Schema documents, the format the ingest benchmark measures.
 */
import {
  compactEvent,
  type EventTime,
  type NormalizedEvent,
  normalizeOutcome,
  toInteger,
  toPort,
  toText,
} from './event.js';
import { type FieldMapping, type MappableField, valueAtPath } from './field-mapping.js';
import type { ParseResult } from './time.js';
import { parseAnyTimestamp, parseIsoTimestamp } from './timestamps.js';

/** Field names commonly used for each event field, tried in order when no mapping names one. */
export const CANDIDATES: Readonly<Record<MappableField, readonly string[]>> = {
  timestamp: [
    '@timestamp',
    'timestamp',
    'Timestamp',
    'time',
    'Time',
    'ts',
    'datetime',
    'date_time',
    'eventTime',
    'EventTime',
    'TimeCreated',
    'TimeGenerated',
    'CreationTime',
    'created_at',
    'createdDateTime',
    'published',
    '_time',
    'date',
    'Date',
  ],
  message: [
    'message',
    'Message',
    'msg',
    'description',
    'Description',
    'displayMessage',
    '_raw',
    'log',
    'text',
  ],
  kind: ['event.kind'],
  category: ['event.category', 'category', 'Category'],
  type: ['event.type', 'type'],
  action: [
    'event.action',
    'action',
    'Action',
    'ActionType',
    'Operation',
    'operation',
    'eventName',
    'eventType',
    'activity',
    'event_simpleName',
  ],
  outcome: ['event.outcome', 'outcome', 'Outcome', 'result', 'Result', 'status', 'Status'],
  code: ['event.code', 'EventID', 'EventId', 'event_id', 'eventId', 'code'],
  provider: [
    'event.provider',
    'provider',
    'Provider',
    'source',
    'Source',
    'Channel',
    'channel',
    'sourcetype',
  ],
  dataset: ['event.dataset', 'dataset'],
  severity: ['event.severity', 'severity', 'Severity', 'level', 'Level'],
  hostName: [
    'host.name',
    'hostname',
    'host',
    'Host',
    'Computer',
    'ComputerName',
    'DeviceName',
    'computer_name',
    'device',
    'Hostname',
  ],
  hostIp: ['host.ip', 'host_ip', 'DeviceIP'],
  userName: [
    'user.name',
    'user',
    'User',
    'username',
    'UserName',
    'userName',
    'Account',
    'AccountName',
    'TargetUserName',
    'UserId',
    'userPrincipalName',
    'user_name',
  ],
  userDomain: ['user.domain', 'domain', 'Domain', 'AccountDomain', 'TargetDomainName'],
  sourceIp: [
    'source.ip',
    'src_ip',
    'srcip',
    'src',
    'SourceIp',
    'SourceIP',
    'sourceIPAddress',
    'client_ip',
    'clientIp',
    'ClientIP',
    'IpAddress',
    'ip',
    'remote_addr',
    'RemoteIP',
  ],
  sourcePort: ['source.port', 'src_port', 'srcport', 'spt', 'SourcePort', 'IpPort'],
  destinationIp: ['destination.ip', 'dst_ip', 'dstip', 'dst', 'DestinationIp', 'DestinationIP', 'dest_ip'],
  destinationPort: ['destination.port', 'dst_port', 'dstport', 'dpt', 'DestinationPort', 'dest_port'],
  processName: ['process.name', 'process_name', 'ProcessName', 'FileName', 'ImageFileName'],
  processCommandLine: [
    'process.command_line',
    'command_line',
    'CommandLine',
    'ProcessCommandLine',
    'cmdline',
    'cmd',
  ],
  processPid: ['process.pid', 'pid', 'PID', 'ProcessId', 'ProcessID'],
  processExecutable: ['process.executable', 'Image', 'executable', 'exe', 'FolderPath'],
  parentName: ['process.parent.name', 'parent_process', 'ParentProcessName', 'InitiatingProcessFileName'],
  parentPid: ['process.parent.pid', 'ppid', 'ParentProcessId', 'InitiatingProcessId'],
  parentCommandLine: ['process.parent.command_line', 'ParentCommandLine', 'InitiatingProcessCommandLine'],
  filePath: ['file.path', 'file_path', 'FilePath', 'TargetFilename', 'path'],
  fileHash: ['file.hash.sha256', 'sha256', 'SHA256', 'Hashes', 'hash'],
  url: ['url.full', 'url.original', 'url', 'URL', 'Url', 'uri', 'RequestUrl'],
  dnsQuestion: ['dns.question.name', 'query', 'QueryName', 'dns_query'],
};

const NUMERIC: ReadonlySet<MappableField> = new Set([
  'sourcePort',
  'destinationPort',
  'processPid',
  'parentPid',
  'severity',
]);

function firstValue(record: unknown, field: MappableField, mapping: FieldMapping): unknown {
  const mapped = mapping[field];
  if (mapped !== undefined) return valueAtPath(record, mapped);
  for (const path of CANDIDATES[field]) {
    const value = valueAtPath(record, path);
    if (value !== undefined && value !== null && value !== '') return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function convert(field: MappableField, value: unknown): unknown {
  if (value === undefined) return undefined;
  switch (field) {
    case 'sourcePort':
    case 'destinationPort':
      return toPort(value);
    case 'processPid':
    case 'parentPid':
      return toInteger(value);
    case 'severity': {
      // An empty cell or a null is no severity, not severity 0 (which Number('') and Number(null) give).
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'outcome':
      return normalizeOutcome(value);
    default:
      return NUMERIC.has(field) ? undefined : toText(Array.isArray(value) ? value[0] : value);
  }
}

/** A one-line message from the most telling fields, for records that carry no message of their own. */
export function composeMessage(event: Omit<NormalizedEvent, 'time' | 'message'>, fallback: string): string {
  const parts = [
    event.action ?? event.code,
    event.userName ? `user ${event.userName}` : undefined,
    event.hostName ? `on ${event.hostName}` : undefined,
    event.sourceIp ? `from ${event.sourceIp}` : undefined,
    event.destinationIp
      ? `to ${event.destinationIp}${event.destinationPort ? `:${event.destinationPort}` : ''}`
      : undefined,
    event.processCommandLine ?? event.processName,
  ].filter((p): p is string => p !== undefined);
  const text = parts.join(' ');
  return text === '' ? fallback.slice(0, 500) : text;
}

/**
 * Normalizes a record of unknown shape. Fails only when no time can be found or read: an event without a time
 * cannot be placed on a timeline.
 * @param fallbackMessage used when the record has no message and nothing to compose one from (e.g. the raw line)
 */
export function normalizeGeneric(
  record: Readonly<Record<string, unknown>>,
  options: {
    readonly mapping: FieldMapping;
    readonly zone: string;
    readonly dataset?: string;
    readonly fallbackMessage: string;
  },
): ParseResult<NormalizedEvent> {
  const rawTime = firstValue(record, 'timestamp', options.mapping);
  if (rawTime === undefined) {
    const where = options.mapping.timestamp ? `field "${options.mapping.timestamp}"` : 'any usual time field';
    return { ok: false, reason: `no timestamp in ${where}; name the time field with --map @timestamp=FIELD` };
  }
  const time = parseAnyTimestamp(rawTime, options.zone);
  if (!time.ok) return time;
  const fields: Record<string, unknown> = {};
  for (const field of Object.keys(CANDIDATES) as MappableField[]) {
    if (field === 'timestamp' || field === 'message') continue;
    fields[field] = convert(field, firstValue(record, field, options.mapping));
  }
  if (options.dataset !== undefined && fields.dataset === undefined) fields.dataset = options.dataset;
  const partial = compactEvent(fields) as Omit<NormalizedEvent, 'time' | 'message'>;
  const message =
    toText(firstValue(record, 'message', options.mapping)) ??
    composeMessage(partial, options.fallbackMessage);
  return { ok: true, value: { time: time.value, message, ...partial } };
}

type Doc = Readonly<Record<string, unknown>>;
const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * Normalizes an Elastic Common Schema document (nested or with dotted keys). The fast path of ingest: direct
 * property access, no candidate search; dotted keys fall back to the generic lookup.
 */
export function normalizeEcs(doc: Doc, zone: string, fallbackMessage: string): ParseResult<NormalizedEvent> {
  const stamp = doc['@timestamp'];
  let time: ParseResult<EventTime>;
  if (typeof stamp === 'string') {
    time = parseIsoTimestamp(stamp, zone);
    if (!time.ok) time = parseAnyTimestamp(stamp, zone);
  } else if (typeof stamp === 'number') {
    time = parseAnyTimestamp(stamp, zone);
  } else {
    return { ok: false, reason: 'no "@timestamp" in the ECS document' };
  }
  if (!time.ok) return time;
  const event = obj(doc.event);
  const host = obj(doc.host);
  const user = obj(doc.user);
  const source = obj(doc.source);
  const destination = obj(doc.destination);
  const process = obj(doc.process);
  const parent = obj(process?.parent);
  const file = obj(doc.file);
  const url = obj(doc.url);
  const dns = obj(obj(doc.dns)?.question);
  const labels = obj(doc.labels);
  const fields = {
    kind: toText(event?.kind),
    category: toText(first(event?.category)),
    type: toText(first(event?.type)),
    action: toText(event?.action),
    outcome: normalizeOutcome(event?.outcome),
    code: toText(event?.code),
    provider: toText(event?.provider),
    dataset: toText(event?.dataset),
    severity: typeof event?.severity === 'number' ? event.severity : undefined,
    hostName: toText(host?.name ?? host?.hostname),
    hostIp: toText(first(host?.ip)),
    userName: toText(user?.name),
    userDomain: toText(user?.domain),
    sourceIp: toText(source?.ip),
    sourcePort: toPort(source?.port),
    destinationIp: toText(destination?.ip),
    destinationPort: toPort(destination?.port),
    processName: toText(process?.name),
    processCommandLine: toText(process?.command_line),
    processPid: toInteger(process?.pid),
    processExecutable: toText(process?.executable),
    parentName: toText(parent?.name),
    parentPid: toInteger(parent?.pid),
    parentCommandLine: toText(parent?.command_line),
    filePath: toText(file?.path),
    fileHash: toText(obj(file?.hash)?.sha256),
    url: toText(url?.full ?? url?.original),
    dnsQuestion: toText(dns?.name),
    labels: labels ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : undefined,
  };
  // Documents with dotted keys ("host.name": ...) instead of nesting: fill what nesting did not.
  const dotted = Object.keys(doc).some((k) => k.includes('.'));
  // Without dotted keys, the fields go out as they are, absent ones undefined (the fast path: no copy); with them,
  // compacting lets the generic lookup fill what is absent.
  const partial = (dotted ? compactEvent(fields) : fields) as Omit<NormalizedEvent, 'time' | 'message'>;
  if (dotted) {
    const generic = normalizeGeneric(doc, { mapping: {}, zone, fallbackMessage });
    if (generic.ok) {
      const { time: _t, message: _m, ...rest } = generic.value;
      Object.assign(partial, { ...rest, ...partial });
    }
  }
  const message = toText(doc.message) ?? composeMessage(partial, fallbackMessage);
  return { ok: true, value: { time: time.value, message, ...partial } };
}
