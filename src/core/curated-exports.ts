/**
 * The curated timeline and the indicators in the formats responders' tools import:
 * - Timesketch JSON lines: one object per entry with Timesketch's required `message`, `datetime` (ISO 8601) and
 *   `timestamp_desc`, plus `timestamp` (microseconds) and the entry's attributes.
 * - DFIR-IRIS timeline CSV (`/case/timeline/events/csv_upload`) and IOC CSV (`/case/ioc/upload`), with the exact
 *   headers IRIS compares the first line against.
 *
 * IRIS reads an upload with `splitlines()` before its CSV reader, so a line break inside a quoted cell would cut
 * the row in two: every cell is written on one line. IRIS also refuses a whole upload when an event names an
 * asset or indicator the case does not have, or an unknown category: assets and indicators go into the event's
 * text (not `event_assets`/`event_iocs`), and categories are IRIS's built-in names.
 */

import type { AttackCatalog } from './attack-catalog.js';
import { csvCell } from './csv.js';
import { datedTimeline } from './milestones.js';
import type { Indicator, PostMortem, TimelineEntry } from './model.js';
import { IRIS_IMPORT_COLUMNS } from './normalize-iris.js';
import { formatInOffset, toUtcIso } from './time.js';
import type { IndicatorType } from './vocabulary.js';

/** The curated timeline's export formats (besides the post-mortem file's yaml and json). */
export const CURATED_EXPORT_FORMATS = ['timesketch', 'iris'] as const;
export type CuratedExportFormat = (typeof CURATED_EXPORT_FORMATS)[number];

/** The text of a curated-timeline export, its media type and file name suffix. */
export interface CuratedExport {
  readonly text: string;
  readonly mediaType: string;
  /** e.g. `timesketch.jsonl`, for `ID.timesketch.jsonl`. */
  readonly suffix: string;
}

/** The curated timeline of `doc` in `format` (the catalogue names IRIS categories after tactics). */
export function exportCuratedTimeline(
  doc: PostMortem,
  format: CuratedExportFormat,
  catalog?: AttackCatalog,
): CuratedExport {
  switch (format) {
    case 'timesketch':
      return {
        text: timesketchJsonl(doc),
        mediaType: 'application/x-ndjson; charset=utf-8',
        suffix: 'timesketch.jsonl',
      };
    case 'iris':
      return {
        text: irisTimelineCsv(doc, catalog),
        mediaType: 'text/csv; charset=utf-8',
        suffix: 'iris-timeline.csv',
      };
    default:
      return format satisfies never;
  }
}

/** The header IRIS's IOC CSV import expects (it inserts it when the first line differs). */
export const IRIS_IOC_COLUMNS = ['ioc_value', 'ioc_type', 'ioc_description', 'ioc_tags', 'ioc_tlp'] as const;

/**
 * Debrief's indicator types as IRIS's IOC type names (IRIS uses MISP's attribute types). An address is `ip-any`:
 * a post-mortem does not record whether the attacker's address was the source or the destination.
 */
export const IRIS_IOC_TYPES: Readonly<Record<IndicatorType, string>> = {
  ipv4: 'ip-any',
  ipv6: 'ip-any',
  domain: 'domain',
  url: 'url',
  email: 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  cve: 'vulnerability',
  'file-name': 'filename',
  'file-path': 'filename',
  'user-agent': 'user-agent',
  account: 'account',
  other: 'other',
};

/** IRIS's TLP names (its `tlp` table): `clear`, `green`, `amber`, `amber+strict`, `red`. */
export const IRIS_TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type IrisTlp = (typeof IRIS_TLPS)[number];

/** IRIS's built-in event categories named after ATT&CK tactics, by tactic short name. */
const IRIS_CATEGORIES: Readonly<Record<string, string>> = {
  'initial-access': 'Initial Access',
  execution: 'Execution',
  persistence: 'Persistence',
  'privilege-escalation': 'Privilege Escalation',
  'defense-evasion': 'Defense Evasion',
  'credential-access': 'Credential Access',
  discovery: 'Discovery',
  'lateral-movement': 'Lateral Movement',
  collection: 'Collection',
  'command-and-control': 'Command and Control',
  exfiltration: 'Exfiltration',
  impact: 'Impact',
};

/** Milestones of the response, which IRIS files as remediation. */
const REMEDIATION = new Set(['containment', 'eradication', 'recovery']);

/** One IRIS cell: on one line (IRIS splits the upload on line breaks before parsing the CSV), quoted as RFC 4180. */
function irisCell(value: string, guard = false): string {
  const flat = value.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  // Free text keeps the spreadsheet formula guard; dates, offsets, types and values must reach IRIS unchanged.
  if (guard) return csvCell(flat);
  return /[",]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

function irisLine(cells: readonly (readonly [string, boolean?])[]): string {
  return cells.map(([value, guard]) => irisCell(value, guard ?? false)).join(',');
}

/** The indicators linked to an entry (by the indicator's `timeline` links). */
function indicatorsOf(doc: PostMortem, entry: TimelineEntry): Indicator[] {
  return doc.indicators.filter((i) => i.timeline.includes(entry.id));
}

/** The `timestamp_desc` of an entry: what its time is. */
function timestampDesc(entry: TimelineEntry): string {
  return entry.milestone ? `Incident milestone: ${entry.milestone.kind}` : 'Curated timeline entry';
}

/**
 * The curated timeline as Timesketch JSON lines, in time order. Entries whose time cannot be read are left out
 * (a valid document has none).
 */
export function timesketchJsonl(doc: PostMortem): string {
  const lines = datedTimeline(doc).map(({ entry, instant }) => {
    const indicators = indicatorsOf(doc, entry);
    const line = {
      message: entry.text,
      datetime: toUtcIso(instant.epochMs).replace(/Z$/, '+00:00'),
      timestamp: instant.epochMs * 1000,
      timestamp_desc: timestampDesc(entry),
      post_mortem: doc.id,
      entry_id: entry.id,
      time_as_written: entry.at,
      ...(instant.precision === 'date' ? { time_precision: 'date' } : {}),
      ...(entry.milestone ? { milestone: entry.milestone.kind } : {}),
      ...(entry.phase ? { phase: entry.phase } : {}),
      ...(entry.nistPhase ? { nist_phase: entry.nistPhase } : {}),
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.actor ? { actor: entry.actor } : {}),
      ...(entry.host ? { hostname: entry.host } : {}),
      ...(entry.user ? { username: entry.user } : {}),
      ...(entry.attack.length > 0 ? { attack_technique: entry.attack } : {}),
      ...(entry.evidence.length > 0 ? { evidence: entry.evidence } : {}),
      ...(entry.events.length > 0 ? { event_ids: entry.events } : {}),
      ...(indicators.length > 0 ? { indicators: indicators.map((i) => i.value) } : {}),
      ...(entry.uncertain ? { uncertain: true } : {}),
      // Timesketch shows a `tag` list attribute as the event's tags.
      tag: [...entry.tags, ...(entry.milestone ? [`milestone:${entry.milestone.kind}`] : [])],
    };
    return `${JSON.stringify(line)}\n`;
  });
  return lines.join('');
}

/** IRIS's category of an entry: remediation milestones, else the first technique's tactic, else Unspecified. */
function irisCategory(entry: TimelineEntry, catalog: AttackCatalog | undefined): string {
  if (entry.milestone && REMEDIATION.has(entry.milestone.kind)) return 'Remediation';
  for (const technique of entry.attack) {
    const known = catalog?.techniques[technique] ?? catalog?.techniques[technique.split('.')[0] as string];
    for (const tactic of known?.tactics ?? []) {
      const category = IRIS_CATEGORIES[tactic];
      if (category) return category;
    }
  }
  return 'Unspecified';
}

/** `2026-03-14T09:12:05.000` and `+01:00`: the time as it was written, in its own offset (UTC without one). */
function irisDate(epochMs: number, offsetMinutes: number | null): [string, string] {
  const offset = offsetMinutes ?? 0;
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 23);
  const zoned = formatInOffset(epochMs, offset);
  return [local, zoned.endsWith('Z') ? '+00:00' : zoned.slice(19)];
}

/** The curated timeline as an IRIS timeline CSV, in time order. */
export function irisTimelineCsv(doc: PostMortem, catalog?: AttackCatalog): string {
  const rows = [IRIS_IMPORT_COLUMNS.join(',')];
  for (const { entry, instant } of datedTimeline(doc)) {
    const [date, tz] = irisDate(instant.epochMs, instant.offsetMinutes);
    const indicators = indicatorsOf(doc, entry);
    const details = [
      entry.text,
      entry.milestone ? `Milestone: ${entry.milestone.kind}.` : '',
      entry.host ? `Host: ${entry.host}.` : '',
      entry.user ? `User: ${entry.user}.` : '',
      entry.actor ? `Actor: ${entry.actor}.` : '',
      entry.attack.length > 0 ? `ATT&CK: ${entry.attack.join(', ')}.` : '',
      indicators.length > 0 ? `Indicators: ${indicators.map((i) => i.value).join(', ')}.` : '',
      entry.uncertain ? 'Time or fact not established.' : '',
    ].filter(Boolean);
    const raw = {
      post_mortem: doc.id,
      entry: entry.id,
      at: entry.at,
      ...(entry.evidence.length > 0 ? { evidence: entry.evidence } : {}),
      ...(entry.events.length > 0 ? { events: entry.events } : {}),
    };
    const tags = [
      ...entry.tags,
      ...entry.attack,
      ...(entry.milestone ? [`milestone:${entry.milestone.kind}`] : []),
      `debrief:${entry.id}`,
    ];
    rows.push(
      irisLine([
        [date],
        [tz],
        [entry.text.length > 200 ? `${entry.text.slice(0, 197)}...` : entry.text, true],
        [irisCategory(entry, catalog)],
        [details.join(' '), true],
        [JSON.stringify(raw), true],
        [entry.source ?? 'Debrief', true],
        [''],
        [''],
        // IRIS takes tags pipe-separated (it turns them into its comma list).
        [tags.map((t) => t.replace(/[|,]/g, ' ')).join('|'), true],
      ]),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The post-mortem's indicators as an IRIS IOC CSV, all marked with one TLP. */
export function irisIocCsv(doc: PostMortem, tlp: IrisTlp): string {
  const rows = [IRIS_IOC_COLUMNS.join(',')];
  for (const indicator of doc.indicators) {
    const techniques = [
      ...new Set(doc.timeline.filter((e) => indicator.timeline.includes(e.id)).flatMap((e) => e.attack)),
    ].sort();
    const description = [
      indicator.description ?? '',
      indicator.type === 'file-path' ? '(a file path)' : '',
      indicator.firstSeen ? `First seen ${indicator.firstSeen}.` : '',
      indicator.lastSeen ? `Last seen ${indicator.lastSeen}.` : '',
      `${doc.id} ${indicator.id}.`,
    ].filter(Boolean);
    const tags = [`debrief:${doc.id}`, `debrief:${indicator.id}`, ...techniques];
    rows.push(
      irisLine([
        [indicator.value],
        [IRIS_IOC_TYPES[indicator.type]],
        [description.join(' '), true],
        [tags.join('|'), true],
        [tlp],
      ]),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
