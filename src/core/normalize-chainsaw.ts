/**
 * Chainsaw hunt detections (`chainsaw hunt --json` / `--jsonl`) as normalized events. A detection names its rule
 * (`name`, `level`, `status`, `authors`, `source`: sigma or chainsaw, `group`; for Sigma rules also `id`, `tags`
 * with ATT&CK `attack.t…` ids, `references`, `falsepositives`, `logsource`), its `timestamp` (RFC 3339, UTC unless
 * Chainsaw ran with --local or --timezone) and the matched document: `kind: individual` with one `document`, or
 * `kind: aggregate` with `documents`, each `{kind: evtx|json|mft|hve|xml, path, data}`. Chainsaw 1 wrote
 * `{detection: [rule names], event: {...}}` instead; both are read.
 * Reference: https://github.com/WithSecureLabs/chainsaw (src/cli.rs `Detection`, src/hunt.rs `Kind`).
 *
 * The Windows event of an EVTX document is decoded by the reader and normalized as any Windows event
 * (normalize-windows.ts); the detection adds the rule and ATT&CK labels and leads the message.
 */
import { splitToolTags } from './case-tool-labels.js';
import { compactEvent, type EventTime, type NormalizedEvent, toText } from './event.js';
import { normalizeWindows, oneLine, type WindowsEvent, windowsTime } from './normalize-windows.js';
import { kindOfLevel, ruleLevel } from './rule-level.js';
import type { ParseResult } from './time.js';
import { parseIsoTimestamp } from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

const obj = (value: unknown): Doc | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : undefined;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => toText(v)).filter((v): v is string => v !== undefined) : [];

/** Does a JSON object look like a Chainsaw 2 detection, or a Chainsaw 1 one? */
export function isChainsawDetection(record: Doc): boolean {
  if (Array.isArray(record.detection) && obj(obj(record.event)?.Event) !== undefined) return true;
  return (
    typeof record.name === 'string' &&
    typeof record.level === 'string' &&
    typeof record.timestamp === 'string' &&
    (obj(record.document) !== undefined || Array.isArray(record.documents))
  );
}

/** The matched documents of a detection: `document`, `documents` (aggregates), or Chainsaw 1's `event`. */
export function chainsawDocuments(record: Doc): Doc[] {
  if (Array.isArray(record.detection)) {
    const event = obj(record.event);
    return event === undefined ? [] : [{ kind: 'evtx', data: event }];
  }
  const one = obj(record.document);
  if (one !== undefined) return [one];
  return Array.isArray(record.documents) ? record.documents.map(obj).filter((d) => d !== undefined) : [];
}

/** The first matched document's Windows event, decoded by the reader, with its TimeCreated text. */
export interface ChainsawWindows {
  readonly event: WindowsEvent;
  readonly time: string | undefined;
}

/**
 * Normalizes one detection. `windows` is the decoded event of the first EVTX document, when there is one. Fails
 * only when neither the detection's timestamp nor the event's time can be read.
 */
export function normalizeChainsaw(
  record: Doc,
  windows: ChainsawWindows | undefined,
  zone: string,
): ParseResult<NormalizedEvent> {
  const legacy = Array.isArray(record.detection);
  const names = legacy ? strings(record.detection) : strings([record.name]);
  const name = names.join('; ');
  if (name === '') return { ok: false, reason: 'no rule name in the Chainsaw detection' };
  let time: ParseResult<EventTime> = { ok: false, reason: 'no timestamp in the Chainsaw detection' };
  if (typeof record.timestamp === 'string') time = parseIsoTimestamp(record.timestamp, zone);
  if (!time.ok && windows?.time !== undefined) time = windowsTime(windows.time, zone);
  if (!time.ok) return time;

  const documents = chainsawDocuments(record);
  const level = ruleLevel(record.level);
  const split = splitToolTags(strings(record.tags));
  const labels: Record<string, string> = { 'source.tool': 'chainsaw', 'rule.name': name.slice(0, 500) };
  const label = (key: string, value: string | undefined, max = 500): void => {
    if (value !== undefined && value !== '') labels[key] = value.slice(0, max);
  };
  label('rule.level', level);
  label('rule.id', toText(record.id));
  label('rule.author', strings(record.authors).join(', '));
  label('rule.status', toText(record.status));
  label('rule.source', toText(record.source));
  label('rule.group', toText(record.group));
  label('rule.tags', split.tags.join(','), 1000);
  label('threat.technique.id', split.techniques.join(','));
  label('threat.tactic.name', split.tactics.join(','));
  label('document_kind', toText(documents[0]?.kind));
  label('document_path', toText(documents[0]?.path), 1000);
  if (documents.length > 1) labels.document_count = String(documents.length);

  const base = windows === undefined ? undefined : normalizeWindows(windows.event, time.value);
  const count = documents.length > 1 ? ` (${documents.length} documents)` : '';
  const host = base?.hostName === undefined ? '' : ` on ${base.hostName}`;
  const what = base?.message ?? toText(documents[0]?.path);
  const message = oneLine(
    `${name} (${level ?? toText(record.level) ?? '?'})${host}${count}${what ? `: ${what}` : ''}`,
    300,
  );
  return {
    ok: true,
    value: compactEvent({
      ...base,
      time: time.value,
      message,
      kind: kindOfLevel(level ?? (legacy ? 'low' : undefined)),
      labels: { ...base?.labels, ...labels },
    }),
  };
}
