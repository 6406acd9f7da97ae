/**
 * `npm run bench:ingest-floor`: where the time of ingest goes, and the least each part can cost with SQLite as the
 * event store, on the same generated ECS JSON lines as `bench:ingest`, next to DuckDB loading the file. Each step
 * runs alone in this process (one thread), so the figures say what the two cores of ingest have to share:
 * - reading: the file split into lines and each line through JSON.parse, nothing else (the least any parser does);
 * - parsing: Debrief's ECS parser and normalization into event rows (what the parse worker does);
 * - storing: the rows (already parsed) inserted into a fresh database through the event writer's statements:
 *   into the events table without its indexes, then with its two indexes, then with the full-text index as ingest
 *   does (the event writer itself).
 * Time spent parsing is not counted in the storing steps.
 *
 * Usage: npx tsx scripts/bench-ingest-floor.ts [--events 1000000]
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type SQLite from 'better-sqlite3';
import type { PostMortemId } from '../src/core/ids.js';
import { openDatabase } from '../src/db/dialects.js';
import {
  EVENT_COLUMNS,
  EVENT_ROW_WIDTH,
  eventWriter,
  ROWS_PER_GROUP,
  type Value,
} from '../src/db/event-writer.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { parserFor } from '../src/ingest/registry.js';
import { DEFAULT_LIMITS } from '../src/ingest/types.js';
import { type ParsedBatch, parseBatches } from '../src/services/parse-batches.js';
import { writeEcsEvents } from '../test/generate-ecs-events.js';

const args = process.argv.slice(2);
const at = args.indexOf('--events');
const count = Number(at >= 0 ? args[at + 1] : 1_000_000);
const cache = join(tmpdir(), 'debrief-bench');
mkdirSync(cache, { recursive: true });
const file = join(cache, `ecs-${count}.jsonl`);
if (!existsSync(file)) {
  process.stdout.write(`generating ${count.toLocaleString('en')} events…\n`);
  await writeEcsEvents(file, count);
}
const POST_MORTEM = 'BENCH-1' as PostMortemId;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** The file split into lines, each through JSON.parse. */
async function readOnly(): Promise<void> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) JSON.parse(line);
  }
  if (rest) JSON.parse(rest);
}

/** Debrief's parser over the file; each batch goes to `use` (its time is not counted by the caller). */
async function parse(use?: (batch: ParsedBatch) => Promise<void>): Promise<void> {
  const parser = parserFor('ecs-json');
  if (parser === undefined) throw new Error('no ecs-json parser');
  const start = {
    postMortemId: POST_MORTEM,
    sourceId: 1,
    ordinalBase: 0,
    recordsDone: 0,
    counts: { accepted: 0, rejected: 0, firstTs: null, lastTs: null, assumed: 0 },
  };
  const content = createReadStream(file, { highWaterMark: 1 << 20 });
  const context = { zone: 'UTC', mapping: {}, limits: DEFAULT_LIMITS };
  for await (const batch of parseBatches(parser, content, context, start)) await use?.(batch);
}

/** Seconds spent storing every batch into a fresh database prepared by `prepare`, with `store`. */
async function storing(
  prepare: (sqlite: SQLite.Database) => void,
  store: (sqlite: SQLite.Database) => (batch: ParsedBatch) => Promise<void>,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-floor-'));
  const handle = await openDatabase({ dialect: 'sqlite', path: join(dir, 'debrief.sqlite') });
  try {
    await migrateToLatest(handle.db);
    if (handle.raw.dialect !== 'sqlite') throw new Error('SQLite expected');
    const sqlite = handle.raw.sqlite;
    prepare(sqlite);
    const write = store(sqlite);
    let spent = 0;
    await parse(async (batch) => {
      spent += await seconds(() => write(batch));
    });
    return spent;
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Plain multi-row inserts of the groups into `events`, one transaction per batch. */
function plainInserts(sqlite: SQLite.Database): (batch: ParsedBatch) => Promise<void> {
  const tuple = `(${EVENT_COLUMNS.map(() => '?').join(',')})`;
  const statements = new Map<number, SQLite.Statement>();
  const insert = (rows: number) => {
    let statement = statements.get(rows);
    if (statement === undefined) {
      statement = sqlite.prepare(
        `INSERT INTO events (${EVENT_COLUMNS.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`,
      );
      statements.set(rows, statement);
    }
    return statement;
  };
  const run = sqlite.transaction((groups: readonly (readonly Value[])[]) => {
    for (const group of groups) if (group.length > 0) insert(group.length / EVENT_ROW_WIDTH).run(group);
  });
  return async (batch) => run(batch.rows);
}

async function duckDb(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-floor-duck-'));
  try {
    return await seconds(async () => {
      const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
      const connection = await instance.connect();
      await connection.run(
        `CREATE TABLE events AS SELECT * FROM read_json_auto('${file.replace(/'/g, "''")}') ORDER BY "@timestamp"`,
      );
      await connection.run('CHECKPOINT');
      connection.closeSync();
      instance.closeSync();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}\n` +
    `input: ${count.toLocaleString('en')} generated ECS JSON lines, ${(statSync(file).size / 1e6).toFixed(0)} MB; ${ROWS_PER_GROUP} rows per INSERT, one transaction per batch\n\n`,
);
const duck = await duckDb();
const steps: [string, number][] = [
  ['DuckDB read_json_auto into a table ordered by time (both cores)', duck],
  ['reading: lines through JSON.parse only', await seconds(readOnly)],
  ['parsing: Debrief ECS parser to event rows', await seconds(() => parse())],
  [
    'storing: rows into events without indexes or full-text index',
    await storing((sqlite) => {
      sqlite.exec('DROP INDEX events_timeline; DROP INDEX events_source');
      sqlite.exec('DROP TRIGGER events_fts_delete; DROP TABLE events_fts');
    }, plainInserts),
  ],
  [
    'storing: rows into events with its two indexes',
    await storing(
      (sqlite) => sqlite.exec('DROP TRIGGER events_fts_delete; DROP TABLE events_fts'),
      plainInserts,
    ),
  ],
  [
    'storing: as ingest does (indexes and FTS5, the event writer)',
    await storing(
      () => undefined,
      (sqlite) => {
        const writer = eventWriter({ dialect: 'sqlite', sqlite });
        return (batch) =>
          writer.write({
            postMortemId: POST_MORTEM,
            sourceId: 1,
            rows: batch.rows,
            rejects: batch.rejects,
            checkpoint: {
              recordsDone: batch.recordsDone,
              accepted: 0,
              rejected: 0,
              firstTs: null,
              lastTs: null,
              assumedTimes: 0,
              heartbeatAt: 'bench',
            },
          });
      },
    ),
  ],
];
const width = Math.max(...steps.map(([name]) => name.length));
process.stdout.write(`${'step'.padEnd(width)}  seconds  × DuckDB\n`);
for (const [name, s] of steps)
  process.stdout.write(
    `${name.padEnd(width)}  ${s.toFixed(2).padStart(7)}  ${(s / duck).toFixed(2).padStart(7)}×\n`,
  );
