/**
 * Okta System Log events as the System Log API, event hooks, Okta's "Download CSV"-free JSON export and SIEM
 * exports give them: JSON lines, an array, or one pretty-printed event. Normalization: src/core/normalize-okta.ts.
 */
import { normalizeOkta } from '../../core/normalize-okta.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

const isOkta = (r: Readonly<Record<string, unknown>>): boolean =>
  typeof r.eventType === 'string' &&
  typeof r.published === 'string' &&
  r.actor !== null &&
  typeof r.actor === 'object';

/** Okta System Log events. */
export const oktaParser: FormatParser = {
  name: 'okta',
  description: 'Okta System Log events (System Log API, event hooks, SIEM exports)',
  detect(sample: Sample): number {
    return shareOf(jsonSample(sample), isOkta) >= 0.5 ? 0.95 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((event, text) => normalizeOkta(event, zone, text)),
    );
  },
};
