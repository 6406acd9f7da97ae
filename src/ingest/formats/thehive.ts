/**
 * TheHive case documents as JSON (TheHive 4 and 5 API output saved to a file: a case with its observables, tasks
 * and task logs, or those objects one by one as an array or JSON lines). One JSON value can give several events
 * (the case opened and closed, each task, log and sighted observable); they share the value's byte range.
 * Normalization: src/core/normalize-thehive.ts.
 */
import { isTheHiveObject, normalizeTheHive } from '../../core/normalize-thehive.js';
import type { FormatParser, Sample } from '../types.js';
import { expandJsonValues } from './expand-json.js';
import { jsonSample, shareOf } from './json.js';

/** A TheHive case document, seen at its start: `{ … "_type": "case" …` (a case larger than the sample). */
const CASE_START = /^\s*\{[\s\S]{0,4000}?"_type"\s*:\s*"(?:case|Case)"/;

/** TheHive case documents. */
export const theHiveParser: FormatParser = {
  name: 'thehive-json',
  description: 'TheHive 4/5 case JSON (case, tasks, task logs, sighted observables as API output)',
  detect(sample: Sample): number {
    if (shareOf(jsonSample(sample), isTheHiveObject) >= 0.5) return 0.95;
    return sample.text !== undefined && CASE_START.test(sample.text) ? 0.9 : 0;
  },
  parse(content, context) {
    return expandJsonValues(
      content,
      context.limits.maxRecordBytes,
      'a TheHive case, task, log or observable',
      (value) => normalizeTheHive(value, context.zone),
    );
  },
};
