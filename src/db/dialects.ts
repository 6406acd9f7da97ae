/**
 * The one file that knows SQLite from PostgreSQL: how to connect, how to tune, how to name column types in
 * migrations, and how to turn driver errors into clear messages.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  type RawBuilder,
  type SqlBool,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import { DomainError } from '../core/errors.js';
import { type SearchQuery, type SearchTerm, toFts5 } from '../core/search-query.js';
import type { Database, DatabaseHandle } from './database.js';

export type DialectName = 'sqlite' | 'postgres';

/** Where the database is: a SQLite file (or `:memory:`) or a PostgreSQL URL. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/**
 * Interprets `DATABASE_URL`: `postgres://` and `postgresql://` URLs select PostgreSQL; `sqlite:PATH`, a plain
 * path or `:memory:` select SQLite. Without it, the SQLite file `debrief.sqlite` under the data folder is used.
 */
export function resolveDatabaseTarget(
  databaseUrl: string | undefined,
  dataDir: string,
  cwd: string = process.cwd(),
): DatabaseTarget {
  const url = databaseUrl?.trim();
  if (!url) return { dialect: 'sqlite', path: resolve(cwd, dataDir, 'debrief.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  if (/^sqlite:/i.test(url)) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new DomainError(
      'invalid_input',
      `DATABASE_URL uses an unsupported scheme (${url.split(':')[0]}); use postgres://… or a SQLite file path`,
    );
  }
  return { dialect: 'sqlite', path: url === ':memory:' ? url : resolve(cwd, url) };
}

/** A URL with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}

/** Prepared statements kept per SQLite connection (by SQL text). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite connection as Kysely sees it, with its prepared statements reused: Kysely prepares every query it
 * runs, and preparing costs about 40 times running a small indexed query (`npm run bench:api`). A statement busy
 * in an iteration is never handed out twice; the least recently used ones are dropped beyond the cache size.
 */
function withStatementCache(sqlite: SQLite.Database): {
  close(): void;
  prepare(sql: string): SQLite.Statement;
} {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached === undefined) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

/** Opens the database named by `target`. SQLite files and their folder are created when missing. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.dialect === 'sqlite') {
    let sqlite: SQLite.Database;
    try {
      if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
      sqlite = new SQLite(target.path);
      // WAL lets the server read while the CLI writes; a busy timeout waits for the other writer instead of failing.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
    } catch (error) {
      throw new DomainError(
        'database_unavailable',
        `cannot open the SQLite database ${target.path}: ${(error as Error).message}; check DEBRIEF_DATA or DATABASE_URL`,
      );
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      db,
      dialect: 'sqlite',
      raw: { dialect: 'sqlite', sqlite },
      location: target.path,
      close: () => db.destroy(),
    };
  }
  // 64-bit integers (counts, epoch milliseconds, byte offsets) arrive as numbers, not strings. They stay below
  // 2^53 (epoch ms until the year 287,396; offsets up to 8 PiB).
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it on the next query.
  pool.on('error', () => undefined);
  const location = redactUrl(target.url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DomainError(
      'database_unavailable',
      `cannot connect to PostgreSQL at ${location}: ${(error as Error).message}; check DATABASE_URL and that the server is running`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', raw: { dialect: 'postgres', pool }, location, close: () => db.destroy() };
}

/** The dialect a Kysely instance speaks (for migrations and the few queries that differ). */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types that differ: 64-bit integers are `integer` in SQLite and `bigint` in PostgreSQL. */
export function bigintType(dialect: DialectName): 'integer' | 'bigint' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/**
 * The text of one label of an event (`events.labels` is a JSON object of strings), NULL when it has none: JSON
 * functions of each dialect, the key bound as a parameter.
 */
export function eventLabel(dialect: DialectName, key: string): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(events.labels::jsonb ->> ${key}::text)`
    : sql<string | null>`json_extract(events.labels, ${`$."${key}"`})`;
}

/**
 * Whether a post-mortem's JSON array column (`types`, `tags`: text holding a JSON array of strings) holds `value`:
 * JSON functions of each dialect, the value bound as a parameter.
 */
export function postMortemArrayHas(
  dialect: DialectName,
  column: 'types' | 'tags',
  value: string,
): RawBuilder<SqlBool> {
  const ref = sql.ref(`post_mortems.${column}`);
  return dialect === 'postgres'
    ? sql<SqlBool>`(${ref}::jsonb @> jsonb_build_array(${value}::text))`
    : sql<SqlBool>`exists (select 1 from json_each(${ref}) where json_each.value = ${value})`;
}

/**
 * The full-text condition for a parsed search, in the dialect's own engine: an FTS5 MATCH on SQLite, a tsquery
 * built from phrase queries on PostgreSQL (the same parser tokenizes indexed text and search terms).
 */
export function searchCondition(dialect: DialectName, query: SearchQuery): RawBuilder<SqlBool> {
  if (dialect === 'sqlite') {
    return sql<SqlBool>`events.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${toFts5(query)})`;
  }
  const term = (t: SearchTerm): RawBuilder<unknown> =>
    t.prefix
      ? sql`to_tsquery('simple', ${`'${t.text.replace(/[/\\]/g, ' ').replace(/'/g, "''")}':*`})`
      : sql`phraseto_tsquery('simple', translate(${t.text}, '/\', '  '))`;
  const groups = query.groups.map((g) => sql`(${sql.join(g.map(term), sql` || `)})`);
  const excluded = query.excluded.map((t) => sql`!!${term(t)}`);
  return sql<SqlBool>`events.search @@ (${sql.join([...groups, ...excluded], sql` && `)})`;
}
