/**
 * What Windows event ids mean: for each source family (Security auditing, Sysmon, System, PowerShell, Defender)
 * the ECS action, category, type and outcome of an id, whose account the event is about, and a message template.
 *
 * Templates name event-data fields in braces (`{TaskName}`) or computed values (`{target}`, `{subject}`,
 * `{user}`, `{ip}`, `{src}`, `{dst}`, `{process}`, `{parent}`, `{cmd}`, `{file}`, `{member}`, `{status}`,
 * `{script}`, `{direction}`, `{protocol}`); a part in square brackets is left out when a value inside it is
 * missing. Ids not listed still become events, with a generic message (see normalize-windows.ts).
 */
import type { EventOutcome } from './event.js';

/** The sources whose event ids Debrief knows; an id means different things in different sources. */
export type WindowsFamily = 'security' | 'sysmon' | 'system' | 'powershell' | 'defender' | 'other';

/** The meaning of one event id. */
export interface WindowsEventRule {
  readonly action: string;
  /** ECS event.category. */
  readonly category: string;
  /** ECS event.type. */
  readonly type?: string;
  /** Fixed outcome; `status` reads it from the Status field (0x0 is success). */
  readonly outcome?: EventOutcome | 'status';
  /** Whose account `user.name` is: the account logged on (`target`) or the one that acted (`subject`, default). */
  readonly user?: 'target' | 'subject';
  /** The message after the event id, see the module comment. */
  readonly text: string;
}

type Table = Readonly<Record<number, WindowsEventRule>>;

const logon = (action: string, type: string, outcome: EventOutcome | 'status', text: string) =>
  ({ action, category: 'authentication', type, outcome, user: 'target', text }) as const;
const iam = (action: string, type: string, text: string) =>
  ({ action, category: 'iam', type, outcome: 'success', text }) as const;
const task = (action: string, type: string, verb: string) =>
  ({
    action,
    category: 'configuration',
    type,
    outcome: 'success',
    text: `scheduled task ${verb}: {TaskName}[ by {subject}]`,
  }) as const;
const group = (scope: string) =>
  iam(
    'added-member-to-group',
    'change',
    `{member} added to ${scope} group {TargetDomainName}\\{TargetUserName}[ by {subject}]`,
  );

const rule = (
  action: string,
  category: string,
  type: string,
  text: string,
  outcome: EventOutcome | null = 'success',
): WindowsEventRule => ({ action, category, type, outcome: outcome ?? undefined, text });

const SECURITY: Table = {
  1102: iam('audit-log-cleared', 'deletion', 'security audit log cleared[ by {subject}]'),
  4624: logon(
    'logged-in',
    'start',
    'success',
    'logon succeeded for {target}[ from {ip}][ (logon type {LogonType})]',
  ),
  4625: logon(
    'logon-failed',
    'start',
    'failure',
    'logon failed for {target}[ from {ip}][ (logon type {LogonType})]',
  ),
  4634: logon('logged-out', 'end', 'success', 'logoff of {target}[ (logon type {LogonType})]'),
  4647: logon('logged-out', 'end', 'success', 'user-initiated logoff of {target}'),
  4648: logon(
    'logged-in-explicit',
    'start',
    'success',
    'logon with explicit credentials of {target}[ by {subject}][ to {TargetServerName}][ from {ip}]',
  ),
  4672: rule('logged-in-special', 'iam', 'admin', 'special privileges assigned to new logon of {subject}'),
  4688: rule(
    'created-process',
    'process',
    'start',
    'process created: {process}[ ({cmd})][ by {subject}][ parent {parent}]',
  ),
  4689: rule('exited-process', 'process', 'end', 'process exited: {process}[ by {subject}]'),
  4697: iam(
    'service-installed',
    'creation',
    'service installed: {ServiceName}[ ({ServiceFileName})][ by {subject}]',
  ),
  4698: task('scheduled-task-created', 'creation', 'created'),
  4699: task('scheduled-task-deleted', 'deletion', 'deleted'),
  4702: task('scheduled-task-updated', 'change', 'updated'),
  4720: iam('added-user-account', 'creation', 'user account created: {target}[ by {subject}]'),
  4722: iam('enabled-user-account', 'change', 'user account enabled: {target}[ by {subject}]'),
  4724: iam('reset-password', 'change', 'password reset attempted for {target}[ by {subject}]'),
  4725: iam('disabled-user-account', 'change', 'user account disabled: {target}[ by {subject}]'),
  4726: iam('deleted-user-account', 'deletion', 'user account deleted: {target}[ by {subject}]'),
  4728: group('global'),
  4732: group('local'),
  4738: iam('modified-user-account', 'change', 'user account changed: {target}[ by {subject}]'),
  4740: iam(
    'locked-out-user-account',
    'change',
    'user account locked out: {TargetUserName}[ (caller {TargetDomainName})]',
  ),
  4756: group('universal'),
  4768: logon(
    'kerberos-authentication-ticket-requested',
    'start',
    'status',
    'Kerberos TGT requested for {target}[ from {ip}][ (status {status})]',
  ),
  4769: logon(
    'kerberos-service-ticket-requested',
    'start',
    'status',
    'Kerberos service ticket for {ServiceName} requested by {TargetUserName}[ from {ip}][ (status {status})]',
  ),
  4771: logon(
    'kerberos-preauth-failed',
    'start',
    'failure',
    'Kerberos pre-authentication failed for {TargetUserName}[ from {ip}][ (status {status})]',
  ),
  4776: logon(
    'credential-validated',
    'start',
    'status',
    'NTLM credential validation for {TargetUserName}[ from workstation {Workstation}][ (status {status})]',
  ),
  5140: rule(
    'network-share-accessed',
    'file',
    'access',
    'network share {ShareName} accessed[ by {subject}][ from {ip}]',
  ),
  5145: rule(
    'network-share-object-checked',
    'file',
    'access',
    'network share object {ShareName}\\{RelativeTargetName} checked[ for {subject}][ from {ip}]',
    null,
  ),
  5156: rule(
    'network-connection-allowed',
    'network',
    'allowed',
    'connection allowed[ {direction}]: {process}[ {src}][ -> {dst}][ ({protocol})]',
  ),
};

const SYSMON: Table = {
  1: rule(
    'process-created',
    'process',
    'start',
    'process created: {process}[ ({cmd})][ by {user}][ parent {parent}]',
  ),
  2: rule(
    'file-creation-time-changed',
    'file',
    'change',
    'file creation time changed: {file}[ by {process}]',
  ),
  3: rule(
    'network-connection',
    'network',
    'connection',
    'network connection: {process}[ {src}][ -> {dst}][ ({Protocol})]',
  ),
  5: rule('process-terminated', 'process', 'end', 'process terminated: {process}'),
  6: rule('driver-loaded', 'driver', 'start', 'driver loaded: {file}'),
  7: rule('image-loaded', 'library', 'start', 'image loaded: {file}[ into {process}]'),
  8: rule(
    'created-remote-thread',
    'process',
    'change',
    'remote thread created in {TargetImage}[ by {process}]',
  ),
  9: rule('raw-access-read', 'file', 'access', 'raw disk access: {Device}[ by {process}]'),
  10: rule(
    'process-accessed',
    'process',
    'access',
    'process {TargetImage} accessed[ by {process}][ (access {GrantedAccess})]',
  ),
  11: rule('file-created', 'file', 'creation', 'file created: {file}[ by {process}]'),
  12: rule(
    'registry-object-changed',
    'registry',
    'change',
    'registry {EventType}: {TargetObject}[ by {process}]',
  ),
  13: rule(
    'registry-value-set',
    'registry',
    'change',
    'registry value set: {TargetObject}[ = {Details}][ by {process}]',
  ),
  14: rule(
    'registry-object-renamed',
    'registry',
    'change',
    'registry key renamed: {TargetObject}[ to {NewName}]',
  ),
  15: rule('file-stream-created', 'file', 'creation', 'file stream created: {file}[ by {process}]'),
  17: rule('pipe-created', 'file', 'creation', 'named pipe created: {PipeName}[ by {process}]'),
  18: rule('pipe-connected', 'file', 'access', 'named pipe connected: {PipeName}[ by {process}]'),
  19: rule('wmi-filter-registered', 'configuration', 'creation', 'WMI event filter {Operation}: {Name}'),
  20: rule('wmi-consumer-registered', 'configuration', 'creation', 'WMI event consumer {Operation}: {Name}'),
  21: rule('wmi-binding-registered', 'configuration', 'creation', 'WMI consumer bound to filter: {Consumer}'),
  22: rule(
    'dns-query',
    'network',
    'protocol',
    'DNS query for {QueryName}[ by {process}][ (status {QueryStatus})]',
  ),
  23: rule('file-deleted', 'file', 'deletion', 'file deleted: {file}[ by {process}]'),
  25: rule('process-tampering', 'process', 'change', 'process tampering ({Type}): {process}'),
  26: rule('file-deleted', 'file', 'deletion', 'file deletion logged: {file}[ by {process}]'),
};

const SYSTEM: Table = {
  104: iam('log-cleared', 'deletion', '{Channel} event log cleared[ by {subject}]'),
  7045: iam(
    'service-installed',
    'creation',
    'service installed: {ServiceName}[ ({ImagePath})][ as {AccountName}]',
  ),
};

const POWERSHELL: Table = {
  400: rule('engine-started', 'process', 'start', 'PowerShell engine started[: {script}]'),
  403: rule('engine-stopped', 'process', 'end', 'PowerShell engine stopped'),
  800: rule('executed-pipeline', 'process', 'info', 'PowerShell pipeline executed[: {script}]'),
  4103: rule('executed-pipeline', 'process', 'info', 'PowerShell module logging[: {script}]'),
  4104: rule(
    'script-block-logged',
    'process',
    'info',
    'PowerShell script block[ {MessageNumber}/{MessageTotal}][: {script}]',
  ),
};

const DEFENDER: Table = {
  1116: rule('malware-detected', 'malware', 'info', 'malware detected: {Threat Name}[ in {Path}]', null),
  1117: rule(
    'malware-action-taken',
    'malware',
    'info',
    'action taken on malware: {Threat Name}[ ({Action Name})]',
  ),
};

const TABLES: Readonly<Record<WindowsFamily, Table>> = {
  security: SECURITY,
  sysmon: SYSMON,
  system: SYSTEM,
  powershell: POWERSHELL,
  defender: DEFENDER,
  other: {},
};

/** The family of an event from its provider and channel names (case does not matter). */
export function windowsFamily(provider: string | undefined, channel: string | undefined): WindowsFamily {
  const p = provider?.toLowerCase() ?? '';
  const c = channel?.toLowerCase() ?? '';
  if (p.includes('sysmon') || c.startsWith('microsoft-windows-sysmon')) return 'sysmon';
  if (c === 'security' || p === 'microsoft-windows-security-auditing') return 'security';
  if (p.includes('powershell') || c.includes('powershell')) return 'powershell';
  if (p.includes('windows defender') || c.includes('windows defender')) return 'defender';
  if (c === 'system' || p === 'service control manager') return 'system';
  return 'other';
}

/** The rule for an event id in a family, or undefined when Debrief does not know the id. */
export function windowsRule(family: WindowsFamily, eventId: number): WindowsEventRule | undefined {
  return TABLES[family][eventId];
}

/** Every event id with a rule, by family (for documentation and tests). */
export function knownWindowsEventIds(): Readonly<Record<WindowsFamily, readonly number[]>> {
  const entries = Object.entries(TABLES).map(([family, table]) => [family, Object.keys(table).map(Number)]);
  return Object.fromEntries(entries) as Record<WindowsFamily, number[]>;
}

/** A message template compiled once: literal text, placeholders, and optional groups. */
type Piece = string | { readonly name: string } | { readonly group: readonly Piece[] };

const compiledTemplates = new Map<string, readonly Piece[]>();

function compileTemplate(text: string): readonly Piece[] {
  const cached = compiledTemplates.get(text);
  if (cached) return cached;
  const parse = (source: string): Piece[] =>
    source
      .split(/(\{[^{}]+\})/)
      .filter((part) => part !== '')
      .map((part) => (part.startsWith('{') && part.endsWith('}') ? { name: part.slice(1, -1) } : part));
  const pieces: Piece[] = [];
  for (const part of text.split(/(\[[^[\]]*\])/)) {
    if (part.startsWith('[') && part.endsWith(']')) pieces.push({ group: parse(part.slice(1, -1)) });
    else pieces.push(...parse(part));
  }
  compiledTemplates.set(text, pieces);
  return pieces;
}

/** Renders pieces; a missing value renders as `?`, or (`optional`) makes the whole result undefined. */
function renderPieces(
  pieces: readonly Piece[],
  lookup: (name: string) => string | undefined,
  optional: boolean,
): string | undefined {
  let out = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') out += piece;
    else if ('name' in piece) {
      const text = lookup(piece.name);
      if (text === undefined && optional) return undefined;
      out += text ?? '?';
    } else out += renderPieces(piece.group, lookup, true) ?? '';
  }
  return out;
}

/** Renders a rule's message template; `lookup` gives the value of a field or computed name. */
export function renderTemplate(text: string, lookup: (name: string) => string | undefined): string {
  return renderPieces(compileTemplate(text), lookup, false) ?? '';
}

/** Logon types of 4624/4625/4634 and their names. */
export const LOGON_TYPES: Readonly<Record<string, string>> = {
  '0': 'system',
  '2': 'interactive',
  '3': 'network',
  '4': 'batch',
  '5': 'service',
  '7': 'unlock',
  '8': 'network cleartext',
  '9': 'new credentials',
  '10': 'remote interactive',
  '11': 'cached interactive',
  '12': 'cached remote interactive',
  '13': 'cached unlock',
};

/** NTSTATUS codes of failed logons (4625, 4776) and Kerberos result codes (4768, 4769, 4771), lowercase hex. */
export const STATUS_CODES: Readonly<Record<string, string>> = {
  '0x0': 'success',
  '0xc000006d': 'bad user name or password',
  '0xc000006a': 'wrong password',
  '0xc0000064': 'user name does not exist',
  '0xc0000234': 'account locked out',
  '0xc0000072': 'account disabled',
  '0xc000006f': 'outside allowed logon hours',
  '0xc0000070': 'workstation not allowed',
  '0xc0000071': 'password expired',
  '0xc0000193': 'account expired',
  '0xc0000133': 'clock skew too large',
  '0xc0000224': 'password must change',
  '0xc000015b': 'logon type not granted',
  '0xc000005e': 'no logon servers available',
  '0xc0000413': 'authentication firewall',
  '0x6': 'Kerberos: client not found',
  '0x7': 'Kerberos: server not found',
  '0x12': 'Kerberos: client revoked (disabled, expired or locked out)',
  '0x17': 'Kerberos: password expired',
  '0x18': 'Kerberos: pre-authentication failed (bad password)',
  '0x1f': 'Kerberos: integrity check failed',
  '0x25': 'Kerberos: clock skew too large',
};

/** Message-table references (`%%2313`) seen in logon failure reasons, 5156 directions and similar fields. */
export const MESSAGE_REFERENCES: Readonly<Record<string, string>> = {
  '%%2304': 'an error occurred during logon',
  '%%2307': 'account locked out',
  '%%2309': 'password expired',
  '%%2310': 'account disabled',
  '%%2311': 'account restrictions',
  '%%2312': 'logon type not granted',
  '%%2313': 'unknown user name or bad password',
  '%%14592': 'inbound',
  '%%14593': 'outbound',
};

/** IANA protocol numbers as the Windows Filtering Platform writes them (5156). */
export const IP_PROTOCOLS: Readonly<Record<string, string>> = {
  '1': 'ICMP',
  '6': 'TCP',
  '17': 'UDP',
  '58': 'ICMPv6',
};
