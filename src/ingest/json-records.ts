/**
 * Splits JSON evidence into records, each with the exact byte range it came from, for every JSON format. Reads:
 *   - JSON lines (NDJSON): one value per line; blank lines are skipped; a bad line is rejected with its number;
 *   - a top-level array of any size, streamed element by element;
 *   - an object wrapping an array: `{"Records":[…]}` (CloudTrail), `{"value":[…]}` (Microsoft Graph),
 *     `{"data":[…]}`, `{"records":[…]}` (Azure diagnostic logs); the wrapper's other keys are ignored;
 *   - one object, or several concatenated or pretty-printed ones.
 * Memory stays bounded by the longest record (`maxRecordBytes`): a longer one is rejected and skipped, and a
 * truncated tail is rejected while everything before it is kept.
 *
 * Why a byte scanner of our own and not stream-json: the database keeps each raw record by reference to its bytes,
 * so every element needs its exact byte offset and length, which stream-json's token stream does not carry; the
 * scanner only has to find element boundaries (strings, escapes, nesting), leaving the parsing to the engine's
 * `JSON.parse`, which is simpler and faster than assembling values from tokens; and stream-json states that it is
 * not meant for hostile input, which evidence is. json-records.test.ts shows the difference.
 */
import {
  JsonScanner,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  type Scanned,
  type ToRecord,
} from './json-scanner.js';
import { readLines, reject, tooLong } from './lines.js';
import type { ByteSource, ParsedRecord } from './types.js';

export { JsonScanner, type ToRecord, WRAPPER_KEYS } from './json-scanner.js';

function parseScanned(item: Scanned, toRecord: ToRecord): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(item.text);
  } catch (error) {
    return reject(item.where, `invalid JSON: ${(error as Error).message}`, item.text);
  }
  return toRecord(value, item.text, item.where);
}

function* drain(scanner: JsonScanner, toRecord: ToRecord): Generator<ParsedRecord> {
  for (const item of scanner.out) yield 'ok' in item ? item : parseScanned(item, toRecord);
  scanner.out.length = 0;
}

/**
 * Does a first value written over several lines belong to a pretty-printed document, or is it a broken first
 * line of JSON lines? Pretty printers never put a whole non-empty object on one line, so a later line that is one
 * means JSON lines.
 */
function laterLineIsObject(head: Buffer): boolean {
  const lines = head
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .split('\n')
    .slice(1, 20);
  for (const line of lines) {
    const text = line.trim();
    if (!text.startsWith('{') || !text.endsWith('}')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) return true;
    } catch {
      // not a complete object: keep looking
    }
  }
  return false;
}

type Mode = 'lines' | 'values';

/** Chooses how to read the content from what the scanner saw of its beginning, or undefined to read more. */
function chooseMode(
  scanner: JsonScanner,
  head: readonly Buffer[],
  headBytes: number,
  limit: number,
  done: boolean,
): Mode | undefined {
  if (scanner.firstByte === -1) return done ? 'values' : undefined;
  if (scanner.firstByte === OPEN_BRACKET || scanner.wrapperKey !== undefined) return 'values';
  if (scanner.firstByte !== OPEN_BRACE) return 'lines'; // not JSON at the start: judge each line alone
  const more = !done && headBytes <= limit;
  if (scanner.firstEnd === -1 && more) return undefined;
  const all = Buffer.concat(head);
  if (scanner.firstEnd !== -1) {
    // Another value on the same line (`{…}{…}`, as Kinesis Firehose writes): concatenated JSON, not JSON lines.
    let k = scanner.firstEnd;
    while (k < all.length && (all[k] === 0x20 || all[k] === 0x09 || all[k] === 0x0d)) k++;
    if (k === all.length && more) return undefined;
    if (all[k] === OPEN_BRACE || all[k] === OPEN_BRACKET) return 'values';
  }
  const first = all.subarray(scanner.firstStart, scanner.firstEnd === -1 ? all.length : scanner.firstEnd);
  if (!first.includes(NEWLINE)) return 'lines';
  return laterLineIsObject(all) ? 'lines' : 'values';
}

async function* continueWith(
  head: readonly Buffer[],
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Yields the records of JSON content, each converted by `toRecord`, in order. Invalid, oversized and truncated
 * records are rejections; nothing throws for bad input.
 */
export async function* readJsonRecords(
  content: ByteSource,
  maxRecordBytes: number,
  toRecord: ToRecord,
): AsyncGenerator<ParsedRecord> {
  const iterator = content[Symbol.asyncIterator]();
  try {
    const scanner = new JsonScanner(maxRecordBytes);
    const head: Buffer[] = [];
    let headBytes = 0;
    let mode: Mode | undefined;
    let done = false;
    // Look at the beginning to choose: JSON lines go through the line reader (the fast path, one JSON.parse per
    // line); anything else through the scanner, which has already seen the beginning.
    const probeLimit = Math.max(maxRecordBytes, 64 * 1024) + 64 * 1024;
    while (mode === undefined) {
      const next = await iterator.next();
      done = next.done === true;
      if (!done && next.value !== undefined) {
        const chunk = Buffer.from(next.value as Uint8Array); // kept for a replay, so copied
        head.push(chunk);
        headBytes += chunk.length;
        scanner.push(chunk);
      }
      mode = chooseMode(scanner, head, headBytes, probeLimit, done);
    }
    if (mode === 'values') {
      yield* drain(scanner, toRecord);
      if (!done) {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          scanner.push(next.value);
          yield* drain(scanner, toRecord);
        }
      }
      scanner.finish();
      yield* drain(scanner, toRecord);
      return;
    }
    for await (const line of readLines(continueWith(head, iterator), maxRecordBytes)) {
      if (line.tooLong) {
        yield tooLong(line, maxRecordBytes);
        continue;
      }
      const text = line.text;
      if (text.length === 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        if (text.trim() === '') continue;
        yield reject(
          line.where,
          `invalid JSON on line ${line.where.line}: ${(error as Error).message}`,
          text,
        );
        continue;
      }
      yield toRecord(value, text, line.where);
    }
  } finally {
    // A consumer that stops early must not leave the source (a file) open.
    await iterator.return?.();
  }
}
