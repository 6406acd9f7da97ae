/**
 * Reading indicators from what other tools share: STIX 2.1 bundles (indicator patterns made of equality
 * comparisons, sightings for first and last seen, vulnerabilities for CVE ids) and MISP events (attributes with
 * their types and `to_ids` flags). Everything that cannot be read is returned with the reason, never dropped.
 */
import { extractIndicators } from './indicator-extraction.js';
import type { IndicatorType } from './vocabulary.js';

/** An indicator read from a shared file. */
export interface ReadIndicator {
  readonly type: IndicatorType;
  readonly value: string;
  readonly description?: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** Where in the file it came from: `indicator--…`, `Attribute 3`. */
  readonly origin: string;
}

/** What could not be read, and why. */
export interface ReadRejection {
  readonly origin: string;
  readonly reason: string;
}

export interface ReadResult {
  readonly indicators: ReadIndicator[];
  readonly rejected: ReadRejection[];
}

/** STIX object paths of equality comparisons, and the indicator type each gives. */
const STIX_PATHS: Readonly<Record<string, IndicatorType>> = {
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'email-addr:value': 'email',
  "file:hashes.'MD5'": 'md5',
  'file:hashes.MD5': 'md5',
  "file:hashes.'SHA-1'": 'sha1',
  'file:hashes.SHA1': 'sha1',
  "file:hashes.'SHA-256'": 'sha256',
  'file:hashes.SHA256': 'sha256',
  "file:hashes.'SHA-512'": 'sha512',
  'file:hashes.SHA512': 'sha512',
  'file:name': 'file-name',
  'user-account:account_login': 'account',
  'user-account:user_id': 'account',
  "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'": 'user-agent',
};

const COMPARISON = /^\s*([a-z0-9-]+:[^\s=!<>]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*$/;

/** The comparisons of a STIX pattern joined by OR (within or between observation expressions). */
export function readStixPattern(pattern: string): { type: IndicatorType; value: string }[] | string {
  const trimmed = pattern.trim();
  if (
    /\b(AND|FOLLOWEDBY|WITHIN|REPEATS|START|STOP|NOT|MATCHES|LIKE|IN)\b/.test(
      trimmed.replace(/'(?:[^'\\]|\\.)*'/g, "''"),
    )
  )
    return 'only comparisons with = joined by OR are read';
  const out: { type: IndicatorType; value: string }[] = [];
  // Split on OR outside string literals, then drop the brackets of observation expressions.
  const parts = trimmed.split(/\s+OR\s+(?=(?:[^']*'[^']*')*[^']*$)/);
  for (const part of parts) {
    const inner = part.trim().replace(/^\[+/, '').replace(/\]+$/, '');
    const match = COMPARISON.exec(inner);
    if (!match) return `cannot read the comparison "${part.trim()}"`;
    const [, path = '', raw = ''] = match;
    const type = STIX_PATHS[path];
    if (type === undefined) return `no indicator type for the object path ${path}`;
    out.push({ type, value: raw.replace(/\\(.)/g, '$1') });
  }
  return out;
}

interface StixLike {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly [key: string]: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Indicators from a STIX 2.1 bundle (or a single object, or a list of objects). */
export function readStixBundle(value: unknown): ReadResult {
  const objects: StixLike[] = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && Array.isArray((value as { objects?: unknown }).objects)
      ? (value as { objects: StixLike[] }).objects
      : value !== null && typeof value === 'object'
        ? [value as StixLike]
        : [];
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  const seen = new Map<string, { first?: string; last?: string }>();
  for (const o of objects) {
    if (o?.type !== 'sighting' || typeof o.sighting_of_ref !== 'string') continue;
    const previous = seen.get(o.sighting_of_ref) ?? {};
    const first = text(o.first_seen);
    const last = text(o.last_seen);
    seen.set(o.sighting_of_ref, {
      ...(first === undefined && previous.first === undefined
        ? {}
        : { first: [previous.first, first].filter((x): x is string => x !== undefined).sort()[0] }),
      ...(last === undefined && previous.last === undefined
        ? {}
        : {
            last: [previous.last, last]
              .filter((x): x is string => x !== undefined)
              .sort()
              .at(-1),
          }),
    });
  }
  objects.forEach((o, index) => {
    const origin = typeof o?.id === 'string' ? o.id : `objects[${index}]`;
    const sighting = typeof o?.id === 'string' ? seen.get(o.id) : undefined;
    const times = {
      ...(sighting?.first === undefined ? {} : { firstSeen: sighting.first }),
      ...(sighting?.last === undefined ? {} : { lastSeen: sighting.last }),
    };
    const description = text(o?.description);
    const extra = description === undefined ? times : { ...times, description };
    if (o?.type === 'indicator') {
      if (o.pattern_type !== undefined && o.pattern_type !== 'stix') {
        rejected.push({ origin, reason: `pattern_type ${String(o.pattern_type)} is not read (only stix)` });
        return;
      }
      const pattern = text(o.pattern);
      if (pattern === undefined) {
        rejected.push({ origin, reason: 'an indicator without a pattern' });
        return;
      }
      const read = readStixPattern(pattern);
      if (typeof read === 'string') {
        rejected.push({ origin, reason: read });
        return;
      }
      for (const r of read) indicators.push({ ...r, ...extra, origin });
    } else if (o?.type === 'vulnerability') {
      const cve = (Array.isArray(o.external_references) ? o.external_references : []).find(
        (r: { source_name?: unknown }) => r?.source_name === 'cve',
      ) as { external_id?: unknown } | undefined;
      const id = text(cve?.external_id) ?? text(o.name);
      if (id !== undefined && /^CVE-\d{4}-\d{4,}$/i.test(id))
        indicators.push({ type: 'cve', value: id.toUpperCase(), ...extra, origin });
      else rejected.push({ origin, reason: 'a vulnerability without a CVE id' });
    }
  });
  return { indicators, rejected };
}

/** MISP attribute types and the indicator type each gives; `ip-*` are told apart as IPv4 or IPv6 by value. */
const MISP_TYPES: Readonly<Record<string, IndicatorType | 'ip'>> = {
  'ip-dst': 'ip',
  'ip-src': 'ip',
  domain: 'domain',
  hostname: 'domain',
  url: 'url',
  link: 'url',
  uri: 'url',
  'email-src': 'email',
  'email-dst': 'email',
  email: 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  vulnerability: 'cve',
  filename: 'file-name',
  'user-agent': 'user-agent',
  'target-user': 'account',
};

interface MispAttribute {
  readonly type?: unknown;
  readonly value?: unknown;
  readonly to_ids?: unknown;
  readonly comment?: unknown;
  readonly first_seen?: unknown;
  readonly last_seen?: unknown;
}

/**
 * Indicators from a MISP event (`{ "Event": {...} }` or the event itself), its attributes and those of its
 * objects. Composite types (`ip-dst|port`, `filename|sha256`) give each part its type. Attributes whose `to_ids`
 * is false are not for detection: they are rejected with that reason unless `includeNonIds` is set.
 */
export function readMispEvent(value: unknown, options: { includeNonIds?: boolean } = {}): ReadResult {
  const event = ((value as { Event?: unknown } | null)?.Event ?? value) as {
    Attribute?: MispAttribute[];
    Object?: { Attribute?: MispAttribute[]; name?: unknown }[];
  } | null;
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  if (
    event === null ||
    typeof event !== 'object' ||
    (!Array.isArray(event.Attribute) && !Array.isArray(event.Object))
  ) {
    rejected.push({ origin: '(file)', reason: 'not a MISP event: no Attribute or Object list' });
    return { indicators, rejected };
  }
  const attributes: { a: MispAttribute; origin: string }[] = [
    ...(event.Attribute ?? []).map((a, i) => ({ a, origin: `Attribute ${i + 1}` })),
    ...(event.Object ?? []).flatMap((o, j) =>
      (o.Attribute ?? []).map((a, i) => ({ a, origin: `Object ${j + 1} Attribute ${i + 1}` })),
    ),
  ];
  for (const { a, origin } of attributes) {
    const type = text(a?.type);
    const raw = text(typeof a?.value === 'number' ? String(a.value) : a?.value);
    if (type === undefined || raw === undefined) {
      rejected.push({ origin, reason: 'an attribute without a type or a value' });
      continue;
    }
    const toIds = a.to_ids === true || a.to_ids === 1 || a.to_ids === '1';
    if (!toIds && !options.includeNonIds) {
      rejected.push({ origin, reason: `${type} ${raw}: to_ids is false (context, not for detection)` });
      continue;
    }
    const extra = {
      ...(text(a.comment) === undefined ? {} : { description: text(a.comment) as string }),
      ...(text(a.first_seen) === undefined ? {} : { firstSeen: text(a.first_seen) as string }),
      ...(text(a.last_seen) === undefined ? {} : { lastSeen: text(a.last_seen) as string }),
    };
    const read = readMispTyped(type, raw, extra, origin);
    indicators.push(...read.indicators);
    rejected.push(...read.rejected);
  }
  return { indicators, rejected };
}

/**
 * The indicators of one value of a MISP attribute type (also the IOC types of DFIR-IRIS, which took MISP's).
 * Composite types (`ip-dst|port`, `filename|sha256`) give each part its type; ports are dropped; types Debrief
 * has no indicator type for (regkey, mutex, AS, btc...) are rejected with the type named.
 */
export function readMispTyped(
  type: string,
  raw: string,
  extra: Omit<ReadIndicator, 'type' | 'value' | 'origin'>,
  origin: string,
  tool = 'MISP',
): ReadResult {
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  const types = type.split('|');
  const values = types.length > 1 ? raw.split('|') : [raw];
  types.forEach((t, i) => {
    const v = values[i]?.trim();
    const mapped = MISP_TYPES[t.trim().toLowerCase()];
    if (t === 'port') return;
    if (mapped === undefined || v === undefined || v === '') {
      rejected.push({ origin, reason: `${tool} type ${t} is not an indicator type Debrief reads` });
      return;
    }
    if (mapped === 'ip') {
      const found = extractIndicators(v);
      const ip = found.ipv4[0] ?? found.ipv6[0];
      if (ip === undefined) rejected.push({ origin, reason: `${t} ${v} is not an IP address` });
      else indicators.push({ type: found.ipv4[0] ? 'ipv4' : 'ipv6', value: ip, ...extra, origin });
      return;
    }
    indicators.push({ type: mapped, value: mapped === 'cve' ? v.toUpperCase() : v, ...extra, origin });
  });
  return { indicators, rejected };
}

/** The formats of a known-bad list (`debrief ioc import --format`, `POST …/indicators/known-bad`). */
export const KNOWN_BAD_FORMATS = [
  'auto',
  'text',
  'csv',
  'stix',
  'misp',
  'misp-json',
  'iris-csv',
  'iris-json',
  'thehive-json',
] as const;
export type KnownBadFormat = (typeof KNOWN_BAD_FORMATS)[number];
