/**
 * Hayabusa timelines (`hayabusa csv-timeline` and `json-timeline`, any output profile) as normalized events. One
 * record is one detection: Timestamp, RuleTitle, Level (`crit`, `high`, `med`, `low`, `info`), Computer, Channel
 * (abbreviated: `Sec`, `Sysmon`, `PwSh`), EventID, RecordID, Details (`Key: value ¦ Key: value` in CSV, an
 * object in JSON), and, by profile, ExtraFieldInfo, AllFieldInfo, MitreTactics (abbreviated: `Exec`, `LatMov`),
 * MitreTags, OtherTags, RuleFile, EvtxFile, RuleAuthor, RuleID, Provider, Status.
 * Reference: https://github.com/Yamato-Security/hayabusa (README "Hayabusa Output", config/profiles.yaml).
 *
 * Details use Hayabusa's normalized names (`TgtUser`, `SrcIP`, `Proc`, `Cmdline`, `PID`); AllFieldInfo and
 * ExtraFieldInfo keep the event's own field names (`IpAddress`, `CommandLine`). Both fill the event's fields.
 */
import { splitToolTags, tacticName } from './case-tool-labels.js';
import {
  baseName,
  compactEvent,
  type EventTime,
  type NormalizedEvent,
  toInteger,
  toPort,
  toText,
} from './event.js';
import { oneLine, strongestHash, windowsDataset } from './normalize-windows.js';
import { kindOfLevel, ruleLevel } from './rule-level.js';
import type { ParseResult } from './time.js';
import { monthNumber, parseIsoTimestamp } from './timestamps.js';
import { windowsFamily, windowsRule } from './windows-events.js';

type Doc = Readonly<Record<string, unknown>>;

/** Hayabusa's channel abbreviations (rules/config/channel_abbreviations.txt) → the channel. */
export const HAYABUSA_CHANNELS: Readonly<Record<string, string>> = {
  App: 'Application',
  AppLocker: 'Microsoft-Windows-AppLocker/EXE and DLL',
  BitsCli: 'Microsoft-Windows-Bits-Client/Operational',
  CodeInteg: 'Microsoft-Windows-CodeIntegrity/Operational',
  Defender: 'Microsoft-Windows-Windows Defender/Operational',
  'DHCP-Svr': 'Microsoft-Windows-DHCP-Server/Operational',
  'DNS-Svr': 'DNS Server',
  DvrFmwk: 'Microsoft-Windows-DriverFrameworks-UserMode/Operational',
  Exchange: 'MSExchange Management',
  Firewall: 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall',
  KeyMgtSvc: 'Key Management Service',
  'LDAP-Cli': 'Microsoft-Windows-LDAP-Client/Debug',
  NTLM: 'Microsoft-Windows-NTLM/Operational',
  OpenSSH: 'OpenSSH/Operational',
  PrintAdm: 'Microsoft-Windows-PrintService/Admin',
  PrintOp: 'Microsoft-Windows-PrintService/Operational',
  PwSh: 'Microsoft-Windows-PowerShell/Operational',
  PwShClassic: 'Windows PowerShell',
  PwShCore: 'PowerShellCore',
  'RDP-Client': 'Microsoft-Windows-TerminalServices-RDPClient/Operational',
  'RDP-CoreTS': 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
  'RDS-GTW': 'Microsoft-Windows-TerminalServices-Gateway/Operational',
  'RDS-LSM': 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'RDS-RCM': 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  Sec: 'Security',
  SecMitig: 'Microsoft-Windows-Security-Mitigations/KernelMode',
  SmbCliSec: 'Microsoft-Windows-SmbClient/Security',
  SvcBusCli: 'Microsoft-ServiceBus-Client',
  Sys: 'System',
  Sysmon: 'Microsoft-Windows-Sysmon/Operational',
  TaskSch: 'Microsoft-Windows-TaskScheduler/Operational',
  WinRM: 'Microsoft-Windows-WinRM/Operational',
  WMI: 'Microsoft-Windows-WMI-Activity/Operational',
};

/** Hayabusa's ATT&CK tactic abbreviations (config/mitre_tactics.txt) → the tactic. */
export const HAYABUSA_TACTICS: Readonly<Record<string, string>> = {
  Recon: 'Reconnaissance',
  ResDev: 'Resource Development',
  InitAccess: 'Initial Access',
  Exec: 'Execution',
  Persis: 'Persistence',
  PrivEsc: 'Privilege Escalation',
  Evas: 'Defense Evasion',
  CredAccess: 'Credential Access',
  Disc: 'Discovery',
  LatMov: 'Lateral Movement',
  Collect: 'Collection',
  C2: 'Command and Control',
  Exfil: 'Exfiltration',
  Impact: 'Impact',
};

/** Hayabusa's separator between values in one CSV cell: the broken bar, with spaces around it. */
const BAR = /\s*\u00a6\s*/;

const RFC_2822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?\s*([+-]\d{4}|Z|GMT|UTC?)?$/;
const DAY_MONTH =
  /^(\d{2})-(\d{2})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*([AaPp][Mm]))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

const pad = (n: number | string): string => String(n).padStart(2, '0');

/**
 * Reads a Hayabusa timestamp in any of its time formats: the default `2021-12-12 09:40:23.123 +09:00` (local or,
 * with `-U`, UTC), `--RFC-3339`, `--ISO-8601`, `--RFC-2822`, `--European-time` (day first), `--US-time` and
 * `--US-military-time` (month first). A day-first or month-first date whose two numbers are both 12 or less
 * cannot be told apart and is refused, rather than read as one and risk the wrong day.
 */
export function parseHayabusaTime(value: unknown, zone: string): ParseResult<EventTime> {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { ok: false, reason: 'no Timestamp' };
  const iso = parseIsoTimestamp(text, zone);
  if (iso.ok) return iso;
  let rebuilt: string | undefined;
  const rfc = RFC_2822.exec(text);
  const month = rfc ? monthNumber(rfc[2] ?? '') : undefined;
  if (rfc && month !== undefined) {
    const offset = rfc[8] === undefined || /^(GMT|UTC?)$/.test(rfc[8]) ? 'Z' : rfc[8];
    rebuilt = `${rfc[3]}-${pad(month)}-${pad(rfc[1] ?? '')}T${rfc[4]}:${rfc[5]}:${rfc[6] ?? '00'}${rfc[7] ? `.${rfc[7]}` : ''}${offset}`;
  }
  const dm = DAY_MONTH.exec(text);
  if (dm) {
    const [a, b] = [Number(dm[1]), Number(dm[2])];
    const meridiem = dm[8]?.toUpperCase();
    // AM/PM is only written by --US-time, which is month first.
    const dayFirst =
      meridiem === undefined && a > 12 ? true : meridiem !== undefined || b > 12 ? false : undefined;
    if (dayFirst === undefined && a !== b) {
      return {
        ok: false,
        reason: `"${text.slice(0, 40)}": day and month cannot be told apart (run Hayabusa with --ISO-8601)`,
      };
    }
    let hour = Number(dm[4]);
    if (meridiem === 'PM' && hour < 12) hour += 12;
    if (meridiem === 'AM' && hour === 12) hour = 0;
    const [day, mon] = dayFirst === false ? [b, a] : [a, b];
    rebuilt = `${dm[3]}-${pad(mon)}-${pad(day)}T${pad(hour)}:${dm[5]}:${dm[6]}${dm[7] ? `.${dm[7]}` : ''}${dm[9] ?? ''}`;
  }
  if (rebuilt === undefined)
    return { ok: false, reason: `"${text.slice(0, 40)}" is not a Hayabusa timestamp` };
  const parsed = parseIsoTimestamp(rebuilt, zone);
  return parsed.ok ? { ok: true, value: { ...parsed.value, text } } : parsed;
}

/** A value as text: strings as they are, numbers as written, arrays joined with `, `, objects as JSON. */
function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return toText(value.map((v) => textOf(v) ?? '').join(', '));
  const text = toText(value);
  return text === undefined || text === 'n/a' ? undefined : text;
}

/**
 * The fields of a Details, ExtraFieldInfo or AllFieldInfo value: an object's entries (JSON output), or the
 * `Key: value ¦ Key: value` pairs of a CSV cell. A value is everything after the first `: ` of its pair.
 */
export function hayabusaFields(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      const text = textOf(v);
      if (text !== undefined) out.set(key, text);
    }
    return out;
  }
  if (typeof value !== 'string') return out;
  for (const pair of value.split(BAR)) {
    const colon = pair.indexOf(':');
    if (colon <= 0) continue;
    const text = textOf(pair.slice(colon + 1));
    if (text !== undefined && !out.has(pair.slice(0, colon).trim()))
      out.set(pair.slice(0, colon).trim(), text);
  }
  return out;
}

/** A list column: a JSON array, or the ` ¦ `-separated values of a CSV cell. */
function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(BAR) : [];
  return items.map((item) => textOf(item) ?? '').filter((item) => item !== '');
}

/** `DOMAIN\name` split in two; a bare name has no domain. */
function account(text: string | undefined): { name?: string; domain?: string } {
  if (text === undefined) return {};
  const slash = text.indexOf('\\');
  return slash < 0 ? { name: text } : { domain: text.slice(0, slash), name: text.slice(slash + 1) };
}

/** Normalizes one Hayabusa detection (a CSV row by column name, or a JSON object). Fails only on its time. */
export function normalizeHayabusa(record: Doc, zone: string): ParseResult<NormalizedEvent> {
  const time = parseHayabusaTime(record.Timestamp, zone);
  if (!time.ok) return time;
  const title = textOf(record.RuleTitle);
  if (title === undefined) return { ok: false, reason: 'no RuleTitle in the Hayabusa record' };

  const details = hayabusaFields(record.Details);
  // The event's own field names, where the profile gives them: fallbacks for what Details leaves out.
  const own = hayabusaFields(record.AllFieldInfo);
  for (const [k, v] of hayabusaFields(record.ExtraFieldInfo)) if (!own.has(k)) own.set(k, v);
  const get = (...names: readonly string[]): string | undefined => {
    for (const name of names) {
      const v = details.get(name) ?? own.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };

  const level = ruleLevel(record.Level);
  const abbreviation = textOf(record.Channel);
  const channel = abbreviation === undefined ? undefined : (HAYABUSA_CHANNELS[abbreviation] ?? abbreviation);
  const provider = textOf(record.Provider);
  const code = textOf(record.EventID);
  const id = toInteger(code);
  const rule = id === undefined ? undefined : windowsRule(windowsFamily(provider, channel), id);
  const user = account(get('TgtUser', 'User', 'SrcUser', 'TargetUserName', 'SubjectUserName'));
  const executable = get('Proc', 'SrcProc', 'Image', 'NewProcessName', 'ProcessName');
  const hostName = textOf(record.Computer);

  const tags = splitToolTags(listOf(record.MitreTags));
  const other = splitToolTags(listOf(record.OtherTags));
  const tactics = [
    ...new Set([
      ...listOf(record.MitreTactics).map((t) => HAYABUSA_TACTICS[t] ?? tacticName(t) ?? t),
      ...tags.tactics,
    ]),
  ];
  const techniques = [...new Set([...tags.techniques, ...other.techniques])];
  const labels: Record<string, string> = { 'source.tool': 'hayabusa', 'rule.name': title };
  const label = (key: string, value: string | undefined, max = 500): void => {
    if (value !== undefined && value !== '') labels[key] = value.slice(0, max);
  };
  label('rule.level', level);
  label('rule.id', textOf(record.RuleID));
  label('rule.author', textOf(record.RuleAuthor));
  label('rule.status', textOf(record.Status));
  label('rule.file', textOf(record.RuleFile));
  label('rule.tags', [...tags.tags, ...other.tags].join(','), 1000);
  label('threat.technique.id', techniques.join(','));
  label('threat.tactic.name', tactics.join(','));
  label('evtx_file', textOf(record.EvtxFile));
  label('record_id', textOf(record.RecordID));
  label('logon_id', get('LID', 'TargetLogonId', 'SubjectLogonId'));
  if (code === '4624' || code === '4625' || code === '4634') label('logon_type', get('Type', 'LogonType'));
  label('service_name', get('Svc', 'ServiceName'));
  label('registry_key', get('TgtObj', 'RegKey', 'TargetObject'));
  label('details', textOf(typeof record.Details === 'string' ? record.Details : undefined), 1000);

  const fields = compactEvent({
    kind: kindOfLevel(level),
    category: rule?.category,
    type: rule?.type,
    action: rule?.action,
    code,
    provider,
    dataset: windowsDataset(channel, provider),
    hostName,
    userName: user.name,
    userDomain: get('Domain', 'Dom', 'TargetDomainName', 'SubjectDomainName') ?? user.domain,
    sourceIp: get('SrcIP', 'IpAddress', 'SourceIp', 'SourceAddress'),
    sourcePort: toPort(get('SrcPort', 'IpPort', 'SourcePort')),
    destinationIp: get('TgtIP', 'DestinationIp', 'DestAddress'),
    destinationPort: toPort(get('TgtPort', 'DestinationPort', 'DestPort')),
    processName: baseName(executable),
    processExecutable: executable,
    processCommandLine: get('Cmdline', 'CmdLine', 'CommandLine'),
    processPid: toInteger(get('PID', 'SrcPID', 'NewProcessId', 'ProcessId')),
    parentCommandLine: get('ParentCmdline', 'ParentCommandLine'),
    parentPid: toInteger(get('ParentPID', 'ParentProcessId')),
    filePath: get('Path', 'TargetFilename', 'ImageLoaded'),
    fileHash: strongestHash(get('Hashes', 'Hash')),
    dnsQuestion: code === '22' ? get('Query', 'QueryName') : undefined,
    labels,
  });

  const summary = [...details].map(([k, v]) => `${k}: ${v}`).join(' ¦ ');
  const where = hostName === undefined ? '' : ` on ${hostName}`;
  const message = oneLine(
    `${title} (${level ?? textOf(record.Level) ?? '?'})${where}${summary ? `: ${summary}` : ''}`,
    300,
  );
  return { ok: true, value: { time: time.value, message, ...fields } };
}

/** Does a JSON object look like a Hayabusa detection (Timestamp, RuleTitle and Level)? */
export function isHayabusaRecord(record: Doc): boolean {
  return (
    typeof record.Timestamp === 'string' &&
    typeof record.RuleTitle === 'string' &&
    typeof record.Level === 'string' &&
    (record.Computer !== undefined || record.Channel !== undefined || record.EventID !== undefined)
  );
}
