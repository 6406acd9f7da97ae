import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { openDatabase } from '../db/dialects.js';
import { MIGRATIONS } from '../db/migrator.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const ACTOR = 'analyst@test';
const MEMO = 'memo: the CEO confirmed the wire transfer at 09:14\n';
/** The runner's fixed clock (test/cli.ts), as restore names the moved-aside database. */
const STAMP = '20261122T120000Z';

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const blobPath = (root: string, digest: string): string =>
  join(root, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);

/** A CLI runner with its own data folder under `dir`. */
function cliIn(dir: string, data: string): ReturnType<typeof runner> {
  return runner(dir, { DEBRIEF_DATA: join(dir, data), DEBRIEF_ACTOR: ACTOR });
}

/** Names in a folder that look like work left behind (temporary files of a backup or restore). */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.part') || name.includes('.old-'));
}

describe('debrief backup and restore with sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-backup-'));
  const run = cliIn(dir, 'data');
  const live = join(dir, 'data', 'debrief.sqlite');
  let exported = '';

  beforeAll(async () => {
    writeFileSync(join(dir, 'memo.txt'), MEMO);
    expect((await run('import', DEMO)).code).toBe(0);
    expect((await run('evidence', 'add', ID, 'memo.txt')).code).toBe(0);
    const result = await run('export', ID);
    expect(result.code).toBe(0);
    exported = result.stdout;
    mkdirSync(join(dir, 'backups'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up to one checked SQLite file that restores into a fresh data folder with the same post-mortem', async () => {
    const backup = await run('backup', 'backups/one.sqlite', '--json');
    expect(backup.code).toBe(0);
    const report = JSON.parse(backup.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      source: live,
      target: join(dir, 'backups', 'one.sqlite'),
      integrity: 'ok',
      migrations: Object.keys(MIGRATIONS).length,
      postMortems: 1,
    });
    expect(report.pageCount).toBeGreaterThan(1);
    expect(report.evidence).toBeUndefined();
    // One self-contained file: rollback-journal mode, no write-ahead log beside it, no temporary file left.
    expect(readdirSync(join(dir, 'backups'))).toEqual(['one.sqlite']);
    const header = readFileSync(join(dir, 'backups', 'one.sqlite')).subarray(0, 20);
    expect(header.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect([header[18], header[19]]).toEqual([1, 1]);

    const fresh = cliIn(dir, 'fresh');
    const restored = await fresh('restore', 'backups/one.sqlite');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`to ${join(dir, 'fresh', 'debrief.sqlite')}`);
    expect(restored.stdout).not.toContain('moved');
    const again = await fresh('export', ID);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(exported);
  });

  it('refuses to overwrite an existing backup without --force, and replaces it with --force', async () => {
    const target = join(dir, 'backups', 'existing.sqlite');
    writeFileSync(target, 'keep me');
    const refused = await run('backup', 'backups/existing.sqlite');
    expect(refused.code).toBe(EXIT_CODES.invalid_input);
    expect(refused.stderr).toMatch(/existing\.sqlite already exists; .*--force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');

    const forced = await run('backup', 'backups/existing.sqlite', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^backed up .* to .*existing\.sqlite\n {2}integrity ok: /);
    expect(readFileSync(target).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(leftovers(join(dir, 'backups'))).toEqual([]);
  });

  it('refuses to back up into the data folder itself, even with --force', async () => {
    const before = readFileSync(live);
    const result = await run('backup', 'data', '--with-evidence', '--force');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/where Debrief keeps its data/);
    expect(readFileSync(live).equals(before)).toBe(true);
  });

  it('refuses a restore over an existing database without --force and changes nothing', async () => {
    const before = readFileSync(live);
    const result = await run('restore', 'backups/one.sqlite');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/debrief\.sqlite already exists; pass --force/);
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(readdirSync(join(dir, 'data')).filter((n) => n.includes('before-restore'))).toEqual([]);
  });

  it('refuses to restore a file that is not a database and leaves the current database byte for byte', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'these are notes, not a database\n'.repeat(100));
    const before = readFileSync(live);
    const result = await run('restore', 'notes.txt', '--force');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/notes\.txt is not a SQLite database .*was not changed/);
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(
      readdirSync(join(dir, 'data')).filter((n) => n.includes('before-restore') || n.endsWith('.part')),
    ).toEqual([]);
  });

  it('refuses to restore a corrupted backup and leaves the current database byte for byte', async () => {
    const good = readFileSync(join(dir, 'backups', 'one.sqlite'));
    const damaged = Buffer.from(good);
    // Keep the header page, overwrite the pages holding schema and rows with garbage.
    for (let i = 4096; i < damaged.length; i++) damaged[i] = (i * 7919) % 251;
    writeFileSync(join(dir, 'backups', 'damaged.sqlite'), damaged);
    const before = readFileSync(live);
    const result = await run('restore', 'backups/damaged.sqlite', '--force');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/damaged\.sqlite fails SQLite's integrity check .*was not changed/);
    expect(readFileSync(live).equals(before)).toBe(true);
  });

  it('refuses a SQLite file that is not a Debrief database', async () => {
    const other = new Database(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    const result = await run('restore', 'other.sqlite', '--force');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/other\.sqlite is a SQLite database but not a Debrief database/);
  });

  it('refuses a backup holding migrations this version does not know, and names them', async () => {
    const newer = join(dir, 'backups', 'newer.sqlite');
    writeFileSync(newer, readFileSync(join(dir, 'backups', 'one.sqlite')));
    const db = new Database(newer);
    db.prepare('INSERT INTO debrief_migrations (name, timestamp) VALUES (?, ?)').run(
      '9999-from-the-future',
      '2030-01-01T00:00:00.000Z',
    );
    db.close();
    const before = readFileSync(live);
    const result = await run('restore', 'backups/newer.sqlite', '--force');
    expect(result.code).toBe(EXIT_CODES.database_schema);
    expect(result.stderr).toMatch(/does not know \(9999-from-the-future\); upgrade Debrief/);
    expect(readFileSync(live).equals(before)).toBe(true);
  });

  it('refuses to restore over a database another process has open', async () => {
    // Opened the way `debrief serve` opens it, and kept open while the restore runs.
    const server = await openDatabase({ dialect: 'sqlite', path: live });
    try {
      const before = readFileSync(live);
      const result = await run('restore', 'backups/one.sqlite', '--force');
      expect(result.code).toBe(EXIT_CODES.database_unavailable);
      expect(result.stderr).toMatch(/is open in another process .*debrief serve/);
      expect(readFileSync(live).equals(before)).toBe(true);
      expect(readdirSync(join(dir, 'data')).filter((n) => n.includes('before-restore'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('moves the current database aside to .before-restore-TIMESTAMP on a forced restore', async () => {
    writeFileSync(join(dir, 'second.yaml'), exported.replace(`id: ${ID}`, 'id: INC-2026-099'));
    expect((await run('import', join(dir, 'second.yaml'))).code).toBe(0);
    const before = readFileSync(live);

    const result = await run('restore', 'backups/one.sqlite', '--force', '--json');
    expect(result.code).toBe(0);
    const aside = `${live}.before-restore-${STAMP}`;
    expect(JSON.parse(result.stdout)).toMatchObject({ location: live, movedAside: aside, pending: [] });
    expect(readFileSync(aside).equals(before)).toBe(true);

    const list = async (r: ReturnType<typeof runner>) =>
      (JSON.parse((await r('list', '--json')).stdout) as { items: { id: string }[] }).items
        .map((p) => p.id)
        .sort();
    expect(await list(run)).toEqual([ID]);
    const previous = runner(dir, { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: aside });
    expect(await list(previous)).toEqual([ID, 'INC-2026-099']);

    // A second forced restore at the same instant keeps the first copy and takes the next name.
    expect((await run('restore', 'backups/one.sqlite', '--force')).code).toBe(0);
    expect(existsSync(`${aside}-2`)).toBe(true);
    expect(readFileSync(aside).equals(before)).toBe(true);
  });

  it('copies the evidence with --with-evidence, verified, and restores it with the database', async () => {
    const digest = sha256(MEMO);
    const result = await run('backup', 'backups/full', '--with-evidence', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      target: join(dir, 'backups', 'full'),
      database: join(dir, 'backups', 'full', 'debrief.sqlite'),
      evidence: { blobs: 1, bytes: Buffer.byteLength(MEMO) },
    });
    expect(readdirSync(join(dir, 'backups', 'full')).sort()).toEqual(['blobs', 'debrief.sqlite']);
    expect(readdirSync(join(dir, 'backups', 'full', 'blobs'))).toEqual(['sha256']);
    expect(sha256(readFileSync(blobPath(join(dir, 'backups', 'full', 'blobs'), digest)))).toBe(digest);

    const fresh = cliIn(dir, 'fresh-evidence');
    const restored = await fresh('restore', 'backups/full');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('evidence: 1 blob (1 copied, 0 already present)');
    expect(readFileSync(blobPath(join(dir, 'fresh-evidence', 'blobs'), digest), 'utf8')).toBe(MEMO);
    const verify = await fresh('evidence', 'verify', ID);
    expect(verify.code).toBe(0);
    expect((await fresh('export', ID)).stdout).toBe(exported);
  });

  it('refuses to restore a backup folder whose evidence was altered, leaving database and store as they were', async () => {
    const digest = sha256(MEMO);
    expect((await run('backup', 'backups/altered', '--with-evidence')).code).toBe(0);
    const copy = blobPath(join(dir, 'backups', 'altered', 'blobs'), digest);
    chmodSync(copy, 0o644);
    writeFileSync(copy, 'memo: nothing happened\n');
    const target = cliIn(dir, 'target');
    writeFileSync(join(dir, 'other.yaml'), exported.replace(`id: ${ID}`, 'id: INC-2026-077'));
    expect((await target('import', join(dir, 'other.yaml'))).code).toBe(0);
    const before = readFileSync(join(dir, 'target', 'debrief.sqlite'));

    const result = await target('restore', 'backups/altered', '--force');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(new RegExp(`evidence blob ${digest} is damaged in .*was not changed`));
    expect(readFileSync(join(dir, 'target', 'debrief.sqlite')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'target', 'blobs'))).toBe(false);
  });

  it('fails a backup with --with-evidence when a blob in the store no longer matches its SHA-256, leaving no backup', async () => {
    const other = cliIn(dir, 'tampered');
    expect((await other('import', DEMO)).code).toBe(0);
    expect((await other('evidence', 'add', ID, 'memo.txt')).code).toBe(0);
    const stored = blobPath(join(dir, 'tampered', 'blobs'), sha256(MEMO));
    chmodSync(stored, 0o644);
    writeFileSync(stored, 'memo: rewritten\n');

    const result = await other('backup', 'backups/tampered', '--with-evidence');
    expect(result.code).toBe(EXIT_CODES.file_unreadable);
    expect(result.stderr).toMatch(/no longer matches its SHA-256 .*debrief evidence verify/);
    expect(existsSync(join(dir, 'backups', 'tampered'))).toBe(false);
    expect(leftovers(join(dir, 'backups'))).toEqual([]);
  });

  it('says there is nothing to back up when the data folder has no database, without creating one', async () => {
    const empty = cliIn(dir, 'empty');
    const result = await empty('backup', 'backups/empty.sqlite');
    expect(result.code).toBe(EXIT_CODES.not_found);
    expect(result.stderr).toMatch(/there is no database at .*empty.*debrief\.sqlite to back up/);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
    expect(existsSync(join(dir, 'backups', 'empty.sqlite'))).toBe(false);
  });
});

const postgres = DIALECTS.find((d) => d.name === 'postgres');
if (postgres) {
  describe.skipIf(postgres.skip !== undefined)(
    `debrief backup and restore with ${dialectLabel(postgres)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-backup-pg-'));
      let run: Awaited<ReturnType<typeof cliOnDialect>>['run'];
      let drop: (() => Promise<void>) | undefined;

      beforeAll(async () => {
        ({ run, drop } = await cliOnDialect(postgres, dir));
        expect((await run('import', DEMO)).code).toBe(0);
      });
      afterAll(async () => {
        await drop?.();
        rmSync(dir, { recursive: true, force: true });
      });

      it('points to pg_dump for a backup and writes nothing', async () => {
        const result = await run('backup', 'pg.sqlite');
        expect(result.code).toBe(EXIT_CODES.invalid_input);
        expect(result.stderr).toMatch(/this one is PostgreSQL .*pg_dump "\$DATABASE_URL" > debrief\.sql/);
        expect(result.stderr).toContain('docs/operations.md');
        expect(result.stderr).not.toMatch(/postgres:\/\/[^:@/\s]+:(?!\*\*\*)[^@\s]+@/);
        expect(existsSync(join(dir, 'pg.sqlite'))).toBe(false);
      });

      it('points to psql and pg_restore for a restore and changes nothing', async () => {
        writeFileSync(join(dir, 'dump.sqlite'), 'not used');
        const result = await run('restore', 'dump.sqlite', '--force');
        expect(result.code).toBe(EXIT_CODES.invalid_input);
        expect(result.stderr).toMatch(/psql "\$DATABASE_URL" < debrief\.sql.*pg_restore/);
        expect((await run('export', ID)).code).toBe(0);
      });
    },
  );
}
