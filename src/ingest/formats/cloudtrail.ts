/**
 * AWS CloudTrail: log files as S3 delivers them (`{"Records":[…]}`, usually one line, gzipped), one event per
 * line (CloudWatch Logs, Athena, SIEM exports), arrays, and records reshaped by Logstash (`@timestamp` instead
 * of `eventTime`). Normalization: src/core/normalize-cloudtrail.ts.
 */
import { normalizeCloudTrail } from '../../core/normalize-cloudtrail.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

const isCloudTrail = (r: Readonly<Record<string, unknown>>): boolean =>
  r.eventVersion !== undefined && r.eventSource !== undefined && r.eventName !== undefined;

/** AWS CloudTrail records. */
export const cloudTrailParser: FormatParser = {
  name: 'cloudtrail',
  description: 'AWS CloudTrail log files ({"Records":[…]}), CloudTrail events one per line or in an array',
  detect(sample: Sample): number {
    const json = jsonSample(sample);
    const share = shareOf(json, isCloudTrail);
    // `Records` is CloudTrail's wrapper, but other exports use the word too: the records must look like CloudTrail's,
    // unless the sample ends inside the first one (a very large record).
    if (json.wrapperKey === 'Records') return share >= 0.5 || json.objects.length === 0 ? 1 : 0;
    return share >= 0.5 ? 0.95 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record, text) => normalizeCloudTrail(record, zone, text)),
    );
  },
};
