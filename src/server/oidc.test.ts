import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/databases.js';
import {
  startIdentityProvider,
  type TestIdentityProvider,
  type TestPerson,
} from '../../test/identity-provider.js';
import { testServer } from '../../test/server.js';
import { DomainError } from '../core/errors.js';
import { findUserByName, findUserByOidc } from '../db/account.repository.js';
import type { DatabaseHandle } from '../db/database.js';
import { createUser, modifyUser } from '../services/accounts.js';
import { linkSingleSignOn } from '../services/match-oidc-account.js';
import { localPath, type OidcConfig, oidcConfigFrom } from '../services/oidc.js';
import { buildServer, listen } from './app.js';

const NOW = '2026-11-22T12:00:00.000Z';
const CLIENT = { clientId: 'debrief', clientSecret: 'a-long-client-secret-for-the-test-provider' };

/** A port nobody listens on now (the provider must know the redirect URI before Debrief listens). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Just enough of a browser: cookies per origin, redirects followed by hand, HTML preferred. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string | undefined): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    if (value === undefined) jar.delete(name);
    else jar.set(name, value);
    this.jars.set(origin, jar);
  }

  async get(url: URL): Promise<Response> {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml', ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1).trim();
      const gone =
        value === '' || attributes.some((a) => /^\s*(max-age=0\b|expires=thu, 01 jan 1970)/i.test(a));
      this.setCookie(url.origin, pair.slice(0, at).trim(), gone ? undefined : value);
    }
    return response;
  }
}

interface Flow {
  readonly status: number;
  readonly body: string;
  readonly refresh: string | null;
  /** The Debrief session cookie the flow ended with, if any. */
  readonly session: string | undefined;
}

describe('single sign-on with OpenID Connect (a real provider, both servers listening on loopback)', () => {
  let handle: DatabaseHandle;
  let idp: TestIdentityProvider;
  let strict: FastifyInstance;
  let open: FastifyInstance;
  let strictUrl: string;
  let openUrl: string;
  let strictConfig: OidcConfig;

  beforeAll(async () => {
    handle = await createTestDatabase('sqlite');
    // An account exists: otherwise the sign-in page sends everyone to the first-run setup.
    await createUser(handle.db, { username: 'root', role: 'admin' }, NOW);
    const ports = [await freePort(), await freePort()];
    const bases = ports.map((port) => `http://127.0.0.1:${port}`);
    idp = await startIdentityProvider({
      ...CLIENT,
      redirectUris: bases.map((base) => `${base}/api/auth/oidc/callback`),
    });
    const env = (base: string, extra: Record<string, string> = {}) => ({
      DEBRIEF_OIDC_ISSUER: idp.issuer,
      DEBRIEF_OIDC_CLIENT_ID: CLIENT.clientId,
      DEBRIEF_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      DEBRIEF_PUBLIC_URL: `${base}/`,
      ...extra,
    });
    const server = async (config: OidcConfig | undefined, port: number) => {
      if (config === undefined) throw new Error('single sign-on is not configured');
      const app = await testServer(handle, { oidc: config });
      return { app, url: await listen(app, port) };
    };
    strictConfig = oidcConfigFrom(env(bases[0] ?? '')) as OidcConfig;
    ({ app: strict, url: strictUrl } = await server(strictConfig, ports[0] ?? 0));
    ({ app: open, url: openUrl } = await server(
      oidcConfigFrom(env(bases[1] ?? '', { DEBRIEF_OIDC_AUTO_CREATE: 'viewer' })),
      ports[1] ?? 0,
    ));
  });

  afterAll(async () => {
    await strict?.close();
    await open?.close();
    await idp?.close();
    await handle?.close();
  });

  /** Signs in at `base` as `person`, following every redirect; `beforeCallback` may tamper with the return. */
  async function signIn(
    base: string,
    person: TestPerson,
    options: { next?: string; beforeCallback?: (url: URL, browser: Browser) => URL } = {},
  ): Promise<Flow> {
    idp.signInAs(person);
    const browser = new Browser();
    let url = new URL('/api/auth/oidc/login', base);
    if (options.next !== undefined) url.searchParams.set('next', options.next);
    for (let hop = 0; hop < 20; hop++) {
      if (url.pathname === '/api/auth/oidc/callback' && options.beforeCallback) {
        url = options.beforeCallback(url, browser);
      }
      const response = await browser.get(url);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        return {
          status: response.status,
          body: await response.text(),
          refresh: response.headers.get('refresh'),
          session: browser.cookie(new URL(base).origin, 'debrief_session'),
        };
      }
      await response.body?.cancel();
      url = new URL(location, url);
    }
    throw new Error('too many redirects');
  }

  async function me(base: string, session: string | undefined) {
    const response = await fetch(new URL('/api/auth/me', base), {
      headers: { cookie: `debrief_session=${session ?? ''}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function auditOf(outcome: 'ok' | 'denied') {
    return handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.oidc')
      .where('outcome', '=', outcome)
      .orderBy('seq')
      .execute();
  }

  it('says whether single sign-on is on (the web sign-in page offers it then: App.test.tsx)', async () => {
    const status = await fetch(new URL('/api/auth/oidc', strictUrl));
    expect(await status.json()).toEqual({ enabled: true, loginUrl: '/api/auth/oidc/login' });
    const openapi = await (await fetch(new URL('/api/docs/json', strictUrl))).json();
    expect(Object.keys((openapi as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/api/auth/oidc', '/api/auth/oidc/login', '/api/auth/oidc/callback']),
    );
    const plain = await buildServer({ db: handle.db, dialect: 'sqlite', version: 't', now: () => NOW });
    try {
      expect((await plain.inject({ url: '/api/auth/oidc' })).json()).toEqual({ enabled: false });
      expect((await plain.inject({ url: '/api/auth/oidc/login' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('signs in an existing account by its verified e-mail, links the subject, and the session works', async () => {
    await createUser(handle.db, { username: 'alice', role: 'analyst', email: 'alice@example.com' }, NOW);
    const alice = { sub: 'idp-alice', email: 'Alice@Example.com', email_verified: true, name: 'Alice M.' };
    const flow = await signIn(strictUrl, alice, { next: '/post-mortems/INC-1?tab=timeline' });
    expect(flow.status).toBe(200);
    expect(flow.refresh).toBe('0;url=/post-mortems/INC-1?tab=timeline');
    expect(flow.body).toContain('href="/post-mortems/INC-1?tab=timeline"');
    const who = await me(strictUrl, flow.session);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ via: 'session', user: { username: 'alice', role: 'analyst' } });
    expect((who.body.user as { signIn: string[] }).signIn).toContain('sso');
    expect((await findUserByOidc(handle.db, idp.issuer, 'idp-alice'))?.username).toBe('alice');

    // Linked: the next sign-in matches the subject, whatever the address has become.
    const again = await signIn(strictUrl, { ...alice, email: 'alice.martin@example.org' });
    expect(again.status).toBe(200);
    expect((await me(strictUrl, again.session)).body).toMatchObject({ user: { username: 'alice' } });
    const entries = await auditOf('ok');
    expect(entries.map((e) => [e.actor.endsWith('(alice)'), JSON.parse(e.details).match])).toEqual([
      [true, 'email'],
      [true, 'subject'],
    ]);
  });

  it('refuses someone with no account when accounts are not created automatically', async () => {
    const flow = await signIn(strictUrl, {
      sub: 'idp-mallory',
      email: 'mallory@example.com',
      email_verified: true,
    });
    expect(flow.status).toBe(401);
    expect(flow.body).toContain(
      'no Debrief account matches this single sign-on identity (mallory@example.com)',
    );
    expect(flow.session).toBeUndefined();
    expect(await findUserByOidc(handle.db, idp.issuer, 'idp-mallory')).toBeUndefined();
    const denied = await auditOf('denied');
    expect(denied.at(-1)).toMatchObject({ actor: 'oidc:idp-mallory' });
    expect(JSON.parse(denied.at(-1)?.details ?? '{}')).toMatchObject({ reason: 'no_account', status: 401 });
  });

  it('does not link by an e-mail address the provider has not verified', async () => {
    await createUser(handle.db, { username: 'carol', role: 'lead', email: 'carol@example.com' }, NOW);
    const flow = await signIn(strictUrl, {
      sub: 'idp-carol',
      email: 'carol@example.com',
      email_verified: false,
    });
    expect(flow.status).toBe(401);
    expect((await findUserByName(handle.db, 'carol'))?.oidc_subject).toBeNull();
  });

  it('lets an admin link the account by hand from the refused sign-in, as Entra ID needs (no email_verified)', async () => {
    await createUser(handle.db, { username: 'frank', role: 'analyst', email: 'frank@example.com' }, NOW);
    const frank = { sub: 'idp-frank', email: 'frank@example.com' };
    expect((await signIn(strictUrl, frank)).status).toBe(401);
    // The refused sign-in's audit entry names the provider and the subject to link.
    const { issuer, subject } = JSON.parse((await auditOf('denied')).at(-1)?.details ?? '{}');
    expect([issuer, subject]).toEqual([idp.issuer, 'idp-frank']);
    await linkSingleSignOn(handle.db, 'frank', { issuer, subject }, NOW);
    const flow = await signIn(strictUrl, frank);
    expect(flow.status).toBe(200);
    expect((await me(strictUrl, flow.session)).body).toMatchObject({ user: { username: 'frank' } });
    // One identity, one account; and an account that only signs in through it keeps the link.
    await createUser(handle.db, { username: 'frank2', role: 'viewer' }, NOW);
    await expect(linkSingleSignOn(handle.db, 'frank2', { issuer, subject }, NOW)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/already linked to frank/),
    });
    await expect(linkSingleSignOn(handle.db, 'frank', null, NOW)).rejects.toMatchObject({
      message: expect.stringMatching(/has no password/),
    });
  });

  it('creates the account with the configured role when DEBRIEF_OIDC_AUTO_CREATE is set', async () => {
    const bob = { sub: 'idp-bob', email: 'bob@example.com', email_verified: true, preferred_username: 'Bob' };
    const flow = await signIn(openUrl, bob);
    expect(flow.status).toBe(200);
    expect(flow.refresh).toBe('0;url=/');
    const who = await me(openUrl, flow.session);
    expect(who.body).toMatchObject({
      via: 'session',
      user: { username: 'bob', role: 'viewer', email: 'bob@example.com' },
    });
    expect((await findUserByOidc(handle.db, idp.issuer, 'idp-bob'))?.role).toBe('viewer');
    // The same person again: the same account.
    const again = await signIn(openUrl, bob);
    expect((await me(openUrl, again.session)).body).toMatchObject({
      user: { id: (who.body.user as { id: string }).id },
    });
  });

  it('refuses a disabled account, by subject or by e-mail', async () => {
    await createUser(handle.db, { username: 'dave', role: 'analyst', email: 'dave@example.com' }, NOW);
    await modifyUser(handle.db, 'dave', { disabled: true }, NOW);
    const dave = { sub: 'idp-dave', email: 'dave@example.com', email_verified: true };
    for (const base of [strictUrl, openUrl]) {
      const flow = await signIn(base, dave);
      expect(flow.status).toBe(401);
      expect(flow.body).toContain('the account dave is disabled');
      expect(flow.session).toBeUndefined();
    }
    expect((await findUserByName(handle.db, 'dave'))?.oidc_subject).toBeNull();
  });

  it('refuses a return whose state was tampered with, or without the state cookie, or with a forged one', async () => {
    const erin = { sub: 'idp-erin', email: 'erin@example.com', email_verified: true };
    await createUser(handle.db, { username: 'erin', role: 'analyst', email: erin.email }, NOW);
    const origin = new URL(strictUrl).origin;
    const tampers: Record<string, (url: URL, browser: Browser) => URL> = {
      'state parameter': (url) => {
        url.searchParams.set('state', 'forged-state-value');
        return url;
      },
      'missing cookie': (url, browser) => {
        browser.setCookie(origin, 'debrief_oidc', undefined);
        return url;
      },
      'forged cookie': (url, browser) => {
        const cookie = browser.cookie(origin, 'debrief_oidc') ?? '';
        const [payload = ''] = cookie.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
          string,
          string
        >;
        const forged = Buffer.from(JSON.stringify({ ...claims, next: '/admin' })).toString('base64url');
        browser.setCookie(origin, 'debrief_oidc', `${forged}.${cookie.split('.')[1]}`);
        return url;
      },
    };
    const expected: Record<string, RegExp> = {
      'state parameter': /did not pass its checks \(unexpected &quot;state&quot; response parameter value/,
      'missing cookie': /belongs to no sign-in started in this browser/,
      'forged cookie': /the single sign-on state cookie is not one this server issued/,
    };
    for (const [name, beforeCallback] of Object.entries(tampers)) {
      const flow = await signIn(strictUrl, erin, { beforeCallback });
      expect(flow.status, name).toBe(401);
      expect(flow.body, name).toMatch(expected[name] ?? /never/);
      expect(flow.session, name).toBeUndefined();
    }
    expect((await findUserByName(handle.db, 'erin'))?.oidc_subject).toBeNull();
    // A JSON caller gets the usual error shape.
    const bare = await fetch(new URL('/api/auth/oidc/callback?code=x&state=y', strictUrl));
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      error: { code: 'unauthenticated', details: { reason: 'state' } },
    });
  });

  it('never sends the browser off-site after signing in', async () => {
    const alice = { sub: 'idp-alice', email: 'alice@example.com', email_verified: true };
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/ok\r\nSet-Cookie: x=1',
    ]) {
      const flow = await signIn(strictUrl, alice, { next });
      expect(flow.status, next).toBe(200);
      expect(flow.refresh, next).toBe('0;url=/');
    }
    expect(localPath('/post-mortems/INC-1?x=%2F%2Fa')).toBe('/post-mortems/INC-1?x=%2F%2Fa');
    expect(localPath(['/x'])).toBe('/');
  });
});

describe('oidcConfigFrom', () => {
  const base = {
    DEBRIEF_OIDC_ISSUER: 'https://sso.example.com/realms/acme',
    DEBRIEF_OIDC_CLIENT_ID: 'debrief',
    DEBRIEF_OIDC_CLIENT_SECRET: 's3cret',
    DEBRIEF_PUBLIC_URL: 'https://debrief.example.com/',
  };
  const failure = (env: Record<string, string>) => {
    try {
      oidcConfigFrom(env);
    } catch (error) {
      if (error instanceof DomainError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'no error';
  };

  it('is off without DEBRIEF_OIDC_ISSUER, and fills the defaults when it is set', () => {
    expect(oidcConfigFrom({})).toBeUndefined();
    expect(oidcConfigFrom({ DEBRIEF_OIDC_ISSUER: ' ' })).toBeUndefined();
    expect(oidcConfigFrom(base)).toEqual({
      issuer: 'https://sso.example.com/realms/acme',
      clientId: 'debrief',
      clientSecret: 's3cret',
      publicUrl: 'https://debrief.example.com',
      redirectUri: 'https://debrief.example.com/api/auth/oidc/callback',
      scopes: 'openid email profile',
    });
  });

  it('names what is missing or wrong', () => {
    expect(failure({ DEBRIEF_OIDC_ISSUER: base.DEBRIEF_OIDC_ISSUER })).toMatch(
      /^invalid_input: .*DEBRIEF_OIDC_CLIENT_ID, DEBRIEF_OIDC_CLIENT_SECRET, DEBRIEF_PUBLIC_URL are not/,
    );
    expect(failure({ ...base, DEBRIEF_OIDC_ISSUER: 'http://sso.example.com' })).toMatch(
      /must be an https:\/\/ URL/,
    );
    expect(failure({ ...base, DEBRIEF_PUBLIC_URL: 'http://debrief.example.com' })).toMatch(
      /DEBRIEF_PUBLIC_URL must be/,
    );
    expect(failure({ ...base, DEBRIEF_OIDC_AUTO_CREATE: 'boss' })).toMatch(
      /DEBRIEF_OIDC_AUTO_CREATE must be/,
    );
    expect(failure({ ...base, DEBRIEF_OIDC_AUTO_CREATE: 'admin' })).toMatch(/would make everyone/);
    expect(failure({ ...base, DEBRIEF_OIDC_SCOPES: 'email profile' })).toMatch(/must include openid/);
    expect(oidcConfigFrom({ ...base, DEBRIEF_OIDC_ISSUER: 'http://localhost:8080/realms/dev' })?.issuer).toBe(
      'http://localhost:8080/realms/dev',
    );
  });
});
