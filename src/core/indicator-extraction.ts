/**
 * Indicators of compromise in free text (reports, e-mails, analyst notes, event messages): IP addresses, domains,
 * URLs, e-mail addresses, hashes, CVE and ATT&CK ids. Built on ioc-extractor, which finds and refangs most forms,
 * with the corrections a responder needs, each one named and tested (indicator-extraction.test.ts):
 *
 * - `HXXPS://` in capitals is refanged too (the library only knows lower case);
 * - IPv4 addresses are matched by our own pattern with boundaries: no `99.1.1.1` out of `999.1.1.1`, no
 *   `1.2.3.4` out of the version string `1.2.3.4.5`;
 * - URLs lose trailing punctuation and unbalanced closing brackets or quotes (`(https://x/a)` gives `https://x/a`,
 *   a Wikipedia path with balanced parentheses is kept);
 * - everything is normalized: lower-case domains, e-mails and hashes, upper-case CVE ids, lower-case scheme and
 *   host in URLs (the path keeps its case), lower-case IPv6;
 * - a URL's host and an e-mail's domain are listed as domains (an IP host as an address), and a hash or CVE id
 *   inside a URL is listed as such;
 * - ATT&CK technique ids (`T1566`, `T1566.001`), which the library does not know.
 *
 * Private and reserved addresses are kept: filtering them is a separate, visible allow-list.
 */
import { extractIOC } from 'ioc-extractor';
import { TEXT_INDICATOR_TYPES } from './vocabulary.js';

/** The indicator types, in the order of the JSON output: those of text, then ATT&CK technique ids. */
export const EXTRACTED_TYPES = [...TEXT_INDICATOR_TYPES, 'attack'] as const;
export type ExtractedType = (typeof EXTRACTED_TYPES)[number];

/** Every type with its values: sorted, unique, refanged and normalized. */
export type ExtractedIndicators = Record<ExtractedType, string[]>;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Not inside a longer dotted number on either side, nor after a letter (`v1.2.3.4`, `T1.2.3.4`). */
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
const IPV4_EXACT = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** Is `value` exactly an IPv4 address (every octet 0–255, no leading zeros)? */
export function isIpv4(value: string): boolean {
  return IPV4_EXACT.test(value);
}
const ATTACK = /(?<![\w.])T\d{4}(?:\.\d{3})?(?![\w]|\.\d)/g;
/** `hxxp`, `hXXps`... before a scheme separator, defanged or not. */
const HXXP = /\bhxxp(s?)(?=\[?:)/gi;
const TRAILING = /[.,;:!?'"]$/;
const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{', '>': '<' };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Strips trailing punctuation and closing brackets that have no opening one inside the URL. */
export function trimUrl(url: string): string {
  let out = url;
  for (;;) {
    const last = out.at(-1) ?? '';
    const open = PAIRS[last];
    if (TRAILING.test(out)) out = out.slice(0, -1);
    else if (open !== undefined && count(out, last) > count(out, open)) out = out.slice(0, -1);
    else return out;
  }
}

/** Lower-cases the scheme and host of a URL, keeping the path, query and fragment as written. */
export function normalizeUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return url;
  const [, scheme = '', authority = '', rest = ''] = match;
  // Only the host is case-insensitive: user information keeps its case.
  const at = authority.lastIndexOf('@');
  const host =
    at < 0
      ? authority.toLowerCase()
      : `${authority.slice(0, at + 1)}${authority.slice(at + 1).toLowerCase()}`;
  return `${scheme.toLowerCase()}${host}${rest}`;
}

/** The host of a normalized URL, without port, user information or IPv6 brackets. */
function hostOf(url: string): string | undefined {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined) return undefined;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d*$/, '');
}

/** Finds the indicators in `text`. */
export function extractIndicators(text: string): ExtractedIndicators {
  const source = text.replace(HXXP, 'http$1');
  const found = extractIOC(source, { refang: true });
  const sets: Record<ExtractedType, Set<string>> = Object.fromEntries(
    EXTRACTED_TYPES.map((type) => [type, new Set<string>()]),
  ) as Record<ExtractedType, Set<string>>;
  const add = (
    type: ExtractedType,
    values: Iterable<string>,
    normalize: (v: string) => string = (v) => v,
  ) => {
    for (const value of values) sets[type].add(normalize(value));
  };
  const lower = (v: string) => v.toLowerCase();

  // IPv4 from our own pattern, over the text the library refanged (185.220.101[.]47 becomes findable).
  const refanged = refangDots(source);
  add('ipv4', refanged.match(IPV4) ?? []);
  add('ipv6', found.ipv6s.filter(isPlausibleIpv6), lower);
  add('domain', found.domains, lower);
  add('email', found.emails, lower);
  for (const email of sets.email) sets.domain.add(email.slice(email.lastIndexOf('@') + 1));
  add('md5', found.md5s, lower);
  add('sha1', found.sha1s, lower);
  add('sha256', found.sha256s, lower);
  add('sha512', found.sha512s, lower);
  add('cve', found.cves, (v) => v.toUpperCase());
  add('attack', source.match(ATTACK) ?? []);
  for (const raw of found.urls) {
    const url = normalizeUrl(trimUrl(raw));
    sets.url.add(url);
    const host = hostOf(url);
    if (host === undefined || host === '') continue;
    if (isIpv4(host)) sets.ipv4.add(host);
    else if (host.includes(':')) sets.ipv6.add(host);
    else sets.domain.add(host);
  }
  const out = {} as ExtractedIndicators;
  for (const type of EXTRACTED_TYPES) out[type] = [...sets[type]].sort();
  return out;
}

/**
 * A well-formed IPv6 address with at least two non-zero-length groups: the extractor also takes runs such as `::`,
 * `::c` or `::dec` out of log text (`Image::$DATA`, times, hex dumps), which are never worth an indicator.
 */
function isPlausibleIpv6(value: string): boolean {
  const address = value.split('%')[0] ?? '';
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups[groups.length - 1] ?? '';
  const embedded = /^\d+\.\d+\.\d+\.\d+$/.test(last) ? 1 : 0;
  const hex = embedded ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  const size = hex.length + embedded * 2;
  if (halves.length === 1 ? size !== 8 : size > 7) return false;
  return groups.length >= 2;
}

/** Refangs the dot forms only, for the IPv4 pattern. */
function refangDots(text: string): string {
  return text.replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}/gi, '.');
}
