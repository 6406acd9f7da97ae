/**
 * DFIR-IRIS case timelines as CSV (IRIS's timeline CSV upload format, which its export writes too): a header
 * naming event_date and event_title among IRIS's event_* columns, `,`-delimited. Every row is an analyst-curated
 * event, starred. Normalization: src/core/normalize-iris.ts.
 */
import { IRIS_TIMELINE_COLUMNS, normalizeIrisTimeline } from '../../core/normalize-iris.js';
import type { FormatParser, Sample } from '../types.js';
import { readHeaderRows } from './header-rows.js';

const KNOWN = new Set<string>(IRIS_TIMELINE_COLUMNS);

/** The header's column names, lowercased, unquoted and trimmed. */
const headerNames = (line: string): string[] =>
  line
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => name.trim().replace(/^"|"$/g, '').trim().toLowerCase());

/** DFIR-IRIS timeline CSV. */
export const irisTimelineParser: FormatParser = {
  name: 'iris-timeline-csv',
  description: 'DFIR-IRIS case timeline CSV (event_date, event_tz, event_title, event_tags...); starred',
  detect(sample: Sample): number {
    const text = sample.text;
    if (text === undefined) return 0;
    const names = headerNames(text.slice(0, Math.max(0, text.indexOf('\n')) || text.length));
    // IRIS's own columns only, with the date and the title: a generic CSV never names them so.
    return names.includes('event_date') &&
      names.includes('event_title') &&
      names.filter((name) => KNOWN.has(name)).length >= Math.max(3, names.length - 2)
      ? 0.95
      : 0;
  },
  parse(content, context) {
    return readHeaderRows(
      content,
      context.limits.maxRecordBytes,
      (row, text) => normalizeIrisTimeline(row, context.zone, text),
      (cell) =>
        cell
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
    );
  },
};
