/**
 * Field mapping: which field of a source record fills which field of the normalized event. Users name targets
 * in ECS notation (`--map host.name=Computer --map @timestamp=EventTime`); a source path is a column name (CSV)
 * or a dotted path into a JSON record (`actor.alternateId`), where a literal flattened key (`"host.name"`) wins
 * over nesting.
 */
import type { NormalizedEvent } from './event.js';
import type { ParseResult } from './time.js';

/** Normalized-event fields a mapping can fill, besides the time. */
export type MappableField = Exclude<keyof NormalizedEvent, 'time' | 'labels'> | 'timestamp';

/** ECS field names and the normalized-event field each one fills. */
export const ECS_FIELDS: Readonly<Record<string, MappableField>> = {
  '@timestamp': 'timestamp',
  message: 'message',
  'event.kind': 'kind',
  'event.category': 'category',
  'event.type': 'type',
  'event.action': 'action',
  'event.outcome': 'outcome',
  'event.code': 'code',
  'event.provider': 'provider',
  'event.dataset': 'dataset',
  'event.severity': 'severity',
  'host.name': 'hostName',
  'host.hostname': 'hostName',
  'host.ip': 'hostIp',
  'user.name': 'userName',
  'user.domain': 'userDomain',
  'source.ip': 'sourceIp',
  'source.port': 'sourcePort',
  'destination.ip': 'destinationIp',
  'destination.port': 'destinationPort',
  'process.name': 'processName',
  'process.command_line': 'processCommandLine',
  'process.pid': 'processPid',
  'process.executable': 'processExecutable',
  'process.parent.name': 'parentName',
  'process.parent.pid': 'parentPid',
  'process.parent.command_line': 'parentCommandLine',
  'file.path': 'filePath',
  'file.hash.sha256': 'fileHash',
  'url.full': 'url',
  'url.original': 'url',
  'dns.question.name': 'dnsQuestion',
};

/** A mapping from normalized fields to the source paths that fill them. */
export type FieldMapping = Readonly<Partial<Record<MappableField, string>>>;

/**
 * Parses `--map` arguments (`host.name=Computer`). The target is an ECS name from `ECS_FIELDS` (or the
 * normalized name itself, e.g. `hostName`); the source is a path in the record.
 */
export function parseMapping(args: readonly string[]): ParseResult<FieldMapping> {
  const mapping: Partial<Record<MappableField, string>> = {};
  const normalized = new Set<string>(Object.values(ECS_FIELDS));
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) {
      return { ok: false, reason: `--map ${arg}: write FIELD=PATH, e.g. --map host.name=Computer` };
    }
    const target = arg.slice(0, eq).trim();
    const source = arg.slice(eq + 1).trim();
    const field = ECS_FIELDS[target] ?? (normalized.has(target) ? (target as MappableField) : undefined);
    if (field === undefined) {
      return {
        ok: false,
        reason: `--map ${arg}: "${target}" is not a field Debrief maps; use one of ${Object.keys(ECS_FIELDS).join(', ')}`,
      };
    }
    mapping[field] = source;
  }
  return { ok: true, value: mapping };
}

/**
 * The value at a dotted path in a record: a literal key with dots (`"host.name"`) first, then nested objects;
 * `[n]` or `.n` indexes arrays (`event.category[0]`). Undefined when absent.
 */
export function valueAtPath(record: unknown, path: string): unknown {
  if (record === null || typeof record !== 'object') return undefined;
  const direct = (record as Record<string, unknown>)[path];
  if (direct !== undefined) return direct;
  let value: unknown = record;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
    if (value === undefined) return undefined;
  }
  return value;
}
