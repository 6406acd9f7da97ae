/**
 * The `evtx` format: Windows XML Event Log files, decoded by Debrief's own streaming parser (src/ingest/evtx/)
 * and normalized by the Windows rules of src/core/normalize-windows.ts. The event time is
 * System/TimeCreated/@SystemTime; the record header's written time (often zero in exported files) is used only
 * when an event has no TimeCreated, and such events are labelled `time_source: record header`.
 */
import type { EventTime, NormalizedEvent } from '../../core/event.js';
import { normalizeWindows, windowsTime } from '../../core/normalize-windows.js';
import { type EvtxItem, FILE_HEADER_SIZE, readEvtx } from '../evtx/file.js';
import type { FormatParser, ParsedRecord } from '../types.js';

const FILE_MAGIC = 'ElfFile\0';
/** 9999-12-31T23:59:59.999Z: later times cannot be shown as dates (and only come from damaged records). */
const LAST_VALID_MS = 253_402_300_799_999;
const CHUNK_MAGIC = 'ElfChnk\0';

const startsWith = (bytes: Uint8Array, at: number, magic: string): boolean => {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic.charCodeAt(i)) return false;
  return true;
};

const withLabels = (event: NormalizedEvent, extra: Readonly<Record<string, string>>): NormalizedEvent => ({
  ...event,
  labels: { ...event.labels, ...extra },
});

/** Windows EVTX files. */
export const evtxParser: FormatParser = {
  name: 'evtx',
  description: 'Windows event log files (.evtx), binary; read by Debrief’s own streaming EVTX parser',
  detect(sample) {
    if (startsWith(sample.bytes, 0, FILE_MAGIC)) return 1;
    // A file whose header is damaged but whose first chunk is intact is still EVTX.
    if (startsWith(sample.bytes, FILE_HEADER_SIZE, CHUNK_MAGIC)) return 0.9;
    if (startsWith(sample.bytes, 0, CHUNK_MAGIC)) return 0.8;
    return 0;
  },
  async *parse(content, context): AsyncGenerator<ParsedRecord> {
    for await (const batch of readEvtx(content)) {
      for (const item of batch) yield toRecord(item, context.zone);
    }
  },
};

/** The parsed record of one EVTX item. */
function toRecord(item: EvtxItem, zone: string): ParsedRecord {
  if (!item.ok) return { ok: false, where: item.where, reason: item.reason, sample: item.sample };
  const { draft } = item;
  let time: EventTime | undefined = draft.time;
  let fallback = false;
  if (time === undefined && draft.timeText !== undefined) {
    const parsed = windowsTime(draft.timeText, zone);
    if (parsed.ok) time = parsed.value;
  }
  if (time === undefined && item.writtenTime !== undefined) {
    time = item.writtenTime;
    fallback = true;
  }
  if (time === undefined) {
    return {
      ok: false,
      where: item.where,
      reason: `record ${item.recordId}: no System/TimeCreated and no written time in the record header`,
      sample: `EventID ${draft.eventId ?? '?'}, record ${item.recordId}`,
    };
  }
  if (time.epochMs > LAST_VALID_MS) {
    return {
      ok: false,
      where: item.where,
      reason: `record ${item.recordId}: TimeCreated ${time.text} is beyond the year 9999 (damaged record)`,
      sample: `EventID ${draft.eventId ?? '?'}, record ${item.recordId}`,
    };
  }
  draft.recordId ??= item.recordId;
  let event = normalizeWindows(draft, time);
  if (fallback) event = withLabels(event, { time_source: 'record header' });
  if (item.integrity !== undefined) event = withLabels(event, { evtx_integrity: item.integrity });
  return { ok: true, event, where: item.where, fields: { kind: 'windows', event: draft } };
}
