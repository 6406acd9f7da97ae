/**
 * ArcSight Common Event Format (CEF): `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|
 * Name|Severity|Extension`. In the header `\|` and `\\` are escapes; the extension is `key=value` pairs
 * separated by spaces, where values may contain spaces and `\=`, `\\`, `\n`, `\r` are escapes. A value runs
 * until the next ` key=`; an unescaped `=` that does not follow a space-separated key stays in the value, as
 * many devices write them. Keys are read in their short form (`src`) or their full name (`sourceAddress`).
 * Pure.
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
import { toIp } from './normalize-syslog.js';
import type { ParseResult } from './time.js';
import { isTimeZone, localToEpochMs, monthNumber, parseEpoch, parseIsoTimestamp } from './timestamps.js';

/** A decoded CEF record. */
export interface CefRecord {
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly deviceVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
  /** Extension keys as written, values unescaped. */
  readonly extension: Readonly<Record<string, string>>;
}

const KEY = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/**
 * Splits `key=value key2=value with spaces` into pairs, in linear time. With `escapes`, CEF escapes in values
 * are decoded (`\=` → `=`, `\\` → `\`, `\n` → newline, `\r` → carriage return).
 */
export function splitKeyValues(text: string, escapes: boolean): [string, string][] {
  const pairs: [string, string][] = [];
  let key: string | undefined;
  let valueStart = 0;
  let lastSpace = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 32 /* space */) {
      lastSpace = i;
      continue;
    }
    if (c !== 61 /* = */) continue;
    // A key follows a space that lies inside the current value; an `=` with no space since the previous one
    // is part of the value (`request=/a?b=c`).
    if (key !== undefined && lastSpace < valueStart) continue;
    const keyStart = lastSpace + 1;
    if (i - keyStart > 64) continue;
    const candidate = text.slice(keyStart, i);
    if (!KEY.test(candidate)) continue;
    if (key !== undefined) pairs.push([key, decode(text.slice(valueStart, keyStart - 1), escapes)]);
    key = candidate;
    valueStart = i + 1;
  }
  if (key !== undefined) pairs.push([key, decode(text.slice(valueStart), escapes)]);
  return pairs;
}

function decode(value: string, escapes: boolean): string {
  const trimmed = value.trim();
  if (!escapes) return trimmed;
  let at = trimmed.indexOf('\\');
  if (at === -1) return trimmed;
  const parts: string[] = [];
  let from = 0;
  while (at !== -1 && at < trimmed.length - 1) {
    const c = trimmed[at + 1];
    parts.push(trimmed.slice(from, at), c === 'n' ? '\n' : c === 'r' ? '\r' : (c ?? ''));
    from = at + 2;
    at = trimmed.indexOf('\\', from);
  }
  parts.push(trimmed.slice(from));
  return parts.join('');
}

/** Splits the header at unescaped pipes: the first `count` fields, unescaped, and the rest as written. */
export function splitHeader(text: string, count: number): { fields: string[]; rest: string } | undefined {
  const fields: string[] = [];
  let start = 0;
  let escaped = false; // the current field holds a backslash escape
  for (let i = 0; i < text.length && fields.length < count; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      escaped = true;
      i++;
    } else if (c === 124 /* | */) {
      const field = text.slice(start, i);
      fields.push(escaped ? field.replace(/\\([|\\])/g, '$1') : field);
      start = i + 1;
      escaped = false;
    }
  }
  return fields.length === count ? { fields, rest: text.slice(start) } : undefined;
}

/** Decodes a CEF record; `text` starts at `CEF:`. */
export function parseCef(text: string): ParseResult<CefRecord> {
  if (!text.startsWith('CEF:')) return { ok: false, reason: 'not a CEF record: no "CEF:" prefix' };
  const header = splitHeader(text.slice(4), 7);
  if (!header) return { ok: false, reason: 'CEF header has fewer than 7 fields separated by "|"' };
  const [
    version = '',
    vendor = '',
    product = '',
    deviceVersion = '',
    signatureId = '',
    name = '',
    severity = '',
  ] = header.fields;
  const extension: Record<string, string> = {};
  for (const [key, value] of splitKeyValues(header.rest, true)) extension[key] = value;
  return {
    ok: true,
    value: {
      version: version.trim(),
      vendor,
      product,
      deviceVersion,
      signatureId,
      name,
      severity,
      extension,
    },
  };
}

const NAMED_SEVERITY: Readonly<Record<string, number>> = { low: 3, medium: 6, high: 8, 'very-high': 10 };

/** CEF severity: 0-10, or Low (3), Medium (6), High (8), Very-High (10); undefined for Unknown or others. */
export function cefSeverity(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t) && Number(t) <= 10) return Number(t);
  return NAMED_SEVERITY[t];
}

const DEVICE_TIME =
  /^([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (\S+))?$/;

/**
 * A device time as CEF and LEEF write it: epoch milliseconds, `MMM dd yyyy HH:mm:ss[.SSS] [zone]`, or ISO 8601.
 * Without a zone the time is read in `zone` (the device's `dtz` if given, else the assumed zone).
 */
export function parseDeviceTime(text: string, zone: string): ParseResult<EventTime> {
  const t = text.trim();
  const epoch = /^(\d{9,16})(\.\d+)?$/.exec(t);
  if (epoch) return parseEpoch(t, (epoch[1] ?? '').length >= 12 ? 'ms' : 's');
  const m = DEVICE_TIME.exec(t);
  const month = m ? monthNumber(m[1] ?? '') : undefined;
  if (m && month !== undefined) {
    const local = {
      year: Number(m[3]),
      month,
      day: Number(m[2]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Math.min(Number(m[6]), 59),
      millisecond: Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
    };
    const written = m[8];
    const offset =
      written === undefined ? undefined : /^(?:UTC|GMT|Z)$/i.test(written) ? 0 : numericOffset(written);
    if (offset !== undefined) {
      const wall = Date.UTC(
        local.year,
        local.month - 1,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.millisecond,
      );
      return { ok: true, value: { epochMs: wall - offset * 60_000, text, assumed: false } };
    }
    const named = written !== undefined && isTimeZone(written) ? written : undefined;
    return {
      ok: true,
      value: { epochMs: localToEpochMs(local, named ?? zone), text, assumed: named === undefined },
    };
  }
  return parseIsoTimestamp(t, zone);
}

/** `+0100`, `-05:00`, `GMT+01:00` in minutes east of UTC, or undefined. */
export function numericOffset(text: string): number | undefined {
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : undefined;
}

/** Extension keys with both their short and full names, short first. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  src: ['src', 'sourceAddress'],
  dst: ['dst', 'destinationAddress'],
  spt: ['spt', 'sourcePort'],
  dpt: ['dpt', 'destinationPort'],
  suser: ['suser', 'sourceUserName'],
  duser: ['duser', 'destinationUserName'],
  shost: ['shost', 'sourceHostName'],
  dhost: ['dhost', 'destinationHostName'],
  dvchost: ['dvchost', 'deviceHostName'],
  dvc: ['dvc', 'deviceAddress'],
  request: ['request', 'requestURL'],
  act: ['act', 'deviceAction'],
  rt: ['rt', 'receiptTime'],
  start: ['start', 'startTime'],
  end: ['end', 'endTime'],
  msg: ['msg', 'message'],
  fname: ['fname', 'fileName'],
  sproc: ['sproc', 'sourceProcessName'],
  dproc: ['dproc', 'destinationProcessName'],
  spid: ['spid', 'sourceProcessId'],
  dpid: ['dpid', 'destinationProcessId'],
  requestMethod: ['requestMethod', 'method'],
  cat: ['cat', 'deviceEventCategory'],
  proto: ['proto', 'transportProtocol'],
};

/** The most labels one record carries; the raw record keeps everything. */
const MAX_LABELS = 64;

/** Options for normalizing a CEF or LEEF record. */
export interface DeviceEventOptions {
  /** The assumed zone for times without an offset. */
  readonly zone: string;
  /** The time of the syslog header in front of the record, used when the record carries no time. */
  readonly headerTime?: EventTime;
  /** The host of the syslog header in front of the record. */
  readonly headerHost?: string;
}

/** The normalized event of a CEF record. Fails only when the record has no usable time. */
export function normalizeCef(record: CefRecord, options: DeviceEventOptions): ParseResult<NormalizedEvent> {
  const ext = record.extension;
  const used = new Set<string>();
  const get = (name: string): string | undefined => {
    for (const key of ALIASES[name] ?? [name]) {
      const value = ext[key];
      if (value !== undefined) {
        used.add(key);
        return toText(value);
      }
    }
    return undefined;
  };
  const dtz = get('dtz') ?? get('deviceTimeZone');
  const zone = dtz !== undefined && isTimeZone(dtz) ? dtz : options.zone;
  let time: EventTime | undefined;
  for (const name of ['rt', 'end', 'start']) {
    const value = get(name);
    const parsed = value === undefined ? undefined : parseDeviceTime(value, zone);
    if (parsed?.ok) {
      time = parsed.value;
      break;
    }
  }
  time ??= options.headerTime;
  if (time === undefined)
    return { ok: false, reason: 'the CEF record has no time (rt, end, start) and no syslog header time' };
  const labels: Record<string, string> = {
    cef_version: record.version,
    device_vendor: record.vendor,
    device_product: record.product,
    device_version: record.deviceVersion,
    cef_severity: record.severity,
  };
  // Custom strings and numbers carry their meaning in a companion label (`cs1Label=Rule Name`).
  for (const [key, value] of Object.entries(ext)) {
    const custom = /^(c[sn]\d|c6a\d|cfp\d|flexString\d|flexNumber\d|deviceCustomDate\d)$/.exec(key);
    if (!custom) continue;
    used.add(key);
    const label = ext[`${key}Label`];
    if (label !== undefined) used.add(`${key}Label`);
    labels[label ?? key] = value;
  }
  const srcIp = get('src') ?? ext.c6a2;
  const dstIp = get('dst') ?? ext.c6a3;
  const sourceUser = get('suser');
  const destinationUser = get('duser');
  const act = get('act');
  const fname = get('fname');
  const fields = {
    kind: 'event',
    action: act,
    outcome: normalizeOutcome(get('outcome')) ?? normalizeOutcome(act),
    code: toText(record.signatureId),
    provider: toText(`${record.vendor} ${record.product}`),
    dataset: 'cef',
    severity: cefSeverity(record.severity),
    hostName: get('dvchost') ?? options.headerHost,
    hostIp: toIp(get('dvc')),
    userName: sourceUser ?? destinationUser,
    sourceIp: toIp(srcIp) ?? srcIp,
    sourcePort: toPort(get('spt')),
    destinationIp: toIp(dstIp) ?? dstIp,
    destinationPort: toPort(get('dpt')),
    processName: get('sproc') ?? get('dproc'),
    processPid: toInteger(get('spid') ?? get('dpid')),
    filePath: get('filePath') ?? fname,
    fileHash: get('fileHash'),
    url: get('request'),
  };
  const extra: Record<string, string | undefined> = {
    destination_user: sourceUser === undefined ? undefined : destinationUser,
    source_host: get('shost'),
    destination_host: get('dhost'),
    method: get('requestMethod'),
    category: get('cat'),
    protocol: get('proto') ?? get('app'),
    file_name: fname === fields.filePath ? undefined : fname,
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) labels[key] = value;
  const message = [toText(record.name), get('msg')].filter((p) => p !== undefined).join(': ');
  for (const [key, value] of Object.entries(ext)) {
    if (Object.keys(labels).length >= MAX_LABELS) break;
    if (!used.has(key) && !key.endsWith('Label') && labels[key] === undefined)
      labels[key] = value.slice(0, 1024);
  }
  const partial = compactEvent(fields);
  return {
    ok: true,
    value: { time, message: message === '' ? `CEF ${record.signatureId}` : message, ...partial, labels },
  };
}
