/**
 * How an ingest is asked for, checked once for every way in (the `ingest` command, the upload route, jobs): the
 * format (or `auto`), a mapping preset, field mappings, the zone of times without offset, the year of yearless
 * syslog, and the limits from the environment (docs/ingest.md).
 */
import { DomainError } from '../core/errors.js';
import { parseMapping } from '../core/field-mapping.js';
import { isTimeZone } from '../core/timestamps.js';
import {
  DEFAULT_LIMITS,
  type FormatName,
  type IngestLimits,
  type IngestOptions,
  ingestFormats,
  mappingPresets,
  type PresetName,
} from './ingest-evidence.js';

/** The ingest options as a caller gives them (the CLI's options, the upload route's query). */
export interface RawIngestOptions {
  readonly format?: string;
  readonly preset?: string;
  readonly map?: readonly string[];
  readonly timezone?: string;
  readonly year?: string;
}

/** The parsing options of an ingest, checked; `invalid_input` names the option and what it accepts. */
export type ParsingOptions = Omit<IngestOptions, 'limits' | 'details' | 'parsers'>;

export function parsingOptions(raw: RawIngestOptions): ParsingOptions {
  let format: FormatName | undefined;
  if (raw.format !== undefined && raw.format !== 'auto') {
    if (!ingestFormats().some((f) => f.name === raw.format)) {
      throw new DomainError(
        'invalid_input',
        `--format ${raw.format} is not a format Debrief reads; see "debrief ingest --help"`,
      );
    }
    format = raw.format as FormatName;
  }
  let preset: PresetName | undefined;
  if (raw.preset !== undefined) {
    preset = mappingPresets().find((p) => p.name === raw.preset)?.name;
    if (preset === undefined) {
      throw new DomainError(
        'invalid_input',
        `--preset ${raw.preset} is not a preset; choose one of ${mappingPresets()
          .map((p) => p.name)
          .join(', ')}`,
      );
    }
  }
  const mapping = parseMapping([...(raw.map ?? [])]);
  if (!mapping.ok) throw new DomainError('invalid_input', mapping.reason);
  if (raw.timezone !== undefined && !isTimeZone(raw.timezone)) {
    throw new DomainError(
      'invalid_input',
      `--timezone ${raw.timezone} is not an IANA time zone such as Europe/Amsterdam`,
    );
  }
  let year: number | undefined;
  if (raw.year !== undefined) {
    if (!/^\d{4}$/.test(raw.year)) throw new DomainError('invalid_input', '--year must be a four-digit year');
    year = Number(raw.year);
  }
  return {
    ...(format === undefined ? {} : { format }),
    ...(raw.timezone === undefined ? {} : { zone: raw.timezone }),
    mapping: mapping.value,
    ...(preset === undefined ? {} : { preset }),
    ...(year === undefined ? {} : { year }),
  };
}

/** Limits from the environment, with the defaults documented in docs/ingest.md. */
export function limitsFrom(env: Readonly<Record<string, string | undefined>>): IngestLimits {
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    if (!/^\d+$/.test(text) || Number(text) <= 0)
      throw new DomainError('invalid_input', `${name} must be a positive whole number`);
    return Number(text);
  };
  return {
    maxRecordBytes: read('DEBRIEF_MAX_RECORD_BYTES', DEFAULT_LIMITS.maxRecordBytes),
    maxDecompressedBytes: read('DEBRIEF_MAX_DECOMPRESSED_BYTES', DEFAULT_LIMITS.maxDecompressedBytes),
    maxCompressionRatio: read('DEBRIEF_MAX_COMPRESSION_RATIO', DEFAULT_LIMITS.maxCompressionRatio),
    maxArchiveMembers: read('DEBRIEF_MAX_ARCHIVE_MEMBERS', DEFAULT_LIMITS.maxArchiveMembers),
  };
}

/** The largest upload the server accepts (`DEBRIEF_MAX_UPLOAD_BYTES`, default 20 GiB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 ** 3;

export function maxUploadBytesFrom(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.DEBRIEF_MAX_UPLOAD_BYTES;
  if (text === undefined || text === '') return DEFAULT_MAX_UPLOAD_BYTES;
  if (!/^\d+$/.test(text) || Number(text) <= 0) {
    throw new DomainError(
      'invalid_input',
      'DEBRIEF_MAX_UPLOAD_BYTES must be a positive whole number of bytes',
    );
  }
  return Number(text);
}
