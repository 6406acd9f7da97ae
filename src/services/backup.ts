/**
 * Backups of a SQLite deployment (`debrief backup`, `debrief restore`); PostgreSQL is backed up with its own
 * tools (pg_dump), see docs/operations.md.
 *
 * A backup is either one SQLite file, or, with the evidence, a folder:
 *
 *   BACKUP/debrief.sqlite                      the database
 *   BACKUP/blobs/sha256/ab/cd/abcd…            every blob the database lists, laid out as in DEBRIEF_DATA/blobs
 *
 * Everything is first written beside the target under a temporary name and renamed at the end, so a failed run
 * never leaves a partial backup (or database) under the real name. The database is copied with SQLite's online
 * backup API, so a server may keep running during a backup; it must be stopped for a restore.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { DomainError } from '../core/errors.js';
import { BlobStore } from '../db/blob-store.js';
import type { DatabaseHandle } from '../db/database.js';
import { type DatabaseTarget, redactUrl } from '../db/dialects.js';
import { MIGRATIONS } from '../db/migrator.js';
import {
  copyOpenSqliteDatabase,
  copySqliteFile,
  inspectSqliteFile,
  type ListedBlob,
  sqliteFileInUse,
} from '../db/sqlite-file.js';

/** The database file's name inside a backup folder (one made with the evidence). */
export const BACKUP_DATABASE_FILE = 'debrief.sqlite';
/** The blob store's folder inside a backup folder. */
export const BACKUP_BLOBS_FOLDER = 'blobs';

/** Progress of a backup or restore: database pages, then evidence bytes. */
export type BackupProgress = (step: {
  readonly phase: 'database' | 'evidence';
  readonly done: number;
  readonly total: number;
  /** Pages (database) or blobs (evidence) copied so far. */
  readonly items: number;
}) => void;

export interface BackupOptions {
  /** Replace an existing backup (a file, or a folder made by a backup with the evidence). */
  readonly force?: boolean;
  /** Also copy the evidence blobs of this store: the target becomes a folder (see the file comment). */
  readonly evidence?: BlobStore;
  readonly onProgress?: BackupProgress;
}

/** What a backup wrote, checked by opening the copy read-only. */
export interface BackupResult {
  /** The database backed up. */
  readonly source: string;
  /** What was written: the backup file, or the backup folder with the evidence. */
  readonly target: string;
  /** The database file of the backup. */
  readonly database: string;
  /** `PRAGMA integrity_check` of the copy. */
  readonly integrity: 'ok';
  readonly pageCount: number;
  readonly pageSize: number;
  readonly bytes: number;
  /** Migrations applied in the copied database. */
  readonly migrations: number;
  readonly postMortems?: number;
  /** Blobs copied, each verified against its SHA-256; absent without the evidence. */
  readonly evidence?: { readonly blobs: number; readonly bytes: number };
}

export interface RestoreOptions {
  /** Replace an existing database (it is moved aside to `FILE.before-restore-TIMESTAMP`, never deleted). */
  readonly force?: boolean;
  /** The current instant (ISO 8601 UTC), for the name of the moved-aside database. */
  readonly now: string;
  /** Where the evidence of a backup folder goes (DEBRIEF_DATA/blobs). */
  readonly evidence: BlobStore;
  readonly onProgress?: BackupProgress;
}

export interface RestoreResult {
  /** The database restored into. */
  readonly location: string;
  /** The backup's database file. */
  readonly backup: string;
  /** Where the database that was replaced now is. */
  readonly movedAside?: string;
  readonly integrity: 'ok';
  readonly pageCount: number;
  readonly bytes: number;
  readonly migrations: number;
  /** Migrations this version has that the backup lacks: they run the next time Debrief opens the database. */
  readonly pending: readonly string[];
  readonly postMortems?: number;
  /** Blobs of a backup folder: how many it lists, how many were copied, how many the store already had. */
  readonly evidence?: { readonly blobs: number; readonly copied: number; readonly present: number };
}

function postgresRefusal(verb: 'backup' | 'restore', location: string): DomainError {
  const how =
    verb === 'backup'
      ? 'back it up with pg_dump: pg_dump "$DATABASE_URL" > debrief.sql'
      : 'restore a plain dump with psql "$DATABASE_URL" < debrief.sql, or a --format=custom dump with pg_restore --dbname "$DATABASE_URL" debrief.dump';
  return new DomainError(
    'invalid_input',
    `debrief ${verb} works on SQLite databases, and this one is PostgreSQL (${location}); ${how} (see docs/operations.md, "Backups and restore")`,
  );
}

/**
 * Checks that the database named by the configuration can be backed up, before it is opened (opening a SQLite
 * path creates the file): refuses PostgreSQL (pg_dump is the tool) and a SQLite file that does not exist.
 */
export function checkBackupSource(target: DatabaseTarget): void {
  if (target.dialect === 'postgres') throw postgresRefusal('backup', redactUrl(target.url));
  if (target.path !== ':memory:' && !existsSync(target.path)) {
    throw new DomainError(
      'not_found',
      `there is no database at ${target.path} to back up; check DEBRIEF_DATA or DATABASE_URL`,
    );
  }
}

/** Is `inner` the path `outer` or inside it? */
function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A free name beside `target` for work in progress. */
function temporaryBeside(target: string, purpose: string): string {
  return join(dirname(target), `.${basename(target)}.${purpose}-${randomUUID().slice(0, 8)}.part`);
}

/**
 * Makes sure an existing target may be replaced: only with `force`, and only a file or a folder a backup with the
 * evidence made (nothing but `debrief.sqlite` and `blobs/`), so a mistyped path never removes someone's folder.
 */
async function checkReplaceable(target: string, force: boolean): Promise<boolean> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return false;
  if (!force) {
    throw new DomainError(
      'invalid_input',
      `${target} already exists; choose another name or pass --force to replace it`,
    );
  }
  if (info.isDirectory()) {
    const entries = await readdir(target);
    if (
      !entries.includes(BACKUP_DATABASE_FILE) ||
      entries.some((e) => e !== BACKUP_DATABASE_FILE && e !== BACKUP_BLOBS_FOLDER)
    ) {
      throw new DomainError(
        'invalid_input',
        `${target} is a folder that is not a Debrief backup; it is not replaced, even with --force`,
      );
    }
  }
  return true;
}

/** Copies the listed blobs from `from` into `to`, checking that each copy's SHA-256 is its address. */
async function copyBlobs(
  blobs: readonly ListedBlob[],
  from: BlobStore,
  to: BlobStore,
  onProgress: BackupProgress | undefined,
): Promise<{ copied: number; bytes: number }> {
  const total = blobs.reduce((sum, b) => sum + b.size, 0);
  let copied = 0;
  let bytes = 0;
  for (const blob of blobs) {
    if (!(await from.has(blob.sha256))) {
      throw new DomainError(
        'file_unreadable',
        `evidence blob ${blob.sha256} is listed in the database but missing from ${from.root}; run "debrief evidence verify", or back up without --with-evidence to save the database alone`,
      );
    }
    const base = bytes;
    const stored = await to.putStream(from.read(blob.sha256), (n) =>
      onProgress?.({ phase: 'evidence', done: base + n, total, items: copied }),
    );
    if (stored.sha256 !== blob.sha256) {
      throw new DomainError(
        'file_unreadable',
        `evidence blob ${blob.sha256} in ${from.root} no longer matches its SHA-256 (its content hashes to ${stored.sha256}); run "debrief evidence verify" to see which evidence is affected`,
      );
    }
    copied++;
    bytes += stored.size;
  }
  return { copied, bytes };
}

/**
 * Backs up a SQLite database to `target` (an absolute path) while it stays in use, then opens the copy read-only
 * and checks it (`PRAGMA integrity_check`). With `evidence`, `target` is a folder holding the database and every
 * blob it lists, each verified against its SHA-256 as copied. Refuses PostgreSQL, an existing target without
 * `force`, and a target that is (or contains) the database or the blob store.
 */
export async function backupDatabase(
  handle: DatabaseHandle,
  target: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  if (handle.raw.dialect !== 'sqlite') throw postgresRefusal('backup', handle.location);
  const source = handle.location;
  const guarded = [
    ...(source === ':memory:' ? [] : [source]),
    ...(options.evidence ? [options.evidence.root] : []),
  ];
  if (guarded.some((path) => within(target, path))) {
    throw new DomainError(
      'invalid_input',
      `${target} is where Debrief keeps its data; back up to another path`,
    );
  }
  const replace = await checkReplaceable(target, options.force ?? false);
  await mkdir(dirname(target), { recursive: true });
  const temporary = temporaryBeside(target, 'backup');
  const withEvidence = options.evidence !== undefined;
  const databaseTemp = withEvidence ? join(temporary, BACKUP_DATABASE_FILE) : temporary;
  try {
    if (withEvidence) await mkdir(temporary);
    await copyOpenSqliteDatabase(handle.raw.sqlite, databaseTemp, (done, total) =>
      options.onProgress?.({ phase: 'database', done, total, items: done }),
    );
    const copy = inspectSqliteFile(databaseTemp);
    if (copy.kind !== 'sqlite') {
      const problem = copy.kind === 'corrupt' ? copy.problems.join('; ') : copy.reason;
      throw new DomainError(
        'database_unavailable',
        `the copy of ${source} fails SQLite's integrity check (${problem}); the database itself may be damaged: check it with sqlite3 "${source}" "PRAGMA integrity_check"`,
      );
    }
    let evidence: BackupResult['evidence'];
    if (options.evidence) {
      const blobsTemp = join(temporary, BACKUP_BLOBS_FOLDER);
      const { copied, bytes } = await copyBlobs(
        copy.blobs,
        options.evidence,
        new BlobStore(blobsTemp),
        options.onProgress,
      );
      // The store's scratch folder for in-progress writes has no place in a backup.
      await rm(join(blobsTemp, 'tmp'), { recursive: true, force: true });
      evidence = { blobs: copied, bytes };
    }
    const bytes = (await stat(databaseTemp)).size;
    if (replace) {
      // A folder cannot be renamed over another: the old backup steps aside, then goes once the new one is in place.
      const old = temporaryBeside(target, 'old');
      await rename(target, old);
      await rename(temporary, target).catch(async (error: unknown) => {
        await rename(old, target);
        throw error;
      });
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, target);
    }
    return {
      source,
      target,
      database: withEvidence ? join(target, BACKUP_DATABASE_FILE) : target,
      integrity: 'ok',
      pageCount: copy.pageCount,
      pageSize: copy.pageSize,
      bytes,
      migrations: copy.migrations?.length ?? 0,
      ...(copy.postMortems === undefined ? {} : { postMortems: copy.postMortems }),
      ...(evidence ? { evidence } : {}),
    };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** `2026-11-22T12:00:00.000Z` → `20261122T120000Z`, for file names. */
function compactInstant(now: string): string {
  return now.replace(/\.\d+/, '').replace(/[-:]/g, '');
}

/** SQLite's companions of a database file, which belong with it when it moves. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/** Is there a database at `path`, or what is left of one (a write-ahead log without its file)? */
function databaseExists(path: string): boolean {
  return existsSync(path) || COMPANIONS.some((suffix) => existsSync(path + suffix));
}

/** Moves a database file with its companions (a write-ahead log must never pair with another file). */
async function moveDatabase(from: string, to: string): Promise<void> {
  for (const suffix of ['', ...COMPANIONS])
    if (existsSync(from + suffix)) await rename(from + suffix, to + suffix);
}

/** The backup's database file and blob folder, from a backup file or folder. */
async function backupParts(backupPath: string): Promise<{ database: string; blobs?: string }> {
  const info = await stat(backupPath).catch(() => undefined);
  if (!info) throw new DomainError('file_unreadable', `cannot read ${backupPath}: no such file`);
  if (!info.isDirectory()) return { database: backupPath };
  const database = join(backupPath, BACKUP_DATABASE_FILE);
  if (!existsSync(database)) {
    throw new DomainError(
      'invalid_input',
      `${backupPath} is a folder without ${BACKUP_DATABASE_FILE}: not a Debrief backup`,
    );
  }
  const blobs = join(backupPath, BACKUP_BLOBS_FOLDER);
  return existsSync(blobs) ? { database, blobs } : { database };
}

/**
 * Restores a backup (a file, or a folder made with the evidence) into the SQLite database at `location`. Checks
 * first, changing nothing when the backup fails: it must pass `PRAGMA integrity_check`, be a Debrief database,
 * hold no migration this version does not know, and (a folder) hold every blob it lists with intact content.
 * An existing database is replaced only with `force`, and only when no other process has it open; it is moved
 * aside to `FILE.before-restore-TIMESTAMP`, never deleted. The copy goes to a temporary file, renamed into place.
 * Blobs are added to the store (content-addressed: blobs already there are kept).
 */
export async function restoreDatabase(
  location: DatabaseTarget,
  backupPath: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  if (location.dialect === 'postgres') throw postgresRefusal('restore', redactUrl(location.url));
  const path = location.path;
  if (path === ':memory:')
    throw new DomainError('invalid_input', 'cannot restore into an in-memory database');
  const parts = await backupParts(backupPath);
  const unchanged = `; ${path} was not changed`;
  const found = inspectSqliteFile(parts.database);
  if (found.kind === 'not-sqlite') {
    throw new DomainError(
      'invalid_input',
      `${parts.database} is not a SQLite database (${found.reason})${unchanged}`,
    );
  }
  if (found.kind === 'corrupt') {
    throw new DomainError(
      'invalid_input',
      `${parts.database} fails SQLite's integrity check (${found.problems.join('; ')})${unchanged}`,
    );
  }
  if (found.migrations === undefined) {
    throw new DomainError(
      'invalid_input',
      `${parts.database} is a SQLite database but not a Debrief database (it has no migration table)${unchanged}`,
    );
  }
  const applied = found.migrations;
  const known = Object.keys(MIGRATIONS);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new DomainError(
      'database_schema',
      `${parts.database} was made by a newer Debrief: it holds migrations this version does not know (${unknown.join(', ')}); upgrade Debrief to restore it${unchanged}`,
    );
  }
  const backupStore = parts.blobs === undefined ? undefined : new BlobStore(parts.blobs);
  const toCopy: ListedBlob[] = [];
  if (backupStore) {
    for (const blob of found.blobs) {
      if (await options.evidence.has(blob.sha256)) continue;
      // Checked before anything changes, so a damaged backup leaves the store as it was too.
      const actual = await backupStore.rehash(blob.sha256);
      if (actual === 'missing' || actual.sha256 !== blob.sha256) {
        throw new DomainError(
          'invalid_input',
          `evidence blob ${blob.sha256} is ${actual === 'missing' ? 'missing from' : 'damaged in'} ${backupStore.root}${unchanged}`,
        );
      }
      toCopy.push(blob);
    }
  }

  const exists = databaseExists(path);
  if (exists && !options.force) {
    throw new DomainError(
      'invalid_input',
      `${path} already exists; pass --force to replace it (it is moved aside to ${basename(path)}.before-restore-TIMESTAMP, not deleted)`,
    );
  }
  if (existsSync(path) && sqliteFileInUse(path)) {
    throw new DomainError(
      'database_unavailable',
      `${path} is open in another process (is "debrief serve" running?); stop it, then restore${unchanged}`,
    );
  }

  let evidence: RestoreResult['evidence'];
  if (backupStore) {
    const { copied } = await copyBlobs(toCopy, backupStore, options.evidence, options.onProgress);
    evidence = { blobs: found.blobs.length, copied, present: found.blobs.length - copied };
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryBeside(path, 'restore');
  let movedAside: string | undefined;
  try {
    await copySqliteFile(parts.database, temporary, (done, total) =>
      options.onProgress?.({ phase: 'database', done, total, items: done }),
    );
    if (exists) {
      const stem = `${path}.before-restore-${compactInstant(options.now)}`;
      let aside = stem;
      for (let n = 2; databaseExists(aside); n++) aside = `${stem}-${n}`;
      await moveDatabase(path, aside);
      movedAside = aside;
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    // Put the previous database back if it was moved and the new one did not make it into place.
    if (movedAside !== undefined && !databaseExists(path)) {
      await moveDatabase(movedAside, path).catch(() => undefined);
    }
    throw error;
  }
  return {
    location: path,
    backup: parts.database,
    ...(movedAside === undefined ? {} : { movedAside }),
    integrity: 'ok',
    pageCount: found.pageCount,
    bytes: (await stat(path)).size,
    migrations: applied.length,
    pending: known.filter((name) => !applied.includes(name)),
    ...(found.postMortems === undefined ? {} : { postMortems: found.postMortems }),
    ...(evidence ? { evidence } : {}),
  };
}
