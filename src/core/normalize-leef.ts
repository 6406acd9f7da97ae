/**
 * IBM QRadar Log Event Extended Format (LEEF). 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|` then attributes
 * `key=value` separated by tabs. 2.0: `LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|` then
 * attributes separated by that character, written as itself (`^`) or in hex (`x09`, `0x5E`); an empty
 * delimiter field means tab. The device time is `devTime`, read with `devTimeFormat` (a Java date pattern such as
 * `MMM dd yyyy HH:mm:ss.SSS zzz`) when given. Pure.
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
import {
  type DeviceEventOptions,
  numericOffset,
  parseDeviceTime,
  splitHeader,
  splitKeyValues,
} from './normalize-cef.js';
import { toIp } from './normalize-syslog.js';
import type { ParseResult } from './time.js';
import { isTimeZone, localToEpochMs, monthNumber } from './timestamps.js';

/** A decoded LEEF record. */
export interface LeefRecord {
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly eventId: string;
  /** The attribute delimiter in use. */
  readonly delimiter: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The delimiter a LEEF 2.0 header names: a character, or its code in hex (`x09`, `0x5E`); empty means tab. */
export function leefDelimiter(field: string): string | undefined {
  if (field === '' || field === '\\t') return '\t';
  const hex = /^(?:0x|x)([0-9A-Fa-f]{1,4})$/.exec(field);
  if (hex) return String.fromCharCode(Number.parseInt(hex[1] ?? '', 16));
  return field.length === 1 ? field : undefined;
}

/** Decodes a LEEF record; `text` starts at `LEEF:`. */
export function parseLeef(text: string): ParseResult<LeefRecord> {
  if (!text.startsWith('LEEF:')) return { ok: false, reason: 'not a LEEF record: no "LEEF:" prefix' };
  const header = splitHeader(text.slice(5), 5);
  if (!header) return { ok: false, reason: 'LEEF header has fewer than 5 fields separated by "|"' };
  const [version = '', vendor = '', product = '', productVersion = '', eventId = ''] = header.fields;
  let rest = header.rest;
  let delimiter = '\t';
  if (version.trim().startsWith('2')) {
    // The delimiter field ends at the next pipe; some producers leave it out and start the attributes at once.
    const pipe = rest.indexOf('|');
    const field = pipe === -1 ? undefined : rest.slice(0, pipe);
    const named = field === undefined || field.includes('=') ? undefined : leefDelimiter(field);
    if (field !== undefined && !field.includes('=')) {
      if (named === undefined)
        return {
          ok: false,
          reason: `LEEF 2.0 delimiter "${field.slice(0, 10)}" is not a character or hex code`,
        };
      delimiter = named;
      rest = rest.slice((pipe as number) + 1);
    }
  }
  const attributes: Record<string, string> = {};
  if (rest.includes(delimiter) || !/ [A-Za-z]\w*=/.test(rest)) {
    let last: string | undefined;
    for (const part of rest.split(delimiter)) {
      const eq = part.indexOf('=');
      const key = eq > 0 ? part.slice(0, eq).trim() : '';
      if (eq > 0 && /^[\w.[\]-]{1,64}$/.test(key)) {
        attributes[key] = part.slice(eq + 1);
        last = key;
      } else if (last !== undefined && part !== '') {
        // A delimiter inside a value: keep it in the value.
        attributes[last] = `${attributes[last]}${delimiter}${part}`;
      }
    }
  } else {
    // Some LEEF 1.0 producers separate attributes with spaces: read them as CEF extension pairs.
    for (const [key, value] of splitKeyValues(rest, false)) attributes[key] = value;
  }
  return {
    ok: true,
    value: { version: version.trim(), vendor, product, productVersion, eventId, delimiter, attributes },
  };
}

const PATTERN_TOKEN =
  /'[^']*'|y{2,4}|M{1,4}|d{1,2}|H{1,2}|h{1,2}|k{1,2}|m{1,2}|s{1,2}|S{1,9}|a|E{3,4}|z{1,4}|Z{1,3}|X{1,3}|./g;

/**
 * Reads a time with a Java `SimpleDateFormat` pattern (as LEEF's `devTimeFormat` gives it): y M d H h k m s S
 * a E z Z X and quoted literals. Without a zone in the text the time is read in `zone`.
 */
export function parseJavaTime(text: string, pattern: string, zone: string): ParseResult<EventTime> {
  if (pattern.length > 100) return { ok: false, reason: 'devTimeFormat is longer than 100 characters' };
  const fields: string[] = [];
  let source = '^';
  for (const m of pattern.matchAll(PATTERN_TOKEN)) {
    const t = m[0];
    const c = t[0];
    if (c === "'") source += t.length === 2 ? "'" : escapeRegex(t.slice(1, -1));
    else if (c === 'y') source += t.length === 2 ? '(\\d{2})' : '(\\d{4})';
    else if (c === 'M') source += t.length >= 3 ? '([A-Za-z]{3,9})' : '(\\d{1,2})';
    else if (c === 'S') source += '(\\d{1,9})';
    else if (c === 'a') source += '([AaPp][Mm])';
    else if (c === 'E') source += '([A-Za-z]{3,9})';
    else if (c === 'z' || c === 'Z' || c === 'X')
      source += '(Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2}|[A-Za-z][\\w/+-]{0,40})';
    else if ('dHhkms'.includes(c ?? '')) source += '(\\d{1,2})';
    else {
      source += escapeRegex(t);
      continue;
    }
    if (c !== "'") fields.push(c ?? '');
  }
  const m = new RegExp(`${source}$`).exec(text.trim());
  if (!m)
    return {
      ok: false,
      reason: `"${text.slice(0, 40)}" does not match devTimeFormat "${pattern.slice(0, 40)}"`,
    };
  let [year, month, day, hour, minute, second, ms] = [1970, 1, 1, 0, 0, 0, 0];
  let pm: boolean | undefined;
  let written: string | undefined;
  fields.forEach((f, i) => {
    const v = m[i + 1] ?? '';
    if (f === 'y') year = v.length === 2 ? 2000 + Number(v) : Number(v);
    else if (f === 'M') month = /^\d+$/.test(v) ? Number(v) : (monthNumber(v) ?? 0);
    else if (f === 'd') day = Number(v);
    else if (f === 'H' || f === 'k' || f === 'h') hour = Number(v) % 24;
    else if (f === 'm') minute = Number(v);
    else if (f === 's') second = Number(v);
    else if (f === 'S') ms = Number(v.padEnd(3, '0').slice(0, 3));
    else if (f === 'a') pm = v.toLowerCase() === 'pm';
    else if (f === 'z' || f === 'Z' || f === 'X') written = v;
  });
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return { ok: false, reason: `"${text.slice(0, 40)}": a field is out of range` };
  }
  const local = { year, month, day, hour, minute, second: Math.min(second, 59), millisecond: ms };
  const offset =
    written === undefined ? undefined : /^(?:Z|UTC|GMT)$/i.test(written) ? 0 : numericOffset(written);
  if (offset !== undefined) {
    const wall = Date.UTC(year, month - 1, day, hour, minute, local.second, ms);
    return { ok: true, value: { epochMs: wall - offset * 60_000, text, assumed: false } };
  }
  const named = written !== undefined && isTimeZone(written) ? written : undefined;
  return {
    ok: true,
    value: { epochMs: localToEpochMs(local, named ?? zone), text, assumed: named === undefined },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The normalized event of a LEEF record. Fails only when the record has no usable time. */
export function normalizeLeef(record: LeefRecord, options: DeviceEventOptions): ParseResult<NormalizedEvent> {
  const a = record.attributes;
  const used = new Set<string>();
  const get = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = toText(a[key]);
      used.add(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const devTime = get('devTime');
  const format = get('devTimeFormat');
  let time: EventTime | undefined;
  if (devTime !== undefined) {
    const parsed = format
      ? parseJavaTime(devTime, format, options.zone)
      : parseDeviceTime(devTime, options.zone);
    if (!parsed.ok && options.headerTime === undefined) return parsed;
    if (parsed.ok) time = parsed.value;
  }
  time ??= options.headerTime;
  if (time === undefined)
    return { ok: false, reason: 'the LEEF record has no devTime and no syslog header time' };
  const srcIp = get('src', 'srcPreNAT');
  const dstIp = get('dst', 'dstPreNAT');
  const action = get('action', 'act');
  const sev = get('sev', 'severity');
  const fields = {
    kind: 'event',
    action,
    outcome: normalizeOutcome(get('outcome', 'result')) ?? normalizeOutcome(action),
    code: toText(record.eventId),
    provider: toText(`${record.vendor} ${record.product}`),
    dataset: 'leef',
    severity: sev !== undefined && /^\d{1,2}$/.test(sev) ? Number(sev) : undefined,
    hostName: options.headerHost ?? get('identHostName'),
    userName: get('usrName', 'accountName', 'suser', 'user'),
    userDomain: get('domain', 'realm'),
    sourceIp: toIp(srcIp) ?? srcIp,
    sourcePort: toPort(get('srcPort', 'srcPreNATPort')),
    destinationIp: toIp(dstIp) ?? dstIp,
    destinationPort: toPort(get('dstPort', 'dstPreNATPort')),
    processName: get('proc', 'process', 'processName'),
    processPid: toInteger(get('pid', 'processId')),
    filePath: get('filePath', 'fileName', 'fname'),
    fileHash: get('fileHash', 'sha256', 'md5'),
    url: get('url'),
  };
  const labels: Record<string, string> = {
    leef_version: record.version,
    device_vendor: record.vendor,
    device_product: record.product,
    device_version: record.productVersion,
  };
  let count = 4;
  for (const [key, value] of Object.entries(a)) {
    if (count >= 64) break;
    if (!used.has(key)) {
      labels[key === 'cat' ? 'category' : key] = value.slice(0, 1024);
      count++;
    }
  }
  const partial = compactEvent(fields);
  const text = get('msg', 'message', 'description');
  const summary = [
    record.eventId,
    partial.userName && `user ${partial.userName}`,
    srcIp && `from ${srcIp}`,
    dstIp && `to ${dstIp}`,
  ]
    .filter((p) => p)
    .join(' ');
  return { ok: true, value: { time, message: text ?? (summary || 'LEEF event'), ...partial, labels } };
}
