/**
 * Sharing a post-mortem's indicators with the tools other teams use: a STIX 2.1 bundle (the producer's identity,
 * indicators with STIX patterns, sightings, the ATT&CK techniques they were seen with, `indicates`
 * relationships), a MISP event (JSON) and CSV. The reverse direction, reading indicators back from STIX and MISP,
 * is here too, so what Debrief exports can be imported by Debrief (and tests check the round trip).
 *
 * Ids are made by a function the caller passes (`idFor`), a stable UUID per seed, so exporting twice gives the
 * same ids and the others' tools see updates, not duplicates.
 */
import { csvRow } from './csv.js';
import type { Indicator, PostMortem } from './model.js';
import { instantOf } from './time.js';
import type { IndicatorType } from './vocabulary.js';

/** The sharing formats: a STIX 2.1 bundle, a MISP event, CSV, DFIR-IRIS's IOC CSV (core/curated-exports.ts). */
export const INDICATOR_EXPORT_FORMATS = ['stix', 'misp', 'csv', 'iris'] as const;
export type IndicatorExportFormat = (typeof INDICATOR_EXPORT_FORMATS)[number];

/** Makes an RFC 4122 UUID from a seed; the same seed gives the same UUID. */
export type IdFor = (seed: string) => string;

export interface SharingOptions {
  /** The producer's name (an organization). */
  readonly producer: string;
  /** The export instant (ISO 8601), for `created` and `modified`. */
  readonly now: string;
  readonly idFor: IdFor;
}

/** A STIX object: the common properties and the rest. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly [property: string]: unknown;
}

/** What an indicator type is in a STIX pattern (`cve` is a vulnerability object, not a pattern). */
const STIX_PATTERNS: Readonly<Partial<Record<IndicatorType, string>>> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: "file:hashes.'MD5'",
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  sha512: "file:hashes.'SHA-512'",
  'file-name': 'file:name',
  account: 'user-account:account_login',
  'user-agent': "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
};

/** A STIX timestamp: UTC with milliseconds. */
function stixTime(instant: string): string {
  return new Date(instantOf(instant).epochMs).toISOString();
}

/** A STIX pattern string literal: backslashes and single quotes escaped. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX pattern of an indicator, or undefined for types STIX patterns cannot express (`cve`, `other`). */
export function stixPattern(indicator: Pick<Indicator, 'type' | 'value'>): string | undefined {
  const path = STIX_PATTERNS[indicator.type];
  return path === undefined ? undefined : `[${path} = ${literal(indicator.value)}]`;
}

function attackUrl(technique: string): string {
  return `https://attack.mitre.org/techniques/${technique.replace('.', '/')}/`;
}

/** The ATT&CK techniques of the timeline entries an indicator links to. */
function techniquesOf(doc: PostMortem, indicator: Indicator): string[] {
  const linked = new Set(indicator.timeline);
  return [...new Set(doc.timeline.filter((e) => linked.has(e.id)).flatMap((e) => e.attack))].sort();
}

/** A STIX bundle, and the indicators it could not carry, each with the reason. */
export interface StixExport {
  readonly bundle: { readonly type: 'bundle'; readonly id: string; readonly objects: readonly StixObject[] };
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** The indicators of a post-mortem as a STIX 2.1 bundle. */
export function toStixBundle(doc: PostMortem, options: SharingOptions): StixExport {
  const skipped: { id: string; reason: string }[] = [];
  const { idFor } = options;
  const now = stixTime(options.now);
  const common = (type: string, seed: string) => ({
    type,
    spec_version: '2.1',
    id: `${type}--${idFor(`${doc.id}/${type}/${seed}`)}`,
    created: now,
    modified: now,
  });
  // The producer is the same organization in every post-mortem: its id does not depend on the document.
  const identity = {
    ...common('identity', options.producer),
    id: `identity--${idFor(`identity/${options.producer}`)}`,
    name: options.producer,
    identity_class: 'organization',
  };
  const objects: StixObject[] = [identity];
  const add = (object: StixObject) => {
    if (!objects.some((o) => o.id === object.id)) objects.push(object);
  };
  for (const indicator of doc.indicators) {
    const techniques = techniquesOf(doc, indicator);
    let target: StixObject;
    if (indicator.type === 'cve') {
      target = {
        ...common('vulnerability', indicator.value),
        created_by_ref: identity.id,
        name: indicator.value,
        ...(indicator.description === undefined ? {} : { description: indicator.description }),
        external_references: [{ source_name: 'cve', external_id: indicator.value }],
      };
    } else {
      const pattern = stixPattern(indicator);
      if (pattern === undefined) {
        skipped.push({
          id: indicator.id,
          reason: `an indicator of type ${indicator.type} has no STIX pattern`,
        });
        continue;
      }
      target = {
        ...common('indicator', `${indicator.type}:${indicator.value}`),
        created_by_ref: identity.id,
        name: indicator.value,
        ...(indicator.description === undefined ? {} : { description: indicator.description }),
        indicator_types: ['malicious-activity'],
        pattern,
        pattern_type: 'stix',
        valid_from: stixTime(indicator.firstSeen ?? options.now),
        labels: [`debrief:${indicator.type}`],
        external_references: [{ source_name: 'debrief', external_id: `${doc.id}/${indicator.id}` }],
      };
    }
    add(target);
    if (indicator.firstSeen !== undefined || indicator.lastSeen !== undefined) {
      const first = stixTime(indicator.firstSeen ?? (indicator.lastSeen as string));
      const last = stixTime(indicator.lastSeen ?? (indicator.firstSeen as string));
      add({
        ...common('sighting', `${indicator.type}:${indicator.value}`),
        created_by_ref: identity.id,
        sighting_of_ref: target.id,
        first_seen: first,
        last_seen: last < first ? first : last,
        count: Math.max(1, indicator.timeline.length),
        where_sighted_refs: [identity.id],
      });
    }
    if (target.type !== 'indicator') continue;
    for (const technique of techniques) {
      const pattern = {
        ...common('attack-pattern', technique),
        name: technique,
        external_references: [
          { source_name: 'mitre-attack', external_id: technique, url: attackUrl(technique) },
        ],
      };
      add(pattern);
      add({
        ...common('relationship', `${target.id}/indicates/${technique}`),
        created_by_ref: identity.id,
        relationship_type: 'indicates',
        source_ref: target.id,
        target_ref: pattern.id,
      });
    }
  }
  return {
    bundle: { type: 'bundle', id: `bundle--${idFor(`${doc.id}/bundle/${options.now}`)}`, objects },
    skipped,
  };
}

/** MISP attribute type and category of each indicator type. */
const MISP_TYPES: Readonly<Record<IndicatorType, { type: string; category: string }>> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  sha512: { type: 'sha512', category: 'Payload delivery' },
  cve: { type: 'vulnerability', category: 'External analysis' },
  'file-name': { type: 'filename', category: 'Payload delivery' },
  'file-path': { type: 'filename', category: 'Payload delivery' },
  'user-agent': { type: 'user-agent', category: 'Network activity' },
  account: { type: 'target-user', category: 'Targeting data' },
  other: { type: 'text', category: 'Other' },
};

const MISP_THREAT_LEVEL: Readonly<Record<PostMortem['severity'], string>> = {
  critical: '1',
  high: '1',
  medium: '2',
  low: '3',
};

/** The indicators of a post-mortem as a MISP event (the JSON MISP imports and exports). */
export function toMispEvent(doc: PostMortem, options: SharingOptions): { Event: Record<string, unknown> } {
  const { idFor } = options;
  const techniques = [...new Set(doc.timeline.flatMap((e) => e.attack))].sort();
  return {
    Event: {
      uuid: idFor(`${doc.id}/misp-event`),
      info: `${doc.id}: ${doc.title}`,
      date: options.now.slice(0, 10),
      threat_level_id: MISP_THREAT_LEVEL[doc.severity],
      analysis: doc.status === 'draft' || doc.status === 'in-review' ? '1' : '2',
      distribution: '0',
      published: false,
      Orgc: { name: options.producer },
      Attribute: doc.indicators.map((indicator) => {
        const mapped = MISP_TYPES[indicator.type];
        return {
          uuid: idFor(`${doc.id}/misp-attribute/${indicator.type}:${indicator.value}`),
          type: mapped.type,
          category: mapped.category,
          value: indicator.value,
          to_ids: indicator.type !== 'other' && indicator.type !== 'cve',
          comment: indicator.description ?? `${doc.id} ${indicator.id}`,
          ...(indicator.firstSeen === undefined ? {} : { first_seen: stixTime(indicator.firstSeen) }),
          ...(indicator.lastSeen === undefined ? {} : { last_seen: stixTime(indicator.lastSeen) }),
        };
      }),
      Tag: techniques.map((t) => ({ name: `mitre-attack:${t}` })),
    },
  };
}

/** The indicators of a post-mortem as CSV, safe to open in a spreadsheet. */
export function toIndicatorCsv(doc: PostMortem): string {
  const lines = [
    csvRow([
      'id',
      'type',
      'value',
      'description',
      'first_seen',
      'last_seen',
      'attack',
      'evidence',
      'timeline',
    ]),
  ];
  for (const i of doc.indicators) {
    lines.push(
      csvRow([
        i.id,
        i.type,
        i.value,
        i.description,
        i.firstSeen,
        i.lastSeen,
        techniquesOf(doc, i).join(' '),
        i.evidence.join(' '),
        i.timeline.join(' '),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
