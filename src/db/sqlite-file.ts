/**
 * SQLite database files handled as files, for `debrief backup` and `debrief restore`: an online copy through
 * SQLite's backup API (consistent while other connections read and write), a probe telling whether another
 * process has a file open, and a read-only inspection of a copy (integrity, size, migrations, blobs).
 */
import SQLite from 'better-sqlite3';

/** Kysely's migration table, as src/db/migrator.ts names it: its presence marks a Debrief database. */
const MIGRATION_TABLE = 'debrief_migrations';

/** Pages copied per step of an online backup (4 MiB with 4 KiB pages): other connections get turns between. */
const PAGES_PER_STEP = 1024;

/** Progress of a copy, in database pages. */
export type PageProgress = (copiedPages: number, totalPages: number) => void;

/** A blob the database lists (table `blobs`). */
export interface ListedBlob {
  readonly sha256: string;
  readonly size: number;
}

/** What a read-only look at a SQLite file found. */
export type SqliteFileInspection =
  /** SQLite cannot read it at all (not a database, or a damaged header). */
  | { readonly kind: 'not-sqlite'; readonly reason: string }
  /** SQLite reads it, but `PRAGMA integrity_check` reports problems (the first few). */
  | { readonly kind: 'corrupt'; readonly problems: readonly string[] }
  | {
      readonly kind: 'sqlite';
      readonly pageCount: number;
      readonly pageSize: number;
      /** Names of the applied migrations; undefined when the file has no Debrief migration table. */
      readonly migrations: readonly string[] | undefined;
      /** Number of post-mortems; undefined without the table. */
      readonly postMortems: number | undefined;
      /** The evidence blobs the database lists (empty without the table). */
      readonly blobs: readonly ListedBlob[];
    };

function copyStep(
  source: SQLite.Database,
  destination: string,
  onProgress: PageProgress | undefined,
): Promise<SQLite.BackupMetadata> {
  return source.backup(destination, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.(totalPages - remainingPages, totalPages);
      return PAGES_PER_STEP;
    },
  });
}

/**
 * Leaves a finished copy as one self-contained file: the backup API keeps the source's WAL flag, and a WAL
 * database grows `-wal` and `-shm` companions as soon as it is opened; rollback-journal mode has none.
 */
function makeStandalone(path: string): void {
  const copy = new SQLite(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Copies an open database to `destination` (a new file) with SQLite's online backup API: a consistent snapshot
 * even while other connections write (the copy restarts when another connection changes the source). The copy
 * is left in rollback-journal mode, as a single file.
 */
export async function copyOpenSqliteDatabase(
  source: SQLite.Database,
  destination: string,
  onProgress?: PageProgress,
): Promise<void> {
  await copyStep(source, destination, onProgress);
  makeStandalone(destination);
}

/**
 * Copies the SQLite file at `sourcePath` (opened read-only, its write-ahead log included if it has one) to
 * `destination` (a new file) with the backup API, as a single file.
 */
export async function copySqliteFile(
  sourcePath: string,
  destination: string,
  onProgress?: PageProgress,
): Promise<void> {
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  try {
    await copyStep(source, destination, onProgress);
  } finally {
    source.close();
  }
  makeStandalone(destination);
}

/**
 * Is the SQLite file open in another connection (a running server, another command)? Tries to take an
 * exclusive lock without waiting. Closing the probe as the last connection also checkpoints the write-ahead log
 * into the file, so the file alone holds the whole database afterwards.
 */
export function sqliteFileInUse(path: string): boolean {
  const probe = new SQLite(path, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Anything but a lock conflict (say, a file that is no database) is not "in use": the caller moves it aside.
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  } finally {
    probe.close();
  }
}

function hasTable(db: SQLite.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Opens `path` read-only and checks it: integrity first, then size, migrations, post-mortems and blobs. */
export function inspectSqliteFile(path: string): SqliteFileInspection {
  let db: SQLite.Database;
  try {
    db = new SQLite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { kind: 'not-sqlite', reason: (error as Error).message };
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map(
        (row) => row.integrity_check,
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB') return { kind: 'not-sqlite', reason: (error as Error).message };
      // Damage bad enough that the check itself stops ("database disk image is malformed").
      return { kind: 'corrupt', problems: [(error as Error).message] };
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      return { kind: 'corrupt', problems: problems.slice(0, 5) };
    const migrations = hasTable(db, MIGRATION_TABLE)
      ? (db.prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`).pluck().all() as string[])
      : undefined;
    const postMortems = hasTable(db, 'post_mortems')
      ? (db.prepare('SELECT count(*) FROM post_mortems').pluck().get() as number)
      : undefined;
    const blobs = hasTable(db, 'blobs')
      ? (db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as ListedBlob[])
      : [];
    return {
      kind: 'sqlite',
      pageCount: db.pragma('page_count', { simple: true }) as number,
      pageSize: db.pragma('page_size', { simple: true }) as number,
      migrations,
      postMortems,
      blobs,
    };
  } finally {
    db.close();
  }
}
