/**
 * The contract between the ingest pipeline and the format parsers. A parser detects its format from the first
 * bytes of a file, then turns the content into a stream of records, each either a normalized event or a
 * rejection with its reason, in file order, each with the exact byte range it came from.
 *
 * Parsers do I/O-level decoding only (lines, CSV, JSON splitting, EVTX binary); what the fields mean is decided by
 * the normalization rules in src/core. A parser never throws for bad input: a bad record is a `RejectedRecord`,
 * and only an unreadable stream (an I/O error) ends the iteration with an exception.
 */
import type { NormalizedEvent, RecordLocation, RejectedRecord } from '../core/event.js';
import type { FieldMapping } from '../core/field-mapping.js';
import { FORMAT_NAMES } from '../core/ingest-formats.js';
import type { SourceFields } from '../core/source-fields.js';

export { FORMAT_NAMES };
/** A format name, as `--format` takes it. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What detection looks at: the first bytes of the (decompressed) content and the file name. */
export interface Sample {
  /** Up to the first 64 KiB of the content. */
  readonly bytes: Uint8Array;
  /** The same bytes decoded as UTF-8 (undefined for binary content such as EVTX). */
  readonly text: string | undefined;
  /** The original file name, for extension hints (`.evtx`, `.log`, `.csv`); never decisive alone. */
  readonly fileName: string;
}

/** Limits that keep hostile input from exhausting memory or time; configurable, documented in docs/ingest.md. */
export interface IngestLimits {
  /** The longest record (line, JSON element, CSV row) in bytes; longer ones are rejected and skipped. */
  readonly maxRecordBytes: number;
  /** The largest decompressed size of one archive member or gzip stream, in bytes. */
  readonly maxDecompressedBytes: number;
  /** The largest ratio of decompressed to compressed size before an archive is refused as a bomb. */
  readonly maxCompressionRatio: number;
  /** The most members read from one zip archive. */
  readonly maxArchiveMembers: number;
}

/** Defaults: generous for real evidence, small enough to stop bombs. */
export const DEFAULT_LIMITS: IngestLimits = {
  maxRecordBytes: 1024 * 1024,
  maxDecompressedBytes: 20 * 1024 ** 3,
  maxCompressionRatio: 1000,
  maxArchiveMembers: 10_000,
};

/** What a parser needs besides the content. */
export interface ParseContext {
  /** IANA zone for times without an offset (`--timezone`, else the evidence's declared zone, else UTC). */
  readonly zone: string;
  /** User field mapping (`--map`); applies to json, csv and tsv. */
  readonly mapping: FieldMapping;
  /**
   * A reference date for formats that write no year (BSD syslog): the date the evidence was collected, if known,
   * as ISO 8601. Never the current date.
   */
  readonly referenceDate?: string;
  /** `--year` for yearless formats, when the user knows it. */
  readonly year?: number;
  readonly limits: IngestLimits;
  /** The original file (or archive member) name, for formats that name their log type in it (Zeek). */
  readonly fileName?: string;
  /** `event.dataset` for events that name none (from a mapping preset, e.g. `crowdstrike`). */
  readonly dataset?: string;
}

/** One record out of a parser: an event, or a rejection. Both carry where in the content they came from. */
export type ParsedRecord =
  | {
      readonly ok: true;
      readonly event: NormalizedEvent;
      readonly where: RecordLocation;
      /** The record's own fields (by reference), for rules written against source names (Sigma). */
      readonly fields?: SourceFields;
    }
  | ({ readonly ok: false } & RejectedRecord);

/** The content to parse: a stream of byte chunks (already decompressed), read once. */
export type ByteSource = AsyncIterable<Uint8Array>;

/** A format parser. */
export interface FormatParser {
  readonly name: FormatName;
  /** One line for `debrief ingest --help` and docs/ingest.md. */
  readonly description: string;
  /**
   * How sure the parser is that the sample is its format: 0 (no) to 1 (certain). Detection picks the highest
   * score; ties go to the parser listed first in the registry (most specific first).
   */
  detect(sample: Sample): number;
  /** Parses the whole content, yielding records in order. */
  parse(content: ByteSource, context: ParseContext): AsyncIterable<ParsedRecord>;
}
