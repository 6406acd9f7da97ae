// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer } from './testing/fake-server.js';
import { meAnswer, pageOf, summary } from './testing/fixtures.js';
import { renderApp, whereIs } from './testing/render-app.js';

let server: FakeServer;

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/oidc', { body: { enabled: false } });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

function signedOut(): void {
  server.on('GET', '/api/auth/me', errorAnswer(401, 'unauthenticated', 'sign in first'));
}

/** The server signs alice in once the right password (and code, when `withCode`) arrives. */
function acceptLogin(options: { withCode?: boolean } = {}): void {
  let signedIn = false;
  server.on('GET', '/api/auth/me', () =>
    signedIn ? { body: meAnswer() } : errorAnswer(401, 'unauthenticated', 'sign in first'),
  );
  server.on('POST', '/api/auth/login', (request) => {
    const body = request.body as { username: string; password: string; code?: string };
    if (body.username !== 'alice' || body.password !== 'correct horse') {
      return errorAnswer(401, 'unauthenticated', 'wrong user name or password');
    }
    if (options.withCode === true && body.code !== '123456') {
      return errorAnswer(401, 'unauthenticated', 'a one-time code is required', { mfa: 'totp' });
    }
    signedIn = true;
    return { body: { user: meAnswer().user, csrfToken: 'csrf-123', expiresAt: '2026-12-05T00:00:00Z' } };
  });
}

async function fillCredentials(password: string): Promise<void> {
  fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'alice' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
}

describe('sign-in', () => {
  it('signs in and goes to the page named by next', async () => {
    acceptLogin();
    server.on('GET', '/api/post-mortems', { body: pageOf([]) });
    const { router } = renderApp(`/login?next=${encodeURIComponent('/new')}`);
    await fillCredentials('correct horse');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'New post-mortem' })).toBeTruthy();
    expect(whereIs(router)).toBe('/new');
    const [login] = server.made('POST', '/api/auth/login');
    expect(login?.body).toEqual({ username: 'alice', password: 'correct horse' });
    expect(login?.headers['content-type']).toBe('application/json');
  });

  it("shows the server's message when the password is wrong, and stays on the page", async () => {
    acceptLogin();
    const { router } = renderApp('/login');
    await fillCredentials('wrong');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wrong user name or password');
    expect(whereIs(router)).toBe('/login');
    expect(screen.queryByLabelText('One-time code')).toBeNull();
  });

  it('asks for the one-time code when the account has a second factor, and sends it', async () => {
    acceptLogin({ withCode: true });
    server.on('GET', '/api/post-mortems', { body: pageOf([]) });
    const { router } = renderApp('/login');
    expect(screen.queryByLabelText('One-time code')).toBeNull();
    await fillCredentials('correct horse');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    const code = await screen.findByLabelText('One-time code');
    expect((await screen.findByRole('alert')).textContent).toContain('one-time code');
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Post-mortems' })).toBeTruthy();
    expect(whereIs(router)).toBe('/');
    expect(server.made('POST', '/api/auth/login').map((r) => (r.body as { code?: string }).code)).toEqual([
      undefined,
      '123456',
    ]);
  });

  it.each(['//evil.example/app/', 'https://evil.example/app/new', '/\\evil.example/app/'])(
    'refuses next=%s and lands on the list instead',
    async (next) => {
      acceptLogin();
      server.on('GET', '/api/post-mortems', { body: pageOf([]) });
      const { router } = renderApp(`/login?next=${encodeURIComponent(next)}`);
      await fillCredentials('correct horse');
      fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'Post-mortems' })).toBeTruthy();
      expect(whereIs(router)).toBe('/');
    },
  );

  it('offers single sign-on when the server has it, coming back to next', async () => {
    signedOut();
    server.on('GET', '/api/auth/oidc', { body: { enabled: true, loginUrl: '/api/auth/oidc/login' } });
    renderApp(`/login?next=${encodeURIComponent('/post-mortems/INC-1')}`);
    const link = await screen.findByRole('link', { name: 'Sign in with single sign-on' });
    expect(link.getAttribute('href')).toBe(
      `/api/auth/oidc/login?next=${encodeURIComponent('/post-mortems/INC-1')}`,
    );
  });

  it('sends a signed-out visitor to the sign-in page with next', async () => {
    signedOut();
    const { router } = renderApp('/post-mortems/INC-2026-014/timeline');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(whereIs(router)).toBe(`/login?next=${encodeURIComponent('/post-mortems/INC-2026-014/timeline')}`);
  });

  it('goes to the sign-in page when the session ends under an API call (401)', async () => {
    let sessionAlive = true;
    server.on('GET', '/api/auth/me', () =>
      sessionAlive ? { body: meAnswer() } : errorAnswer(401, 'unauthenticated', 'sign in first'),
    );
    server.on('GET', '/api/post-mortems', () => {
      sessionAlive = false;
      return errorAnswer(401, 'unauthenticated', 'the session expired');
    });
    const { router } = renderApp('/?status=draft');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(whereIs(router)).toBe(`/login?next=${encodeURIComponent('/?status=draft')}`);
  });
});

describe('shell', () => {
  it('shows role-aware navigation, the user and signs out with the CSRF token', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer() });
    server.on('GET', '/api/post-mortems', { body: pageOf([]) });
    server.on('POST', '/api/auth/logout', { status: 204 });
    const { router } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect([...nav.querySelectorAll('a')].map((a) => a.textContent)).toEqual([
      'Post-mortems',
      'Actions',
      'Insights',
    ]);
    expect(screen.getByText('Alice Analyst')).toBeTruthy();
    expect(document.querySelector('main#main')).not.toBeNull();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(whereIs(router)).toBe('/login');
    const [logout] = server.made('POST', '/api/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-123');
    expect(logout?.body).toBeUndefined();
  });

  it('hides Insights and New post-mortem from a viewer', async () => {
    server.on('GET', '/api/auth/me', { body: meAnswer({ permissions: ['post-mortem:read', 'tokens:own'] }) });
    server.on('GET', '/api/post-mortems', { body: pageOf([summary()]) });
    renderApp('/');
    await screen.findByRole('link', { name: /^INC-2026-014/ });
    expect(screen.queryByRole('link', { name: 'Insights' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'New post-mortem' })).toBeNull();
  });
});
