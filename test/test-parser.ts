/**
 * A tiny parser for pipeline tests, independent of the real formats: each line is `ISO-TIME text`, where the
 * text may hold `host=`, `user=`, `src=`, `dst=` and `action=` words, and `star=true` / `tags=a,b` as a source
 * tool's marks. A line whose time cannot be read is
 * rejected. `failingParser` stops with an error after a number of records, as a crash would.
 */
import type { NormalizedEvent } from '../src/core/event.js';
import { parseIsoTimestamp } from '../src/core/timestamps.js';
import { readLines, reject, tooLong } from '../src/ingest/lines.js';
import type { FormatName, FormatParser, ParsedRecord } from '../src/ingest/types.js';

function event(text: string, zone: string, where: ParsedRecord['where']): ParsedRecord {
  const space = text.indexOf(' ');
  const time = parseIsoTimestamp(space > 0 ? text.slice(0, space) : text, zone);
  if (!time.ok) return reject(where, time.reason, text);
  const message = text.slice(space + 1);
  const word = (key: string) => new RegExp(`\\b${key}=(\\S+)`).exec(message)?.[1];
  const fields: Record<string, string> = {};
  for (const [key, field] of [
    ['host', 'hostName'],
    ['user', 'userName'],
    ['src', 'sourceIp'],
    ['dst', 'destinationIp'],
    ['action', 'action'],
  ] as const) {
    const value = word(key);
    if (value !== undefined) fields[field] = value;
  }
  // What a source tool marked (services/source-marks.ts): `star=true`, `tags=a,b`.
  const labels: Record<string, string> = {};
  if (word('star') === 'true') labels['source.starred'] = 'true';
  const tags = word('tags');
  if (tags !== undefined) labels['source.tags'] = tags;
  const event = {
    time: time.value,
    message,
    ...fields,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
  return { ok: true, event: event as NormalizedEvent, where };
}

/** The test parser; `name` is one no real parser uses. */
export const testLinesParser: FormatParser = {
  name: 'test-lines' as FormatName,
  description: 'test lines: ISO time, space, text',
  detect: (sample) => (sample.text !== undefined && /^\d{4}-\d{2}-\d{2}T\S+ /.test(sample.text) ? 0.9 : 0),
  async *parse(content, context) {
    for await (const line of readLines(content, context.limits.maxRecordBytes)) {
      if (line.tooLong) yield tooLong(line, context.limits.maxRecordBytes);
      else if (line.text.trim() !== '') yield event(line.text, context.zone, line.where);
    }
  },
};

/** The same parser, failing with an I/O-like error after `records` records (a crash mid-file). */
export function failingParser(records: number): FormatParser {
  return {
    ...testLinesParser,
    async *parse(content, context) {
      let n = 0;
      for await (const record of testLinesParser.parse(content, context)) {
        if (n++ === records) throw new Error(`simulated crash after ${records} records`);
        yield record;
      }
    },
  };
}

/** `count` lines of the test format, one a second from `start`, cycling hosts and users. */
export function testLines(count: number, start = Date.UTC(2026, 2, 1)): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ts = new Date(start + i * 1000).toISOString();
    lines.push(
      `${ts} host=ws-${i % 5} user=${['alice', 'bob', 'carol'][i % 3]} action=logon src=10.0.0.${i % 7} event ${i}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
