/**
 * Authentication, authorization and the audit trail, on every route.
 *
 * - Every route declares `config.access`: `public`, `authenticated`, or a permission of core/access.ts, and
 *   `config.postMortem` when its `:id` names a post-mortem. A route registered without `access` stops the server
 *   from starting, so no route can skip the check.
 * - Callers prove who they are with a session cookie (browsers) or `Authorization: Bearer dbt_...` (API tokens).
 *   Writes with a session cookie also need the session's CSRF token in `X-CSRF-Token`; any write that a browser
 *   marks as cross-site (`Sec-Fetch-Site: cross-site`) is refused.
 * - A post-mortem the caller may not see answers 404, like one that does not exist. Admins may break the glass
 *   with `X-Debrief-Break-Glass: REASON`: allowed, and recorded in the audit trail the members can read.
 * - The audit trail records every write (who, what, when, from where, outcome), every refused request, and every
 *   read of a restricted post-mortem.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { postMortemIdSchema } from '../contract/schema-primitives.js';
import { mayBreakGlass, type Permission, type Principal, permits } from '../core/access.js';
import type { AuditOutcome } from '../core/audit.js';
import { DomainError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { postMortemNotFound } from '../db/post-mortem.repository.js';
import { postMortemAccess } from '../services/access.js';
import {
  authenticateSession,
  checkRecentAuthentication,
  type SessionState,
  sameSecret,
} from '../services/accounts.js';
import { authenticateToken } from '../services/api-tokens.js';
import { actorOf, appendAudit } from '../services/audit.js';
import { type MfaRequirement, mustEnrolSecondFactor } from '../services/second-factor.js';

/** Who may call a route. */
export type RouteAccess = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required on every route). */
    access?: RouteAccess;
    /** The route's `:id` names a post-mortem: check that the caller may see it. */
    postMortem?: boolean;
    /** Only a session may call it (interactive self-service): API tokens get 403. */
    sessionOnly?: boolean;
    /**
     * A sensitive operation (ASVS 3.7.1): a session caller must have signed in or re-authenticated recently
     * (`reauthentication_required` otherwise). API tokens are not affected: non-interactive, limited by scopes.
     */
    recentAuth?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
    /** The session's CSRF token (session callers only). */
    csrfToken?: string;
    /** The session the request came with (session callers only). */
    sessionState?: SessionState;
    /** What the handler adds to the audit entry of this request (a login names the account, for instance). */
    audit?: {
      action?: string;
      actor?: string;
      details?: Record<string, unknown>;
      target?: string;
      postMortemId?: string;
    };
    /** Set when the caller sees the post-mortem through break-glass. */
    brokeGlass?: boolean;
  }
}

export const SESSION_COOKIE = 'debrief_session';

/** One registered route and what it declares. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
  readonly postMortem: boolean;
  readonly sessionOnly: boolean;
  readonly recentAuth: boolean;
}

const ROUTE_TABLES = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route of a built server with its declared access (the tests walk it; docs/security.md lists it). */
export function routeTableOf(app: FastifyInstance): readonly RouteEntry[] {
  return ROUTE_TABLES.get(app) ?? [];
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  readonly db: Kysely<Database>;
  readonly now: () => string;
  /** `DEBRIEF_REQUIRE_MFA=admins`: local admins without a second factor may only reach the /api/auth routes. */
  readonly requireMfa?: MfaRequirement;
}

/** What an admin who must enrol a second factor may still reach: sign-out and the self-service routes. */
const ENROLMENT_ROUTES = /^\/api\/auth\/|^\/logout$/;

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? '';
}

async function identify(request: FastifyRequest, options: AuthOptions): Promise<void> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    const principal = bearer === '' ? undefined : await authenticateToken(options.db, bearer, options.now());
    if (principal === undefined) {
      throw new DomainError(
        'unauthenticated',
        'the API token is invalid, expired or revoked: create a new one with "debrief token create"',
      );
    }
    request.principal = principal;
    return;
  }
  const session = request.cookies[SESSION_COOKIE];
  if (session !== undefined && session !== '') {
    const found = await authenticateSession(options.db, session, options.now());
    if (found !== undefined) {
      request.principal = found.principal;
      request.csrfToken = found.csrfToken;
      request.sessionState = found.session;
    }
  }
}

function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new DomainError('forbidden', 'cross-site requests may not change anything');
  }
  if (request.principal?.via !== 'session' || request.csrfToken === undefined) return;
  const sent = request.headers['x-csrf-token'];
  const value =
    typeof sent === 'string' ? sent : (request.body as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (typeof value !== 'string' || !sameSecret(value, request.csrfToken)) {
    throw new DomainError(
      'forbidden',
      'missing or wrong CSRF token: send the X-CSRF-Token header given at sign-in (GET /api/auth/me)',
    );
  }
}

async function checkPostMortem(
  request: FastifyRequest,
  options: AuthOptions,
  principal: Principal,
): Promise<void> {
  const id = (request.params as { id?: string }).id;
  // A malformed id is left to validation (400); only a well-formed one can name a post-mortem.
  if (id === undefined || !postMortemIdSchema.safeParse(id).success) return;
  const answer = await postMortemAccess(options.db, principal, id);
  if (answer.kind === 'missing') throw postMortemNotFound(id);
  if (answer.kind === 'hidden') {
    const reason = request.headers['x-debrief-break-glass'];
    if (typeof reason !== 'string' || reason.trim().length < 10 || !mayBreakGlass(principal)) {
      throw postMortemNotFound(id);
    }
    request.brokeGlass = true;
    await appendAudit(options.db, {
      at: options.now(),
      actor: actorOf(principal),
      action: 'break-glass',
      target: `${request.method} ${request.url.split('?')[0]}`,
      postMortemId: id,
      source: request.ip,
      outcome: 'ok',
      details: { reason: reason.trim().slice(0, 500) },
    });
    return;
  }
  if (answer.restricted && SAFE_METHODS.has(request.method)) {
    await appendAudit(options.db, {
      at: options.now(),
      actor: actorOf(principal),
      action: 'read.restricted',
      target: `${request.method} ${request.url.split('?')[0]}`,
      postMortemId: id,
      source: request.ip,
      outcome: 'ok',
      details: {},
    });
  }
}

/** The access check of one request against its route's declaration. */
async function authorize(request: FastifyRequest, options: AuthOptions): Promise<void> {
  const config = request.routeOptions.config;
  const access = config.access;
  if (access === undefined) {
    // Only Fastify's own 404 handler has no route options; everything registered declares access.
    return;
  }
  await identify(request, options);
  if (access === 'public') {
    checkCsrf(request);
    return;
  }
  const principal = request.principal;
  if (principal === undefined) {
    throw new DomainError(
      'unauthenticated',
      'sign in first (POST /api/auth/login), or send an API token: Authorization: Bearer dbt_...',
    );
  }
  checkCsrf(request);
  if (
    options.requireMfa === 'admins' &&
    principal.role === 'admin' &&
    !ENROLMENT_ROUTES.test(request.routeOptions.url ?? '') &&
    (await mustEnrolSecondFactor(options.db, principal.userId, options.requireMfa))
  ) {
    throw new DomainError(
      'forbidden',
      'this server requires a second factor for admins (DEBRIEF_REQUIRE_MFA=admins): enrol an authenticator app first with POST /api/auth/mfa/totp and POST /api/auth/mfa/totp/confirm',
    );
  }
  if (access !== 'authenticated' && !permits(principal, access)) {
    const why =
      principal.scopes !== undefined && permits({ ...principal, scopes: undefined }, access)
        ? `this API token's scopes (${principal.scopes.join(', ')}) do not allow ${access}`
        : `the ${principal.role} role does not allow ${access}`;
    throw new DomainError('forbidden', why);
  }
  if (config.sessionOnly && principal.via !== 'session') {
    throw new DomainError(
      'forbidden',
      'only a signed-in session may do this (POST /api/auth/login), not an API token',
    );
  }
  if (config.recentAuth && request.sessionState !== undefined)
    checkRecentAuthentication(request.sessionState, options.now());
  if (config.postMortem) await checkPostMortem(request, options, principal);
}

/** The caller of a route that is not public (the access check guarantees one). */
export function callerOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new DomainError('unauthenticated', 'sign in first');
  return request.principal;
}

function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'denied';
  return status >= 400 ? 'failed' : 'ok';
}

/** Installs cookies, the access check on every request, the route declaration check, and the audit hook. */
export async function installAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('sessionState', undefined);
  app.decorateRequest('audit', undefined);
  app.decorateRequest('brokeGlass', undefined);

  const table: RouteEntry[] = [];
  ROUTE_TABLES.set(app, table);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as {
      access?: RouteAccess;
      postMortem?: boolean;
      sessionOnly?: boolean;
      recentAuth?: boolean;
    };
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...config, access: 'public' };
      return;
    }
    if (config.access === undefined) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access): every route must`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        access: config.access,
        postMortem: config.postMortem === true,
        sessionOnly: config.sessionOnly === true,
        recentAuth: config.recentAuth === true,
      });
    }
  });

  app.addHook('preValidation', async (request) => authorize(request, options));

  // Recorded before the answer leaves (onSend), so a client that got its answer finds the entry in the trail.
  app.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config.access;
    const write = !SAFE_METHODS.has(request.method);
    const refused = reply.statusCode === 401 || reply.statusCode === 403;
    // A handler that describes its entry (request.audit) is recorded even on a read: the single sign-on callback.
    if (
      access === undefined ||
      (request.audit === undefined &&
        ((!write && !refused) || (refused && !write && request.principal === undefined)))
    )
      return payload;
    const params = request.params as { id?: string } | undefined;
    try {
      await appendAudit(options.db, {
        at: options.now(),
        actor: request.audit?.actor ?? actorOf(request.principal),
        action: request.audit?.action ?? `${request.method} ${request.routeOptions.url ?? request.url}`,
        target: request.audit?.target ?? request.url.split('?')[0],
        ...(request.audit?.postMortemId
          ? { postMortemId: request.audit.postMortemId }
          : request.routeOptions.config.postMortem && params?.id
            ? { postMortemId: params.id }
            : {}),
        source: request.ip,
        outcome: outcomeOf(reply.statusCode),
        details: {
          status: reply.statusCode,
          ...(request.brokeGlass ? { breakGlass: true } : {}),
          ...request.audit?.details,
        },
      });
    } catch (error) {
      request.log.error({ err: error }, 'the audit trail could not record a request');
    }
    return payload;
  });
}
