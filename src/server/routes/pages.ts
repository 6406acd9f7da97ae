/**
 * The minimal HTML pages: sign-in, first-run setup and sign-out; `/` lists the post-mortems the caller may see,
 * `/post-mortems/:id` shows a report. No scripts; every value is escaped, the report's Markdown is rendered with
 * raw HTML disabled, and forms post only to this server (sign-out carries the CSRF token).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuerySchema, postMortemParamsSchema } from '../../contract/api.js';
import { renderMarkdownReport } from '../../core/report-build.js';
import { visibleTo } from '../../services/access.js';
import { logout, needsSetup } from '../../services/accounts.js';
import { listPostMortems } from '../../services/list-post-mortems.js';
import { OIDC_LOGIN_PATH } from '../../services/oidc.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import type { ServerOptions } from '../app.js';
import { callerOf, SESSION_COOKIE } from '../auth.js';
import {
  escapeHtml,
  markdownToHtml,
  PAGE_CSP,
  type PageUser,
  page,
  replaceSectionDiagram,
  STYLESHEET,
} from '../html.js';
import { CREDENTIAL_RATE, resetPassword, setUpAndSignIn, signInWithPassword } from '../sign-in.js';

const FORM_LIMIT = 16 * 1024;

/** Only a path on this server: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\')
    ? next
    : '/';
}

function html(reply: FastifyReply, status: number, title: string, body: string, user?: PageUser) {
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP);
  return page(title, body, user);
}

function pageUser(request: FastifyRequest): PageUser {
  const principal = callerOf(request);
  return { name: principal.username, ...(request.csrfToken ? { csrfToken: request.csrfToken } : {}) };
}

function loginForm(next: string, error?: string, sso = false): string {
  return `<h1>Sign in</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login" class="card">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label>User name <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<label>One-time code (if you set up an authenticator app; or a recovery code) <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="64"></label>
<button type="submit">Sign in</button>
</form>${sso ? `\n<p><a href="${escapeHtml(`${OIDC_LOGIN_PATH}?next=${encodeURIComponent(next)}`)}">Sign in with single sign-on</a></p>` : ''}`;
}

function setupForm(error?: string): string {
  return `<h1>Set up Debrief</h1>
<p>No account exists yet. Paste the setup token the server printed when it started, and create the first admin.</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/setup" class="card">
<label>Setup token <input name="token" autocomplete="off" required></label>
<label>User name <input name="username" autocomplete="username" required></label>
<label>Display name <input name="displayName" autocomplete="name"></label>
<label>Password (12 characters or more) <input name="password" type="password" autocomplete="new-password" minlength="12" required></label>
<button type="submit">Create the admin account</button>
</form>`;
}

function resetForm(error?: string): string {
  return `<h1>Choose a password</h1>
<p>Paste the one-time token an admin gave you and choose a password (12 characters or more; a passphrase works well).</p>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/reset" class="card">
<label>Reset token <input name="token" autocomplete="off" required></label>
<label>New password <input name="password" type="password" autocomplete="new-password" minlength="12" required></label>
<button type="submit">Set the password</button>
</form>`;
}

/** The form's one field for the second factor: 6 digits are a TOTP code, anything else a recovery code. */
function oneTimeCodeField(value: string): { code?: string; recoveryCode?: string } {
  const text = value.trim();
  if (text === '') return {};
  return /^\d{6}$/.test(text) ? { code: text } : { recoveryCode: text.slice(0, 64) };
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export async function registerPageRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // HTML forms post URL-encoded fields; only the pages accept them (the API takes JSON only).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  pages.get('/login', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (await needsSetup(db)) return reply.redirect('/setup', 303);
    const next = safeNext((request.query as { next?: unknown }).next);
    return html(reply, 200, 'Sign in', loginForm(next, undefined, options.oidc !== undefined));
  });

  pages.post(
    '/login',
    { config: { access: 'public', rateLimit: CREDENTIAL_RATE }, schema: { hide: true } },
    async (request, reply) => {
      const credentials = {
        username: field(request.body, 'username'),
        password: field(request.body, 'password'),
        ...oneTimeCodeField(field(request.body, 'code')),
      };
      const result = await signInWithPassword(request, reply, db, credentials, options.now());
      const next = safeNext(field(request.body, 'next'));
      if (!result.ok) {
        return html(
          reply,
          result.reason === 'throttled' ? 429 : 401,
          'Sign in',
          loginForm(next, result.message, options.oidc !== undefined),
        );
      }
      return reply.redirect(next, 303);
    },
  );

  pages.get('/setup', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    if (!(await needsSetup(db))) return reply.redirect('/login', 303);
    return html(reply, 200, 'Set up', setupForm());
  });

  pages.post(
    '/setup',
    { config: { access: 'public', rateLimit: CREDENTIAL_RATE }, schema: { hide: true } },
    async (request, reply) => {
      const now = options.now();
      try {
        await setUpAndSignIn(
          request,
          reply,
          db,
          field(request.body, 'token').trim(),
          {
            username: field(request.body, 'username'),
            password: field(request.body, 'password'),
            displayName: field(request.body, 'displayName'),
          },
          now,
        );
        return reply.redirect('/', 303);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'invalid_input') {
          return html(reply, 400, 'Set up', setupForm(error.message));
        }
        throw error;
      }
    },
  );

  pages.get('/reset', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    html(reply, 200, 'Choose a password', resetForm()),
  );

  pages.post(
    '/reset',
    { config: { access: 'public', rateLimit: CREDENTIAL_RATE }, schema: { hide: true } },
    async (request, reply) => {
      try {
        const user = await resetPassword(
          request,
          db,
          field(request.body, 'token').trim(),
          field(request.body, 'password'),
          options.now(),
        );
        return html(
          reply,
          200,
          'Password set',
          `<h1>Password set</h1><p>You can now <a href="/login">sign in</a> as ${escapeHtml(user.username)}.</p>`,
        );
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'invalid_input') {
          return html(reply, 400, 'Choose a password', resetForm(error.message));
        }
        throw error;
      }
    },
  );

  pages.post(
    '/logout',
    { config: { access: 'authenticated', page: true }, schema: { hide: true } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      request.audit = { action: 'auth.logout' };
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/login', 303);
    },
  );

  pages.get(
    '/assets/debrief.css',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600');
      return STYLESHEET;
    },
  );

  pages.get(
    '/',
    {
      config: { access: 'post-mortem:read', page: true },
      schema: { hide: true, querystring: pageQuerySchema },
    },
    async (request, reply) => {
      const result = await listPostMortems(db, request.query, visibleTo(callerOf(request)));
      const rows = result.items
        .map(
          (p) => `<tr>
<td><a href="/post-mortems/${encodeURIComponent(p.id)}"><code>${escapeHtml(p.id)}</code></a></td>
<td><a href="/post-mortems/${encodeURIComponent(p.id)}">${escapeHtml(p.title)}</a>${p.restricted ? ' <span class="muted">(restricted)</span>' : ''}</td>
<td class="sev-${escapeHtml(p.severity)}">${escapeHtml(p.severity)}</td>
<td>${escapeHtml(p.status)}</td>
<td>${escapeHtml(p.updated.slice(0, 10))}</td>
</tr>`,
        )
        .join('\n');
      const next =
        result.offset + result.items.length < result.total
          ? `<p><a href="/?offset=${result.offset + result.limit}&amp;limit=${result.limit}">Next ${result.limit}</a></p>`
          : '';
      const webAppLink = '<p><a href="/app/">Open the web app</a></p>';
      const body =
        result.total === 0
          ? `<h1>Post-mortems</h1>${webAppLink}<p>No post-mortems yet. Import one with <code>debrief import FILE</code>.</p>`
          : `<h1>Post-mortems</h1>${webAppLink}
<p class="muted">${result.total} in total. Each links to its report; the API is documented at <a href="/api/docs">/api/docs</a>.</p>
<table><thead><tr><th>ID</th><th>Title</th><th>Severity</th><th>Status</th><th>Updated</th></tr></thead>
<tbody>
${rows}
</tbody></table>${next}`;
      return html(reply, 200, 'Post-mortems', body, pageUser(request));
    },
  );

  pages.get(
    '/post-mortems/:id',
    {
      config: { access: 'post-mortem:read', postMortem: true, page: true },
      schema: { hide: true, params: postMortemParamsSchema, querystring: z.object({}) },
    },
    async (request, reply) => {
      const stored = await readPostMortem(db, request.params.id);
      const id = encodeURIComponent(stored.document.id);
      const report = renderMarkdownReport(stored.document, { generatedAt: options.now() });
      const actions = `<p class="actions">
<a href="/api/post-mortems/${id}/report?format=html">HTML report</a>
<a href="/api/post-mortems/${id}/report?format=pdf">PDF report</a>
<a href="/api/post-mortems/${id}/report?format=pdf&amp;audience=executive">Executive brief (PDF)</a>
<a href="/api/post-mortems/${id}/report?format=docx">Word report</a>
<a href="/api/post-mortems/${id}/report?format=md">Markdown report</a>
<a href="/api/post-mortems/${id}/export?format=yaml">YAML file</a>
<a href="/api/post-mortems/${id}">JSON</a>
<a href="/api/post-mortems/${id}/clocks">Clocks (JSON)</a>
</p>`;
      const fishbone = `<figure class="diagram"><img src="/api/post-mortems/${id}/diagram?format=svg" alt="Fishbone diagram of ${escapeHtml(stored.document.id)}"></figure>`;
      const body = replaceSectionDiagram(markdownToHtml(report), 'Fishbone (Ishikawa)', fishbone);
      return html(
        reply,
        200,
        `${stored.document.id} ${stored.document.title}`,
        `${actions}\n${body}`,
        pageUser(request),
      );
    },
  );
}
