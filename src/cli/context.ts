/**
 * Per-run context of a CLI command: configuration from the environment, and the database, opened (and
 * migrated) only when a command needs it and closed when the command ends.
 */
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { BlobStore } from '../db/blob-store.js';
import type { Database, DatabaseHandle } from '../db/database.js';
import type { ScanSummary } from '../services/scan-indicators.js';
import type { CliIo } from './io.js';

export class CliContext {
  private handlePromise: Promise<DatabaseHandle> | undefined;
  private migrated = false;

  constructor(readonly io: CliIo) {}

  /** The data folder (`DEBRIEF_DATA`, default `./data`): the SQLite file and, later, evidence blobs. */
  get dataDir(): string {
    return resolve(this.io.cwd, this.io.env.DEBRIEF_DATA || 'data');
  }

  /** The content-addressed store of evidence files, under the data folder. */
  get blobs(): BlobStore {
    return new BlobStore(join(this.dataDir, 'blobs'));
  }

  /**
   * Who is acting, as custody entries record it: `DEBRIEF_ACTOR` if set (e.g. an analyst's name), else the
   * operating-system account and host.
   */
  get actor(): string {
    const declared = this.io.env.DEBRIEF_ACTOR?.trim();
    if (declared) return declared;
    let user = 'unknown';
    try {
      user = userInfo().username;
    } catch {
      // No account name (some containers): keep "unknown".
    }
    return `${user}@${hostname()}`;
  }

  /** The open database with its schema up to date, as a handle (for the bulk paths that need the driver). */
  async migratedHandle(): Promise<DatabaseHandle> {
    await this.database();
    return this.handle();
  }

  /** A path argument resolved against the working folder. */
  path(arg: string): string {
    return resolve(this.io.cwd, arg);
  }

  /**
   * Scans the stored events of `postMortemId` for indicators (what ingest ends with, and `ioc scan`): in a worker
   * thread with its own connection and a capped heap when the program runs from its bundle, else here.
   */
  async scanIndicators(
    postMortemId: PostMortemId,
    onProgress: (done: number, total: number) => void,
  ): Promise<ScanSummary> {
    const db = await this.database();
    const { resolveDatabaseTarget } = await import('../db/dialects.js');
    const target = resolveDatabaseTarget(this.io.env.DATABASE_URL, this.dataDir, this.io.cwd);
    const { canScanInWorker, scanInWorker } = await import('../services/scan-in-worker.js');
    if (this.io.scanWorker !== undefined && canScanInWorker(target))
      return scanInWorker(this.io.scanWorker, { target, postMortemId }, onProgress);
    const { scanIndicators } = await import('../services/scan-indicators.js');
    return scanIndicators(db, postMortemId, { onProgress, raw: (await this.handle()).raw });
  }

  /** The open database, without running migrations (for `db status`). */
  async handle(): Promise<DatabaseHandle> {
    // The drivers load only when a command needs the database: `validate` and `--help` stay fast.
    this.handlePromise ??= import('../db/dialects.js').then(({ openDatabase, resolveDatabaseTarget }) =>
      openDatabase(resolveDatabaseTarget(this.io.env.DATABASE_URL, this.dataDir, this.io.cwd)),
    );
    return this.handlePromise;
  }

  /** The open database with its schema up to date: migrations run on start. */
  async database(): Promise<Kysely<Database>> {
    const handle = await this.handle();
    if (!this.migrated) {
      const { migrateDatabase } = await import('../services/migrate-database.js');
      await migrateDatabase(handle);
      // Every command that sets a password (user add, setup, reset, serve) opens the database first.
      const { usePasswordDenylist } = await import('../services/passwords.js');
      await usePasswordDenylist(this.io.env.DEBRIEF_PASSWORD_DENYLIST);
      this.migrated = true;
    }
    return handle.db;
  }

  /** The database if a command opened and migrated it (for the audit entry of a write), else undefined. */
  async openedDatabase(): Promise<Kysely<Database> | undefined> {
    if (!this.migrated || this.handlePromise === undefined) return undefined;
    return (await this.handlePromise).db;
  }

  /** Standard input as text, refused beyond `maxBytes`. */
  async readStdin(maxBytes: number): Promise<string> {
    if (!this.io.stdin) throw new DomainError('invalid_input', 'no standard input to read; name a file');
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    for await (const chunk of this.io.stdin()) {
      const part = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (bytes > maxBytes)
        throw new DomainError(
          'too_large',
          `standard input is over ${Math.round(maxBytes / 1024 / 1024)} MiB`,
        );
      text += part;
    }
    return text + decoder.decode();
  }

  /** Writes a line (or lines) to stdout. */
  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Writes a status line to stderr: visible on a terminal, out of the way of piped output. */
  note(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Prints a value as indented JSON on stdout. */
  json(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  async close(): Promise<void> {
    if (this.handlePromise) {
      const handle = await this.handlePromise.catch(() => undefined);
      this.handlePromise = undefined;
      await handle?.close();
    }
  }
}
