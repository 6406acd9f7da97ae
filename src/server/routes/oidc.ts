/**
 * Single sign-on with OpenID Connect (src/services/oidc.ts): the status the web application asks for, and, when
 * the server is configured for it, the start of a sign-in and the provider's callback. All three are public: the
 * caller is proving who they are.
 *
 * The callback answers a tiny page that moves on to `next` (a `Refresh` header and a link) rather than a redirect:
 * the session cookie is SameSite=Strict, and browsers do not send a Strict cookie on a redirect chain that began
 * at another site (the provider), so a redirect would land on the next page signed out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { oidcCallbackQuerySchema, oidcLoginQuerySchema, oidcStatusSchema } from '../../contract/accounts.js';
import { type DomainError, isDomainError } from '../../core/errors.js';
import { beginOidcLogin, completeOidcLogin, createOidcClient, OIDC_LOGIN_PATH } from '../../services/oidc.js';
import type { ServerOptions } from '../app.js';
import { HTTP_STATUS } from '../errors.js';
import { escapeHtml, PAGE_CSP, page } from '../html.js';
import { setSessionCookie } from '../sign-in.js';

/** The cookie that carries a started sign-in to the callback (signed; see services/oidc.ts). */
export const OIDC_STATE_COOKIE = 'debrief_oidc';

/** Sign-ins per client address and minute: generous (an office behind one address signs in at 9:00), but bounded. */
const SSO_RATE = { max: 60, timeWindow: '1 minute' };

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function htmlPage(reply: FastifyReply, status: number, title: string, body: string): string {
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store');
  return page(title, body);
}

/** A refusal as a page for browsers (with a way back), as the usual JSON error otherwise. */
function failure(request: FastifyRequest, reply: FastifyReply, error: DomainError): string {
  if (!wantsHtml(request)) throw error;
  return htmlPage(
    reply,
    HTTP_STATUS[error.code],
    'Single sign-on failed',
    `<h1>Single sign-on failed</h1>
<p class="error">${escapeHtml(error.message)}</p>
<p><a href="/login">Back to the sign-in page</a></p>`,
  );
}

export async function registerOidcRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  const client = options.oidc === undefined ? undefined : createOidcClient(options.oidc);

  api.get(
    '/auth/oidc',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether single sign-on (OpenID Connect) is configured, and the URL that starts it',
        response: { 200: oidcStatusSchema },
      },
    },
    async () => (client === undefined ? { enabled: false } : { enabled: true, loginUrl: OIDC_LOGIN_PATH }),
  );
  if (client === undefined) return;
  // The state cookie goes only to the login and callback routes, at the path browsers see (a proxy's prefix too).
  const cookiePath = new URL(client.config.redirectUri).pathname.replace(/\/callback$/, '');

  api.get(
    '/auth/oidc/login',
    {
      config: { access: 'public', rateLimit: SSO_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Start single sign-on: redirects the browser to the identity provider (303)',
        querystring: oidcLoginQuerySchema,
      },
    },
    async (request, reply) => {
      try {
        const start = await beginOidcLogin(db, client, request.query.next, options.now());
        reply.setCookie(OIDC_STATE_COOKIE, start.stateCookie, {
          path: cookiePath,
          httpOnly: true,
          // Lax, not Strict: the provider sends the browser back from another site.
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: start.maxAgeSeconds,
        });
        return reply.header('cache-control', 'no-store').redirect(start.authorizationUrl, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return failure(request, reply, error);
      }
    },
  );

  api.get(
    '/auth/oidc/callback',
    {
      config: { access: 'public', rateLimit: SSO_RATE },
      schema: {
        tags: ['auth'],
        summary:
          'The identity provider sends the browser back here: signs in (session cookie) and moves on to the page asked for',
        querystring: oidcCallbackQuerySchema,
      },
    },
    async (request, reply) => {
      const at = request.url.indexOf('?');
      const stateCookie = request.cookies[OIDC_STATE_COOKIE];
      reply.clearCookie(OIDC_STATE_COOKIE, { path: cookiePath });
      try {
        const signIn = await completeOidcLogin(
          db,
          client,
          {
            query: at < 0 ? '' : request.url.slice(at),
            stateCookie,
            ip: request.ip,
            ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
          },
          options.now(),
        );
        const { user } = signIn.grant;
        request.audit = {
          action: 'auth.oidc',
          actor: `user:${user.id} (${user.username})`,
          target: user.username,
          details: { match: signIn.match, subject: signIn.subject },
        };
        setSessionCookie(reply, request, signIn.grant);
        const next = escapeHtml(signIn.next);
        reply.header('refresh', `0;url=${signIn.next}`);
        return htmlPage(
          reply,
          200,
          'Signed in',
          `<h1>Signed in</h1>
<p>Welcome, ${escapeHtml(user.displayName)}. <a href="${next}">Continue</a></p>`,
        );
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const subject = error.details?.subject;
        request.audit = {
          action: 'auth.oidc',
          actor: typeof subject === 'string' ? `oidc:${subject}` : 'anonymous',
          details: { code: error.code, ...(error.details ?? {}) },
        };
        return failure(request, reply, error);
      }
    },
  );
}
