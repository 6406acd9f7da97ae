/**
 * plaso (log2timeline/psort) output: `l2tcsv` (17 fixed columns), the `dynamic` CSV (psort's default output) and
 * `json_line`. Detection: l2tcsv by its exact 17-column header; dynamic CSV by a `datetime` (or `date` and
 * `time`) and `timestamp_desc` header with at least one column only plaso writes (`source_long`, `parser`,
 * `display_name`) and none only Timesketch writes (`_id`, `_index`, `__ts_timeline_id`, `label`...), which
 * tells it from a Timesketch CSV; json_line by `__container_type__: "event"` objects. Normalization:
 * src/core/normalize-plaso.ts.
 */
import {
  isPlasoJsonEvent,
  L2TCSV_COLUMNS,
  normalizePlasoDynamic,
  normalizePlasoJson,
  normalizePlasoL2tCsv,
  PLASO_DYNAMIC_DEFAULT_COLUMNS,
} from '../../core/normalize-plaso.js';
import { TIMESKETCH_MARKERS } from '../../core/normalize-timesketch.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { headerColumns, readHeaderRows } from './header-rows.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

/** Columns psort's dynamic output has and a Timesketch-importable file needs not. */
const PLASO_ONLY = ['source_long', 'parser', 'display_name'];

/** Is the header a Timesketch export's (it names a column only Timesketch writes)? */
export const hasTimesketchMarker = (columns: readonly string[]): boolean =>
  columns.some((name) => (TIMESKETCH_MARKERS as readonly string[]).includes(name));

/** Does the header name a column only plaso's dynamic output writes? */
export const hasPlasoMarker = (columns: readonly string[]): boolean =>
  columns.some((name) => PLASO_ONLY.includes(name));

/** plaso l2tcsv. */
export const plasoL2tCsvParser: FormatParser = {
  name: 'plaso-l2tcsv',
  description:
    'plaso/psort l2tcsv (log2timeline CSV, 17 fixed columns, MM/DD/YYYY dates with a timezone column)',
  detect(sample: Sample): number {
    const columns = headerColumns(sample);
    return columns.length === L2TCSV_COLUMNS.length && L2TCSV_COLUMNS.every((name, i) => columns[i] === name)
      ? 0.95
      : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readHeaderRows(content, context.limits.maxRecordBytes, (row, text) =>
      normalizePlasoL2tCsv(row, zone, text),
    );
  },
};

/** plaso dynamic CSV. */
export const plasoCsvParser: FormatParser = {
  name: 'plaso-csv',
  description:
    'plaso/psort dynamic CSV (default psort output: datetime,timestamp_desc,source,source_long,...)',
  detect(sample: Sample): number {
    const columns = headerColumns(sample);
    if (columns.length === PLASO_DYNAMIC_DEFAULT_COLUMNS.length) {
      if (PLASO_DYNAMIC_DEFAULT_COLUMNS.every((name, i) => columns[i] === name)) return 0.95;
    }
    const timed = columns.includes('datetime') || (columns.includes('date') && columns.includes('time'));
    if (!timed || !(columns.includes('timestamp_desc') || columns.includes('type'))) return 0;
    return hasPlasoMarker(columns) && !hasTimesketchMarker(columns) ? 0.9 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readHeaderRows(content, context.limits.maxRecordBytes, (row, text) =>
      normalizePlasoDynamic(row, zone, text),
    );
  },
};

/** plaso json_line. */
export const plasoJsonParser: FormatParser = {
  name: 'plaso-json',
  description: 'plaso/psort json_line (one event per line, timestamp in microseconds, event tags)',
  detect(sample: Sample): number {
    return shareOf(jsonSample(sample), isPlasoJsonEvent) >= 0.5 ? 0.95 : 0;
  },
  parse(content, context) {
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record, text) => normalizePlasoJson(record, text)),
    );
  },
};
