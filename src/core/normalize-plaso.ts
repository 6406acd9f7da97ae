/**
 * plaso (log2timeline/psort) output as normalized events, for the three text outputs responders keep:
 * - `l2tcsv`: the 17 fixed columns of log2timeline.pl (`date,time,timezone,MACB,source,sourcetype,type,user,
 *   host,short,desc,version,filename,inode,notes,format,extra`), the date as `MM/DD/YYYY`, the time `HH:MM:SS`
 *   in the output zone named by the `timezone` column (an abbreviation such as `UTC` or `CEST`, or a zone name);
 * - `dynamic` (psort's default): a header row of chosen fields, by default
 *   `datetime,timestamp_desc,source,source_long,message,parser,display_name,tag`, `datetime` in ISO 8601;
 * - `json_line`: one object per line, `__container_type__: "event"`, `timestamp` in microseconds since the epoch,
 *   `timestamp_desc`, `data_type`, `parser`, `message`, `display_name`, `filename`, the event data's own
 *   attributes (`hostname`, `username`, `url`...) and `tag` (an event_tag container with `labels`).
 * References: plaso docs "Output and formatting", "l2tcsv output format"; plaso/output/{l2t_csv,dynamic,
 * shared_json}.py. Event tags (plaso's tagging analysis plugin) become `source.tags`, those naming ATT&CK
 * techniques or tactics `threat.technique.id` / `threat.tactic.name`.
 */
import { splitToolTags } from './case-tool-labels.js';
import { compactEvent, type EventTime, type NormalizedEvent, toInteger, toText } from './event.js';
import type { ParseResult } from './time.js';
import {
  atFixedOffset,
  isTimeZone,
  type LocalTime,
  localToEpochMs,
  parseEpoch,
  parseIsoTimestamp,
} from './timestamps.js';

type Doc = Readonly<Record<string, unknown>>;

/** The columns of l2tcsv, in order (plaso/output/l2t_csv.py, log2timeline.pl). */
export const L2TCSV_COLUMNS = [
  'date',
  'time',
  'timezone',
  'MACB',
  'source',
  'sourcetype',
  'type',
  'user',
  'host',
  'short',
  'desc',
  'version',
  'filename',
  'inode',
  'notes',
  'format',
  'extra',
] as const;

/** psort's `dynamic` output fields when `--fields` is not given (plaso/output/dynamic.py). */
export const PLASO_DYNAMIC_DEFAULT_COLUMNS = [
  'datetime',
  'timestamp_desc',
  'source',
  'source_long',
  'message',
  'parser',
  'display_name',
  'tag',
] as const;

/**
 * Offsets (minutes) of the zone abbreviations Python's `tzname()` writes into l2tcsv's `timezone` column. An
 * abbreviation names the offset in force at that instant, so it is read as a fixed offset. Ambiguous ones
 * (`CST`, `IST`) are left out: they fall back to the assumed zone.
 */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  ACDT: 630,
  AWST: 480,
  NZST: 720,
  NZDT: 780,
};

/** Abbreviations that name several offsets (China/US Central, India/Ireland/Israel, Atlantic/Arabia). */
const AMBIGUOUS: ReadonlySet<string> = new Set(['CST', 'IST', 'AST']);

const L2T_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const L2T_TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/**
 * The instant of an l2tcsv row: `MM/DD/YYYY` and `HH:MM:SS` (a fraction tolerated) in the zone of the `timezone`
 * column: a known abbreviation (fixed offset), else an IANA zone name, else `zone`, flagged assumed.
 */
export function parseL2tCsvTime(
  date: string,
  time: string,
  timezone: string,
  zone: string,
): ParseResult<EventTime> {
  const text = `${date} ${time} ${timezone}`.trim();
  const d = L2T_DATE.exec(date.trim());
  const t = L2T_TIME.exec(time.trim());
  if (!d || !t) return { ok: false, reason: `"${text.slice(0, 40)}" is not an l2tcsv date and time` };
  const local: LocalTime = {
    year: Number(d[3]),
    month: Number(d[1]),
    day: Number(d[2]),
    hour: Number(t[1]),
    minute: Number(t[2]),
    second: Number(t[3]),
    millisecond: Number((t[4] ?? '').padEnd(3, '0').slice(0, 3)),
  };
  // plaso writes 00/00/0000 when it could not format the timestamp.
  const days = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > days) {
    return { ok: false, reason: `"${text.slice(0, 40)}": the date is out of range` };
  }
  if (local.hour > 23 || local.minute > 59 || local.second > 59) {
    return { ok: false, reason: `"${text.slice(0, 40)}": the time of day is out of range` };
  }
  const name = timezone.trim();
  const fixed = ABBREVIATIONS[name.toUpperCase()];
  if (fixed !== undefined) {
    return { ok: true, value: { epochMs: atFixedOffset(local, fixed), text, assumed: false } };
  }
  if (name !== '' && name !== '-' && !AMBIGUOUS.has(name.toUpperCase()) && isTimeZone(name)) {
    return { ok: true, value: { epochMs: localToEpochMs(local, name), text, assumed: false } };
  }
  return { ok: true, value: { epochMs: localToEpochMs(local, zone), text, assumed: true } };
}

/** Event tag labels as plaso writes them: a space-separated string (CSV, `-` for none) or a list (JSON). */
export function plasoTagLabels(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(toText).filter((v): v is string => v !== undefined);
  if (value !== null && typeof value === 'object') return plasoTagLabels((value as Doc).labels);
  const text = toText(value);
  return text === undefined ? [] : text.split(/[\s,]+/).filter((label) => label !== '' && label !== '-');
}

/** The facts every plaso output shares, under the names of the event model. */
interface PlasoFacts {
  readonly time: EventTime;
  readonly message: string | undefined;
  readonly timestampDesc: string | undefined;
  readonly sourceShort: string | undefined;
  readonly sourceLong: string | undefined;
  readonly parser: string | undefined;
  readonly dataType: string | undefined;
  readonly host: string | undefined;
  readonly user: string | undefined;
  readonly filename: string | undefined;
  readonly displayName: string | undefined;
  readonly inode: string | undefined;
  readonly macb: string | undefined;
  readonly tags: readonly string[];
  readonly url?: string | undefined;
  readonly sha256?: string | undefined;
  readonly eventId?: number | undefined;
  readonly extra?: string | undefined;
}

function plasoEvent(f: PlasoFacts, fallbackMessage: string): NormalizedEvent {
  const labels: Record<string, string> = { 'source.tool': 'plaso' };
  const label = (name: string, value: string | undefined): void => {
    if (value !== undefined) labels[name] = value.slice(0, 500);
  };
  label('timestamp_desc', f.timestampDesc);
  label('source_short', f.sourceShort);
  label('source_long', f.sourceLong);
  label('parser', f.parser);
  label('data_type', f.dataType);
  label('display_name', f.displayName);
  label('inode', f.inode);
  label('macb', f.macb);
  label('extra', f.extra);
  // Tags naming ATT&CK techniques or tactics (`attack.t1059.001`, `T1105`) are threat labels, as other tools' are.
  const tags = splitToolTags(f.tags);
  if (tags.tags.length > 0) labels['source.tags'] = tags.tags.join(',').slice(0, 500);
  if (tags.techniques.length > 0) labels['threat.technique.id'] = tags.techniques.join(',');
  if (tags.tactics.length > 0) labels['threat.tactic.name'] = tags.tactics.join(',');
  const message = f.message ?? ([f.timestampDesc, f.sourceLong].filter(Boolean).join(': ') || undefined);
  return {
    time: f.time,
    message: message ?? fallbackMessage.slice(0, 500),
    ...compactEvent({
      kind: 'event',
      action: f.timestampDesc,
      code: f.eventId === undefined ? undefined : String(f.eventId),
      provider: 'plaso',
      dataset: f.dataType ?? f.parser,
      hostName: f.host,
      userName: f.user,
      filePath: f.filename,
      fileHash: f.sha256,
      url: f.url,
    }),
    labels,
  };
}

const field = (row: Readonly<Record<string, string>>, name: string): string | undefined => toText(row[name]);

/** A dynamic row's `timezone` (or `zone`) column when it names an IANA zone. */
function zoneColumn(row: Readonly<Record<string, string>>): string | undefined {
  const name = (row.timezone ?? row.zone ?? '').trim();
  return name !== '' && isTimeZone(name) ? name : undefined;
}

/** Normalizes one l2tcsv row (keyed by its header). `desc` is the message, `short` the fallback. */
export function normalizePlasoL2tCsv(
  row: Readonly<Record<string, string>>,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  const time = parseL2tCsvTime(row.date ?? '', row.time ?? '', row.timezone ?? '', zone);
  if (!time.ok) return time;
  return {
    ok: true,
    value: plasoEvent(
      {
        time: time.value,
        message: field(row, 'desc') ?? field(row, 'short'),
        timestampDesc: field(row, 'type'),
        sourceShort: field(row, 'source'),
        sourceLong: field(row, 'sourcetype'),
        parser: field(row, 'format'),
        dataType: undefined,
        host: field(row, 'host'),
        user: field(row, 'user'),
        filename: field(row, 'filename'),
        displayName: undefined,
        inode: field(row, 'inode'),
        // `....` means no MACB meaning.
        macb: /[MACB]/.test(row.MACB ?? '') ? field(row, 'MACB') : undefined,
        tags: plasoTagLabels(row.notes),
        extra: field(row, 'extra'),
      },
      fallbackMessage,
    ),
  };
}

/**
 * Normalizes one row of psort's `dynamic` CSV. The time comes from `datetime` (ISO 8601), else from `date` and
 * `time` (with `timezone`/`zone`), else from a `timestamp` column in microseconds.
 */
export function normalizePlasoDynamic(
  row: Readonly<Record<string, string>>,
  zone: string,
  fallbackMessage: string,
): ParseResult<NormalizedEvent> {
  let time: ParseResult<EventTime>;
  const datetime = field(row, 'datetime');
  if (datetime !== undefined) time = parseIsoTimestamp(datetime, zone);
  else if (field(row, 'date') !== undefined && field(row, 'time') !== undefined) {
    const date = (row.date ?? '').trim();
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(date);
    time = iso
      ? parseIsoTimestamp(`${date}T${(row.time ?? '').trim()}`, zoneColumn(row) ?? zone)
      : parseL2tCsvTime(date, row.time ?? '', row.timezone ?? row.zone ?? '', zone);
  } else if (field(row, 'timestamp') !== undefined) time = parseEpoch(row.timestamp ?? '', 'us');
  else return { ok: false, reason: 'no "datetime" (or "date" and "time") column in the psort row' };
  if (!time.ok) return time;
  return {
    ok: true,
    value: plasoEvent(
      {
        time: time.value,
        message: field(row, 'message') ?? field(row, 'description') ?? field(row, 'message_short'),
        timestampDesc: field(row, 'timestamp_desc') ?? field(row, 'type'),
        sourceShort: field(row, 'source'),
        sourceLong: field(row, 'source_long') ?? field(row, 'sourcetype'),
        parser: field(row, 'parser'),
        dataType: field(row, 'data_type'),
        host: field(row, 'hostname') ?? field(row, 'host'),
        user: field(row, 'username') ?? field(row, 'user'),
        filename: field(row, 'filename'),
        displayName: field(row, 'display_name'),
        inode: field(row, 'inode'),
        macb: field(row, 'macb'),
        tags: plasoTagLabels(row.tag),
        url: field(row, 'url'),
        sha256: field(row, 'sha256_hash'),
      },
      fallbackMessage,
    ),
  };
}

/** Is this a plaso `json_line` event object? */
export function isPlasoJsonEvent(record: Doc): boolean {
  return (
    record.__container_type__ === 'event' &&
    (typeof record.timestamp === 'number' || typeof record.timestamp === 'string') &&
    (typeof record.data_type === 'string' || typeof record.timestamp_desc === 'string')
  );
}

/** Normalizes one plaso `json_line` event: `timestamp` is microseconds since the epoch, UTC. */
export function normalizePlasoJson(record: Doc, fallbackMessage: string): ParseResult<NormalizedEvent> {
  const raw = record.timestamp;
  if (typeof raw !== 'number' && typeof raw !== 'string') {
    return { ok: false, reason: 'no "timestamp" (microseconds) in the plaso event' };
  }
  const time = parseEpoch(raw, 'us');
  if (!time.ok) return time;
  const text = (name: string): string | undefined => toText(record[name]);
  const inode = record.inode === 0 ? undefined : text('inode');
  return {
    ok: true,
    value: plasoEvent(
      {
        time: time.value,
        message: text('message'),
        timestampDesc: text('timestamp_desc'),
        sourceShort: undefined,
        sourceLong: undefined,
        parser: text('parser'),
        dataType: text('data_type'),
        host: text('hostname') ?? text('computer_name'),
        user: text('username') ?? text('user_sid'),
        filename: text('filename'),
        displayName: text('display_name'),
        inode,
        macb: undefined,
        tags: plasoTagLabels(record.tag),
        url: text('url'),
        sha256: text('sha256_hash'),
        eventId: toInteger(record.event_identifier),
      },
      fallbackMessage,
    ),
  };
}
