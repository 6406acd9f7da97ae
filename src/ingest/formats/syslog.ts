/**
 * Syslog files: RFC 3164 (BSD: `<PRI>Mmm dd hh:mm:ss host tag[pid]: msg`, the priority optional as /var/log
 * files write them, days space-padded) and RFC 5424 (`<PRI>1 2026-03-14T09:12:05.003Z host app procid msgid
 * [sd] msg`), plus the ISO-timestamped form of rsyslog's high-precision template. This module decodes the line;
 * src/core/normalize-syslog.ts says what it means. Yearless (BSD) times get their year from the evidence
 * (src/core/syslog-year.ts): records wait in memory until the year is known, so a file with `--year` streams and
 * one that relies on `--collected-at` is held until its end (up to `YEARLESS_BUFFER_BYTES`).
 *
 * The header reader and the year resolver are shared with the CEF and LEEF readers, whose lines may start with
 * a syslog header.
 */
import type { EventTime, RecordLocation } from '../../core/event.js';
import { normalizeSyslog, type SyslogRecord } from '../../core/normalize-syslog.js';
import {
  type BsdTimestamp,
  firstYearFromReference,
  invalidDayInYear,
  nextYearStep,
  readBsdTimestamp,
  YEAR_UNKNOWN_REASON,
  type YearlessTime,
  type YearStep,
  yearStatedInMessage,
} from '../../core/syslog-year.js';
import type { ParseResult } from '../../core/time.js';
import { localToEpochMs, parseIsoTimestamp } from '../../core/timestamps.js';
import { readLines, reject, tooLong } from '../lines.js';
import type { ByteSource, FormatParser, ParseContext, ParsedRecord, Sample } from '../types.js';

/** When a syslog header's time was written: fully (an instant), without a year, or not at all (RFC 5424 `-`). */
export type SyslogTime =
  | { readonly kind: 'full'; readonly time: EventTime }
  | { readonly kind: 'yearless'; readonly time: YearlessTime; readonly text: string }
  | { readonly kind: 'none' };

/** A decoded syslog line: its time and its parts. */
export interface SyslogLine {
  readonly time: SyslogTime;
  readonly record: SyslogRecord;
}

const PRI = /^<(\d{1,3})>/;
const ISO_START = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const TAG = /^([^\s:[\]]{1,96})(?:\[([^\]\s]{0,32})\])?:(?: |$)/;

/** The next space-delimited token of `text` from `at`, and where the text after it starts. */
function token(text: string, at: number): [string, number] {
  const space = text.indexOf(' ', at);
  return space === -1 ? [text.slice(at), text.length] : [text.slice(at, space), space + 1];
}

/** Reads RFC 5424 STRUCTURED-DATA at `at`: `-` or `[id k="v"...]...`, with `\"`, `\\` and `\]` escapes. */
function readStructuredData(
  text: string,
  at: number,
): { params: Record<string, string>; end: number } | undefined {
  if (text[at] === '-') return { params: {}, end: at + 1 };
  const params: Record<string, string> = {};
  let i = at;
  while (text[i] === '[') {
    const close = /^\[([^\s\]=]+)/.exec(text.slice(i, i + 80));
    if (!close) return undefined;
    const id = close[1] ?? '';
    i += close[0].length;
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === ']') {
        i++;
        break;
      }
      const name = /^([^\s\]="]+)="/.exec(text.slice(i, i + 80));
      if (!name) return undefined;
      i += name[0].length;
      let value = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) return undefined;
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (Object.keys(params).length < 64) params[`${id}.${name[1]}`] = value;
    }
  }
  return { params, end: i };
}

const nil = (value: string): string | undefined => (value === '-' || value === '' ? undefined : value);

function rfc5424(text: string, at: number, priority: number, zone: string): ParseResult<SyslogLine> {
  const [stamp, afterStamp] = token(text, at);
  const [host, afterHost] = token(text, afterStamp);
  const [app, afterApp] = token(text, afterHost);
  const [procId, afterProc] = token(text, afterApp);
  const [msgId, afterMsgId] = token(text, afterProc);
  const sd = readStructuredData(text, afterMsgId);
  if (!sd) return { ok: false, reason: 'RFC 5424 structured data is malformed' };
  let time: SyslogTime = { kind: 'none' };
  if (stamp !== '-') {
    const parsed = parseIsoTimestamp(stamp, zone);
    if (!parsed.ok) return parsed;
    time = { kind: 'full', time: parsed.value };
  }
  const message = text
    .slice(sd.end)
    .replace(/^ /, '')
    .replace(/^\uFEFF/, '');
  const record: SyslogRecord = {
    priority,
    hostName: nil(host),
    appName: nil(app),
    procId: nil(procId),
    msgId: nil(msgId),
    structuredData: Object.keys(sd.params).length > 0 ? sd.params : undefined,
    message,
  };
  return { ok: true, value: { time, record } };
}

/** Reads `host tag[pid]: message` (host optional when the first token is already a tag). */
function hostAndTag(text: string, at: number): Omit<SyslogRecord, 'priority'> {
  let rest = text.slice(at);
  let hostName: string | undefined;
  if (!TAG.test(rest)) {
    const [host, after] = token(rest, 0);
    hostName = host === '' ? undefined : host;
    rest = rest.slice(after);
  }
  const tag = TAG.exec(rest);
  if (!tag) return { hostName, message: rest };
  const name = tag[1] ?? '';
  const paren = name.indexOf('(');
  return {
    hostName,
    appName: paren > 0 ? name.slice(0, paren) : name,
    procId: tag[2] || undefined,
    message: rest.slice(tag[0].length),
  };
}

/**
 * Decodes a syslog line: optional `<PRI>`, then an RFC 5424 header, an ISO timestamp, or a BSD timestamp;
 * then host, tag and message. Fails when the line has none of these headers.
 */
export function parseSyslogLine(text: string, zone: string): ParseResult<SyslogLine> {
  let at = 0;
  let priority: number | undefined;
  const pri = PRI.exec(text);
  if (pri) {
    priority = Number(pri[1]);
    if (priority > 191) return { ok: false, reason: `syslog priority <${pri[1]}> is out of range (0-191)` };
    at = pri[0].length;
  }
  const rest = text.slice(at, at + 64);
  if (priority !== undefined && /^[1-9]\d? /.test(rest)) {
    return rfc5424(text, text.indexOf(' ', at) + 1, priority, zone);
  }
  if (ISO_START.test(rest)) {
    // `2026-03-14T09:12:05Z` is one token; `2026-03-14 09:12:05` is two.
    const [date, afterDate] = token(text, at);
    const [stamp, after] =
      rest[10] === ' '
        ? [`${date} ${token(text, afterDate)[0]}`, token(text, afterDate)[1]]
        : [date, afterDate];
    const parsed = parseIsoTimestamp(stamp, zone);
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      value: { time: { kind: 'full', time: parsed.value }, record: { priority, ...hostAndTag(text, after) } },
    };
  }
  const bsd: BsdTimestamp | undefined = readBsdTimestamp(rest);
  if (!bsd) {
    return {
      ok: false,
      reason: 'not a syslog line: no RFC 5424 header, ISO time or BSD time (Mmm dd hh:mm:ss)',
    };
  }
  const stampText = text.slice(at, at + bsd.length);
  const after = at + bsd.length + 1;
  let time: SyslogTime = { kind: 'yearless', time: bsd.time, text: stampText };
  if (bsd.year !== undefined) {
    const problem = invalidDayInYear(bsd.time, bsd.year);
    if (problem) return { ok: false, reason: problem };
    const epochMs = localToEpochMs({ ...bsd.time, year: bsd.year }, zone);
    time = { kind: 'full', time: { epochMs, text: stampText, assumed: true } };
  }
  return { ok: true, value: { time, record: { priority, ...hostAndTag(text, after) } } };
}

/** The instant of a yearless time in `year`, read in `zone` (assumed), or why that day does not exist. */
export function yearlessToTime(
  time: YearlessTime,
  text: string,
  year: number,
  zone: string,
): ParseResult<EventTime> {
  const problem = invalidDayInYear(time, year);
  if (problem) return { ok: false, reason: problem };
  const { month, day, hour, minute, second, millisecond } = time;
  const epochMs = localToEpochMs({ year, month, day, hour, minute, second, millisecond }, zone);
  return { ok: true, value: { epochMs, text, assumed: true } };
}

/** A record whose year may not be known yet: built once the year of the file is known. */
export interface Pending {
  readonly where: RecordLocation;
  /** The record's text (for the rejection when no year can be found). */
  readonly text: string;
  /** The record's date, when it has one, to follow the file's months (and year, when written). */
  readonly date?: { readonly month: number; readonly day: number; readonly year?: number };
  /** Text that may state the record's year (its message), searched only while the year is unknown. */
  readonly statesYear?: string;
  /** True when the record's time has no year. */
  readonly needsYear: boolean;
  /** True when the same item can be made again from `text` and `where`: then only those are held. */
  readonly fromLine?: boolean;
  /** Builds the record; `year` is the record's year when it needs one. */
  readonly build: (year: number) => ParsedRecord;
}

/** Makes the item of a non-blank line (again, for held lines: they keep only their text, not their parts). */
export type ItemOf = (text: string, where: RecordLocation) => Pending;

/**
 * The most line text held while waiting for the year of a yearless file. Held records keep only their text and
 * location (about twice the text in memory); past this, yearless records are rejected with a reason.
 */
export const YEARLESS_BUFFER_BYTES = 128 * 1024 * 1024;

const OVERFLOW_REASON = `${YEAR_UNKNOWN_REASON} (none found in the first ${YEARLESS_BUFFER_BYTES >> 20} MiB)`;

/** A finished record that needs no year; with the line's `text`, it can be made again from it. */
export const ready = (record: ParsedRecord, text?: string): Pending => ({
  where: record.where,
  text: text ?? '',
  needsYear: false,
  fromLine: text !== undefined,
  build: () => record,
});

const NOT_BLANK = /\S/;

interface Held {
  readonly offset: number;
  readonly where: RecordLocation;
  readonly text: string;
  readonly item?: Pending;
}

/**
 * Reads the lines of `content` as records (`itemOf` decodes one) and gives every record its year, in file order
 * (see src/core/syslog-year.ts for the rules). Records are held only while the year is unknown and something
 * needs it. Blank lines yield nothing; a line over the limit is rejected.
 */
export async function* readLinesWithYears(
  content: ByteSource,
  context: ParseContext,
  itemOf: ItemOf,
): AsyncGenerator<ParsedRecord> {
  const max = context.limits.maxRecordBytes;
  let first: number | undefined = context.year; // the year of the file's first dated record
  let step: YearStep | undefined;
  let lastDay = 1;
  let held: Held[] = [];
  let heldBytes = 0;
  let overflow = false;
  const emit = (item: Pending, offset: number, missing: string): ParsedRecord => {
    if (!item.needsYear) return item.build(0);
    return first === undefined ? reject(item.where, missing, item.text) : item.build(first + offset);
  };
  function* flush(missing: string): Generator<ParsedRecord> {
    for (const h of held) yield emit(h.item ?? itemOf(h.text, h.where), h.offset, missing);
    held = [];
    heldBytes = 0;
  }
  for await (const line of readLines(content, max)) {
    let item: Pending;
    if (line.tooLong) item = ready(tooLong(line, max));
    else if (NOT_BLANK.test(line.text)) item = itemOf(line.text, line.where);
    else continue;
    if (item.date) {
      step = nextYearStep(step, item.date.month);
      lastDay = item.date.day;
      if (first === undefined) {
        const { month, day } = item.date;
        const stated =
          item.date.year ??
          (item.statesYear === undefined ? undefined : yearStatedInMessage(item.statesYear, month, day));
        if (stated !== undefined) first = stated - step.offset;
      }
    }
    const offset = step?.offset ?? 0;
    if (first !== undefined || overflow || (held.length === 0 && !item.needsYear)) {
      yield* flush(YEAR_UNKNOWN_REASON);
      yield emit(item, offset, OVERFLOW_REASON);
      continue;
    }
    const { where, text } = item;
    held.push(item.fromLine ? { offset, where, text } : { offset, where, text: '', item });
    heldBytes += where.length;
    if (heldBytes > YEARLESS_BUFFER_BYTES) {
      overflow = true;
      yield* flush(OVERFLOW_REASON);
    }
  }
  if (first === undefined && step !== undefined && context.referenceDate !== undefined) {
    first = firstYearFromReference({ ...step, day: lastDay }, context.referenceDate);
  }
  yield* flush(YEAR_UNKNOWN_REASON);
}

/**
 * Up to `max` non-empty lines of a detection sample; the last line is left out when the sample was cut at its
 * size limit (it may be partial).
 */
export function sampleLines(sample: Sample, max = 40): string[] {
  const text = sample.text;
  if (text === undefined) return [];
  const lines = text.split('\n');
  if (lines.length > 1 && sample.bytes.length >= 64 * 1024) lines.pop();
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') continue;
    out.push(trimmed);
    if (out.length >= max) break;
  }
  return out;
}

/** The share of `lines` for which `test` holds (0 for no lines). */
export function shareOf(lines: readonly string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let hits = 0;
  for (const line of lines) if (test(line)) hits++;
  return hits / lines.length;
}

function syslogItem(text: string, where: RecordLocation, zone: string): Pending {
  const parsed = parseSyslogLine(text, zone);
  if (!parsed.ok) return ready(reject(where, parsed.reason, text), text);
  const { time, record } = parsed.value;
  if (time.kind === 'none') {
    return ready(reject(where, 'the RFC 5424 header has no time (NILVALUE "-")', text), text);
  }
  if (time.kind === 'full') {
    const date = new Date(time.time.epochMs);
    return {
      where,
      text,
      date: { month: date.getUTCMonth() + 1, day: date.getUTCDate(), year: date.getUTCFullYear() },
      needsYear: false,
      fromLine: true,
      build: () => ({ ok: true, event: normalizeSyslog(record, time.time, text), where }),
    };
  }
  return {
    where,
    text,
    date: { month: time.time.month, day: time.time.day },
    statesYear: record.message,
    needsYear: true,
    fromLine: true,
    build: (year) => {
      const instant = yearlessToTime(time.time, time.text, year, zone);
      return instant.ok
        ? { ok: true, event: normalizeSyslog(record, instant.value, text), where }
        : reject(where, instant.reason, text);
    },
  };
}

/** Syslog: RFC 3164 and RFC 5424 lines, with auth messages (sshd, sudo, su, PAM, account tools) enriched. */
export const syslogParser: FormatParser = {
  name: 'syslog',
  description:
    'Syslog files (RFC 3164 /var/log style, RFC 5424); yearless times take their year from the evidence',
  detect(sample) {
    return shareOf(sampleLines(sample), (line) => parseSyslogLine(line, 'UTC').ok) >= 0.6 ? 0.7 : 0;
  },
  parse(content, context) {
    return readLinesWithYears(content, context, (text, where) => syslogItem(text, where, context.zone));
  },
};
