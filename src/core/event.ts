/**
 * The working-timeline event: one record from ingested evidence, normalized to names aligned with the Elastic
 * Common Schema (ECS). Every parser produces this shape; the database stores it as columns (so filters and search
 * are fast) and keeps the original record by reference: the evidence content it came from, a byte offset and a
 * length (`EventProvenance`), so nothing of the source is lost and nothing is copied twice.
 *
 * ECS correspondence (field → ECS): timestamp → @timestamp, kind → event.kind, category → event.category (the
 * first value), type → event.type, action → event.action, outcome → event.outcome, code → event.code,
 * provider → event.provider, dataset → event.dataset, severity → event.severity, hostName → host.name,
 * hostIp → host.ip, userName → user.name, userDomain → user.domain, sourceIp/Port → source.ip/port,
 * destinationIp/Port → destination.ip/port, processName → process.name, processCommandLine →
 * process.command_line, processPid → process.pid, processExecutable → process.executable, parentName →
 * process.parent.name, parentPid → process.parent.pid, parentCommandLine → process.parent.command_line,
 * filePath → file.path, fileHash → file.hash.sha256 (or the strongest hash given), url → url.full,
 * dnsQuestion → dns.question.name, message → message, labels → labels.
 */

/** ECS `event.outcome` values. */
export const EVENT_OUTCOMES = ['success', 'failure', 'unknown'] as const;
/** Whether the action the event records succeeded. */
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

/** When an event happened, as the source wrote it and as an instant. */
export interface EventTime {
  /** Milliseconds since the Unix epoch, UTC. */
  readonly epochMs: number;
  /** The time exactly as the source wrote it (or the number, as text). */
  readonly text: string;
  /**
   * True when the source gave no offset and a zone was assumed (`--timezone`, the evidence's declared zone, or
   * UTC). Such times are shown as assumed so nobody mistakes them for established facts.
   */
  readonly assumed: boolean;
}

/** A normalized event, before storage assigns it an id and provenance. */
export interface NormalizedEvent {
  readonly time: EventTime;
  /** A one-line human description; never empty (parsers compose one when the source has none). */
  readonly message: string;
  readonly kind?: string;
  readonly category?: string;
  readonly type?: string;
  readonly action?: string;
  readonly outcome?: EventOutcome;
  /** Source-specific event code, e.g. a Windows event id `4624` or a CEF signature id. */
  readonly code?: string;
  readonly provider?: string;
  /** Where the event comes from in ECS terms, e.g. `windows.security`, `aws.cloudtrail`, `zeek.conn`. */
  readonly dataset?: string;
  /** Numeric severity as the source grades it (syslog severity, CEF 0-10...). */
  readonly severity?: number;
  readonly hostName?: string;
  readonly hostIp?: string;
  readonly userName?: string;
  readonly userDomain?: string;
  readonly sourceIp?: string;
  readonly sourcePort?: number;
  readonly destinationIp?: string;
  readonly destinationPort?: number;
  readonly processName?: string;
  readonly processCommandLine?: string;
  readonly processPid?: number;
  readonly processExecutable?: string;
  readonly parentName?: string;
  readonly parentPid?: number;
  readonly parentCommandLine?: string;
  readonly filePath?: string;
  readonly fileHash?: string;
  readonly url?: string;
  readonly dnsQuestion?: string;
  /** Other short facts worth filtering on, as text (e.g. `logon_type: 3`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Where a record is in the evidence: enough to show the exact original bytes again. */
export interface RecordLocation {
  /** Byte offset of the record's first byte in the (decompressed) content. */
  readonly offset: number;
  /** Length of the record in bytes. */
  readonly length: number;
  /** 1-based line number, for line-oriented formats. */
  readonly line?: number;
}

/** A record that could not be turned into an event: kept, counted and reported, never dropped silently. */
export interface RejectedRecord {
  readonly where: RecordLocation;
  /** Why, in words a responder understands: `no timestamp in field "ts"`, `invalid JSON: Unexpected token`. */
  readonly reason: string;
  /** The first 200 bytes of the record as text, for display. */
  readonly sample: string;
}

/** The number of bytes of a rejected record kept as its sample. */
export const REJECT_SAMPLE_BYTES = 200;

/** Normalizes an outcome word (`Success`, `failed`, `FAILURE`, `0`) to an ECS outcome, or undefined. */
export function normalizeOutcome(value: unknown): EventOutcome | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim().toLowerCase();
  if (
    ['success', 'succeeded', 'successful', 'ok', 'allowed', 'allow', 'accept', 'accepted', 'pass'].includes(
      text,
    )
  ) {
    return 'success';
  }
  if (
    [
      'failure',
      'failed',
      'fail',
      'denied',
      'deny',
      'blocked',
      'block',
      'reject',
      'rejected',
      'error',
    ].includes(text)
  ) {
    return 'failure';
  }
  return text === 'unknown' ? 'unknown' : undefined;
}

/** A port number from text or a number, or undefined when it is not a valid port. */
export function toPort(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,5}$/.test(value.trim())
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65_535 ? n : undefined;
}

/** A non-negative whole number (a process id) from text or a number; hex `0x1a2b` is accepted. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Text for an optional event field: trimmed, undefined when empty or a placeholder that means "no value" in
 * common log formats (`-`, `(null)`, `null`, `N/A`).
 */
export function toText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = (
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  ).trim();
  if (
    text === '' ||
    text === '-' ||
    text === '(null)' ||
    text === 'null' ||
    text === 'N/A' ||
    text === '(empty)'
  ) {
    return undefined;
  }
  return text;
}

/** The last path component of a Windows or POSIX path: `C:\Windows\System32\cmd.exe` → `cmd.exe`. */
export function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const name = path.split(/[\\/]/).pop();
  return name === undefined || name === '' ? undefined : name;
}

/** Removes the keys whose value is undefined, so stored events carry only what the source gave. */
export function compactEvent<T extends object>(event: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) if (value !== undefined) out[key] = value;
  return out as T;
}
