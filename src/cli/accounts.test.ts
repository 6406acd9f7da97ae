import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Run, runner } from '../../test/cli.js';
import { cliDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `debrief user, token, member, audit on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-accounts-'));
      let env: Record<string, string | undefined>;
      let run: (...args: string[]) => Promise<Run>;
      let drop: () => Promise<void> = async () => undefined;

      beforeAll(async () => {
        const database = await cliDatabase(dialect);
        drop = database.drop;
        env = { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: database.url, DEBRIEF_ACTOR: 'operator@test' };
        run = runner(dir, env);
        expect((await run('import', DEMO)).code).toBe(0);
      });
      afterAll(async () => {
        await drop();
        rmSync(dir, { recursive: true, force: true });
      });

      it('adds accounts with a one-time token to set the password, or a password from standard input', async () => {
        const alice = await run('user', 'add', 'Alice', '--role', 'lead', '--display-name', 'Alice Martin');
        expect(alice.code).toBe(0);
        expect(alice.stdout).toMatch(/created alice \(lead, U-[0-9a-f]{10}\)/);
        expect(alice.stdout).toMatch(/\n {2}[A-Za-z0-9_-]{43}\n/);
        const withPassword = runner(dir, env, undefined, 'a quite long passphrase\n');
        const root = await withPassword(
          'user',
          'add',
          'root',
          '--role',
          'admin',
          '--password-stdin',
          '--json',
        );
        expect(root.code).toBe(0);
        expect(JSON.parse(root.stdout)).toMatchObject({
          user: { username: 'root', role: 'admin', signIn: ['password'] },
        });
        const weak = await runner(dir, env, undefined, 'short')(
          'user',
          'add',
          'weak',
          '--role',
          'viewer',
          '--password-stdin',
        );
        expect(weak.code).toBe(EXIT_CODES.invalid_input);
        expect(weak.stderr).toContain('at least 12 characters');
        // The operator's breached-password list, from the environment.
        const list = join(dir, 'breached.txt');
        writeFileSync(list, 'Tangerine Lighthouse Oboe\n');
        const breached = await runner(
          dir,
          { ...env, DEBRIEF_PASSWORD_DENYLIST: list },
          undefined,
          'tangerine lighthouse oboe',
        )('user', 'add', 'breached', '--role', 'viewer', '--password-stdin');
        expect(breached.code).toBe(EXIT_CODES.invalid_input);
        expect(breached.stderr).toContain("on this server's list of breached passwords");
        const unreadable = await runner(dir, { ...env, DEBRIEF_PASSWORD_DENYLIST: join(dir, 'nope.txt') })(
          'user',
          'list',
        );
        expect(unreadable.code).not.toBe(0);
        expect(unreadable.stderr).toMatch(/DEBRIEF_PASSWORD_DENYLIST: cannot read .*nope\.txt/);
        const again = await run('user', 'add', 'alice', '--role', 'viewer');
        expect(again.code).toBe(EXIT_CODES.invalid_input);
        expect(again.stderr).toContain('user "alice" already exists');
        const badRole = await run('user', 'add', 'bob', '--role', 'owner');
        expect(badRole.code).toBe(EXIT_CODES.invalid_input);
        expect(badRole.stderr).toContain('unknown role "owner"');
        const listed = await run('user', 'list', '--json');
        expect(JSON.parse(listed.stdout).map((u: { username: string }) => u.username)).toEqual([
          'alice',
          'root',
        ]);
        expect(listed.stdout).not.toContain('scrypt');
      });

      it('keeps the last active admin', async () => {
        const demote = await run('user', 'modify', 'root', '--role', 'viewer');
        expect(demote.code).toBe(EXIT_CODES.invalid_input);
        expect(demote.stderr).toContain('"root" is the last active admin');
        const changed = await run('user', 'modify', 'alice', '--role', 'analyst', '--json');
        expect(JSON.parse(changed.stdout)).toMatchObject({ username: 'alice', role: 'analyst' });
      });

      it('creates, lists and revokes API tokens, printing the secret once', async () => {
        const created = await run(
          'token',
          'create',
          '--user',
          'alice',
          '--name',
          'SOAR',
          '--scope',
          'read,write',
          '--expires-in',
          '30',
        );
        expect(created.code).toBe(0);
        const token = created.stdout.trim();
        expect(token).toMatch(/^dbt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
        const id = token.split('_')[1] ?? '';
        const list = await run('token', 'list', '--json');
        expect(JSON.parse(list.stdout)).toEqual([
          expect.objectContaining({
            id,
            name: 'SOAR',
            user: 'alice',
            scopes: ['read', 'write'],
            expiresAt: '2026-12-22T12:00:00.000Z',
          }),
        ]);
        expect(list.stdout).not.toContain(token.slice('dbt_'.length + 13));
        const badScope = await run(
          'token',
          'create',
          '--user',
          'alice',
          '--name',
          'x',
          '--scope',
          'everything',
        );
        expect(badScope.code).toBe(EXIT_CODES.invalid_input);
        expect((await run('token', 'revoke', id)).stdout).toContain(`revoked ${id} (SOAR, alice)`);
        expect(JSON.parse((await run('token', 'list', '--json')).stdout)[0].revokedAt).toBe(
          '2026-11-22T12:00:00.000Z',
        );
        expect((await run('token', 'revoke', 'ffffffffffff')).code).toBe(EXIT_CODES.not_found);
      });

      it('manages the members of a post-mortem', async () => {
        expect((await run('member', 'add', 'INC-2026-014', 'alice')).stdout).toContain(
          'alice is now a member of INC-2026-014',
        );
        expect((await run('member', 'add', 'INC-2026-014', 'alice')).stdout).toContain(
          'was already a member',
        );
        const list = await run('member', 'list', 'INC-2026-014', '--json');
        expect(JSON.parse(list.stdout)).toEqual([
          expect.objectContaining({ username: 'alice', addedBy: 'cli:operator@test' }),
        ]);
        expect((await run('member', 'add', 'INC-NOPE', 'alice')).code).toBe(EXIT_CODES.not_found);
        expect((await run('member', 'remove', 'INC-2026-014', 'alice')).code).toBe(0);
        expect((await run('member', 'remove', 'INC-2026-014', 'alice')).code).toBe(EXIT_CODES.not_found);
      });

      it('records the CLI’s writes in the audit trail, verifies it and exports it', async () => {
        const verify = await run('audit', 'verify', '--json');
        expect(verify.code).toBe(0);
        const result = JSON.parse(verify.stdout);
        expect(result.intact).toBe(true);
        expect(result.entries).toBeGreaterThanOrEqual(10);
        const out = join(dir, 'audit.csv');
        expect((await run('audit', 'export', '--format', 'csv', '-o', out)).code).toBe(0);
        const csv = readFileSync(out, 'utf8').trim().split('\n');
        expect(csv[0]).toBe('seq,at,actor,action,target,post_mortem,source,outcome,details,prev_hash,hash');
        const actions = csv.slice(1).map((line) => line.split(',')[3]);
        expect(actions).toContain('cli import');
        expect(actions).toContain('cli user add');
        expect(actions).toContain('cli token revoke');
        // Failed writes are recorded as failed; reads are not recorded.
        expect(csv.some((line) => line.includes('cli user add') && line.includes(',failed,'))).toBe(true);
        expect(actions).not.toContain('cli user list');
        const jsonl = await run('audit', 'export', '--post-mortem', 'INC-2026-014');
        const lines = jsonl.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(lines.map((l) => l.action)).toEqual(
          expect.arrayContaining(['cli member add', 'cli member remove']),
        );
        expect(lines.every((l) => l.postMortemId === 'INC-2026-014')).toBe(true);
      });
    },
  );
}
