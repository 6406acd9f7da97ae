/**
 * Linux audit records (auditd's audit.log, and AUOMS lines as Azure Monitor forwards them): one line per record,
 * `type=SYSCALL msg=audit(1700000000.123:456): key=value ...`, optionally prefixed by `node=host` or a syslog
 * header. The records of one event share `audit(time:serial)`; `normalizeAuditEvent` turns them into one event.
 * Strings the kernel considers unsafe (spaces, quotes, control characters) are written in hex without quotes
 * (`proctitle=2F62696E2F7368002D63`, EXECVE `a1=2D6C61`); those are decoded, NUL separators read as spaces.
 * Both functions are pure, for the auditd reader and for any container (JSON, syslog) that carries audit lines.
 */
import { compactEvent, type NormalizedEvent, normalizeOutcome, toInteger, toPort, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseEpoch } from './timestamps.js';

/** One audit record (one line). */
export interface AuditRecord {
  /** The record type: `SYSCALL`, `EXECVE`, `USER_LOGIN`, `AUOMS_EXECVE`... */
  readonly type: string;
  /** Seconds since the epoch with milliseconds, as written (`1700000000.123`). */
  readonly time: string;
  /** The event serial; records with the same time and serial belong to one event. */
  readonly serial: string;
  /** `node=` when the log was written with node names. */
  readonly node?: string;
  /** The fields, hex-encoded strings decoded; the inner `msg='...'` of user-space records merged in. */
  readonly fields: Readonly<Record<string, string>>;
}

const HEADER = /(?:^|\s)(?:node=(\S+) )?type=(\S+) (?:msg=)?audit\((\d{1,12}(?:\.\d{1,9})?):(\d{1,20})\):\s?/;
const FIELD_KEY = /^[A-Za-z_][\w-]{0,63}(?:\[\d{1,5}\])?$/;
/** Fields whose unquoted value is hex-encoded text. */
const ENCODED = new Set([
  'proctitle',
  'cmd',
  'comm',
  'exe',
  'cwd',
  'name',
  'path',
  'acct',
  'data',
  'key',
  'ocomm',
  'watch',
  'root_dir',
]);
const HEX = /^(?:[0-9A-F]{2})+$/;

/** Decodes hex-encoded bytes as UTF-8 (Latin-1 when not valid UTF-8); NUL separators become spaces. */
export function decodeAuditHex(hex: string): string {
  const bytes: string[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(hex.slice(i, i + 2));
  let text: string;
  try {
    text = decodeURIComponent(`%${bytes.join('%')}`);
  } catch {
    text = bytes.map((b) => String.fromCharCode(Number.parseInt(b, 16))).join('');
  }
  return text.replace(/\0+$/, '').replace(/\0/g, ' ');
}

/** Reads `key=value` pairs: "quoted", 'single-quoted' or bare values; bare words without `key=` continue a value. */
function readFields(text: string, type: string, out: Record<string, string>): void {
  let i = 0;
  let lastKey: string | undefined;
  let lastBare = false;
  let eq = -1;
  let nextSpace = -1;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    // The next `=` and space are remembered, so long runs without one cost linear time.
    if (eq !== -2 && eq < i) {
      eq = text.indexOf('=', i);
      if (eq === -1) eq = -2;
    }
    if (nextSpace !== -2 && nextSpace < i) {
      nextSpace = text.indexOf(' ', i);
      if (nextSpace === -1) nextSpace = -2;
    }
    const space = nextSpace === -2 ? -1 : nextSpace;
    const key = eq === -2 || (space !== -1 && space < eq) || eq - i > 64 ? undefined : text.slice(i, eq);
    if (key === undefined || !FIELD_KEY.test(key)) {
      // A word that is not `key=...`: part of the previous bare value (AUOMS writes proctitle unquoted).
      const end = space === -1 ? text.length : space;
      if (lastKey !== undefined && lastBare) out[lastKey] = `${out[lastKey]} ${text.slice(i, end)}`;
      i = end;
      continue;
    }
    i = eq + 1;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      const end = close === -1 ? text.length : close;
      const value = text.slice(i + 1, end);
      i = end + 1;
      if (key === 'msg' && quote === "'") readFields(value, type, out);
      else out[key] = value;
      lastBare = false;
    } else {
      const end = space;
      const value = text.slice(i, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end;
      const encoded = ENCODED.has(key) || (/^a\d+(?:\[\d+\])?$/.test(key) && type === 'EXECVE');
      out[key] = encoded && HEX.test(value) ? decodeAuditHex(value) : value;
      lastBare = !encoded || !HEX.test(value);
    }
    lastKey = key;
  }
}

/** Decodes one audit line (any text before `type=` is ignored, such as a syslog header). */
export function parseAuditLine(text: string): ParseResult<AuditRecord> {
  const m = HEADER.exec(text);
  if (!m) return { ok: false, reason: 'not an audit record: no "type=... msg=audit(time:serial):"' };
  const type = m[2] ?? '';
  const body = text.slice((m.index ?? 0) + m[0].length);
  // The ENRICHED log format appends resolved names after a group separator: `\x1dAUID="alice" UID="root"`.
  const gs = body.indexOf('\x1d');
  const fields: Record<string, string> = {};
  readFields(gs === -1 ? body : body.slice(0, gs), type, fields);
  if (gs !== -1) readFields(body.slice(gs + 1), type, fields);
  return {
    ok: true,
    value: { type, time: m[3] ?? '', serial: m[4] ?? '', ...(m[1] ? { node: m[1] } : {}), fields },
  };
}

/** x86_64 and aarch64 system call numbers worth naming on a timeline. */
const SYSCALLS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  c000003e: {
    '2': 'open',
    '41': 'socket',
    '42': 'connect',
    '43': 'accept',
    '49': 'bind',
    '56': 'clone',
    '57': 'fork',
    '58': 'vfork',
    '59': 'execve',
    '62': 'kill',
    '82': 'rename',
    '87': 'unlink',
    '90': 'chmod',
    '92': 'chown',
    '101': 'ptrace',
    '105': 'setuid',
    '165': 'mount',
    '175': 'init_module',
    '257': 'openat',
    '263': 'unlinkat',
    '264': 'renameat',
    '268': 'fchmodat',
    '288': 'accept4',
    '313': 'finit_module',
    '322': 'execveat',
  },
  c00000b7: {
    '35': 'unlinkat',
    '38': 'renameat',
    '40': 'mount',
    '53': 'fchmodat',
    '56': 'openat',
    '105': 'init_module',
    '117': 'ptrace',
    '129': 'kill',
    '146': 'setuid',
    '198': 'socket',
    '200': 'bind',
    '202': 'accept',
    '203': 'connect',
    '220': 'clone',
    '221': 'execve',
    '242': 'accept4',
    '273': 'finit_module',
    '281': 'execveat',
  },
};

/** Record types that only add detail to the event's main record. */
const AUXILIARY = new Set([
  'EXECVE',
  'PATH',
  'CWD',
  'PROCTITLE',
  'SOCKADDR',
  'EOE',
  'BPRM_FCAPS',
  'OBJ_PID',
  'MMAP',
  'FD_PAIR',
  'SECCOMP',
]);

const ACTIONS: Readonly<Record<string, readonly [string, string]>> = {
  USER_LOGIN: ['logged-in', 'authentication'],
  USER_LOGOUT: ['logged-out', 'authentication'],
  USER_AUTH: ['authenticated', 'authentication'],
  USER_ACCT: ['was-authorized', 'authentication'],
  USER_ERR: ['error', 'authentication'],
  USER_START: ['started-session', 'session'],
  USER_END: ['ended-session', 'session'],
  CRED_ACQ: ['acquired-credentials', 'authentication'],
  CRED_DISP: ['disposed-credentials', 'authentication'],
  CRED_REFR: ['refreshed-credentials', 'authentication'],
  USER_CMD: ['ran-command', 'process'],
  ADD_USER: ['added-user-account', 'iam'],
  DEL_USER: ['deleted-user-account', 'iam'],
  ADD_GROUP: ['added-group-account', 'iam'],
  DEL_GROUP: ['deleted-group-account', 'iam'],
  USER_MGMT: ['modified-user-account', 'iam'],
  GRP_MGMT: ['modified-group-account', 'iam'],
  USER_CHAUTHTOK: ['changed-password', 'iam'],
  ANOM_ABEND: ['crashed-program', 'process'],
  SERVICE_START: ['started-service', 'process'],
  SERVICE_STOP: ['stopped-service', 'process'],
  CONFIG_CHANGE: ['changed-audit-configuration', 'configuration'],
  DAEMON_START: ['started-audit', 'configuration'],
};

const quoteArg = (arg: string): string =>
  arg === '' || /[\s"'\\]/.test(arg) ? `'${arg.replace(/'/g, "'\\''")}'` : arg;

/** The command line of an EXECVE record: a0..a(argc-1), long arguments reassembled from their pieces. */
function execveCommandLine(fields: Readonly<Record<string, string>>): string | undefined {
  const argc = toInteger(fields.argc) ?? 0;
  const args: string[] = [];
  for (let n = 0; n < Math.min(argc, 4096); n++) {
    let arg = fields[`a${n}`];
    if (arg === undefined && fields[`a${n}_len`] !== undefined) {
      arg = '';
      for (let k = 0; fields[`a${n}[${k}]`] !== undefined; k++) arg += fields[`a${n}[${k}]`];
    }
    if (arg === undefined) break;
    args.push(quoteArg(arg));
  }
  return args.length > 0 ? args.join(' ') : undefined;
}

/** Address and port of a SOCKADDR record's `saddr` (IPv4 and IPv6 socket addresses). */
export function decodeSockaddr(saddr: string): { ip: string; port?: number } | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(saddr)) return undefined;
  const byte = (i: number) => Number.parseInt(saddr.slice(i * 2, i * 2 + 2), 16);
  const family = byte(0) + byte(1) * 256;
  const port = byte(2) * 256 + byte(3);
  if (family === 2 && saddr.length >= 16) return { ip: [4, 5, 6, 7].map(byte).join('.'), port: toPort(port) };
  if (family === 10 && saddr.length >= 48) {
    const groups: string[] = [];
    for (let i = 8; i < 24; i += 2) groups.push(((byte(i) << 8) | byte(i + 1)).toString(16));
    return { ip: groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::'), port: toPort(port) };
  }
  return undefined;
}

const UNSET = new Set(['4294967295', '-1', 'unset', '?', '(none)']);
const id = (value: string | undefined): string | undefined =>
  value === undefined || UNSET.has(value) ? undefined : value;

/**
 * The normalized event of the records of one audit event (same time and serial). The main record (the first
 * that is not auxiliary) gives the type and action; EXECVE, PROCTITLE, CWD, PATH and SOCKADDR add the command
 * line, directory, file and peer.
 */
export function normalizeAuditEvent(records: readonly AuditRecord[]): ParseResult<NormalizedEvent> {
  const first = records[0];
  if (first === undefined) return { ok: false, reason: 'no audit records' };
  const time = parseEpoch(first.time, 's');
  if (!time.ok) return time;
  const main = records.find((r) => !AUXILIARY.has(r.type)) ?? first;
  const byType = (type: string) => records.find((r) => r.type === type)?.fields;
  const f = main.fields;
  const execve = byType('EXECVE');
  const proctitle = byType('PROCTITLE')?.proctitle;
  const paths = records.filter((r) => r.type === 'PATH').map((r) => r.fields);
  const path = paths.find((p) => p.nametype !== 'PARENT') ?? paths[0];
  const sock = byType('SOCKADDR')?.saddr;
  const peer = sock === undefined ? undefined : decodeSockaddr(sock);
  const syscall =
    f.SYSCALL ??
    (f.syscall && /^\d+$/.test(f.syscall) ? (SYSCALLS[f.arch ?? '']?.[f.syscall] ?? f.syscall) : f.syscall);
  const executed =
    execve !== undefined || syscall === 'execve' || syscall === 'execveat' || main.type === 'AUOMS_EXECVE';
  const [action, category] =
    ACTIONS[main.type] ??
    (executed ? ['executed', 'process'] : [syscall ?? main.type.toLowerCase(), undefined]);
  const commandLine =
    (execve && execveCommandLine(execve)) ?? toText(proctitle) ?? toText(f.cmdline) ?? toText(f.cmd);
  const outcome =
    normalizeOutcome(f.res === '1' ? 'success' : f.res === '0' ? 'failure' : f.res) ??
    (f.success === 'yes' ? 'success' : f.success === 'no' ? 'failure' : undefined);
  const addr = toText(id(f.addr));
  const userName = toText(id(f.acct)) ?? toText(id(f.UID)) ?? toText(id(f.user)) ?? toText(id(f.AUID));
  const labels: Record<string, string> = {};
  const label = (name: string, value: string | undefined) => {
    const text = toText(value);
    if (text !== undefined && text !== '(null)') labels[name] = text.slice(0, 1024);
  };
  label('record_types', [...new Set(records.map((r) => r.type))].join(','));
  for (const key of ['uid', 'auid', 'euid', 'ses', 'tty', 'key', 'terminal', 'exit', 'op'])
    label(key, id(f[key]));
  label('syscall', syscall);
  label('cwd', byType('CWD')?.cwd ?? f.cwd);
  label('remote_host', id(f.hostname) === addr ? undefined : id(f.hostname));
  const executable = toText(f.exe);
  const processName = toText(f.comm) ?? executable?.split('/').pop();
  const fields = compactEvent({
    kind: 'event',
    category,
    action,
    outcome,
    code: main.type,
    dataset: 'auditd',
    hostName: main.node ?? toText(f.node),
    userName,
    sourceIp: addr,
    destinationIp: peer?.ip,
    destinationPort: peer?.port,
    processName,
    processPid: toInteger(f.pid),
    processExecutable: executable,
    processCommandLine: commandLine,
    parentPid: toInteger(f.ppid),
    filePath: toText(path?.name ?? f.name),
  });
  const who = userName ?? (id(f.auid) ? `auid ${f.auid}` : id(f.uid) ? `uid ${f.uid}` : undefined);
  const what = executed
    ? (commandLine ?? executable ?? processName)
    : [action, fields.filePath].filter(Boolean).join(' ');
  const message = [
    `${main.type}${executed ? ' executed' : ''}`,
    what && `${what}`.slice(0, 500),
    who && `by ${who}`,
    addr && `from ${addr}`,
    peer && `to ${peer.ip}${peer.port === undefined ? '' : `:${peer.port}`}`,
    outcome && `(${outcome})`,
  ]
    .filter(Boolean)
    .join(' ');
  return { ok: true, value: { time: time.value, message, ...fields, labels } };
}
