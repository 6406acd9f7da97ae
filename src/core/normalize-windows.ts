/**
 * Normalization of Windows events, shared by the three Windows readers (EVTX binary, event XML, JSON exports).
 * Each reader decodes its format into a `WindowsEvent` (the System values and the EventData/UserData fields by
 * name); this module decides what they mean: the ECS action, category and outcome of the event id (see
 * windows-events.ts), the account (the logged-on account for logons, the acting subject otherwise), addresses,
 * process, file, registry and DNS facts, labels for logon types and status codes, and a one-line message.
 */
import {
  baseName,
  type EventOutcome,
  type EventTime,
  type NormalizedEvent,
  toInteger,
  toPort,
  toText,
} from './event.js';
import type { ParseResult } from './time.js';
import { parseIsoTimestamp } from './timestamps.js';
import {
  IP_PROTOCOLS,
  LOGON_TYPES,
  MESSAGE_REFERENCES,
  renderTemplate,
  STATUS_CODES,
  type WindowsEventRule,
  windowsFamily,
  windowsRule,
} from './windows-events.js';

/** A Windows event as the readers decode it, before normalization. Every value is text, as Windows renders it. */
export interface WindowsEvent {
  /** System/Provider/@Name (or the export's SourceName, EventSourceName, Provider). */
  readonly provider?: string;
  readonly eventId?: string;
  readonly qualifiers?: string;
  readonly level?: string;
  readonly task?: string;
  readonly opcode?: string;
  readonly keywords?: string;
  readonly recordId?: string;
  readonly channel?: string;
  readonly computer?: string;
  /** System/Security/@UserID, a SID. */
  readonly userSid?: string;
  /** EventData `<Data Name=…>` values and UserData leaves by name; unnamed Data as `param1`, `param2`... */
  readonly data: Readonly<Record<string, string>>;
  /** The message as the source rendered it (RenderingInfo/Message, an export's Message), if any. */
  readonly message?: string;
}

/** ECS event.dataset of a channel: `windows.security`, `windows.sysmon`, `windows.powershell`... */
export function windowsDataset(
  channel: string | undefined,
  provider: string | undefined,
): string | undefined {
  const c = (channel ?? provider)?.trim();
  if (!c) return undefined;
  const lower = c.toLowerCase();
  if (lower.startsWith('microsoft-windows-sysmon')) return 'windows.sysmon';
  if (lower.includes('powershell')) return 'windows.powershell';
  if (lower.startsWith('microsoft-windows-windows defender')) return 'windows.defender';
  const slug = lower
    .replace(/^microsoft-windows-/, '')
    .replace(/\/operational$/, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return slug ? `windows.${slug}` : undefined;
}

const DOTNET_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * Reads an event time as Windows exports write it: ISO 8601 with any number of fraction digits (a time without
 * an offset is read in `zone` and flagged assumed), or .NET JSON's `/Date(1603007406220)/`.
 */
export function windowsTime(text: string, zone: string): ParseResult<EventTime> {
  const trimmed = text.trim();
  const dotnet = DOTNET_DATE.exec(trimmed);
  if (dotnet) return { ok: true, value: { epochMs: Number(dotnet[1]), text: trimmed, assumed: false } };
  return parseIsoTimestamp(trimmed, zone);
}

type Data = Readonly<Record<string, string>>;

/** One field's value as a fact: trimmed, undefined when absent, empty or a placeholder (`-`). */
const field = (data: Data, name: string | undefined): string | undefined => {
  if (name === undefined) return undefined;
  const raw = data[name];
  return raw === undefined || raw === '' ? undefined : toText(raw);
};

/** The first of up to four fields with a value (fixed parameters: no array per call on the hot path). */
const value = (data: Data, a: string, b?: string, c?: string, d?: string): string | undefined =>
  field(data, a) ?? field(data, b) ?? field(data, c) ?? field(data, d);

/** `DOMAIN\name`, or the name alone when the domain is missing. */
const qualified = (domain: string | undefined, name: string | undefined): string | undefined =>
  name === undefined ? undefined : domain === undefined ? name : `${domain}\\${name}`;

/** An address as Windows writes it: `::ffff:10.0.0.5` is IPv4 10.0.0.5; `-` and empty mean none. */
function address(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ip = text.replace(/^::ffff:/i, '');
  return ip === '' || ip === '-' ? undefined : ip;
}

/** The SHA-256 of a Sysmon `Hashes` value (`SHA1=…,MD5=…,SHA256=…`), else the strongest hash given. */
export function strongestHash(hashes: string | undefined): string | undefined {
  if (hashes === undefined) return undefined;
  const found = new Map<string, string>();
  for (const part of hashes.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0)
      found.set(
        part.slice(0, eq).trim().toUpperCase(),
        part
          .slice(eq + 1)
          .trim()
          .toLowerCase(),
      );
  }
  if (found.size === 0)
    return /^[0-9a-f]{32,128}$/i.test(hashes.trim()) ? hashes.trim().toLowerCase() : undefined;
  return found.get('SHA256') ?? found.get('SHA1') ?? found.get('MD5') ?? found.get('IMPHASH');
}

/** Splits Sysmon's `User` (`NT AUTHORITY\SYSTEM`) into domain and name. */
function splitAccount(account: string | undefined): { name?: string; domain?: string } {
  if (account === undefined) return {};
  const slash = account.indexOf('\\');
  return slash < 0 ? { name: account } : { domain: account.slice(0, slash), name: account.slice(slash + 1) };
}

/** Lowercase hex of a status code (`0xC000006D`, `0xc000006d`, `0x18`); undefined when not a number. */
function statusCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const n = toInteger(text);
  return n === undefined ? text.toLowerCase() : `0x${n.toString(16)}`;
}

const withText = (code: string | undefined): string | undefined => {
  if (code === undefined) return undefined;
  const known = STATUS_CODES[code];
  return known ? `${code} ${known}` : code;
};

/** One line, at most `max` characters: line breaks and runs of white space become one space. */
export function oneLine(text: string, max = 200): string {
  // Most values are already one short line: skip the replace then.
  const flat = /\s\s|[\t\n\r\f\v]|^\s|\s$/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Labels copied from event data when present: label → candidate fields. */
const LABEL_FIELDS: readonly (readonly [string, readonly string[]])[] = [
  ['logon_process', ['LogonProcessName']],
  ['auth_package', ['AuthenticationPackageName', 'PackageName']],
  ['workstation', ['WorkstationName', 'Workstation']],
  ['service_name', ['ServiceName']],
  ['task_name', ['TaskName']],
  ['share_name', ['ShareName']],
  ['registry_key', ['TargetObject']],
  ['registry_value', ['Details']],
  ['target_image', ['TargetImage']],
  ['granted_access', ['GrantedAccess']],
  ['access_mask', ['AccessMask']],
  ['object_name', ['ObjectName']],
  ['rule_name', ['RuleName']],
  ['ticket_encryption', ['TicketEncryptionType']],
  ['ticket_options', ['TicketOptions']],
  ['script_block_id', ['ScriptBlockId']],
  ['privileges', ['PrivilegeList']],
  ['member', ['MemberName', 'MemberSid']],
];

interface Facts {
  readonly data: Data;
  readonly rule: WindowsEventRule | undefined;
  readonly fields: ReturnType<typeof fieldsOf>;
}

function labelsOf(event: WindowsEvent, facts: Omit<Facts, 'fields'>, user: 'target' | 'subject') {
  const { data } = facts;
  const labels: Record<string, string> = {};
  if (event.recordId) labels.record_id = event.recordId;
  const logonType = value(data, 'LogonType');
  if (logonType !== undefined) {
    labels.logon_type = logonType;
    const name = LOGON_TYPES[logonType];
    if (name) labels.logon_type_name = name;
  }
  const status = statusCode(value(data, 'Status', 'ResultCode'));
  if (status !== undefined) labels.status = withText(status) ?? status;
  const subStatus = statusCode(value(data, 'SubStatus'));
  if (subStatus !== undefined) labels.sub_status = withText(subStatus) ?? subStatus;
  const reason = value(data, 'FailureReason');
  if (reason !== undefined) labels.failure_reason = MESSAGE_REFERENCES[reason] ?? reason;
  const logonId = user === 'target' ? value(data, 'TargetLogonId') : value(data, 'SubjectLogonId', 'LogonId');
  if (logonId !== undefined) labels.logon_id = logonId;
  if (user === 'subject' && facts.rule?.category === 'iam') {
    const target = qualified(value(data, 'TargetDomainName'), value(data, 'TargetUserName'));
    if (target !== undefined) labels.target_user = target;
  }
  for (const [label, names] of LABEL_FIELDS) {
    let text: string | undefined;
    for (let i = 0; text === undefined && i < names.length; i++) text = field(data, names[i]);
    if (text !== undefined && labels[label] === undefined) labels[label] = oneLine(text, 256);
  }
  if (event.userSid) labels.user_sid = event.userSid;
  for (const _ in labels) return labels;
  return undefined;
}

function outcomeOf(
  event: WindowsEvent,
  rule: WindowsEventRule | undefined,
  data: Data,
): EventOutcome | undefined {
  if (rule?.outcome === 'status') {
    const status = statusCode(value(data, 'Status', 'ResultCode'));
    return status === undefined ? undefined : status === '0x0' ? 'success' : 'failure';
  }
  if (rule?.outcome !== undefined) return rule.outcome;
  // Audit events say it in their keywords: 0x8010… audit failure, 0x8020… audit success.
  const keywords = event.keywords?.toLowerCase();
  if (keywords?.startsWith('0x')) {
    const high = Number.parseInt(keywords.slice(2).padStart(16, '0').slice(0, 4), 16);
    if (high & 0x0010) return 'failure';
    if (high & 0x0020) return 'success';
  }
  return undefined;
}

function fieldsOf(event: WindowsEvent, rule: WindowsEventRule | undefined, family: string) {
  const data = event.data;
  const user = rule?.user ?? 'subject';
  const sysmonUser = splitAccount(value(data, 'User', 'SourceUser'));
  const target = { name: value(data, 'TargetUserName'), domain: value(data, 'TargetDomainName') };
  const subject = { name: value(data, 'SubjectUserName'), domain: value(data, 'SubjectDomainName') };
  const account =
    user === 'target' && target.name !== undefined
      ? target
      : subject.name !== undefined
        ? subject
        : sysmonUser.name !== undefined
          ? sysmonUser
          : target.name !== undefined
            ? target
            : splitAccount(value(data, 'Account', 'UserName'));
  const isSecurity4688 = family === 'security' && event.eventId === '4688';
  const isAccess = family === 'sysmon' && (event.eventId === '8' || event.eventId === '10');
  const executable = isAccess
    ? value(data, 'SourceImage')
    : (value(data, 'Image', 'NewProcessName', 'ProcessName', 'Application') ??
      field(data, 'CallerProcessName'));
  const pid = isSecurity4688
    ? value(data, 'NewProcessId')
    : isAccess
      ? value(data, 'SourceProcessId')
      : value(data, 'ProcessId', 'ProcessID', 'CallerProcessId');
  const parentExecutable = value(data, 'ParentImage', 'ParentProcessName');
  const objectFile = value(data, 'ObjectType') === 'File' ? value(data, 'ObjectName') : undefined;
  const level = toInteger(event.level);
  return {
    kind: 'event',
    category: rule?.category,
    type: rule?.type,
    action: rule?.action,
    code: event.eventId,
    provider: event.provider,
    dataset: windowsDataset(event.channel, event.provider),
    severity: level,
    hostName: toText(event.computer),
    userName: account.name,
    userDomain: account.domain,
    sourceIp: address(value(data, 'IpAddress', 'SourceIp', 'SourceAddress', 'ClientAddress')),
    sourcePort: toPort(value(data, 'IpPort', 'SourcePort')),
    destinationIp: address(value(data, 'DestinationIp', 'DestAddress')),
    destinationPort: toPort(value(data, 'DestinationPort', 'DestPort')),
    processName: baseName(executable),
    processExecutable: executable,
    processCommandLine:
      value(data, 'CommandLine') ?? (family === 'system' ? value(data, 'ImagePath') : undefined),
    processPid: toInteger(pid),
    parentName: baseName(parentExecutable),
    parentPid: toInteger(isSecurity4688 ? value(data, 'ProcessId') : value(data, 'ParentProcessId')),
    parentCommandLine: value(data, 'ParentCommandLine'),
    filePath: value(data, 'TargetFilename', 'ImageLoaded') ?? objectFile,
    fileHash: strongestHash(value(data, 'Hashes', 'Hash', 'sha256')),
    dnsQuestion: value(data, 'QueryName'),
  };
}

/** `ip:port`, with an IPv6 address in brackets (`[fe80::1]:546`). */
const endpoint = (ip: string | undefined, port: number | undefined): string | undefined =>
  ip === undefined
    ? undefined
    : port === undefined
      ? ip
      : ip.includes(':')
        ? `[${ip}]:${port}`
        : `${ip}:${port}`;

/** The name a table gives a code, else the code itself. */
const lookupIn = (table: Readonly<Record<string, string>>, code: string | undefined): string | undefined =>
  code === undefined ? undefined : (table[code] ?? code);

function messageOf(event: WindowsEvent, facts: Facts): string {
  const { data, rule, fields } = facts;
  const id = event.eventId ?? '?';
  const family = windowsFamily(event.provider, event.channel);
  const prefix = family === 'sysmon' ? `Sysmon ${id}` : id;
  if (rule === undefined) {
    const source = event.provider ?? event.channel ?? 'Windows';
    const rendered = event.message ? oneLine(event.message.split(/\r?\n/)[0] ?? '', 160) : '';
    if (rendered) return `${id} ${source}: ${rendered}`;
    const facts = Object.entries(data)
      .filter(([, v]) => toText(v) !== undefined)
      .slice(0, 3)
      .map(([k, v]) => `${k}=${oneLine(v, 60)}`);
    return facts.length > 0 ? `${id} ${source}: ${facts.join(', ')}` : `${id} ${source} event`;
  }
  const status = statusCode(value(data, 'Status', 'ResultCode'));
  const computed: Record<string, string | undefined> = {
    target: qualified(value(data, 'TargetDomainName'), value(data, 'TargetUserName')),
    subject: qualified(value(data, 'SubjectDomainName'), value(data, 'SubjectUserName')),
    user: qualified(fields.userDomain, fields.userName),
    ip: fields.sourceIp,
    src: endpoint(fields.sourceIp, fields.sourcePort),
    dst: endpoint(fields.destinationIp, fields.destinationPort),
    process: fields.processExecutable,
    parent: fields.parentName === undefined ? undefined : value(data, 'ParentImage', 'ParentProcessName'),
    cmd: fields.processCommandLine,
    file: fields.filePath,
    member: value(data, 'MemberName', 'MemberSid'),
    status: withText(status),
    script: value(data, 'ScriptBlockText', 'Payload', 'HostApplication'),
    direction: lookupIn(MESSAGE_REFERENCES, value(data, 'Direction')),
    protocol: lookupIn(IP_PROTOCOLS, value(data, 'Protocol')),
  };
  const lookup = (name: string): string | undefined => {
    const text = name in computed ? computed[name] : value(data, name);
    return text === undefined ? undefined : oneLine(text, name === 'cmd' || name === 'script' ? 160 : 120);
  };
  const text = renderTemplate(rule.text, lookup);
  return `${prefix} ${text}`;
}

/**
 * Normalizes a decoded Windows event. Never fails: an unknown id still becomes an event, with the provider and
 * id in its message; the time is the reader's (System/TimeCreated/@SystemTime for EVTX and XML).
 */
export function normalizeWindows(event: WindowsEvent, time: EventTime): NormalizedEvent {
  const family = windowsFamily(event.provider, event.channel);
  const id = toInteger(event.eventId);
  const rule = id === undefined ? undefined : windowsRule(family, id);
  const data = event.data;
  const fields = fieldsOf(event, rule, family);
  const outcome = outcomeOf(event, rule, data);
  const labels = labelsOf(event, { data, rule }, rule?.user ?? 'subject');
  const message = messageOf(event, { data, rule, fields });
  return compact({ time, message, ...fields, outcome, labels });
}

/** The event without its undefined fields (a for-in copy: this is the hot path of Windows ingest). */
function compact(event: Record<string, unknown>): NormalizedEvent {
  const out: Record<string, unknown> = {};
  for (const key in event) if (event[key] !== undefined) out[key] = event[key];
  return out as unknown as NormalizedEvent;
}
