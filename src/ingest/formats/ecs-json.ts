/**
 * Elastic Common Schema documents: Winlogbeat, Filebeat and Elastic Agent exports, ECS JSON lines, Elasticsearch
 * `_source` dumps. The fast path of ingest: each line is read, parsed with JSON.parse and normalized by
 * normalizeEcs, nothing more.
 */
import { normalizeEcs } from '../../core/normalize-generic.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser, Sample } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

/** Top-level ECS field sets that mark a document as ECS (beyond `@timestamp`). */
const ECS_OBJECTS = [
  'host',
  'agent',
  'source',
  'destination',
  'process',
  'user',
  'file',
  'network',
  'log',
  'observer',
  'url',
  'dns',
  'cloud',
  'related',
  'winlog',
];

const isObject = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Is this an ECS document: `@timestamp` plus `ecs` or `event` (nested or dotted), or two other ECS objects? */
function looksEcs(record: Readonly<Record<string, unknown>>): boolean {
  if (record['@timestamp'] === undefined) return false;
  if (isObject(record.ecs) || isObject(record.event)) return true;
  const keys = Object.keys(record);
  if (keys.some((k) => k.startsWith('event.') || k.startsWith('ecs.'))) return true;
  let objects = 0;
  for (const name of ECS_OBJECTS) {
    if (isObject(record[name]) || keys.some((k) => k.startsWith(`${name}.`))) objects++;
  }
  return objects >= 2;
}

/** Elastic Common Schema documents, normalized by the ECS fast path. */
export const ecsJsonParser: FormatParser = {
  name: 'ecs-json',
  description:
    'Elastic Common Schema documents (Winlogbeat, Filebeat, Elastic Agent exports, ECS JSON lines)',
  detect(sample: Sample): number {
    return shareOf(jsonSample(sample), looksEcs) >= 0.5 ? 0.8 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((doc, text) => normalizeEcs(doc, zone, text)),
    );
  },
};
