import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { testServer } from '../../test/server.js';
import { type Permission, permits, ROLES, type Role } from '../core/access.js';
import type { DatabaseHandle } from '../db/database.js';
import { issueSetupToken } from '../services/accounts.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { buildServer } from './app.js';
import { routeTableOf } from './auth.js';

const NOW = '2026-11-22T12:00:00.000Z';
const NOT_FOUND = 'post-mortem INC-SECRET does not exist';

/** Fills a route's parameters: the restricted post-mortem, an account, a token id, an event, an evidence item. */
function concrete(url: string): string {
  return url
    .replace(':id', 'INC-SECRET')
    .replace(':user', 'nobody-here')
    .replace(':tokenId', '0123456789ab')
    .replace(':eventId', 'EV-0001%231')
    .replace(':evidenceId', 'EV-0001')
    .replace(':recommendationId', 'R-1')
    .replace(':channelId', 'C-1')
    .replace(':jobId', 'J-0123456789')
    .replace(':sessionId', '0123456789abcdef')
    .replace(':number', '1');
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`access control on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    const members = new Map<Role, TestAccount>();
    const outsiders = new Map<Role, TestAccount>();

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await importPostMortem(
        handle.db,
        buildPostMortem({ id: 'INC-SECRET', title: 'Payroll fraud', restricted: true }),
        { now: NOW },
      );
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-OPEN', title: 'Phishing wave' }), {
        now: NOW,
      });
      for (const role of ROLES) {
        members.set(role, await createAccount(handle.db, `${role}-in`, role, { memberOf: ['INC-SECRET'] }));
        outsiders.set(role, await createAccount(handle.db, `${role}-out`, role));
      }
      app = await testServer(handle);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    it('calls every route as every role, member and not, and gets the answer the matrix says', async () => {
      // The change stream never ends by itself (an inject would wait forever): changes.test.ts checks its access.
      const routes = routeTableOf(app).filter(
        (r) => !r.url.startsWith('/api/docs') && !r.url.endsWith('/changes'),
      );
      expect(routes.length).toBeGreaterThan(40);
      const problems: string[] = [];
      for (const route of routes) {
        const url = concrete(route.url);
        const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        // Nobody signed in.
        const anonymous = await app.inject({
          method: route.method as 'GET',
          url,
          ...(payload ? { payload } : {}),
        });
        if (route.access === 'public') {
          // A public route may refuse bad credentials (401), never ask to sign in first or forbid.
          if (anonymous.statusCode === 403 || anonymous.body.includes('sign in first'))
            problems.push(`${route.method} ${route.url} public but ${anonymous.statusCode}`);
        } else if (anonymous.statusCode !== 401) {
          problems.push(`${route.method} ${route.url} anonymous gave ${anonymous.statusCode}`);
        }
        if (route.access === 'public') continue;
        for (const [member, accounts] of [
          [true, members],
          [false, outsiders],
        ] as const) {
          for (const [role, account] of accounts) {
            const res = await app.inject({
              method: route.method as 'GET',
              url,
              headers: account.headers,
              ...(payload ? { payload } : {}),
            });
            // These callers use API tokens: a session-only route (self-service) refuses every token.
            const allowed =
              !route.sessionOnly &&
              (route.access === 'authenticated' ||
                permits({ userId: '', username: '', role, via: 'session' }, route.access as Permission));
            const sees = member || route.postMortem === false;
            const who = `${route.method} ${route.url} as ${role} (${member ? 'member' : 'not a member'})`;
            if (!allowed) {
              if (res.statusCode !== 403) problems.push(`${who}: expected 403, got ${res.statusCode}`);
            } else if (!sees) {
              if (res.statusCode !== 404 || !res.body.includes(NOT_FOUND))
                problems.push(`${who}: expected 404, got ${res.statusCode}`);
            } else if (
              [401, 403].includes(res.statusCode) ||
              (res.statusCode === 404 && res.body.includes(NOT_FOUND))
            ) {
              problems.push(`${who}: expected access, got ${res.statusCode} ${res.body.slice(0, 120)}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('narrows a token to its scopes: a read token cannot write, even an admin’s', async () => {
      const reader = await createAccount(handle.db, 'admin-reader', 'admin', { scopes: ['read'] });
      const list = await app.inject({ method: 'GET', url: '/api/users', headers: reader.headers });
      expect(list.statusCode).toBe(403);
      expect(list.json().error.message).toContain("token's scopes (read)");
      const read = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-OPEN',
        headers: reader.headers,
      });
      expect(read.statusCode).toBe(200);
      const mint = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: reader.headers,
        payload: { name: 'wider', scopes: ['write'] },
      });
      expect(mint.statusCode).toBe(403);
    });

    it('leaves restricted post-mortems out of lists, search, actions and insights for non-members', async () => {
      const outsider = outsiders.get('analyst') as TestAccount;
      const member = members.get('analyst') as TestAccount;
      const contributor = outsiders.get('contributor') as TestAccount;
      const ids = async (account: TestAccount) =>
        (await app.inject({ method: 'GET', url: '/api/post-mortems', headers: account.headers }))
          .json()
          .items.map((p: { id: string }) => p.id)
          .sort();
      expect(await ids(outsider)).toEqual(['INC-OPEN']);
      expect(await ids(member)).toEqual(['INC-OPEN', 'INC-SECRET']);
      // Contributors see only what they are members of.
      expect(await ids(contributor)).toEqual([]);
      const search = await app.inject({
        method: 'GET',
        url: '/api/search?q=payroll',
        headers: outsider.headers,
      });
      expect(search.json()).toEqual({ hits: [], restrictedMatches: 0 });
      const found = await app.inject({
        method: 'GET',
        url: '/api/search?q=payroll',
        headers: member.headers,
      });
      expect(found.json().hits.map((h: { id: string }) => h.id)).toEqual(['INC-SECRET']);
      const actions = await app.inject({
        method: 'GET',
        url: '/api/actions?postMortem=INC-SECRET',
        headers: outsider.headers,
      });
      expect(actions.statusCode).toBe(404);
      expect(actions.body).toContain(NOT_FOUND);
    });

    it('lets an admin break the glass with a reason, records it, and shows it to the members', async () => {
      const admin = outsiders.get('admin') as TestAccount;
      const hidden = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-SECRET',
        headers: admin.headers,
      });
      expect(hidden.statusCode).toBe(404);
      const noReason = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-SECRET',
        headers: { ...admin.headers, 'x-debrief-break-glass': 'because' },
      });
      expect(noReason.statusCode).toBe(404);
      const lead = outsiders.get('lead') as TestAccount;
      const notAdmin = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-SECRET',
        headers: { ...lead.headers, 'x-debrief-break-glass': 'legal hold request 2026-118' },
      });
      expect(notAdmin.statusCode).toBe(404);
      const broken = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-SECRET',
        headers: { ...admin.headers, 'x-debrief-break-glass': 'legal hold request 2026-118' },
      });
      expect(broken.statusCode).toBe(200);
      expect(broken.json().title).toBe('Payroll fraud');
      const member = members.get('viewer') as TestAccount;
      const audit = await app.inject({
        method: 'GET',
        url: '/api/post-mortems/INC-SECRET/audit?limit=1000',
        headers: member.headers,
      });
      expect(audit.statusCode).toBe(200);
      const glass = audit.json().items.filter((e: { action: string }) => e.action === 'break-glass');
      expect(glass).toEqual([
        expect.objectContaining({
          actor: expect.stringContaining('(admin-out)'),
          postMortemId: 'INC-SECRET',
          details: { reason: 'legal hold request 2026-118' },
        }),
      ]);
      // Members' own reads of restricted data are recorded too.
      expect(
        audit
          .json()
          .items.some(
            (e: { action: string; actor: string }) =>
              e.action === 'read.restricted' && e.actor.includes('(viewer-in)'),
          ),
      ).toBe(true);
    });

    it('signs in with the first-run setup token, then needs the CSRF token for writes with the cookie', async () => {
      const fresh = await createTestDatabase(dialect.name);
      const server = await testServer(fresh);
      try {
        expect((await server.inject({ method: 'GET', url: '/api/ready' })).json()).toMatchObject({
          status: 'ready',
          setupRequired: true,
        });
        const token = (await issueSetupToken(fresh.db, NOW)) as string;
        const weak = await server.inject({
          method: 'POST',
          url: '/api/auth/setup',
          payload: { token, username: 'root', password: 'short' },
        });
        expect(weak.statusCode).toBe(400);
        const setup = await server.inject({
          method: 'POST',
          url: '/api/auth/setup',
          payload: { token, username: 'Root', password: 'correct horse battery staple' },
        });
        expect(setup.statusCode).toBe(201);
        const cookie = setup.cookies.find((c) => c.name === 'debrief_session');
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
        const again = await server.inject({
          method: 'POST',
          url: '/api/auth/setup',
          payload: { token, username: 'second', password: 'correct horse battery staple' },
        });
        expect(again.statusCode).toBe(400);
        const headers = { cookie: `debrief_session=${cookie?.value}` };
        const me = await server.inject({ method: 'GET', url: '/api/auth/me', headers });
        expect(me.json()).toMatchObject({ user: { username: 'root', role: 'admin' }, via: 'session' });
        const csrf = me.json().csrfToken as string;
        expect(csrf).toBe(setup.json().csrfToken);
        const body = { username: 'dana', role: 'viewer' };
        const noCsrf = await server.inject({ method: 'POST', url: '/api/users', headers, payload: body });
        expect(noCsrf.statusCode).toBe(403);
        expect(noCsrf.json().error.message).toContain('CSRF');
        const crossSite = await server.inject({
          method: 'POST',
          url: '/api/users',
          headers: { ...headers, 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' },
          payload: body,
        });
        expect(crossSite.statusCode).toBe(403);
        const created = await server.inject({
          method: 'POST',
          url: '/api/users',
          headers: { ...headers, 'x-csrf-token': csrf },
          payload: body,
        });
        expect(created.statusCode).toBe(201);
        const logout = await server.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { ...headers, 'x-csrf-token': csrf },
        });
        expect(logout.statusCode).toBe(204);
        expect((await server.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
        // The audit trail has the setup, the refused write, the account creation and the sign-out, and is intact.
        const rows = await sql<{
          action: string;
          outcome: string;
        }>`SELECT action, outcome FROM audit_log ORDER BY seq`.execute(fresh.db);
        expect(rows.rows).toEqual(
          expect.arrayContaining([
            { action: 'auth.setup', outcome: 'ok' },
            { action: 'POST /api/users', outcome: 'denied' },
            { action: 'user.create', outcome: 'ok' },
            { action: 'auth.logout', outcome: 'ok' },
          ]),
        );
      } finally {
        await server.close();
        await fresh.close();
      }
    });

    it('locks an account after five failed logins, whatever the password afterwards', async () => {
      const fresh = await createTestDatabase(dialect.name);
      const server = await testServer(fresh);
      try {
        const token = (await issueSetupToken(fresh.db, NOW)) as string;
        await server.inject({
          method: 'POST',
          url: '/api/auth/setup',
          payload: { token, username: 'erin', password: 'a long and good passphrase' },
        });
        const attempt = (password: string) =>
          server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'erin', password } });
        const good = await attempt('a long and good passphrase');
        expect(good.statusCode).toBe(200);
        const unknown = await server.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'whatever-it-is' },
        });
        const wrong = await attempt('not the passphrase');
        // Unknown account and wrong password: the same answer.
        expect(unknown.json()).toEqual(wrong.json());
        expect(wrong.statusCode).toBe(401);
        for (let i = 0; i < 4; i++) await attempt('still not it');
        const locked = await attempt('a long and good passphrase');
        expect(locked.statusCode).toBe(429);
        expect(locked.json().error.code).toBe('rate_limited');
      } finally {
        await server.close();
        await fresh.close();
      }
    });

    it('never writes credentials to the log, even at the most verbose level', async () => {
      const lines: string[] = [];
      const logged = await testServer(handle, {
        logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } },
      });
      const account = members.get('analyst') as TestAccount;
      await logged.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: 'debrief_session=cookie-secret-value' },
        payload: { username: 'analyst-in', password: 'password-secret-value' },
      });
      await logged.inject({ method: 'GET', url: '/api/post-mortems', headers: account.headers });
      await logged.inject({
        method: 'GET',
        url: '/api/auth/oidc/callback?code=code-secret-value&state=state-secret-value',
      });
      await logged.close();
      const log = lines.join('');
      expect(log).toContain('/api/post-mortems');
      expect(log).toContain('/api/auth/oidc/callback?code=[redacted]&state=[redacted]');
      for (const secret of [
        'cookie-secret-value',
        'password-secret-value',
        'code-secret-value',
        'state-secret-value',
        account.token,
        account.token.slice('dbt_'.length + 13),
      ]) {
        expect(log).not.toContain(secret);
      }
    });

    it('refuses revoked and expired tokens and disabled accounts', async () => {
      const account = await createAccount(handle.db, 'temp-analyst', 'analyst');
      const ok = await app.inject({ method: 'GET', url: '/api/auth/me', headers: account.headers });
      expect(ok.statusCode).toBe(200);
      const admin = members.get('admin') as TestAccount;
      const tokenId = account.token.split('_')[1];
      const revoke = await app.inject({
        method: 'DELETE',
        url: `/api/tokens/${tokenId}`,
        headers: admin.headers,
      });
      expect(revoke.statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: account.headers })).statusCode,
      ).toBe(401);
      const second = await createAccount(handle.db, 'temp-viewer', 'viewer');
      const disable = await app.inject({
        method: 'PATCH',
        url: '/api/users/temp-viewer',
        headers: admin.headers,
        payload: { disabled: true },
      });
      expect(disable.statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/api/auth/me', headers: second.headers })).statusCode,
      ).toBe(401);
      const forged = `${second.token.slice(0, -4)}AAAA`;
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/auth/me',
            headers: { authorization: `Bearer ${forged}` },
          })
        ).statusCode,
      ).toBe(401);
      const later = await buildServer({
        db: handle.db,
        dialect: handle.dialect,
        version: 't',
        now: () => '2027-12-01T00:00:00.000Z',
      });
      const expiring = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: admin.headers,
        payload: { name: 'short-lived', scopes: ['read'], expiresInDays: 30 },
      });
      expect(expiring.statusCode).toBe(201);
      const bearer = { authorization: `Bearer ${expiring.json().token}` };
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(
        200,
      );
      expect((await later.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(
        401,
      );
      await later.close();
    });
  });
}
