/**
 * Reading indicators from case-management tools: DFIR-IRIS IOCs (the IOC CSV its "Upload IOCs" reads and writes,
 * `ioc_value,ioc_type,ioc_description,ioc_tags,ioc_tlp`, and the IOC lists of its API and case export) and
 * TheHive observables (`dataType`, `data`, `ioc`, `sighted`, `tags`). IRIS's IOC types are MISP's attribute types
 * (plus `ip-any` and `account`), read as MISP's are. A TheHive observable counts as an indicator only when its
 * analyst flagged it `ioc`: the others are context (a victim's address, a ticket number) and are reported, as
 * MISP attributes without `to_ids` are. Values of the types found in text are normalized as the extractor
 * normalizes event values (refanged, lowercase domains), so they match what scans find; addresses and hashes
 * that are not valid are reported.
 */
import { extractIndicators } from './indicator-extraction.js';
import {
  type ReadIndicator,
  type ReadRejection,
  type ReadResult,
  readMispTyped,
} from './indicator-reading.js';
import { theHiveItems } from './normalize-thehive.js';
import { type IndicatorType, TEXT_INDICATOR_TYPES } from './vocabulary.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

const text = (value: unknown): string | undefined => {
  const t = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  return t === '' ? undefined : t;
};

/**
 * The indicator normalized as events' values are (a type found in text must be found in its value), or the
 * reason it is not one.
 */
function normalized(indicator: ReadIndicator): ReadIndicator | string {
  const type = indicator.type;
  if (!(TEXT_INDICATOR_TYPES as readonly string[]).includes(type)) return indicator;
  const found = extractIndicators(indicator.value)[type as (typeof TEXT_INDICATOR_TYPES)[number]];
  const value = found[0];
  if (value !== undefined) return { ...indicator, value };
  // The extractor knows only registered top-level domains; a name the analyst gave is kept as given.
  if (type === 'domain' || type === 'email') return { ...indicator, value: indicator.value.toLowerCase() };
  if (type === 'url') return indicator;
  return `"${indicator.value.slice(0, 80)}" is not a valid ${type}`;
}

/** Normalizes every indicator of a result, moving the invalid ones to the rejections. */
function finish(indicators: readonly ReadIndicator[], rejected: ReadRejection[]): ReadResult {
  const out: ReadIndicator[] = [];
  for (const indicator of indicators) {
    const n = normalized(indicator);
    if (typeof n === 'string') rejected.push({ origin: indicator.origin, reason: n });
    else out.push(n);
  }
  return { indicators: out, rejected };
}

/** IRIS's own IOC types beyond MISP's, as the MISP type (or Debrief type) each means. */
const IRIS_SYNONYMS: Readonly<Record<string, string>> = {
  'ip-any': 'ip-dst',
  account: 'target-user',
  ipv4: 'ip-dst',
  ipv6: 'ip-dst',
};

/** One IRIS IOC: its value, type (a name), description, tags (`|` in CSV, `,` in IRIS) and TLP. */
export interface IrisIoc {
  readonly value: string | undefined;
  readonly type: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: string | undefined;
  readonly tlp?: string | undefined;
  readonly origin: string;
}

/** Indicators from IRIS IOCs. */
export function readIrisIocs(iocs: readonly IrisIoc[]): ReadResult {
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  for (const ioc of iocs) {
    const value = text(ioc.value);
    const declared = text(ioc.type)?.toLowerCase();
    if (value === undefined || declared === undefined) {
      rejected.push({ origin: ioc.origin, reason: 'an IOC without a value or a type' });
      continue;
    }
    const details = [
      text(ioc.description),
      text(ioc.tags) ? `tags: ${text(ioc.tags)?.replace(/\|/g, ',')}` : undefined,
      text(ioc.tlp) ? `TLP:${text(ioc.tlp)?.toUpperCase()}` : undefined,
    ].filter((d): d is string => d !== undefined);
    const extra = details.length > 0 ? { description: details.join('; ') } : {};
    if (declared === 'file-path') {
      indicators.push({ type: 'file-path', value, ...extra, origin: ioc.origin });
      continue;
    }
    const read = readMispTyped(IRIS_SYNONYMS[declared] ?? declared, value, extra, ioc.origin, 'IRIS');
    indicators.push(...read.indicators);
    rejected.push(...read.rejected);
  }
  return finish(indicators, rejected);
}

/** The IOC objects of an IRIS JSON document: an IOC list, the API's `{ data: { ioc: [...] } }`, a case export. */
function irisIocObjects(value: unknown): Doc[] | undefined {
  const candidates: unknown[] = [value];
  const doc = obj(value);
  const data = obj(doc?.data);
  for (const holder of [doc, data, obj(doc?.case), obj(data?.case)])
    if (holder) candidates.push(holder.iocs, holder.ioc);
  for (const candidate of candidates) {
    if (!Array.isArray(candidate)) continue;
    const docs = candidate.map(obj).filter((d): d is Doc => d !== undefined);
    if (docs.length > 0 && docs.every((d) => 'ioc_value' in d)) return docs;
  }
  return undefined;
}

/** Is this JSON an IRIS IOC list or case export (has IOC objects with `ioc_value`)? */
export function isIrisIocJson(value: unknown): boolean {
  return irisIocObjects(value) !== undefined;
}

/** Indicators from IRIS JSON: `ioc_type` is a name, or an object with `type_name` (IRIS 2). */
export function readIrisIocJson(value: unknown): ReadResult {
  const docs = irisIocObjects(value);
  if (docs === undefined)
    return {
      indicators: [],
      rejected: [{ origin: '(file)', reason: 'no IRIS IOC list (objects with ioc_value)' }],
    };
  return readIrisIocs(
    docs.map((d, i) => ({
      value: text(d.ioc_value),
      type: text(d.ioc_type) ?? text(obj(d.ioc_type)?.type_name) ?? text(d.type_name),
      description: text(d.ioc_description),
      tags: text(d.ioc_tags),
      tlp: text(d.tlp_name) ?? text(obj(d.ioc_tlp)?.tlp_name) ?? text(d.ioc_tlp),
      origin: `IOC ${i + 1}${text(d.ioc_id) ? ` (ioc_id ${text(d.ioc_id)})` : ''}`,
    })),
  );
}

/** TheHive observable data types and the indicator type each gives (`hash` by its length, `ip` by its form). */
const THEHIVE_TYPES: Readonly<Record<string, IndicatorType | 'ip' | 'hash'>> = {
  ip: 'ip',
  domain: 'domain',
  fqdn: 'domain',
  hostname: 'domain',
  url: 'url',
  mail: 'email',
  email: 'email',
  hash: 'hash',
  filename: 'file-name',
  'user-agent': 'user-agent',
  user_agent: 'user-agent',
  other: 'other',
};

const HASH_BY_LENGTH: Readonly<Record<number, IndicatorType>> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  128: 'sha512',
};

/** Indicators of one TheHive observable (an attachment gives its hashes). */
function observableIndicators(doc: Doc, origin: string): ReadResult {
  const dataType = text(doc.dataType)?.toLowerCase() ?? '';
  const description = text(doc.message);
  const extra = description === undefined ? {} : { description };
  const attachment = obj(doc.attachment);
  const values =
    dataType === 'file' && attachment
      ? (Array.isArray(attachment.hashes) ? attachment.hashes : []).map(text).filter((h) => h !== undefined)
      : [text(doc.data)].filter((d) => d !== undefined);
  const mapped = dataType === 'file' ? 'hash' : THEHIVE_TYPES[dataType];
  if (mapped === undefined)
    return {
      indicators: [],
      rejected: [
        {
          origin,
          reason: `TheHive data type ${dataType || '(none)'} is not an indicator type Debrief reads`,
        },
      ],
    };
  if (values.length === 0)
    return { indicators: [], rejected: [{ origin, reason: 'an observable without data' }] };
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  for (const value of values) {
    if (mapped === 'ip') {
      const found = extractIndicators(value);
      const ip = found.ipv4[0] ?? found.ipv6[0];
      if (ip === undefined) rejected.push({ origin, reason: `ip ${value} is not an IP address` });
      else indicators.push({ type: found.ipv4[0] ? 'ipv4' : 'ipv6', value: ip, ...extra, origin });
    } else if (mapped === 'hash') {
      const type = /^[0-9a-f]+$/i.test(value) ? HASH_BY_LENGTH[value.length] : undefined;
      if (type === undefined)
        rejected.push({ origin, reason: `hash ${value.slice(0, 80)} is no MD5, SHA-1, SHA-256 or SHA-512` });
      else indicators.push({ type, value: value.toLowerCase(), ...extra, origin });
    } else indicators.push({ type: mapped, value, ...extra, origin });
  }
  return { indicators, rejected };
}

/**
 * Indicators from TheHive JSON (a case with its observables, a wrapper, an array or JSON lines of observables):
 * the observables flagged `ioc`. The others are reported with that reason; cases, tasks and logs are skipped.
 */
export function readTheHiveObservables(values: readonly unknown[]): ReadResult {
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  let observables = 0;
  values.forEach((value, v) => {
    for (const entry of theHiveItems(value)) {
      if (entry.kind !== 'observable') continue;
      observables++;
      const id = text(entry.item._id) ?? text(entry.item.id);
      const origin = `${values.length > 1 ? `value ${v + 1} ` : ''}${entry.path}${id ? ` (${id})` : ''}`;
      if (entry.item.ioc !== true) {
        const what = `${text(entry.item.dataType) ?? 'observable'} ${(text(entry.item.data) ?? '').slice(0, 80)}`;
        rejected.push({
          origin,
          reason: `${what}: ioc is false (not flagged as an indicator of compromise)`,
        });
        continue;
      }
      const read = observableIndicators(entry.item, origin);
      indicators.push(...read.indicators);
      rejected.push(...read.rejected);
    }
  });
  if (observables === 0) rejected.push({ origin: '(file)', reason: 'no TheHive observables in the file' });
  return finish(indicators, rejected);
}

/** Is this JSON a TheHive document with observables (for detection)? */
export function hasTheHiveObservables(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => theHiveItems(v).some((entry) => entry.kind === 'observable'));
}
