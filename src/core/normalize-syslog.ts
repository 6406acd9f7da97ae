/**
 * What a syslog record means: severity and facility from its priority, the program and process from its tag,
 * and, for the messages that matter in an intrusion (sshd logins, sudo, su, account changes, PAM, cron), who did
 * what from where. The line itself is decoded by the syslog reader (src/ingest/formats/syslog.ts); this module
 * takes the decoded parts. Pure.
 */
import { compactEvent, type EventTime, type NormalizedEvent, toPort } from './event.js';

/** The parts of a syslog line (RFC 3164 or RFC 5424) after decoding. */
export interface SyslogRecord {
  /** The `<PRI>` value (facility × 8 + severity), when the line has one. */
  readonly priority?: number;
  readonly hostName?: string;
  /** The program: the tag's name (`sshd` of `sshd[123]:` or `sshd(pam_unix)[123]:`), or RFC 5424 APP-NAME. */
  readonly appName?: string;
  readonly procId?: string;
  /** RFC 5424 MSGID. */
  readonly msgId?: string;
  /** RFC 5424 structured data, as `id.param` → value. */
  readonly structuredData?: Readonly<Record<string, string>>;
  /** The free-text message after the tag (may be empty). */
  readonly message: string;
}

/** Syslog facility names by number (RFC 5424 table 1). */
export const FACILITIES: readonly string[] = (
  'kern user mail daemon auth syslog lpr news uucp cron authpriv ftp ntp security console solaris-cron ' +
  'local0 local1 local2 local3 local4 local5 local6 local7'
).split(' ');

/** Syslog severity names by number (RFC 5424 table 2). */
export const SEVERITIES: readonly string[] = 'emerg alert crit err warning notice info debug'.split(' ');

/** Fields an auth message fills, beyond those of every syslog event. */
export type SyslogEnrichment = Omit<Partial<NormalizedEvent>, 'time' | 'message'>;

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isIpv6(text: string): boolean {
  if (text.length > 45 || !text.includes(':')) return false;
  const compressed = text.includes('::');
  if (compressed && text.indexOf('::') !== text.lastIndexOf('::')) return false;
  const groups = text.split(':');
  const last = groups[groups.length - 1] ?? '';
  const tail = IPV4.test(last) ? 2 : 1; // an IPv4 tail counts as two groups
  const count = groups.filter((g) => g !== '').length - 1 + tail;
  const valid = groups.every(
    (g, i) => g === '' || HEX_GROUP.test(g) || (i === groups.length - 1 && tail === 2),
  );
  return valid && (compressed ? count <= 7 : count === 8 && groups.every((g) => g !== ''));
}

/** The text if it is an IPv4 or IPv6 address (a `::ffff:` prefix removed), else undefined. */
export function toIp(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = text.startsWith('::ffff:') && IPV4.test(text.slice(7)) ? text.slice(7) : text;
  return IPV4.test(value) || isIpv6(value) ? value : undefined;
}

/** Source fields from a remote host that may be an address or a name (PAM's `rhost=`). */
function remote(host: string | undefined, port?: string): SyslogEnrichment {
  if (host === undefined || host === '') return {};
  const ip = toIp(host);
  return ip
    ? { sourceIp: ip, sourcePort: toPort(port) }
    : { labels: { source_host: host }, sourcePort: toPort(port) };
}

// A user name is what the client sent: it may hold spaces, or even " from 1.2.3.4 port 22". sshd writes the real
// source last, so the name runs (greedily) up to the last " from IP port N" of the line.
const SSH_AUTH =
  /^(Accepted|Failed) (\S+) for (invalid user )?(.*) from (\S+) port (\d+)(?: ssh\d)?(?:: .*)?$/;
const SSH_INVALID = /^Invalid user (.*) from (\S+)(?: port (\d+))?$/;
const SSH_PREAUTH_INVALID = /^input_userauth_request: invalid user (\S*)/;
const SSH_DISCONNECT =
  /^(?:Disconnected from|Received disconnect from|Connection closed by|Connection reset by) /;
const SSH_DISCONNECT_USER = /^(?:(?:invalid|authenticating) )?user (\S*) /;
const PORT_AFTER = /^ port (\d+)/;

/** `Disconnected from [invalid user X] IP port N [preauth]`, `Received disconnect from IP: 11: Bye`, ... */
function sshDisconnect(message: string): SyslogEnrichment | undefined {
  const head = SSH_DISCONNECT.exec(message);
  if (!head) return undefined;
  let rest = message.slice(head[0].length);
  const user = SSH_DISCONNECT_USER.exec(rest);
  if (user) rest = rest.slice(user[0].length);
  const space = rest.indexOf(' ');
  const token = space === -1 ? rest : rest.slice(0, space);
  const ip = toIp(token.endsWith(':') ? token.slice(0, -1) : token);
  if (ip === undefined) return undefined;
  const port = space === -1 ? undefined : PORT_AFTER.exec(rest.slice(space));
  return {
    action: 'ssh_disconnect',
    category: 'session',
    type: 'end',
    userName: user?.[1] || undefined,
    sourceIp: ip,
    sourcePort: toPort(port?.[1]),
  };
}
const SSH_BREAK_IN_REVERSE = /^reverse mapping checking getaddrinfo for (\S+) \[([^\]\s]+)\] failed/;
const SSH_BREAK_IN_ADDRESS = /^Address (\S+) maps to (\S+), but this does not map back/;
const SSH_NO_ID = /^Did not receive identification string from (\S+)(?: port (\d+))?/;
const SSH_TOO_MANY =
  /^(?:Disconnecting: Too many authentication failures for|error: maximum authentication attempts exceeded for)(?: invalid user)? (\S+)(?: from (\S+) port (\d+))?/;

function sshd(message: string): SyslogEnrichment | undefined {
  let m = SSH_AUTH.exec(message);
  if (m) {
    const success = m[1] === 'Accepted';
    return {
      action: 'ssh_login',
      category: 'authentication',
      type: success ? 'start' : 'info',
      outcome: success ? 'success' : 'failure',
      userName: m[4] || undefined,
      ...remote(m[5], m[6]),
      labels: { auth_method: m[2] ?? '', ...(m[3] ? { invalid_user: 'true' } : {}) },
    };
  }
  m = SSH_INVALID.exec(message);
  if (m) {
    return {
      action: 'ssh_invalid_user',
      category: 'authentication',
      outcome: 'failure',
      userName: m[1] || undefined,
      ...remote(m[2], m[3]),
    };
  }
  m = SSH_PREAUTH_INVALID.exec(message);
  if (m)
    return { action: 'ssh_invalid_user', category: 'authentication', outcome: 'failure', userName: m[1] };
  m = SSH_TOO_MANY.exec(message);
  if (m) {
    return {
      action: 'ssh_too_many_failures',
      category: 'authentication',
      outcome: 'failure',
      userName: m[1],
      ...remote(m[2], m[3]),
    };
  }
  m = SSH_BREAK_IN_REVERSE.exec(message);
  if (m && message.includes('POSSIBLE BREAK-IN ATTEMPT')) {
    return {
      action: 'ssh_break_in_attempt',
      category: 'intrusion_detection',
      sourceIp: toIp(m[2]),
      labels: { source_host: m[1] ?? '' },
    };
  }
  m = SSH_BREAK_IN_ADDRESS.exec(message);
  if (m && message.includes('POSSIBLE BREAK-IN ATTEMPT')) {
    return {
      action: 'ssh_break_in_attempt',
      category: 'intrusion_detection',
      sourceIp: toIp(m[1]),
      labels: { source_host: m[2] ?? '' },
    };
  }
  m = SSH_NO_ID.exec(message);
  if (m) return { action: 'ssh_no_identification', category: 'network', ...remote(m[1], m[2]) };
  return sshDisconnect(message);
}

/** `key=value` pairs separated by spaces, values possibly empty (`logname= uid=0 ruser= rhost=1.2.3.4`). */
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=(\S*)/g)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

const PAM_PREFIX = /^pam_\w+\(([^)\s]*)\): /;
const PAM_FAILURE = /^(?:authentication failure|PAM (\d+) more authentication failures?);(.*)$/;
const SESSION = /^session (opened|closed) for user ([^\s(]+)(?:\(uid=\d+\))?(?: by ([^\s(]*))?/;

function pam(message: string): SyslogEnrichment | undefined {
  const prefix = PAM_PREFIX.exec(message);
  const text = prefix ? message.slice(prefix[0].length) : message;
  const service = prefix?.[1];
  const withService = (labels: Record<string, string>): Record<string, string> =>
    service ? { pam_service: service, ...labels } : labels;
  const failure = PAM_FAILURE.exec(text);
  if (failure) {
    const kv = keyValues(failure[2] ?? '');
    const source = remote(kv.rhost);
    return {
      action: 'authentication_failure',
      category: 'authentication',
      outcome: 'failure',
      userName: kv.user || undefined,
      ...source,
      labels: withService({ ...source.labels, ...(failure[1] ? { count: failure[1] } : {}) }),
    };
  }
  const session = SESSION.exec(text);
  if (session) {
    return {
      action: session[1] === 'opened' ? 'session_opened' : 'session_closed',
      category: 'session',
      type: session[1] === 'opened' ? 'start' : 'end',
      outcome: 'success',
      userName: session[2],
      labels: withService(session[3] ? { by: session[3] } : {}),
    };
  }
  const changed = /^password changed for (\S+)/.exec(text);
  if (changed) {
    return { action: 'changed-password', category: 'iam', outcome: 'success', userName: changed[1] };
  }
  return undefined;
}

function sudo(message: string): SyslogEnrichment | undefined {
  const m = /^\s*(\S+) : (.*)$/.exec(message);
  if (!m) return undefined;
  const rest = m[2] ?? '';
  const commandAt = rest.indexOf('COMMAND=');
  const command = commandAt === -1 ? undefined : rest.slice(commandAt + 8);
  const labels: Record<string, string> = {};
  let reason: string | undefined;
  for (const part of (commandAt === -1 ? rest : rest.slice(0, commandAt)).split(' ; ')) {
    const eq = /^([A-Z]+)=(.*)$/.exec(part.trim());
    if (eq) labels[(eq[1] ?? '').toLowerCase()] = eq[2] ?? '';
    else if (part.trim() !== '') reason = part.trim();
  }
  if (command === undefined && reason === undefined) return undefined;
  const { user: target, ...rest2 } = labels;
  return {
    action: 'sudo_command',
    category: 'process',
    outcome: reason === undefined ? 'success' : 'failure',
    userName: m[1],
    processCommandLine: command?.trim() || undefined,
    labels: { ...rest2, ...(target ? { target_user: target } : {}), ...(reason ? { reason } : {}) },
  };
}

const suEvent = (ok: boolean, user?: string, target?: string, tty?: string): SyslogEnrichment => ({
  action: 'su',
  category: 'authentication',
  outcome: ok ? 'success' : 'failure',
  userName: user,
  labels: compactEvent({ target_user: target, tty }) as Record<string, string>,
});

function su(message: string): SyslogEnrichment | undefined {
  let m = /^(Successful|FAILED) su for (\S+) by (\S+)/.exec(message);
  if (m) return suEvent(m[1] !== 'FAILED', m[3], m[2]);
  m = /^([+-]) (\S+) ([^\s:]+):(\S+)/.exec(message);
  if (m) return suEvent(m[1] === '+', m[3], m[4], m[2]);
  m = /^\(to (\S+)\) (\S+) on (\S+)/.exec(message);
  return m ? suEvent(true, m[2], m[1], m[3]) : undefined;
}

/** `name=apache, UID=48, GID=48, home=/usr/share/httpd` → lower-case keys. */
function commaValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(', ')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

function accounts(message: string): SyslogEnrichment | undefined {
  let m = /^new user: (.*)$/.exec(message);
  if (m) {
    const { name, ...labels } = commaValues(m[1] ?? '');
    return {
      action: 'added-user-account',
      category: 'iam',
      type: 'creation',
      outcome: 'success',
      userName: name,
      labels,
    };
  }
  m = /^(?:new group|group added to \S+): (.*)$/.exec(message);
  if (m) {
    const { name, ...labels } = commaValues(m[1] ?? '');
    return {
      action: 'added-group-account',
      category: 'iam',
      type: 'creation',
      outcome: 'success',
      labels: { ...labels, ...(name ? { group: name } : {}) },
    };
  }
  m = /^add '([^']*)' to (?:shadow )?group '([^']*)'/.exec(message);
  if (m) {
    return {
      action: 'added-user-to-group',
      category: 'iam',
      type: 'change',
      outcome: 'success',
      userName: m[1],
      labels: { group: m[2] ?? '' },
    };
  }
  m = /^(delete|lock|unlock|change) user '([^']*)'(?: password)?/.exec(message);
  if (m) {
    const verb = m[1] ?? '';
    const action =
      verb === 'delete'
        ? 'deleted-user-account'
        : verb === 'change'
          ? 'changed-password'
          : `${verb}ed-user-account`;
    return {
      action,
      category: 'iam',
      type: verb === 'delete' ? 'deletion' : 'change',
      outcome: 'success',
      userName: m[2],
    };
  }
  m = /^failed adding user '([^']*)'/.exec(message);
  if (m) return { action: 'added-user-account', category: 'iam', outcome: 'failure', userName: m[1] };
  return undefined;
}

function cron(message: string): SyslogEnrichment | undefined {
  const m = /^\((\S+)\) CMD \((.*)\)\s*$/.exec(message);
  return m
    ? { action: 'cron_command', category: 'process', type: 'start', userName: m[1], processCommandLine: m[2] }
    : undefined;
}

const ACCOUNT_PROGRAMS = 'useradd groupadd usermod userdel groupdel groupmod adduser'.split(' ');

/** The enrichment of each program's messages; PAM messages are read for every program. */
const BY_PROGRAM: Readonly<Record<string, (message: string) => SyslogEnrichment | undefined>> = {
  sshd,
  sudo,
  su,
  ...Object.fromEntries(ACCOUNT_PROGRAMS.map((name) => [name, accounts])),
  ...Object.fromEntries(
    ['cron', 'crond', 'CRON', '/usr/sbin/cron', '/usr/sbin/crond'].map((name) => [name, cron]),
  ),
};

/**
 * The meaning of an auth-relevant message: for sshd, sudo, su, account tools, PAM modules and cron, the action,
 * outcome, user, source address and command line it reports. `message repeated N times: [ ... ]` is read as the
 * repeated message, with the count as a label. Undefined for other messages.
 */
export function enrichSyslogMessage(
  appName: string | undefined,
  message: string,
): SyslogEnrichment | undefined {
  const enrich = (text: string) =>
    (appName === undefined ? undefined : BY_PROGRAM[appName]?.(text)) ?? pam(text);
  // One level only: a repeated message is not itself read for repetitions.
  const repeated = /^message repeated (\d+) times: \[ ?(.*)\]$/.exec(message);
  if (!repeated) return enrich(message);
  const inner = enrich(repeated[2] ?? '');
  return inner && { ...inner, labels: { ...inner.labels, repeated: repeated[1] ?? '' } };
}

const AUTH_PROGRAMS = new Set([
  ...'sshd sudo su login passwd chpasswd chage gpasswd systemd-logind polkitd pkexec'.split(' '),
  ...ACCOUNT_PROGRAMS,
]);

/**
 * The normalized event of a decoded syslog record at `time`. Dataset `auth` for the auth and authpriv
 * facilities (or, without a priority, for auth programs and recognized auth messages), else `syslog`.
 */
export function normalizeSyslog(record: SyslogRecord, time: EventTime, rawLine: string): NormalizedEvent {
  const pri = record.priority;
  const facility = pri === undefined ? undefined : FACILITIES[pri >> 3];
  const severity = pri === undefined ? undefined : pri & 7;
  const enrichment = enrichSyslogMessage(record.appName, record.message);
  const authFacility = facility === 'auth' || facility === 'authpriv';
  const authGuess =
    pri === undefined &&
    ((record.appName !== undefined && AUTH_PROGRAMS.has(record.appName)) ||
      ['authentication', 'iam', 'session'].includes(enrichment?.category ?? ''));
  const labels: Record<string, string> = {};
  let hasLabels = false;
  const label = (name: string, value: string | undefined) => {
    if (value !== undefined) {
      labels[name] = value;
      hasLabels = true;
    }
  };
  label('facility', facility);
  label('severity', severity === undefined ? undefined : (SEVERITIES[severity] ?? String(severity)));
  label('msgid', record.msgId);
  for (const [name, value] of Object.entries(record.structuredData ?? {})) label(name, value);
  for (const [name, value] of Object.entries(enrichment?.labels ?? {})) label(name, value);
  const pid =
    record.procId !== undefined && /^\d{1,10}$/.test(record.procId) ? Number(record.procId) : undefined;
  const message = record.message.trim() === '' ? rawLine.trim() : record.message.trim();
  return compactEvent({
    time,
    message: message.slice(0, 4096),
    kind: 'event',
    ...enrichment,
    dataset: authFacility || authGuess ? 'auth' : 'syslog',
    severity,
    hostName: record.hostName,
    processName: record.appName,
    processPid: pid,
    labels: hasLabels ? labels : undefined,
  });
}
