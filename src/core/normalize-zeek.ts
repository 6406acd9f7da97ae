/**
 * Zeek logs written as JSON (`LogAscii::use_json`, JSON streaming, Corelight, RockNSM/Security Onion shippers) as
 * normalized events. Field names come three ways and all are read: Zeek's literal dotted keys (`"id.orig_h"`),
 * nested objects (`{"id":{"orig_h":…}}`) and underscores (`id_orig_h`, RockNSM). The log type comes from `_path`,
 * RockNSM's `@stream`, a hint from the file name, or the fields present. `ts` may be epoch seconds, milliseconds or
 * ISO 8601. Each log type gets a message naming what happened (the DNS query, the HTTP request, the connection...).
 * Reference: https://docs.zeek.org/en/master/logs/index.html
 */
import { compactEvent, type NormalizedEvent, toPort, toText } from './event.js';
import type { ParseResult } from './time.js';
import { parseAnyTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

/** A Zeek field by its dotted name, written dotted, nested or with underscores. */
export function zeekField(record: Doc, path: string): unknown {
  const direct = record[path];
  if (direct !== undefined) return direct;
  const underscored = record[path.replaceAll('.', '_')];
  if (underscored !== undefined) return underscored;
  let value: unknown = record;
  for (const part of path.split('.')) {
    value = obj(value)?.[part];
    if (value === undefined) return undefined;
  }
  return value;
}

/** Zeek's standard log names (and common package logs), as they appear in `_path` and file names. */
export const ZEEK_LOGS: ReadonlySet<string> = new Set(
  (
    'conn dns http ssl files kerberos ntlm smb_files smb_mapping dce_rpc notice weird x509 pe dpd ssh rdp smtp ' +
    'ftp dhcp software tunnel snmp sip radius mysql irc intel known_hosts known_services known_certs ocsp ' +
    'analyzer packet_filter reporter capture_loss stats signatures socks syslog conn_long quic ldap ldap_search ' +
    'modbus dnp3 ntp'
  ).split(' '),
);

/** The log type from the fields present, for exports that name it nowhere. */
function inferLog(r: Doc): string | undefined {
  const has = (path: string) => zeekField(r, path) !== undefined;
  if (has('conn_state') || (has('history') && has('proto'))) return 'conn';
  if (has('qtype_name') || has('rcode_name') || (has('query') && has('trans_id'))) return 'dns';
  if (has('method') && (has('uri') || has('status_code'))) return 'http';
  if (has('server_name') || (has('cipher') && has('established'))) return 'ssl';
  if (has('fuid') && (has('mime_type') || has('tx_hosts') || has('analyzers'))) return 'files';
  if (has('request_type') && has('client') && has('service')) return 'kerberos';
  if (has('share_type')) return 'smb_mapping';
  if (typeof zeekField(r, 'action') === 'string' && String(zeekField(r, 'action')).startsWith('SMB::')) {
    return 'smb_files';
  }
  if (has('endpoint') && has('operation')) return 'dce_rpc';
  if (has('note')) return 'notice';
  if (has('name') && has('peer') && !has('uid')) return 'weird';
  if (has('certificate.subject') || has('certificate.serial')) return 'x509';
  if (has('machine') && has('compile_ts')) return 'pe';
  if (has('analyzer') && has('failure_reason')) return 'dpd';
  if (has('auth_success') && has('server')) return 'ssh';
  if (has('username') && has('domainname')) return 'ntlm';
  return undefined;
}

/** The log a record comes from: `_path`, `@stream`, the file-name hint, or the fields present. */
export function zeekLogOf(record: Doc, hint?: string): string | undefined {
  const named = toText(record._path) ?? toText(record['@stream']);
  return named ?? hint ?? inferLog(record);
}

const CATEGORY: Readonly<Record<string, string>> = {
  conn: 'network',
  dns: 'network',
  http: 'web',
  ssl: 'network',
  files: 'file',
  pe: 'file',
  smb_files: 'file',
  smb_mapping: 'file',
  kerberos: 'authentication',
  ntlm: 'authentication',
  ssh: 'authentication',
  rdp: 'authentication',
  notice: 'intrusion_detection',
  weird: 'network',
  dce_rpc: 'network',
};

interface Described {
  readonly message: string;
  readonly fields?: Partial<Omit<NormalizedEvent, 'time' | 'message' | 'labels'>>;
  readonly labels?: Readonly<Record<string, unknown>>;
}

const list = (value: unknown): string | undefined =>
  Array.isArray(value) ? value.slice(0, 5).map(String).join(', ') : toText(value);

/** What one record of a log says, in words and fields. `f` reads a field; `peers` is `a:1 → b:2`. */
function describe(log: string, f: (path: string) => unknown, peers: string): Described {
  const t = (path: string) => toText(f(path));
  switch (log) {
    case 'conn': {
      const service = t('service');
      const bytes = [t('orig_bytes'), t('resp_bytes')].some(Boolean)
        ? `, ${t('orig_bytes') ?? 0}/${t('resp_bytes') ?? 0} bytes`
        : '';
      return {
        message:
          `${t('proto') ?? 'conn'}${service ? `/${service}` : ''} ${peers} ${t('conn_state') ?? ''}${bytes}`.trim(),
        labels: {
          proto: f('proto'),
          service,
          conn_state: f('conn_state'),
          duration: f('duration'),
          history: f('history'),
          orig_bytes: f('orig_bytes'),
          resp_bytes: f('resp_bytes'),
        },
      };
    }
    case 'dns': {
      const answers = list(f('answers'));
      return {
        message: `DNS ${t('qtype_name') ?? 'query'} ${t('query') ?? '?'}${t('rcode_name') ? ` → ${t('rcode_name')}` : ''}${answers ? `: ${answers}` : ''}`,
        fields: { dnsQuestion: t('query') },
        labels: { qtype: f('qtype_name'), rcode: f('rcode_name'), answers },
      };
    }
    case 'http': {
      const host = t('host');
      const uri = t('uri') ?? '';
      return {
        message:
          `HTTP ${t('method') ?? ''} ${host ?? ''}${uri}${t('status_code') ? ` → ${t('status_code')}` : ''}`.replace(
            /\s+/g,
            ' ',
          ),
        fields: { action: t('method'), url: host ? `http://${host}${uri}` : uri || undefined },
        labels: {
          status_code: f('status_code'),
          user_agent: f('user_agent'),
          referrer: f('referrer'),
          resp_mime_types: list(f('resp_mime_types')),
        },
      };
    }
    case 'ssl':
      return {
        message:
          `TLS ${t('version') ?? ''} ${t('server_name') ?? peers}${f('established') === false ? ' (not established)' : ''}`.replace(
            /\s+/g,
            ' ',
          ),
        labels: {
          server_name: f('server_name'),
          version: f('version'),
          cipher: f('cipher'),
          subject: f('subject'),
          issuer: f('issuer'),
          validation_status: f('validation_status'),
          ja3: f('ja3'),
        },
      };
    case 'files': {
      const name = t('filename') ?? t('fuid') ?? 'file';
      return {
        message: `File ${name}${t('mime_type') ? ` (${t('mime_type')})` : ''}${(t('total_bytes') ?? t('seen_bytes')) ? `, ${t('total_bytes') ?? t('seen_bytes')} bytes` : ''}${t('source') ? ` over ${t('source')}` : ''}`,
        fields: { filePath: t('filename'), fileHash: t('sha256') ?? t('sha1') ?? t('md5') },
        labels: {
          fuid: f('fuid'),
          mime_type: f('mime_type'),
          md5: f('md5'),
          sha1: f('sha1'),
          tx_hosts: list(f('tx_hosts')),
          rx_hosts: list(f('rx_hosts')),
        },
      };
    }
    case 'kerberos': {
      const client = t('client');
      const [user, realm] = client?.split('/') ?? [];
      const success = f('success');
      return {
        message:
          `Kerberos ${t('request_type') ?? 'request'} ${client ?? ''} → ${t('service') ?? '?'}${success === true ? ' succeeded' : success === false ? ` failed${t('error_msg') ? `: ${t('error_msg')}` : ''}` : ''}`.replace(
            /\s+/g,
            ' ',
          ),
        fields: {
          action: t('request_type'),
          userName: user,
          userDomain: realm,
          outcome: success === true ? 'success' : success === false ? 'failure' : undefined,
        },
        labels: { service: f('service'), cipher: f('cipher'), error: f('error_msg') },
      };
    }
    case 'ntlm': {
      const success = f('success');
      return {
        message: `NTLM ${t('domainname') ? `${t('domainname')}\\` : ''}${t('username') ?? '?'} from ${t('hostname') ?? peers}${success === false ? ' failed' : ''}`,
        fields: {
          userName: t('username'),
          userDomain: t('domainname'),
          outcome: success === true ? 'success' : success === false ? 'failure' : undefined,
        },
        labels: { client_host: f('hostname'), server: f('server_nb_computer_name') },
      };
    }
    case 'ssh': {
      const success = f('auth_success');
      return {
        message: `SSH ${peers}${success === true ? ' authenticated' : success === false ? ' authentication failed' : ''}`,
        fields: { outcome: success === true ? 'success' : success === false ? 'failure' : undefined },
        labels: {
          client: f('client'),
          server: f('server'),
          direction: f('direction'),
          auth_attempts: f('auth_attempts'),
        },
      };
    }
    case 'smb_files': {
      const path = [t('path'), t('name')].filter(Boolean).join('\\');
      const action = t('action');
      return {
        message: `SMB ${action?.replace(/^SMB::FILE_/, '').toLowerCase() ?? 'file'} ${path}`,
        fields: { action, filePath: path || undefined },
      };
    }
    case 'smb_mapping':
      return {
        message: `SMB map ${t('path') ?? '?'}${t('share_type') ? ` (${t('share_type')})` : ''}`,
        fields: { filePath: t('path') },
      };
    case 'dce_rpc':
      return {
        message: `DCE-RPC ${t('endpoint') ?? '?'}::${t('operation') ?? '?'}${t('named_pipe') ? ` via ${t('named_pipe')}` : ''} ${peers}`,
        fields: { action: t('operation') },
      };
    case 'notice':
      return {
        message: `Notice ${t('note') ?? ''}: ${t('msg') ?? ''}${t('sub') ? ` (${t('sub')})` : ''}`,
        fields: { kind: 'alert', action: t('note'), sourceIp: t('src'), destinationIp: t('dst') },
      };
    case 'weird':
      return {
        message: `Weird ${t('name') ?? ''}${t('addl') ? ` (${t('addl')})` : ''} ${peers}`.trim(),
        fields: { action: t('name') },
      };
    case 'x509':
      return {
        message: `X.509 certificate ${t('certificate.subject') ?? '?'} issued by ${t('certificate.issuer') ?? '?'}`,
        labels: {
          serial: f('certificate.serial'),
          not_valid_after: f('certificate.not_valid_after'),
          san_dns: list(f('san.dns')),
          fingerprint: f('fingerprint'),
        },
      };
    case 'pe':
      return {
        message:
          `PE ${t('machine') ?? ''} ${t('os') ?? ''} ${f('is_exe') === false ? 'library' : 'executable'}`.replace(
            /\s+/g,
            ' ',
          ),
        labels: {
          compile_ts: f('compile_ts'),
          subsystem: f('subsystem'),
          sections: list(f('section_names')),
        },
      };
    case 'dpd':
      return {
        message: `Protocol analysis failed: ${t('analyzer') ?? '?'} ${peers} (${t('failure_reason') ?? ''})`,
      };
    case 'smtp':
      return {
        message: `SMTP ${t('mailfrom') ?? '?'} → ${list(f('rcptto')) ?? '?'}${t('subject') ? ` "${t('subject')}"` : ''}`,
      };
    default:
      return { message: `${log} ${peers}`.trim() };
  }
}

/**
 * Normalizes one Zeek JSON record. `logHint` is the log type from the file name (`conn.log` → `conn`), used when
 * the record does not name its log. Fails only when `ts` is missing or unreadable.
 */
export function normalizeZeek(record: Doc, zone: string, logHint?: string): ParseResult<NormalizedEvent> {
  const ts = record.ts ?? record['@timestamp'];
  if (ts === undefined) return { ok: false, reason: 'no "ts" in the Zeek record' };
  const time = parseAnyTimestamp(ts, zone);
  if (!time.ok) return time;
  const f = (path: string) => zeekField(record, path);
  const log = zeekLogOf(record, logHint) ?? 'unknown';
  const origIp =
    toText(f('id.orig_h')) ??
    toText(Array.isArray(f('tx_hosts')) ? (f('tx_hosts') as unknown[])[0] : undefined);
  const respIp =
    toText(f('id.resp_h')) ??
    toText(Array.isArray(f('rx_hosts')) ? (f('rx_hosts') as unknown[])[0] : undefined);
  const origPort = toPort(f('id.orig_p'));
  const respPort = toPort(f('id.resp_p'));
  const end = (ip?: string, port?: number) => (ip ? `${ip}${port !== undefined ? `:${port}` : ''}` : '');
  const peers = origIp || respIp ? `${end(origIp, origPort)} → ${end(respIp, respPort)}` : '';
  const described = describe(log, f, peers);

  const labels: Record<string, string> = {};
  const all: Record<string, unknown> = {
    uid: f('uid'),
    sensor: record['@system'] ?? record._system_name,
    ...described.labels,
  };
  for (const [name, value] of Object.entries(all)) {
    const text = toText(value);
    if (text !== undefined) labels[name] = text.slice(0, 500);
  }
  const fields = compactEvent({
    kind: 'event',
    category: CATEGORY[log],
    provider: 'zeek',
    dataset: `zeek.${log}`,
    sourceIp: origIp,
    sourcePort: origPort,
    destinationIp: respIp,
    destinationPort: respPort,
    ...compactEvent(described.fields ?? {}),
    labels: Object.keys(labels).length > 0 ? labels : undefined,
  });
  return { ok: true, value: { time: time.value, message: described.message || `zeek ${log}`, ...fields } };
}
