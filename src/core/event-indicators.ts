/**
 * The indicators of one event of the working timeline: from its typed fields (addresses, URL, DNS question,
 * file hash) and from its text (message, command line) through the extractor. And the allow-list that hides
 * internal values from indicator lists, visibly.
 */

import { proseFields } from './blameless.js';
import { formatPath } from './check.js';
import { EXTRACTED_TYPES, type ExtractedType, extractIndicators, isIpv4 } from './indicator-extraction.js';
import { inIpRange, parseIpRange } from './ip-range.js';
import type { PostMortem } from './model.js';

/** The event columns indicators come from. */
export interface EventIndicatorFields {
  readonly message: string;
  readonly command_line?: string | null;
  readonly url?: string | null;
  readonly dns_question?: string | null;
  readonly src_ip?: string | null;
  readonly dst_ip?: string | null;
  readonly host_ip?: string | null;
  readonly file_hash?: string | null;
}

/** An indicator found in an event. */
export interface FoundIndicator {
  readonly type: ExtractedType;
  readonly value: string;
}

const HASH_TYPES: Readonly<Record<number, ExtractedType>> = {
  32: 'md5',
  40: 'sha1',
  64: 'sha256',
  128: 'sha512',
};
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** Every indicator of an event, unique by type and value. */
export function indicatorsOfEvent(event: EventIndicatorFields): FoundIndicator[] {
  const found = new Map<string, FoundIndicator>();
  const add = (type: ExtractedType, value: string) => found.set(`${type}\u0000${value}`, { type, value });
  for (const ip of [event.src_ip, event.dst_ip, event.host_ip]) {
    if (!ip) continue;
    if (isIpv4(ip)) add('ipv4', ip);
    else if (ip.includes(':') && /^[0-9a-f:.%a-z]+$/i.test(ip)) add('ipv6', ip.toLowerCase());
  }
  const hash = event.file_hash?.trim().toLowerCase();
  if (hash && /^[0-9a-f]+$/.test(hash) && HASH_TYPES[hash.length])
    add(HASH_TYPES[hash.length] as ExtractedType, hash);
  const question = event.dns_question?.trim().toLowerCase().replace(/\.$/, '');
  if (question && DOMAIN.test(question)) add('domain', question);
  const text = [event.message, event.command_line, event.url].filter((t): t is string => !!t).join('\n');
  const extracted = extractIndicators(text);
  for (const type of EXTRACTED_TYPES) {
    // ATT&CK ids in log text are not indicators of compromise.
    if (type === 'attack') continue;
    for (const value of extracted[type]) add(type, value);
  }
  return [...found.values()];
}

/** Internal ranges and domains whose indicators are hidden from lists (and counted as hidden). */
export interface AllowList {
  /** IPv4 ranges in CIDR notation (`10.0.0.0/8`) or single addresses. */
  readonly cidrs: readonly string[];
  /** Domains; their subdomains, URLs on them and e-mail addresses at them are allowed too. */
  readonly domains: readonly string[];
}

export const EMPTY_ALLOW_LIST: AllowList = { cidrs: [], domains: [] };

/** Checks an allow-list entry; returns the problem, or undefined when it is valid. */
export function checkAllowEntry(kind: 'cidr' | 'domain', entry: string): string | undefined {
  if (kind === 'cidr') {
    const [ip = '', bits] = entry.split('/');
    if (!isIpv4(ip)) return `"${entry}" is not an IPv4 address or range (10.0.0.0/8)`;
    if (bits !== undefined && !(/^\d{1,2}$/.test(bits) && Number(bits) <= 32))
      return `"${entry}": the prefix length must be 0 to 32`;
    return undefined;
  }
  return DOMAIN.test(entry.toLowerCase()) ? undefined : `"${entry}" is not a domain name`;
}

function inCidr(ip: string, cidr: string): boolean {
  const range = parseIpRange(cidr);
  return typeof range !== 'string' && inIpRange(ip, range);
}

/** The allow-list entry that covers an indicator, or undefined. */
export function allowedBy(indicator: { type: string; value: string }, list: AllowList): string | undefined {
  const { type, value } = indicator;
  if (type === 'ipv4') return list.cidrs.find((c) => inCidr(value, c));
  let domain: string | undefined;
  if (type === 'domain') domain = value;
  else if (type === 'email') domain = value.slice(value.lastIndexOf('@') + 1);
  else if (type === 'url') domain = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(value)?.[1];
  if (domain === undefined) return undefined;
  const d = domain.toLowerCase();
  return list.domains.find((a) => d === a.toLowerCase() || d.endsWith(`.${a.toLowerCase()}`));
}

/** The indicators in a post-mortem's own text and in its `indicators` list, with where each appears. */
export function indicatorsOfDocument(
  doc: PostMortem,
): Map<string, { type: string; value: string; where: string[] }> {
  const found = new Map<string, { type: string; value: string; where: string[] }>();
  const add = (type: string, value: string, where: string) => {
    const key = `${type}\u0000${value}`;
    const entry = found.get(key) ?? { type, value, where: [] };
    if (!entry.where.includes(where)) entry.where.push(where);
    found.set(key, entry);
  };
  for (const i of doc.indicators) add(i.type, i.value, `indicators ${i.id}`);
  const { indicators: _listed, ...rest } = doc;
  for (const field of proseFields(rest)) {
    const extracted = extractIndicators(field.text);
    for (const type of EXTRACTED_TYPES) {
      if (type === 'attack') continue;
      for (const value of extracted[type]) add(type, value, formatPath(field.path));
    }
  }
  return found;
}
