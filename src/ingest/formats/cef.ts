/**
 * ArcSight CEF files: one `CEF:0|...` record per line, alone or after a syslog header (RFC 3164 or 5424). The
 * record's own time (`rt`, `end`, `start`) wins; the syslog header's time is used when it has none, with the
 * year inferred from the evidence when the header has no year. Decoding and meaning: src/core/normalize-cef.ts.
 */
import type { EventTime, NormalizedEvent, RecordLocation } from '../../core/event.js';
import { normalizeCef, parseCef } from '../../core/normalize-cef.js';
import type { ParseResult } from '../../core/time.js';
import { reject } from '../lines.js';
import type { FormatParser, ParseContext, Sample } from '../types.js';
import {
  type Pending,
  parseSyslogLine,
  readLinesWithYears,
  ready,
  sampleLines,
  shareOf,
  yearlessToTime,
} from './syslog.js';

/** The syslog header in front of a device record, as far as the device record needs it. */
export interface DeviceHeader {
  readonly time?: EventTime;
  readonly host?: string;
}

/** Turns a device record's text (from its marker on) and its syslog header into an event. */
export type DeviceNormalizer = (body: string, header: DeviceHeader) => ParseResult<NormalizedEvent>;

/**
 * Where a device record (`CEF:`, `LEEF:`) starts in a line: 0 when the line starts with it, the index after a
 * syslog header in front of it, or -1 when the line holds no such record.
 */
export function markerStart(line: string, marker: string): number {
  if (line.startsWith(marker)) return 0;
  const at = line.indexOf(marker);
  if (at <= 0 || line[at - 1] !== ' ') return -1;
  return parseSyslogLine(line.slice(0, at - 1), 'UTC').ok ? at : -1;
}

/**
 * A line with a device record: built at once when the record has its own time or its header has a full one;
 * held for the year when only a yearless header gives the time.
 */
export function deviceItem(
  text: string,
  where: RecordLocation,
  zone: string,
  marker: string,
  normalize: DeviceNormalizer,
): Pending {
  const at = markerStart(text, marker);
  if (at === -1) {
    const reason = text.includes(marker)
      ? `the text before "${marker}" is not a syslog header`
      : `no "${marker}" record in the line`;
    return ready(reject(where, reason, text), text);
  }
  if (at === 0) {
    const event = normalize(text, {});
    return ready(
      event.ok ? { ok: true, event: event.value, where } : reject(where, event.reason, text),
      text,
    );
  }
  const header = parseSyslogLine(text.slice(0, at - 1), zone);
  if (!header.ok) return ready(reject(where, header.reason, text), text);
  const host = header.value.record.hostName;
  const body = text.slice(at);
  const time = header.value.time;
  if (time.kind !== 'yearless') {
    const event = normalize(body, { host, ...(time.kind === 'full' ? { time: time.time } : {}) });
    return ready(
      event.ok ? { ok: true, event: event.value, where } : reject(where, event.reason, text),
      text,
    );
  }
  const own = normalize(body, { host });
  const date = { month: time.time.month, day: time.time.day };
  if (own.ok) return { ...ready({ ok: true, event: own.value, where }, text), date };
  return {
    where,
    text,
    date,
    needsYear: true,
    fromLine: true,
    build: (year) => {
      const instant = yearlessToTime(time.time, time.text, year, zone);
      if (!instant.ok) return reject(where, instant.reason, text);
      const event = normalize(body, { host, time: instant.value });
      return event.ok ? { ok: true, event: event.value, where } : reject(where, event.reason, text);
    },
  };
}

/** Detection score of a device format: 0.9 when most sampled lines hold its record, else 0. */
export function detectDevice(sample: Sample, marker: string, hallmark: RegExp): number {
  const share = shareOf(sampleLines(sample), (line) => {
    const at = markerStart(line, marker);
    return at !== -1 && hallmark.test(line.slice(at, at + 16));
  });
  return share >= 0.6 ? 0.9 : 0;
}

function normalizeCefLine(context: ParseContext): DeviceNormalizer {
  return (body, header) => {
    const record = parseCef(body);
    if (!record.ok) return record;
    return normalizeCef(record.value, {
      zone: context.zone,
      headerTime: header.time,
      headerHost: header.host,
    });
  };
}

/** CEF: ArcSight Common Event Format lines, alone or after a syslog header. */
export const cefParser: FormatParser = {
  name: 'cef',
  description: 'ArcSight CEF lines (CEF:0|vendor|product|...), alone or after a syslog header',
  detect(sample) {
    return detectDevice(sample, 'CEF:', /^CEF:\d+\|/);
  },
  parse(content, context) {
    const normalize = normalizeCefLine(context);
    return readLinesWithYears(content, context, (text, where) =>
      deviceItem(text, where, context.zone, 'CEF:', normalize),
    );
  },
};
