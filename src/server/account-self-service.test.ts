import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { checkRecentAuthentication, createUser } from '../services/accounts.js';

const START = '2026-11-22T12:00:00.000Z';
const PASSWORD = 'a long and good passphrase';
const later = (seconds: number): string => new Date(Date.parse(START) + seconds * 1000).toISOString();

/** A signed-in browser: the cookie, the CSRF token, and the address it comes from. */
interface Browser {
  readonly headers: Record<string, string>;
  readonly cookie: string;
  readonly ip: string;
}

/** The TOTP code of a base32 secret at an instant, as an authenticator app shows it. */
function codeAt(secret: string, at: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.parse(at) });
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`account self-service on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let clock = START;
    let admin: TestAccount;
    // Each test signs in from its own address: the sign-in routes are rate-limited per address.
    let address = 0;
    let ip = '';

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      admin = await createAccount(handle.db, 'root', 'admin');
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'])
        await createUser(handle.db, { username: name, role: 'analyst', password: PASSWORD }, START);
      await createUser(handle.db, { username: 'boss', role: 'admin', password: PASSWORD }, START);
      app = await testServer(handle, { now: () => clock });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });
    beforeEach(() => {
      clock = START;
      address += 1;
      ip = `10.0.0.${address}`;
    });

    const call = (options: InjectOptions & { from?: Browser }) => {
      const { from, ...rest } = options;
      return app.inject({
        ...rest,
        remoteAddress: from?.ip ?? ip,
        headers: { ...from?.headers, ...(rest.headers as Record<string, string> | undefined) },
      });
    };

    // Every sign-in from its own address: POST /api/auth/login allows 10 a minute per address.
    let signIns = 0;
    async function signIn(username: string, extra: Record<string, string> = {}, password = PASSWORD) {
      signIns += 1;
      ip = `10.1.${Math.floor(signIns / 200)}.${signIns % 200}`;
      return call({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password, ...extra },
        headers: { 'user-agent': `test-browser ${username}` },
      });
    }

    async function browser(username: string, extra: Record<string, string> = {}): Promise<Browser> {
      const res = await signIn(username, extra);
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'debrief_session')?.value as string;
      return {
        cookie,
        ip,
        headers: { cookie: `debrief_session=${cookie}`, 'x-csrf-token': res.json().csrfToken },
      };
    }

    const me = (from: Browser) => call({ method: 'GET', url: '/api/auth/me', from });

    it('changes your own password: the current one is checked, other sessions end, this one stays', async () => {
      const here = await browser('alice');
      const elsewhere = await browser('alice');
      const wrong = await call({
        method: 'POST',
        url: '/api/auth/password',
        from: here,
        payload: { currentPassword: 'not the passphrase', newPassword: 'another long passphrase' },
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.message).toBe('the current password is wrong');
      const weak = await call({
        method: 'POST',
        url: '/api/auth/password',
        from: here,
        payload: { currentPassword: PASSWORD, newPassword: 'short' },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.message).toContain('at least 12 characters');
      const changed = await call({
        method: 'POST',
        url: '/api/auth/password',
        from: here,
        payload: { currentPassword: PASSWORD, newPassword: 'another long passphrase' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toEqual({ endedSessions: 1 });
      expect((await me(here)).statusCode).toBe(200);
      expect((await me(elsewhere)).statusCode).toBe(401);
      expect((await signIn('alice')).statusCode).toBe(401);
      expect((await signIn('alice', {}, 'another long passphrase')).statusCode).toBe(200);
      const audit = await sql<{ action: string; outcome: string }>`
        SELECT action, outcome FROM audit_log WHERE action = 'auth.password' ORDER BY seq`.execute(handle.db);
      expect(audit.rows.map((r) => r.outcome)).toEqual(['denied', 'failed', 'ok']);
      expect((await me(elsewhere)).statusCode).toBe(401);
    });

    it('counts a wrong current password toward the login throttle', async () => {
      const session = await browser('gina');
      const attempt = () =>
        call({
          method: 'POST',
          url: '/api/auth/password',
          from: session,
          payload: { currentPassword: 'guessing again', newPassword: 'another long passphrase' },
        });
      for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(403);
      expect((await attempt()).statusCode).toBe(429);
      // The account is locked for sign-in too, even with the right password.
      expect((await signIn('gina')).statusCode).toBe(429);
    });

    it('refuses API tokens on the self-service routes', async () => {
      const res = await call({ method: 'GET', url: '/api/auth/sessions', headers: admin.headers });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toContain('only a signed-in session');
    });

    it('lists your sessions by a public id and ends one, or all but this one; never another account’s', async () => {
      const first = await browser('bob');
      const second = await browser('bob');
      const list = await call({ method: 'GET', url: '/api/auth/sessions', from: first });
      expect(list.statusCode).toBe(200);
      const sessions = list.json() as { id: string; current: boolean; ip?: string; userAgent?: string }[];
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(sessions.find((s) => s.current)).toMatchObject({
        createdAt: START,
        authenticatedAt: START,
        expiresAt: later(12 * 3600),
        ip: first.ip,
        userAgent: 'test-browser bob',
      });
      expect(sessions.find((s) => !s.current)?.ip).toBe(second.ip);
      // The public id is neither the cookie nor the hash the database finds a session by.
      for (const cookie of [first.cookie, second.cookie]) {
        const hash = createHash('sha256').update(cookie).digest('hex');
        for (const s of sessions) {
          expect(s.id).toMatch(/^[0-9a-f]{16}$/);
          expect(hash.includes(s.id) || cookie.includes(s.id)).toBe(false);
        }
      }
      const other = sessions.find((s) => !s.current)?.id as string;

      // Carol cannot end Bob's session: it does not exist for her.
      const carol = await browser('carol');
      const foreign = await call({ method: 'DELETE', url: `/api/auth/sessions/${other}`, from: carol });
      expect(foreign.statusCode).toBe(404);
      expect((await me(second)).statusCode).toBe(200);

      const ended = await call({ method: 'DELETE', url: `/api/auth/sessions/${other}`, from: first });
      expect(ended.statusCode).toBe(204);
      expect((await me(second)).statusCode).toBe(401);
      expect((await me(first)).statusCode).toBe(200);

      const third = await browser('bob');
      const fourth = await browser('bob');
      const all = await call({ method: 'DELETE', url: '/api/auth/sessions', from: first });
      expect(all.json()).toEqual({ ended: 2 });
      expect((await me(third)).statusCode).toBe(401);
      expect((await me(fourth)).statusCode).toBe(401);
      expect((await me(first)).statusCode).toBe(200);
      // Carol's session was not touched by Bob's.
      expect((await me(carol)).statusCode).toBe(200);
    });

    it('asks for re-authentication after 10 minutes, and accepts right after /reauthenticate', async () => {
      const dave = await browser('dave');
      clock = later(9 * 60 + 59);
      const fresh = await call({ method: 'GET', url: '/api/auth/sessions', from: dave });
      expect(fresh.statusCode).toBe(200);
      clock = later(10 * 60);
      const stale = await call({ method: 'DELETE', url: '/api/auth/sessions', from: dave });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().error).toMatchObject({
        code: 'reauthentication_required',
        details: { reauthenticate: 'password' },
      });
      // Still signed in: only the sensitive operation waits.
      expect((await me(dave)).statusCode).toBe(200);
      const token = await call({
        method: 'POST',
        url: '/api/tokens',
        from: dave,
        payload: { name: 'script', scopes: ['read'] },
      });
      expect(token.json().error.code).toBe('reauthentication_required');

      const wrong = await call({
        method: 'POST',
        url: '/api/auth/reauthenticate',
        from: dave,
        payload: { password: 'not the passphrase' },
      });
      expect(wrong.statusCode).toBe(403);
      const again = await call({
        method: 'POST',
        url: '/api/auth/reauthenticate',
        from: dave,
        payload: { password: PASSWORD },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ authenticatedAt: clock, recentUntil: later(20 * 60) });
      const created = await call({
        method: 'POST',
        url: '/api/tokens',
        from: dave,
        payload: { name: 'script', scopes: ['read'] },
      });
      expect(created.statusCode).toBe(201);
      expect((await call({ method: 'DELETE', url: '/api/auth/sessions', from: dave })).statusCode).toBe(200);
    });

    it('asks an admin session for re-authentication before account operations; API tokens are not affected', async () => {
      const boss = await browser('boss');
      clock = later(30 * 60);
      const patch = await call({
        method: 'PATCH',
        url: '/api/users/frank',
        from: boss,
        payload: { displayName: 'Frank' },
      });
      expect(patch.json().error.code).toBe('reauthentication_required');
      const reset = await call({ method: 'POST', url: '/api/users/frank/reset-token', from: boss });
      expect(reset.json().error.code).toBe('reauthentication_required');
      const create = await call({
        method: 'POST',
        url: '/api/users',
        from: boss,
        payload: { username: 'newbie', role: 'viewer' },
      });
      expect(create.json().error.code).toBe('reauthentication_required');
      const byToken = await call({
        method: 'PATCH',
        url: '/api/users/frank',
        headers: admin.headers,
        payload: { displayName: 'Frank' },
      });
      expect(byToken.statusCode).toBe(200);
    });

    it('tells a single-sign-on account to sign in again, since it has no password to confirm', () => {
      const session = {
        idHash: 'x',
        publicId: 'y',
        createdAt: START,
        authenticatedAt: START,
        hasPassword: false,
      };
      expect(() => checkRecentAuthentication(session, later(5 * 60))).not.toThrow();
      expect(() => checkRecentAuthentication(session, later(11 * 60))).toThrow(
        /sign in again through single sign-on/,
      );
    });

    it('enrols TOTP, then needs a fresh code at sign-in; a code and a recovery code work once', async () => {
      const erin = await browser('erin');
      const start = await call({ method: 'POST', url: '/api/auth/mfa/totp', from: erin });
      expect(start.statusCode).toBe(201);
      const { secret, uri } = start.json() as { secret: string; uri: string };
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(uri).toMatch(/^otpauth:\/\/totp\/Debrief:erin\?/);
      expect(new URL(uri).searchParams.get('issuer')).toBe('Debrief');
      expect(new URL(uri).searchParams.get('secret')).toBe(secret);
      // Pending until confirmed: signing in does not need a code yet.
      expect((await me(erin)).json().mfa).toBe('none');
      expect((await signIn('erin')).statusCode).toBe(200);

      const bad = await call({
        method: 'POST',
        url: '/api/auth/mfa/totp/confirm',
        from: erin,
        payload: { code: codeAt(secret, later(-120)) },
      });
      expect(bad.statusCode).toBe(400);
      const confirmed = await call({
        method: 'POST',
        url: '/api/auth/mfa/totp/confirm',
        from: erin,
        payload: { code: codeAt(secret, clock) },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      expect((await me(erin)).json().mfa).toBe('totp');

      // The secret and the codes are stored as secrets: nothing of them is in the audit trail.
      const trail = await sql<{ details: string }>`SELECT details FROM audit_log`.execute(handle.db);
      const text = JSON.stringify(trail.rows);
      expect(text).not.toContain(secret);
      expect(recoveryCodes.some((c) => text.includes(c))).toBe(false);
      const stored = await sql<{ code_hash: string }>`SELECT code_hash FROM recovery_codes`.execute(
        handle.db,
      );
      expect(stored.rows.some((r) => recoveryCodes.includes(r.code_hash))).toBe(false);

      const without = await signIn('erin');
      expect(without.statusCode).toBe(401);
      expect(without.json().error).toMatchObject({
        code: 'unauthenticated',
        message: expect.stringContaining('a one-time code is required'),
        details: { mfa: 'totp' },
      });
      // The code that confirmed the enrolment is used up.
      expect((await signIn('erin', { code: codeAt(secret, clock) })).statusCode).toBe(401);
      clock = later(30);
      const code = codeAt(secret, clock);
      expect((await signIn('erin', { code })).statusCode).toBe(200);
      const replay = await signIn('erin', { code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.details).toEqual({ mfa: 'totp' });
      // One step of drift is accepted: the code of the previous step, when it is newer than the last used.
      clock = later(90);
      expect((await signIn('erin', { code: codeAt(secret, later(60)) })).statusCode).toBe(200);
      expect((await signIn('erin', { code: codeAt(secret, later(30)) })).statusCode).toBe(401);

      const recovery = recoveryCodes[3] as string;
      expect((await signIn('erin', { recoveryCode: recovery.toUpperCase() })).statusCode).toBe(200);
      expect((await signIn('erin', { recoveryCode: recovery })).statusCode).toBe(401);
      expect((await signIn('erin', { password: 'wrong', code: codeAt(secret, later(120)) })).statusCode).toBe(
        401,
      );

      // Re-authentication needs the second factor too.
      clock = later(20 * 60);
      const session = await browser('erin', { code: codeAt(secret, clock) });
      clock = later(31 * 60);
      const stale = await call({
        method: 'DELETE',
        url: '/api/auth/mfa/totp',
        from: session,
        payload: { code: codeAt(secret, clock) },
      });
      expect(stale.json().error.code).toBe('reauthentication_required');
      const passwordOnly = await call({
        method: 'POST',
        url: '/api/auth/reauthenticate',
        from: session,
        payload: { password: PASSWORD },
      });
      expect(passwordOnly.statusCode).toBe(403);
      expect(passwordOnly.json().error.details).toEqual({ mfa: 'totp' });
      const reauth = await call({
        method: 'POST',
        url: '/api/auth/reauthenticate',
        from: session,
        payload: { password: PASSWORD, code: codeAt(secret, clock) },
      });
      expect(reauth.statusCode).toBe(200);

      // Disabling needs a proof: a wrong code is refused, a fresh one turns it off.
      clock = later(32 * 60);
      const wrongProof = await call({
        method: 'DELETE',
        url: '/api/auth/mfa/totp',
        from: session,
        payload: { code: codeAt(secret, later(0)) },
      });
      expect(wrongProof.statusCode).toBe(403);
      const off = await call({
        method: 'DELETE',
        url: '/api/auth/mfa/totp',
        from: session,
        payload: { code: codeAt(secret, clock) },
      });
      expect(off.statusCode).toBe(204);
      expect((await me(session)).json().mfa).toBe('none');
      expect((await signIn('erin')).statusCode).toBe(200);
      const codesLeft = await sql`SELECT code_hash FROM recovery_codes`.execute(handle.db);
      expect(codesLeft.rows).toEqual([]);
      // About twenty scrypt verifications (0.6 s each on one core): slow on a loaded machine.
    }, 90_000);

    it('lets an admin remove a lost second factor, audited', async () => {
      const frank = await browser('frank');
      const { secret } = (await call({ method: 'POST', url: '/api/auth/mfa/totp', from: frank })).json();
      await call({
        method: 'POST',
        url: '/api/auth/mfa/totp/confirm',
        from: frank,
        payload: { code: codeAt(secret, clock) },
      });
      expect((await signIn('frank')).statusCode).toBe(401);
      const missing = await call({ method: 'DELETE', url: '/api/users/nobody/mfa', headers: admin.headers });
      expect(missing.statusCode).toBe(404);
      const reset = await call({ method: 'DELETE', url: '/api/users/frank/mfa', headers: admin.headers });
      expect(reset.statusCode).toBe(200);
      expect(reset.json()).toEqual({ user: 'frank', removed: true });
      expect((await signIn('frank')).statusCode).toBe(200);
      const audit = await sql<{ action: string; target: string; outcome: string }>`
        SELECT action, target, outcome FROM audit_log WHERE action = 'user.mfa-reset'`.execute(handle.db);
      expect(audit.rows).toEqual([{ action: 'user.mfa-reset', target: 'frank', outcome: 'ok' }]);
    });

    it('lets an admin link an account to a single sign-on identity by hand, and remove the link, audited', async () => {
      const url = '/api/users/frank/sso';
      const identity = { issuer: 'https://login.example.com/tenant/v2.0', subject: 'entra-frank' };
      const linked = await call({ method: 'PUT', url, headers: admin.headers, payload: identity });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json()).toMatchObject({ username: 'frank', signIn: ['password', 'sso'] });
      const bad = await call({
        method: 'PUT',
        url,
        headers: admin.headers,
        payload: { issuer: 'not a url', subject: 'x' },
      });
      expect([bad.statusCode, bad.json().error.message]).toEqual([
        400,
        expect.stringMatching(/issuer must be/),
      ]);
      // No single sign-on on this server: the issuer must be named.
      const noIssuer = await call({ method: 'PUT', url, headers: admin.headers, payload: { subject: 'x' } });
      expect(noIssuer.statusCode).toBe(400);
      const unlinked = await call({ method: 'DELETE', url, headers: admin.headers });
      expect(unlinked.json()).toMatchObject({ username: 'frank', signIn: ['password'] });
      const audit = await sql<{ action: string; target: string }>`
        SELECT action, target FROM audit_log WHERE action LIKE 'user.sso-%' ORDER BY seq`.execute(handle.db);
      expect(audit.rows).toEqual([
        { action: 'user.sso-link', target: 'frank' },
        { action: 'user.sso-unlink', target: 'frank' },
      ]);
    });

    it('with DEBRIEF_REQUIRE_MFA=admins, lets a local admin without a second factor reach only the auth routes', async () => {
      await expect(testServer(handle, { env: { DEBRIEF_REQUIRE_MFA: 'everyone' } })).rejects.toThrow(
        /DEBRIEF_REQUIRE_MFA must be "admins" or "off"/,
      );
      const strict = await testServer(handle, { now: () => clock, env: { DEBRIEF_REQUIRE_MFA: 'admins' } });
      try {
        const login = await strict.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'boss', password: PASSWORD },
          remoteAddress: ip,
        });
        expect(login.statusCode).toBe(200);
        const cookie = login.cookies.find((c) => c.name === 'debrief_session')?.value as string;
        const headers = { cookie: `debrief_session=${cookie}`, 'x-csrf-token': login.json().csrfToken };
        const users = await strict.inject({ method: 'GET', url: '/api/users', headers });
        expect(users.statusCode).toBe(403);
        expect(users.json().error.message).toContain('DEBRIEF_REQUIRE_MFA=admins');
        expect((await strict.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
        // An analyst is not concerned, nor an admin account without a password (single sign-on, tokens).
        expect(
          (await strict.inject({ method: 'GET', url: '/api/users', headers: admin.headers })).statusCode,
        ).toBe(200);
        const start = await strict.inject({ method: 'POST', url: '/api/auth/mfa/totp', headers });
        expect(start.statusCode).toBe(201);
        const confirm = await strict.inject({
          method: 'POST',
          url: '/api/auth/mfa/totp/confirm',
          headers,
          payload: { code: codeAt(start.json().secret, clock) },
        });
        expect(confirm.statusCode).toBe(200);
        expect((await strict.inject({ method: 'GET', url: '/api/users', headers })).statusCode).toBe(200);
      } finally {
        await strict.close();
      }
    });
  });
}
