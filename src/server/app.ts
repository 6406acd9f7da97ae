/**
 * The Debrief HTTP server: the REST API under `/api` with its OpenAPI document at `/api/docs`, and a minimal
 * HTML page at `/` listing post-mortems and their reports (the full web application comes later).
 *
 * Until authentication exists the server must only listen on loopback; `listenOnLoopback` enforces that.
 */
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
import type { Database } from '../db/database.js';
import type { DialectName } from '../db/dialects.js';
import { installErrorHandlers } from './errors.js';
import { registerApiRoutes } from './routes/api.js';
import { registerPageRoutes } from './routes/pages.js';

export interface ServerOptions {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly version: string;
  /** The current instant as ISO 8601 UTC (a parameter so tests fix it). */
  readonly now: () => string;
  readonly logger?: FastifyServerOptions['logger'];
}

/** Security headers on every response; pages add their own Content-Security-Policy. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Builds the server (not listening yet: `inject` works for tests, `listenOnLoopback` serves). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: LIMITS.documentBytes,
    // Request ids in logs, never client-supplied ones.
    genReqId: (() => {
      let n = 0;
      return () => `req-${(++n).toString(36)}`;
    })(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Debrief API',
        version: options.version,
        description:
          'Security incident post-mortems: documents, clocks and reports. Every error has the shape ' +
          '`{ "error": { "code", "message", "details?" } }`.',
      },
      tags: [
        { name: 'post-mortems', description: 'Post-mortem documents, clocks and reports' },
        { name: 'system', description: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(async (api) => registerApiRoutes(api, options), { prefix: '/api' });
  await app.register(async (pages) => registerPageRoutes(pages, options));
  return app;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts listening on a loopback address only; resolves to the URL. */
export async function listenOnLoopback(
  app: FastifyInstance,
  port: number,
  host = '127.0.0.1',
): Promise<string> {
  if (!LOOPBACK.has(host)) {
    throw new DomainError(
      'invalid_input',
      `Debrief has no authentication yet, so it only listens on loopback (127.0.0.1 or ::1), not ${host}`,
    );
  }
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new DomainError('invalid_input', `port ${port} is already in use; choose another with --port`);
    }
    throw error;
  }
}
