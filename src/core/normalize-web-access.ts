/**
 * Web server access logs as Apache and Nginx write them: the Common Log Format
 * `host ident authuser [10/Oct/2000:13:55:36 -0700] "GET /path HTTP/1.1" 200 2326`, the Combined format that adds
 * `"referer" "user agent"`, an optional virtual host in front (`%v` or `%v:%p`, as `vhost_combined` writes), and
 * trailing fields after them (response time, upstream, request id) kept as a label. Request lines are decoded
 * from Apache's escapes (`\"`, `\\`); binary or malformed request lines are kept as written. Pure.
 */
import { compactEvent, type EventTime, type NormalizedEvent, toText } from './event.js';
import { toIp } from './normalize-syslog.js';
import type { ParseResult } from './time.js';
import { parseNcsaTimestamp } from './timestamps.js';

/** A decoded access-log line. */
export interface AccessRecord {
  readonly vhost?: string;
  readonly client: string;
  readonly ident: string;
  readonly authUser: string;
  readonly time: EventTime;
  /** The request line, escapes decoded (`GET /index.html HTTP/1.1`). */
  readonly request: string;
  readonly status: string;
  readonly bytes: string;
  readonly referer?: string;
  readonly userAgent?: string;
  /** Fields after the Combined format's, as written. */
  readonly trailing?: string;
}

/** Reads a `"quoted"` field at `at` (which holds the opening quote): its decoded text and the index after it. */
function quoted(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined;
  let value = '';
  let from = at + 1;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text.slice(from, i) + text[i + 1];
      i++;
      from = i + 1;
    } else if (c === 34 /* " */) {
      return { value: value + text.slice(from, i), end: i + 1 };
    }
  }
  return undefined;
}

const fail = (reason: string): ParseResult<AccessRecord> => ({ ok: false, reason });

/** Decodes an access-log line in Common or Combined format (optional vhost prefix, optional trailing fields). */
export function parseAccessLine(text: string, zone: string): ParseResult<AccessRecord> {
  const open = text.indexOf(' [');
  if (open === -1) return fail('not an access-log line: no [time]');
  const prefix = text.slice(0, open).split(' ');
  if (prefix.length !== 3 && prefix.length !== 4) {
    return fail('not an access-log line: expected "host ident user [time]", optionally after a virtual host');
  }
  const [vhost, client = '', ident = '', authUser = ''] =
    prefix.length === 4 ? prefix : [undefined, ...prefix];
  const close = text.indexOf(']', open);
  if (close === -1 || close - open > 40) return fail('not an access-log line: the [time] is not closed');
  const time = parseNcsaTimestamp(text.slice(open + 2, close), zone);
  if (!time.ok) return time;
  if (text[close + 1] !== ' ') return fail('not an access-log line: nothing after the time');
  const request = quoted(text, close + 2);
  if (!request) return fail('not an access-log line: the "request" is missing or not closed');
  const statusAndBytes = /^ (\d{3}|-) (\d+|-)(?= |$)/.exec(text.slice(request.end, request.end + 40));
  if (!statusAndBytes) return fail('not an access-log line: no status and size after the request');
  let at = request.end + statusAndBytes[0].length;
  let referer: string | undefined;
  let userAgent: string | undefined;
  if (text[at + 1] === '"') {
    const ref = quoted(text, at + 1);
    const agent = ref && text[ref.end] === ' ' ? quoted(text, ref.end + 1) : undefined;
    if (ref && agent) {
      referer = ref.value;
      userAgent = agent.value;
      at = agent.end;
    }
  }
  const trailing = text.slice(at).trim();
  return {
    ok: true,
    value: {
      ...(vhost === undefined ? {} : { vhost }),
      client,
      ident,
      authUser,
      time: time.value,
      request: request.value,
      status: statusAndBytes[1] ?? '-',
      bytes: statusAndBytes[2] ?? '-',
      ...(referer === undefined ? {} : { referer, userAgent }),
      ...(trailing === '' ? {} : { trailing }),
    },
  };
}

/** A byte count for people: `512 B`, `1.2 KB`, `3.4 MB`. */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const REQUEST = /^([A-Z][A-Z_-]{0,19}) (\S+)(?: (HTTP\/[\d.]+))?$/;

/**
 * The normalized event of an access-log record: client address, authenticated user, method as the action,
 * request target as the URL, status as the code; outcome success below 400, failure from 400.
 */
export function normalizeAccess(record: AccessRecord): NormalizedEvent {
  const request = REQUEST.exec(record.request);
  const method = request?.[1];
  const target = request?.[2];
  const status = /^\d{3}$/.test(record.status) ? Number(record.status) : undefined;
  const bytes = /^\d+$/.test(record.bytes) ? Number(record.bytes) : undefined;
  const ip = toIp(record.client);
  const labels: Record<string, string | undefined> = {
    status: status === undefined ? undefined : String(status),
    bytes: bytes === undefined ? undefined : String(bytes),
    protocol: request?.[3],
    referer: toText(record.referer),
    user_agent: toText(record.userAgent),
    vhost: record.vhost,
    client_host: ip === undefined ? toText(record.client) : undefined,
    request: request ? undefined : toText(record.request)?.slice(0, 1024),
    trailing: record.trailing?.slice(0, 256),
  };
  const what = request ? `${method} ${target}` : `"${record.request.slice(0, 200)}"`;
  const message = [
    what,
    status === undefined ? undefined : String(status),
    bytes === undefined ? undefined : `(${humanBytes(bytes)})`,
    `from ${record.client}`,
  ]
    .filter((p) => p !== undefined)
    .join(' ');
  return compactEvent({
    time: record.time,
    message,
    kind: 'event',
    category: 'web',
    type: 'access',
    action: method,
    outcome: status === undefined ? undefined : status < 400 ? 'success' : 'failure',
    code: status === undefined ? undefined : String(status),
    dataset: 'web.access',
    userName: toText(record.authUser),
    sourceIp: ip,
    url: target,
    labels: compactEvent(labels) as Record<string, string>,
  });
}
