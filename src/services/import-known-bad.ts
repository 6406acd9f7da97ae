/**
 * Imports a list of known-bad indicators into a post-mortem: plain text (one or more per line), CSV with a value
 * column, a STIX 2.1 bundle, a MISP event, a DFIR-IRIS IOC CSV or IOC JSON, or TheHive observables (only those
 * flagged `ioc`). Each becomes an indicator marked known-bad with where it came from;
 * sightings already recorded count at once, and events scanned later count too. Every line or object that gives
 * no indicator is reported with the reason.
 */
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { EXTRACTED_TYPES, extractIndicators } from '../core/indicator-extraction.js';
import {
  type ReadIndicator,
  type ReadRejection,
  readMispEvent,
  readStixBundle,
} from '../core/indicator-reading.js';
import {
  hasTheHiveObservables,
  isIrisIocJson,
  readIrisIocJson,
  readIrisIocs,
  readTheHiveObservables,
} from '../core/indicator-reading-cases.js';
import { INDICATOR_TYPES, type IndicatorType } from '../core/vocabulary.js';
import type { Database } from '../db/database.js';
import { markKnownBad } from '../db/indicator.repository.js';
import { readTextFile } from './read-text-file.js';

export { KNOWN_BAD_FORMATS, type KnownBadFormat } from '../core/indicator-reading.js';

import type { KnownBadFormat } from '../core/indicator-reading.js';

/** Lists larger than this are refused: they are read whole. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

export interface KnownBadSummary {
  readonly file: string;
  /** The format read (`misp-json` is reported as `misp`, the same format). */
  readonly format: Exclude<KnownBadFormat, 'auto' | 'misp-json'>;
  readonly indicators: number;
  /** How many of them were already seen in the post-mortem's events. */
  readonly seen: number;
  readonly rejected: readonly ReadRejection[];
}

function fromText(text: string): { indicators: ReadIndicator[]; rejected: ReadRejection[] } {
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const found = extractIndicators(trimmed);
    const before = indicators.length;
    for (const type of EXTRACTED_TYPES) {
      if (type === 'attack') continue;
      for (const value of found[type]) indicators.push({ type, value, origin: `line ${i + 1}` });
    }
    if (indicators.length === before)
      rejected.push({ origin: `line ${i + 1}`, reason: `no indicator in "${trimmed.slice(0, 80)}"` });
  });
  return { indicators, rejected };
}

const TYPE_SYNONYMS: Readonly<Record<string, IndicatorType>> = {
  ip: 'ipv4',
  'ip-dst': 'ipv4',
  'ip-src': 'ipv4',
  hostname: 'domain',
  fqdn: 'domain',
  'sha-1': 'sha1',
  'sha-256': 'sha256',
  'sha-512': 'sha512',
  filename: 'file-name',
};

function fromCsv(text: string, label: string): { indicators: ReadIndicator[]; rejected: ReadRejection[] } {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (error) {
    throw new DomainError('invalid_input', `${label} is not valid CSV: ${(error as Error).message}`);
  }
  const first = rows[0] ?? {};
  const valueColumn = ['value', 'indicator', 'ioc', 'observable'].find((c) => c in first);
  if (valueColumn === undefined)
    throw new DomainError(
      'invalid_input',
      `${label} has no value column (value, indicator, ioc or observable)`,
    );
  const typeColumn = ['type', 'kind', 'indicator_type'].find((c) => c in first);
  const descriptionColumn = ['description', 'comment'].find((c) => c in first);
  const indicators: ReadIndicator[] = [];
  const rejected: ReadRejection[] = [];
  rows.forEach((row, i) => {
    const origin = `row ${i + 2}`;
    const value = (row[valueColumn] ?? '').trim();
    const declared = typeColumn === undefined ? '' : (row[typeColumn] ?? '').trim().toLowerCase();
    const description =
      descriptionColumn === undefined ? undefined : row[descriptionColumn]?.trim() || undefined;
    const extra = description === undefined ? {} : { description };
    if (value === '') {
      rejected.push({ origin, reason: 'no value' });
      return;
    }
    const type = (INDICATOR_TYPES as readonly string[]).includes(declared)
      ? (declared as IndicatorType)
      : TYPE_SYNONYMS[declared];
    const found = extractIndicators(value);
    const detected = EXTRACTED_TYPES.find((t) => t !== 'attack' && found[t].length > 0);
    if (
      type !== undefined &&
      !['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve'].includes(type)
    ) {
      indicators.push({ type, value, ...extra, origin });
    } else if (detected !== undefined && detected !== 'attack') {
      // Normalized as the extractor normalizes event values, so they match.
      indicators.push({ type: detected, value: found[detected][0] as string, ...extra, origin });
    } else
      rejected.push({
        origin,
        reason: `"${value.slice(0, 80)}" is not an indicator${declared ? ` of type ${declared}` : ''}`,
      });
  });
  return { indicators, rejected };
}

/** IRIS's IOC CSV header (its upload and export), `ioc_pap` optional. */
const IRIS_IOC_HEADER = /^\uFEFF?"?ioc_value"?,"?ioc_type"?,/i;

/** IOCs of an IRIS IOC CSV (`ioc_value,ioc_type,ioc_description,ioc_tags,ioc_tlp[,ioc_pap]`). */
function fromIrisCsv(
  text: string,
  label: string,
): { indicators: ReadIndicator[]; rejected: ReadRejection[] } {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (error) {
    throw new DomainError('invalid_input', `${label} is not valid CSV: ${(error as Error).message}`);
  }
  if (rows.length > 0 && !('ioc_value' in (rows[0] ?? {})))
    throw new DomainError(
      'invalid_input',
      `${label} has no ioc_value column (an IRIS IOC CSV starts with one)`,
    );
  const read = readIrisIocs(
    rows.map((row, i) => ({
      value: row.ioc_value,
      type: row.ioc_type,
      description: row.ioc_description,
      tags: row.ioc_tags,
      tlp: row.ioc_tlp,
      origin: `row ${i + 2}`,
    })),
  );
  return { indicators: [...read.indicators], rejected: [...read.rejected] };
}

/** JSON values of a file: one document, or JSON lines (TheHive objects saved one per line). */
function jsonValues(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    const values: unknown[] = [];
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      try {
        values.push(JSON.parse(line));
      } catch {
        return undefined;
      }
    }
    return values.length > 0 ? values : undefined;
  }
}

/** Reads a known-bad list and marks its indicators in the post-mortem. */
export async function importKnownBad(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  path: string,
  options: { readonly label: string; readonly format: KnownBadFormat },
): Promise<KnownBadSummary> {
  const text = await readTextFile(path, options.label, MAX_LIST_BYTES, 'a known-bad list');
  return importKnownBadText(db, postMortemId, text, options);
}

/** Marks the indicators of a known-bad list already read (an upload); `label` names it as a file name would. */
export async function importKnownBadText(
  db: Kysely<Database>,
  postMortemId: PostMortemId,
  text: string,
  options: { readonly label: string; readonly format: KnownBadFormat },
): Promise<KnownBadSummary> {
  let json: unknown;
  let format: KnownBadFormat = options.format === 'misp-json' ? 'misp' : options.format;
  if (format === 'auto' || format === 'stix' || format === 'misp' || format === 'iris-json') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      if (format !== 'auto')
        throw new DomainError('invalid_input', `${options.label} is not JSON: ${(error as Error).message}`);
    }
  }
  // TheHive objects may be saved as JSON lines: read separately.
  const values = format === 'auto' || format === 'thehive-json' ? jsonValues(text) : undefined;
  if (format === 'thehive-json' && values === undefined)
    throw new DomainError('invalid_input', `${options.label} is neither JSON nor JSON lines`);
  if (format === 'auto') {
    const o = json as { type?: unknown; objects?: unknown; Event?: unknown; Attribute?: unknown } | undefined;
    if (o && typeof o === 'object' && (o.type === 'bundle' || Array.isArray(o.objects))) format = 'stix';
    else if (o && typeof o === 'object' && (o.Event !== undefined || Array.isArray(o.Attribute)))
      format = 'misp';
    else if (json !== undefined && isIrisIocJson(json)) format = 'iris-json';
    else if (values?.some(hasTheHiveObservables)) format = 'thehive-json';
    else if (IRIS_IOC_HEADER.test(text)) format = 'iris-csv';
    else if (
      /\.csv$/i.test(options.label) ||
      /^[^\n]*\b(value|indicator|ioc|observable)\b[^\n]*,|,[^\n]*\b(value|indicator|ioc|observable)\b/i.test(
        text.split('\n', 1)[0] ?? '',
      )
    )
      format = 'csv';
    else format = 'text';
  }
  const read =
    format === 'stix'
      ? readStixBundle(json)
      : format === 'misp'
        ? readMispEvent(json)
        : format === 'iris-json'
          ? readIrisIocJson(json)
          : format === 'thehive-json'
            ? readTheHiveObservables(values ?? [])
            : format === 'iris-csv'
              ? fromIrisCsv(text, options.label)
              : format === 'csv'
                ? fromCsv(text, options.label)
                : fromText(text);
  const source = `known-bad list ${basename(options.label)} (${format})`;
  const unique = [...new Map(read.indicators.map((i) => [`${i.type}\u0000${i.value}`, i])).values()];
  const seen = await db.transaction().execute((trx) => markKnownBad(trx, postMortemId, unique, source));
  return { file: options.label, format, indicators: unique.length, seen, rejected: read.rejected };
}
