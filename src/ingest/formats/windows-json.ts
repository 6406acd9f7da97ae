/**
 * The `windows-json` format: Windows events exported as JSON, one object per line (NDJSON), a JSON array, a
 * wrapper object or a sequence of pretty-printed objects, split by the shared JSON record reader
 * (src/ingest/json-records.ts) with exact byte ranges. The export styles it understands are listed in
 * src/ingest/evtx/event-json.ts; normalization is the same as for EVTX and event XML.
 */
import type { EventTime, NormalizedEvent } from '../../core/event.js';
import { normalizeWindows, windowsTime } from '../../core/normalize-windows.js';
import type { SourceFields } from '../../core/source-fields.js';
import type { ParseResult } from '../../core/time.js';
import { parseAnyTimestamp } from '../../core/timestamps.js';
import { isWindowsJson, jsonEventDraft } from '../evtx/event-json.js';
import { readJsonRecords } from '../json-records.js';
import type { FormatParser } from '../types.js';
import { jsonSample, objectRecords, shareOf } from './json.js';

function eventTime(value: unknown, zone: string): ParseResult<EventTime> {
  if (typeof value === 'string') {
    const time = windowsTime(value, zone);
    return time.ok ? time : parseAnyTimestamp(value, zone);
  }
  return parseAnyTimestamp(value, zone);
}

/** Normalizes one exported event object. */
function normalizeWindowsJson(
  record: Readonly<Record<string, unknown>>,
  zone: string,
): ParseResult<NormalizedEvent> & { readonly fields?: SourceFields } {
  const { draft, time, problem } = jsonEventDraft(record);
  if (draft.eventId === undefined) return { ok: false, reason: 'no event id (EventID, winlog.event_id, Id)' };
  if (time === undefined) return { ok: false, reason: 'no time (TimeCreated, @timestamp, TimeGenerated)' };
  const parsed = eventTime(time, zone);
  if (!parsed.ok) return { ok: false, reason: `time: ${parsed.reason}` };
  const event = normalizeWindows(draft, parsed.value);
  const fields: SourceFields = { kind: 'windows', event: draft };
  if (problem === undefined) return { ok: true, value: event, fields };
  return { ok: true, value: { ...event, labels: { ...event.labels, eventdata_error: problem } }, fields };
}

/** Windows events exported as JSON. */
export const windowsJsonParser: FormatParser = {
  name: 'windows-json',
  description:
    'Windows events as JSON (OTRF/Mordor, Log Analytics SecurityEvent/Event, Winlogbeat, evtx_dump {"Event": …})',
  detect(sample) {
    const json = jsonSample(sample);
    if (json.objects.length === 0) return 0;
    // Ahead of generic JSON (0.5) when most records carry an event id and a Windows source or host field.
    const share = shareOf(json, isWindowsJson);
    return share >= 0.6 ? 0.9 : share >= 0.2 ? 0.5 : 0;
  },
  parse(content, context) {
    const normalize = (record: Readonly<Record<string, unknown>>) =>
      normalizeWindowsJson(record, context.zone);
    return readJsonRecords(content, context.limits.maxRecordBytes, objectRecords(normalize));
  },
};
