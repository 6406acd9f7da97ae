/**
 * DFIR-IRIS case JSON exports ("Export case": `{ case, evidences, timeline, iocs, assets, tasks, notes,
 * export_date }`, bare or in IRIS's `{ status, message, data }` envelope): the case timeline's events, every one
 * starred as the timeline CSV's are. The export is one JSON value that gives one event per timeline entry; the
 * events share the value's byte range. Normalization: src/core/normalize-iris-case.ts.
 */
import { isIrisCaseExport, normalizeIrisCase } from '../../core/normalize-iris-case.js';
import type { FormatParser, Sample } from '../types.js';
import { expandJsonValues } from './expand-json.js';
import { jsonSample } from './json.js';

/** The export's own keys at the start of a document too large for the sample to hold whole. */
const EXPORT_START = /^\s*\{[\s\S]{0,65536}?"(?:case|data)"\s*:\s*\{/;
const EXPORT_KEYS = [/"evidences"\s*:\s*\[/, /"export_date"\s*:/, /"timeline"\s*:\s*\[/];
const CASE_KEYS = [/"soc_id"\s*:/, /"opened_by"\s*:/, /"for_customer"\s*:/];

/** DFIR-IRIS case JSON export. */
export const irisCaseParser: FormatParser = {
  name: 'iris-case-json',
  description:
    'DFIR-IRIS case JSON export (its timeline: event_date, event_tz, event_title, event_tags...); starred',
  detect(sample: Sample): number {
    const objects = jsonSample(sample).objects;
    if (objects.length > 0) return objects.every(isIrisCaseExport) ? 0.95 : 0;
    // A case larger than the sample: IRIS's export keys and the case's own (soc_id, opened_by, for_customer).
    const text = sample.text;
    if (text === undefined || !EXPORT_START.test(text)) return 0;
    const exportKeys = EXPORT_KEYS.filter((key) => key.test(text)).length;
    const caseKeys = CASE_KEYS.filter((key) => key.test(text)).length;
    return exportKeys >= 2 && caseKeys >= 2 ? 0.9 : 0;
  },
  parse(content, context) {
    return expandJsonValues(content, context.limits.maxRecordBytes, 'an IRIS case export', (value) =>
      normalizeIrisCase(value, context.zone).map((event) =>
        event.ok ? event : { ok: false, reason: `${event.path}: ${event.reason}` },
      ),
    );
  },
};
