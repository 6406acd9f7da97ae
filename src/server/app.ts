/**
 * The Debrief HTTP server: the REST API under `/api` with its OpenAPI document at `/api/docs`, and the web
 * application (src/web, built into dist/web) at `/`, which talks only to that API.
 *
 * Every route declares who may call it (src/server/auth.ts); the server refuses to start otherwise. Requests are
 * rate limited per client address; logs never carry credentials.
 */
import rateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { LIMITS } from '../contract/limits.js';
import { DomainError } from '../core/errors.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import type { DialectName } from '../db/dialects.js';
import type { OidcConfig } from '../services/oidc.js';
import type { ReportTemplate } from '../services/read-report-template.js';
import { mfaRequirementFrom } from '../services/second-factor.js';
import { installAuth } from './auth.js';
import { installErrorHandlers } from './errors.js';
import { registerSelfServiceRoutes } from './routes/account-self-service.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerApiRoutes } from './routes/api.js';
import { registerAttackMatrixRoutes } from './routes/attack-matrix.js';
import { registerCatalogRoutes } from './routes/catalogs.js';
import { registerChangeRoutes } from './routes/changes.js';
import { registerFollowThroughRoutes } from './routes/follow-through.js';
import { registerInterchangeRoutes } from './routes/interchange.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerOidcRoutes } from './routes/oidc.js';
import { registerPlaybookRoutes } from './routes/playbook.js';
import { registerReviewRoutes } from './routes/review.js';
import { registerTimelineRoutes } from './routes/timeline.js';
import { registerWebAppRoutes, sendAppNotFound } from './routes/web-app.js';
import { registerWriteRoutes } from './routes/writes.js';

export interface ServerOptions {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the database is, as `debrief db status` shows it (a PostgreSQL URL without its password). */
  readonly databaseLocation?: string;
  readonly version: string;
  /** The current instant as ISO 8601 UTC (a parameter so tests fix it). */
  readonly now: () => string;
  readonly logger?: FastifyServerOptions['logger'];
  /** The largest upload in bytes (default 20 GiB, `DEBRIEF_MAX_UPLOAD_BYTES`). */
  readonly maxUploadBytes?: number;
  /** The background job runner, woken when a job is queued (without it, jobs wait for a runner). */
  readonly jobs?: { wake(): void };
  /** Requests per minute per client address; 0 turns the general limit off (sign-in routes stay limited). */
  readonly rateLimitPerMinute?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (and the scheme from X-Forwarded-Proto). */
  readonly trustProxy?: boolean;
  /** Single sign-on with OpenID Connect (services/oidc.ts `oidcConfigFrom`); absent, only passwords and tokens. */
  readonly oidc?: OidcConfig;
  /** Where tracker credentials and DEBRIEF_PUBLIC_URL come from, as for the CLI (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The evidence blob store (`DEBRIEF_DATA/blobs`): uploads, raw records, verification; absent, those answer 503. */
  readonly blobs?: BlobStore;
  /** The report template folder's branding and default classification (`DEBRIEF_REPORT_TEMPLATE`). */
  readonly reportTemplate?: ReportTemplate;
  /** How often the change stream reads the stored versions of watched post-mortems (default 2,000 ms). */
  readonly changesIntervalMs?: number;
  /** How long a change stream stays open before the browser reconnects (default 10 minutes). */
  readonly changesMaxAgeMs?: number;
  /** The built web application served at / (default: dist/web in the package; tests point elsewhere). */
  readonly webRoot?: string;
}

/** Query parameters whose values are credentials (the single sign-on callback's code and state, tokens). */
const SECRET_QUERY = /([?&](?:code|state|token|session_state|id_token|access_token)=)[^&#]*/gi;

/** A request URL as logs show it: values of credential-like query parameters replaced. */
export function redactQuery(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/** The general rate limit when none is configured. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;

/** Request headers that must never reach a log. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/**
 * Security headers on every response (a route may set its own first: the HTML report may be framed by this
 * server's own pages, for the web application's preview).
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Builds the server (not listening yet: `inject` works for tests, `listenOnLoopback` serves). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logger = options.logger ?? false;
  const app = Fastify({
    logger:
      typeof logger === 'object' && logger !== null
        ? {
            ...logger,
            redact: { paths: REDACTED, censor: '[redacted]' },
            serializers: {
              req: (request: { method: string; url: string; ip?: string }) => ({
                method: request.method,
                url: redactQuery(request.url),
                remoteAddress: request.ip,
              }),
            },
          }
        : logger,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: LIMITS.documentBytes,
    // Request ids in logs, never client-supplied ones.
    genReqId: (() => {
      let n = 0;
      return () => `req-${(++n).toString(36)}`;
    })(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, (reply) => sendAppNotFound(options.webRoot, reply));
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });

  await installAuth(app, {
    db: options.db,
    now: () => options.now(),
    requireMfa: mfaRequirementFrom(options.env ?? process.env),
  });
  const perMinute = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  await app.register(rateLimit, {
    global: perMinute > 0,
    max: perMinute > 0 ? perMinute : 1_000_000,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new DomainError('rate_limited', `too many requests: try again in ${context.after}`),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Debrief API',
        version: options.version,
        description:
          'Security incident post-mortems: documents, clocks and reports. Every error has the shape ' +
          '`{ "error": { "code", "message", "details?" } }`. Authenticate with `Authorization: Bearer dbt_...` ' +
          '(an API token) or the session cookie of POST /api/auth/login (then send X-CSRF-Token on writes).',
      },
      tags: [
        { name: 'post-mortems', description: 'Post-mortem documents, clocks and reports' },
        { name: 'auth', description: 'Sign-in, sessions and first-run setup' },
        { name: 'accounts', description: 'Accounts, API tokens and post-mortem membership' },
        { name: 'audit', description: 'The hash-chained audit trail' },
        { name: 'system', description: 'Health and readiness' },
      ],
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token: dbt_<id>_<secret>' },
          session: { type: 'apiKey', in: 'cookie', name: 'debrief_session' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(async (api) => registerApiRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerAccountRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerSelfServiceRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerOidcRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerWriteRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerFollowThroughRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerTimelineRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerJobRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerCatalogRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerPlaybookRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerInterchangeRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerAttackMatrixRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerReviewRoutes(api, options), { prefix: '/api' });
  await app.register(async (api) => registerChangeRoutes(api, options), { prefix: '/api' });
  await app.register(async (web) => registerWebAppRoutes(web, options));
  return app;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Is this a loopback address (only this machine can connect)? */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

/** Starts listening; resolves to the URL. */
export async function listen(app: FastifyInstance, port: number, host = '127.0.0.1'): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new DomainError('invalid_input', `port ${port} is already in use; choose another with --port`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new DomainError('invalid_input', `cannot listen on ${host}: this machine has no such address`);
    }
    throw error;
  }
}
