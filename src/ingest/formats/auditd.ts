/**
 * Linux audit logs (audit.log, `ausearch --raw` output, AUOMS lines): the records of one event, which share
 * `audit(time:serial)`, become one normalized event whose byte range runs from its first line to the end of its
 * last. Events of different serials may interleave, so a bounded window of open events is kept: an event closes
 * at its `EOE` record, when `WINDOW` newer events have opened since, or at the end of the file. Records are
 * yielded in the order of their first line. Decoding and meaning: src/core/normalize-auditd.ts.
 */
import { type AuditRecord, normalizeAuditEvent, parseAuditLine } from '../../core/normalize-auditd.js';
import { readLines, reject, tooLong } from '../lines.js';
import type { FormatParser, ParsedRecord } from '../types.js';
import { sampleLines, shareOf } from './syslog.js';

/** How many events may be open at once before the oldest is closed. */
export const WINDOW = 64;
/** How many finished records may wait behind an open event before it is closed anyway. */
const MAX_WAITING = 1024;

interface OpenEvent {
  readonly kind: 'event';
  readonly key: string;
  readonly records: AuditRecord[];
  readonly offset: number;
  readonly line: number;
  end: number;
  closed: boolean;
  /** The text of the first line, for a rejection. */
  readonly text: string;
}

type Slot = OpenEvent | { readonly kind: 'done'; readonly record: ParsedRecord };

function finish(event: OpenEvent): ParsedRecord {
  const where = { offset: event.offset, length: event.end - event.offset, line: event.line };
  if (event.records.length === 0) {
    return reject(where, 'an end-of-event record (EOE) without the records of its event', event.text);
  }
  const normalized = normalizeAuditEvent(event.records);
  return normalized.ok
    ? { ok: true, event: normalized.value, where, fields: { kind: 'audit', records: event.records } }
    : reject(where, normalized.reason, event.text);
}

/** Linux auditd: multi-line audit events grouped by serial. */
export const auditdParser: FormatParser = {
  name: 'auditd',
  description:
    'Linux audit logs (type=SYSCALL msg=audit(...)), the records of one event grouped into one event',
  detect(sample) {
    return shareOf(sampleLines(sample), (line) => parseAuditLine(line).ok) >= 0.6 ? 0.9 : 0;
  },
  async *parse(content, context) {
    const max = context.limits.maxRecordBytes;
    const queue: Slot[] = []; // in order of first line
    const open = new Map<string, OpenEvent>(); // insertion order = age
    const drain = function* (): Generator<ParsedRecord> {
      while (queue.length > 0) {
        const head = queue[0] as Slot;
        if (head.kind === 'event' && !head.closed) {
          if (queue.length <= MAX_WAITING) return;
          head.closed = true;
          open.delete(head.key);
        }
        queue.shift();
        yield head.kind === 'done' ? head.record : finish(head);
      }
    };
    for await (const line of readLines(content, max)) {
      if (line.tooLong) {
        queue.push({ kind: 'done', record: tooLong(line, max) });
      } else if (line.text.trim() !== '') {
        const parsed = parseAuditLine(line.text);
        if (!parsed.ok) {
          queue.push({ kind: 'done', record: reject(line.where, parsed.reason, line.text) });
        } else {
          const record = parsed.value;
          const key = `${record.node ?? ''} ${record.time}:${record.serial}`;
          const lineEnd = line.where.offset + line.where.length;
          let event = open.get(key);
          if (event === undefined) {
            event = {
              kind: 'event',
              key,
              records: [],
              offset: line.where.offset,
              line: line.where.line,
              end: lineEnd,
              closed: false,
              text: line.text,
            };
            open.set(key, event);
            queue.push(event);
            if (open.size > WINDOW) {
              const [oldestKey, oldest] = open.entries().next().value as [string, OpenEvent];
              oldest.closed = true;
              open.delete(oldestKey);
            }
          }
          if (record.type !== 'EOE') event.records.push(record);
          event.end = lineEnd;
          if (record.type === 'EOE') {
            event.closed = true;
            open.delete(key);
          }
        }
      }
      yield* drain();
    }
    for (const event of open.values()) event.closed = true;
    open.clear();
    yield* drain();
  },
};
