/**
 * The values of a post-mortem that must not leave the team in an external report (regulator, public): people's
 * names and e-mail addresses, host and resource names, IP addresses, accounts, indicator values, file paths and
 * internal links. Each comes with its kind and the mask that replaces it, so one person, host or account gets the
 * same stand-in everywhere in a report: people become role pseudonyms ("Incident lead", "Responder 2"), hosts
 * `host-1`, addresses `address-1`, accounts `account-1`.
 *
 * Values are collected from the fields that hold them (people, `host`, `user`, indicators, evidence provenance,
 * links) and, for e-mail and IP addresses, from every string of the document, since those have a reliable shape.
 * Teams and outside owners ("Security Operations", "Finance Systems") are functions, not identities, and stay.
 */
import { extractIndicators } from './indicator-extraction.js';
import type { PostMortem } from './model.js';
import type { EvidenceCustody } from './report-custody.js';
import type { ReviewRole } from './vocabulary.js';

/** What an internal value is; it decides how it is masked and matched. */
export const INTERNAL_VALUE_KINDS = [
  'person',
  'name-part',
  'email',
  'account',
  'host',
  'address',
  'path',
  'url',
  'indicator',
] as const;
export type InternalValueKind = (typeof INTERNAL_VALUE_KINDS)[number];

/** A value that must not appear in an external report, the mask that replaces it, and where it was found. */
export interface InternalValue {
  readonly kind: InternalValueKind;
  readonly value: string;
  /** The stand-in, e.g. `Responder 2`, `host-1`, `address-3`, `[email removed]`. */
  readonly mask: string;
  /** The first field it was found in, e.g. `people[2].name`, `timeline[5].host`. */
  readonly source: string;
}

/** The label of each role in pseudonyms, in the order a person's main role is chosen. */
const ROLE_LABELS: readonly (readonly [ReviewRole, string])[] = [
  ['incident-lead', 'Incident lead'],
  ['executive', 'Executive'],
  ['privacy-officer', 'Privacy officer'],
  ['legal', 'Legal counsel'],
  ['communications', 'Communications lead'],
  ['facilitator', 'Facilitator'],
  ['scribe', 'Scribe'],
  ['approver', 'Approver'],
  ['responder', 'Responder'],
  ['subject-matter-expert', 'Subject-matter expert'],
  ['stakeholder', 'Stakeholder'],
  ['observer', 'Observer'],
];

/**
 * A pseudonym per person id: the label of their main role, numbered when several people share it
 * (`Responder 1`, `Responder 2`, in the order of `people`); `Participant` for someone without a role.
 */
export function rolePseudonyms(doc: Pick<PostMortem, 'people'>): Map<string, string> {
  const labelOf = (roles: readonly ReviewRole[]): string =>
    ROLE_LABELS.find(([role]) => roles.includes(role))?.[1] ?? 'Participant';
  const labels = doc.people.map((p) => labelOf(p.roles));
  const totals = new Map<string, number>();
  for (const label of labels) totals.set(label, (totals.get(label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  doc.people.forEach((person, i) => {
    const label = labels[i] ?? 'Participant';
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    out.set(person.id, (totals.get(label) ?? 1) > 1 ? `${label} ${n}` : label);
  });
  return out;
}

/** Capitalized words that are no names on their own, kept out of name parts so dates and days survive. */
const NOT_NAMES = new Set(
  [
    'january february march april may june july august september october november december',
    'monday tuesday wednesday thursday friday saturday sunday',
    'mr mrs ms dr prof van von der den del della de la le da di dos das',
  ]
    .join(' ')
    .split(' '),
);

/** A name's words that can stand alone in text ("Rafael took it for..."): capitalized, 3 letters or more. */
function nameParts(name: string): string[] {
  const words = name.split(/[\s,]+/).filter((w) => w.length >= 3 && /^\p{Lu}/u.test(w));
  return words.length < 2 ? [] : words.filter((w) => !NOT_NAMES.has(w.toLowerCase()));
}

/** Parts of an identifier that look like a resource name: `krv-prod-eu`, `KRV-LT-0412`, `login.example.org`. */
const RESOURCE_TOKEN = /(?<![\p{L}\p{N}_.-])[\p{L}\p{N}_]+(?:[-_.][\p{L}\p{N}_]+){2,}(?![\p{L}\p{N}_-])/gu;
const SMALL_WORDS = new Set([
  'to',
  'of',
  'the',
  'in',
  'on',
  'by',
  'and',
  'a',
  'for',
  'at',
  'or',
  'as',
  'e',
  'i',
]);
/** A reference such as `RT-2026-007` or an all-digit date: not a resource. */
const REFERENCE_LIKE = /^(?:[A-Za-z]{1,6}|\d+)(?:[-_.]\d+)+$/;

function resourceTokens(text: string, postMortemId: string): string[] {
  return (text.match(RESOURCE_TOKEN) ?? []).filter((token) => {
    if (!/\p{L}/u.test(token) || REFERENCE_LIKE.test(token)) return false;
    if (token.toLowerCase() === postMortemId.toLowerCase()) return false;
    return !token.split(/[-_.]/).some((part) => SMALL_WORDS.has(part.toLowerCase()));
  });
}

/** One word with a digit, dot, dash or underscore: `db01`, `KRV-LT-0412`, not a product name like `Okta`. */
const HOST_LIKE = /^(?=\S*[\d._-])[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const PATH_LIKE = /^(?:[A-Za-z]:\\|\\\\|~?\/)[^\s]*$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const FREE_TEXT_PATH = /(?<![\p{L}\p{N}_:/.~-])(?:[A-Za-z]:\\[^\s"'<>|]+|\/(?:[\w.-]+\/)+[\w.-]+)/gu;

/** Every string of a value, with its path, in document order. */
export function stringsOf(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      stringsOf(inner, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
}

/** The identity an account value stands for: `CORP\jdoe`, `Role/jdoe@x.example` and `jdoe` are one account. */
function accountIdentity(account: string): string {
  const last = account.split(/[\\/]/).pop() ?? account;
  return (last.includes('@') ? last.slice(0, last.indexOf('@')) : last).toLowerCase();
}

/** The components of an account worth masking on their own (3 characters or more). */
function accountParts(account: string): string[] {
  const parts = account.split(/[\\/]/).filter((p) => p.length >= 3);
  for (const part of [...parts]) {
    const at = part.indexOf('@');
    if (at >= 3) parts.push(part.slice(0, at));
  }
  return parts.filter((p) => p !== account);
}

/**
 * Every value of the document (and of the custody log passed with it) that must not leave the team, each with
 * its kind and mask. The order is deterministic: people first, then accounts, hosts, indicators, evidence
 * provenance, links, and the e-mail and IP addresses found anywhere in the text.
 */
export function internalValues(doc: PostMortem, custody: readonly EvidenceCustody[] = []): InternalValue[] {
  const pseudonyms = rolePseudonyms(doc);
  const out: InternalValue[] = [];
  const seen = new Set<string>();
  const counters = new Map<string, number>();
  const groups = new Map<string, string>();
  /** The mask of a group: the same host, account or address always gets the same number. */
  const numbered = (prefix: string, group: string): string => {
    const key = `${prefix}:${group.toLowerCase()}`;
    const known = groups.get(key);
    if (known !== undefined) return known;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const mask = `${prefix}-${n}`;
    groups.set(key, mask);
    return mask;
  };
  const add = (kind: InternalValueKind, value: string | undefined, mask: string, source: string): void => {
    const trimmed = value?.trim();
    if (trimmed === undefined || trimmed.length < 2 || trimmed === doc.id) return;
    const key = trimmed.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, value: trimmed, mask, source });
  };
  const addAccount = (account: string | undefined, source: string): void => {
    if (account === undefined) return;
    const mask = numbered('account', accountIdentity(account));
    add('account', account, mask, source);
    for (const part of accountParts(account)) {
      const partMask = part.includes('/') ? mask : numbered('account', accountIdentity(part));
      add('account', part, partMask, source);
    }
  };
  const addHost = (host: string | undefined, source: string): void => {
    if (host === undefined) return;
    if (PATH_LIKE.test(host)) add('path', host, numbered('path', host), source);
    else add('host', host, numbered('host', host), source);
  };
  const addLocation = (location: string | undefined, source: string): void => {
    if (location === undefined) return;
    if (URL_LIKE.test(location)) addUrl(location, source);
    else if (PATH_LIKE.test(location)) add('path', location, numbered('path', location), source);
  };
  const addUrl = (url: string | undefined, source: string): void => {
    if (url === undefined) return;
    add('url', url, '[link removed]', source);
    const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(url)?.[1];
    if (host?.includes('.')) addHost(host, source);
  };

  // People: full names and e-mail addresses become the role pseudonym; so do the words of a name.
  doc.people.forEach((person, i) => {
    const pseudonym = pseudonyms.get(person.id) ?? 'Participant';
    add('person', person.name, pseudonym, `people[${i}].name`);
    add('email', person.email, pseudonym, `people[${i}].email`);
  });
  const partOwners = new Map<string, Set<string>>();
  for (const person of doc.people) {
    for (const part of nameParts(person.name)) {
      partOwners.set(part, (partOwners.get(part) ?? new Set()).add(person.id));
    }
  }
  doc.people.forEach((person, i) => {
    for (const part of nameParts(person.name)) {
      const owners = partOwners.get(part);
      const mask = owners?.size === 1 ? (pseudonyms.get(person.id) ?? 'a team member') : 'a team member';
      add('name-part', part, mask, `people[${i}].name`);
    }
  });

  // Accounts and hosts named in their own fields.
  for (const [i, e] of doc.timeline.entries()) addAccount(e.user, `timeline[${i}].user`);
  addAccount(doc.analysis.patientZero?.user, 'analysis.patientZero.user');
  for (const [i, e] of doc.timeline.entries()) addHost(e.host, `timeline[${i}].host`);
  addHost(doc.analysis.patientZero?.host, 'analysis.patientZero.host');

  // Indicators: each value by its type.
  doc.indicators.forEach((ioc, i) => {
    const source = `indicators[${i}].value`;
    switch (ioc.type) {
      case 'ipv4':
      case 'ipv6':
        add('address', ioc.value, numbered('address', ioc.value), source);
        break;
      case 'account':
        addAccount(ioc.value, source);
        break;
      case 'email':
        add('email', ioc.value, '[email removed]', source);
        break;
      case 'file-path':
        add('path', ioc.value, numbered('path', ioc.value), source);
        break;
      default:
        add('indicator', ioc.value, numbered('indicator', ioc.value), source);
    }
  });

  // Systems and evidence provenance: single-word system names and resource names inside them.
  doc.impact.systems.forEach((system, i) => {
    const source = `impact.systems[${i}].name`;
    if (HOST_LIKE.test(system.name.trim())) addHost(system.name, source);
    for (const token of resourceTokens(system.name, doc.id)) addHost(token, source);
  });
  doc.evidence.forEach((e, i) => {
    for (const token of resourceTokens(`${e.title} ${e.sourceSystem ?? ''}`, doc.id)) {
      addHost(token, `evidence[${i}]`);
    }
    if (e.sourceSystem !== undefined && HOST_LIKE.test(e.sourceSystem.trim())) {
      addHost(e.sourceSystem, `evidence[${i}].sourceSystem`);
    }
    addLocation(e.location, `evidence[${i}].location`);
  });
  for (const [i, a] of doc.attachments.entries()) addLocation(a.location, `attachments[${i}].location`);

  // Links to internal systems: references and trackers.
  for (const [i, r] of doc.references.entries()) addUrl(r.url, `references[${i}].url`);
  for (const [i, r] of doc.recommendations.entries()) {
    addUrl(r.tracker?.url, `recommendations[${i}].tracker.url`);
  }

  // Custody log: who handled the evidence (a person of the document keeps their pseudonym).
  const personByKey = new Map<string, string>();
  for (const person of doc.people) {
    const pseudonym = pseudonyms.get(person.id) ?? 'Participant';
    personByKey.set(person.name.toLowerCase(), pseudonym);
    if (person.email !== undefined) personByKey.set(person.email.toLowerCase(), pseudonym);
  }
  const addCustodian = (actor: string | undefined, source: string): void => {
    if (actor === undefined) return;
    const person = personByKey.get(actor.trim().toLowerCase());
    if (person === undefined) addAccount(actor, source);
  };
  // Who collected an evidence item is a person or an outside firm: masked either way (the safe side).
  doc.evidence.forEach((item, i) => {
    addCustodian(item.collectedBy, `evidence[${i}].collectedBy`);
  });
  custody.forEach((item, i) => {
    addCustodian(item.collectedBy, `custody[${i}].collectedBy`);
    addCustodian(item.registeredBy, `custody[${i}].registeredBy`);
    for (const [j, entry] of item.entries.entries()) {
      addCustodian(entry.actor, `custody[${i}].entries[${j}].actor`);
    }
  });

  // E-mail and IP addresses and file paths anywhere in the text, including free text.
  // Ids and links are left out: an id such as `W-1.1.1.1` is no address.
  const ids = new Set(
    stringsOf(doc)
      .filter((s) => /(?:^|\.)id$/.test(s.path))
      .map((s) => s.text),
  );
  const strings = [...stringsOf(doc), ...stringsOf(custody)].filter((s) => !ids.has(s.text));
  const found = extractIndicators(strings.map((s) => s.text).join('\n'));
  // Our own pattern for e-mail addresses too: the library skips domains outside the public suffixes.
  const emails = strings.flatMap((s) => s.text.match(EMAIL) ?? []);
  for (const email of [...found.email, ...emails]) add('email', email, '[email removed]', 'text');
  for (const ip of [...found.ipv4, ...found.ipv6]) add('address', ip, numbered('address', ip), 'text');
  for (const { path, text } of strings) {
    for (const filePath of text.match(FREE_TEXT_PATH) ?? []) {
      add('path', filePath, numbered('path', filePath), path);
    }
  }
  return out;
}
