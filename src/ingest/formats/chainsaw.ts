/**
 * Chainsaw hunt output in JSON (`chainsaw hunt --json`: an array; `--jsonl`: one detection per line; Chainsaw 1's
 * `{detection, event}` objects too). Detection: JSON objects with a rule `name`, `level`, `timestamp` and the
 * matched `document`(s). The first EVTX document's event is decoded here (Chainsaw writes it as the evtx crate
 * does with separate attributes: `Provider_attributes.Name`, `TimeCreated_attributes.SystemTime`); its meaning
 * is decided in src/core/normalize-chainsaw.ts and normalize-windows.ts.
 */
import {
  type ChainsawWindows,
  chainsawDocuments,
  isChainsawDetection,
  normalizeChainsaw,
} from '../../core/normalize-chainsaw.js';
import type { SourceFields } from '../../core/source-fields.js';
import { jsonEventDraft } from '../evtx/event-json.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

type Json = Readonly<Record<string, unknown>>;

const object = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * The evtx crate's "separate attributes" JSON (`X_attributes` beside `X`) rewritten in the `#attributes` style
 * the Windows JSON reader knows (`X: {"#attributes": …, "#text": …}`); attribute-only keys inside data sections
 * (namespaces) are dropped. Depth-limited: event data is at most a few levels deep.
 */
function joinAttributes(value: Json, depth = 0): Json {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith('_attributes')) continue;
    const inner = object(v);
    out[key] = inner !== undefined && depth < 8 ? joinAttributes(inner, depth + 1) : v;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!key.endsWith('_attributes') || object(v) === undefined) continue;
    const base = key.slice(0, -'_attributes'.length);
    if (base === '' || depth > 1) continue; // only System's children carry attributes that matter
    const current = out[base];
    out[base] =
      object(current) !== undefined
        ? { ...object(current), '#attributes': v }
        : current === undefined
          ? { '#attributes': v }
          : { '#text': current, '#attributes': v };
  }
  return out;
}

/** The Windows event of the first EVTX document of a detection, if it has one. */
function windowsOf(record: Json): (ChainsawWindows & { readonly fields: SourceFields }) | undefined {
  const document = chainsawDocuments(record)[0];
  if (document === undefined || (document.kind !== undefined && document.kind !== 'evtx')) return undefined;
  const event = object(object(document.data)?.Event);
  if (event === undefined || object(event.System) === undefined) return undefined;
  const { draft, time } = jsonEventDraft({ Event: joinAttributes(event) });
  return {
    event: draft,
    time: typeof time === 'string' ? time : undefined,
    fields: { kind: 'windows', event: draft },
  };
}

/** Chainsaw hunt detections. */
export const chainsawParser: FormatParser = {
  name: 'chainsaw-json',
  description: 'Chainsaw hunt output (--json, --jsonl): Sigma and Chainsaw rule detections with their events',
  detect(sample) {
    return shareOf(jsonSample(sample), isChainsawDetection) >= 0.5 ? 0.95 : 0;
  },
  parse(content, context) {
    const zone = context.zone;
    return readJsonRecords(
      content,
      context.limits.maxRecordBytes,
      objectRecords((record) => {
        const windows = windowsOf(record);
        const event = normalizeChainsaw(record, windows, zone);
        return event.ok && windows !== undefined ? { ...event, fields: windows.fields } : event;
      }),
    );
  },
};
