// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer, pageOf } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';
import { passwordProblem } from './AccountPages.js';

let server: FakeServer;
const ready = (setupRequired: boolean) => ({
  body: { status: 'ready', database: 'sqlite', pendingMigrations: [], setupRequired },
});

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/oidc', { body: { enabled: false } });
});
afterEach(() => {
  cleanup();
  server.uninstall();
});

/** The create button, once the page knows setup is open (it waits for `GET /api/ready`). */
async function createButton(): Promise<HTMLButtonElement> {
  const button = (await screen.findByRole('button', {
    name: 'Create the admin account',
  })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

function type(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('first-run setup', () => {
  it('goes from the sign-in page to setup while no account exists, creates the admin and signs in', async () => {
    let signedIn = false;
    server.on('GET', '/api/auth/me', () =>
      signedIn ? { body: meAnswer() } : errorAnswer(401, 'unauthenticated', 'sign in first'),
    );
    server.on('GET', '/api/ready', ready(true));
    server.on('POST', '/api/auth/setup', (request) => {
      const body = request.body as { token: string };
      if (body.token !== 'setup-token-1')
        return errorAnswer(401, 'unauthenticated', 'the setup token is wrong');
      signedIn = true;
      return {
        status: 201,
        body: { user: meAnswer().user, csrfToken: 'c', expiresAt: '2026-12-06T00:00:00Z' },
      };
    });
    server.on('GET', '/api/post-mortems', { body: pageOf([]) });
    const { router } = renderApp('/login');
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up Debrief' })).toBeTruthy();
    expect(whereIs(router)).toBe('/setup');
    const create = await createButton();
    type('Setup token', 'wrong');
    type('Username', 'admin');
    type('New password', 'correct horse battery');
    type('Repeat the password', 'correct horse battery');
    fireEvent.click(create);
    expect((await screen.findByRole('alert')).textContent).toBe('the setup token is wrong');
    type('Setup token', ' setup-token-1 ');
    type('E-mail', 'admin@example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Create the admin account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Post-mortems' })).toBeTruthy();
    expect(whereIs(router)).toBe('/');
    expect(server.made('POST', '/api/auth/setup')[1]?.body).toEqual({
      token: 'setup-token-1',
      username: 'admin',
      password: 'correct horse battery',
      email: 'admin@example.org',
    });
  });

  it('refuses a short or mistyped password before sending anything', async () => {
    server.on('GET', '/api/auth/me', errorAnswer(401, 'unauthenticated', 'sign in first'));
    server.on('GET', '/api/ready', ready(true));
    renderApp('/setup');
    const create = await createButton();
    type('Setup token', 't');
    type('Username', 'admin');
    type('New password', 'short');
    type('Repeat the password', 'short');
    fireEvent.click(create);
    expect((await screen.findByRole('alert')).textContent).toMatch(/12 characters or more/);
    type('New password', 'correct horse battery');
    type('Repeat the password', 'correct horse batterY');
    fireEvent.click(screen.getByRole('button', { name: 'Create the admin account' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/differ/);
    expect(server.made('POST', '/api/auth/setup')).toHaveLength(0);
  });

  it('says setup is closed once an account exists', async () => {
    server.on('GET', '/api/auth/me', errorAnswer(401, 'unauthenticated', 'sign in first'));
    server.on('GET', '/api/ready', ready(false));
    renderApp('/setup');
    expect(await screen.findByRole('heading', { level: 1, name: 'Debrief is set up' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });
});

describe('password reset', () => {
  it('sets the password with the token, shows the server refusal, then links to sign-in', async () => {
    server.on('GET', '/api/auth/me', errorAnswer(401, 'unauthenticated', 'sign in first'));
    server.on('POST', '/api/auth/reset', (request) =>
      (request.body as { token: string }).token === 'reset-1'
        ? { status: 204 }
        : errorAnswer(400, 'invalid_input', 'the reset token is unknown or expired'),
    );
    renderApp('/reset');
    await screen.findByLabelText('Reset token');
    type('Reset token', 'old');
    type('New password', 'a long new passphrase');
    type('Repeat the password', 'a long new passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the reset token is unknown or expired');
    type('Reset token', 'reset-1');
    fireEvent.click(screen.getByRole('button', { name: 'Set the password' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/new password is set/);
    expect(server.made('POST', '/api/auth/reset')[1]?.body).toEqual({
      token: 'reset-1',
      password: 'a long new passphrase',
    });
  });
});

describe('passwordProblem', () => {
  it('wants 12 characters and the same text twice', () => {
    expect(passwordProblem('x'.repeat(11), 'x'.repeat(11))).toMatch(/12/);
    expect(passwordProblem('x'.repeat(12), 'y'.repeat(12))).toMatch(/differ/);
    expect(passwordProblem('x'.repeat(12), 'x'.repeat(12))).toBeUndefined();
  });
});
