/**
 * Maps errors to HTTP once: DomainError codes to statuses through an exhaustive record, request validation
 * failures to `invalid_input`, anything else to a 500 whose details stay in the log, never in the response.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorCode, isDomainError } from '../core/errors.js';
import { wantsAppPage } from './routes/web-app.js';

/** HTTP status per error code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_document: 422,
  invalid_input: 400,
  file_unreadable: 500,
  not_found: 404,
  version_conflict: 409,
  too_large: 413,
  database_unavailable: 503,
  database_schema: 503,
  dependency_missing: 503,
  remote_unavailable: 502,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  reauthentication_required: 401,
  invalid_state: 409,
  internal: 500,
};

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: Record<string, unknown>;
  };
}

/** Builds the wire shape `{ error: { code, message, details? } }`. */
export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/**
 * Installs the error and not-found handlers. A browser asking for a page that matches no route gets
 * `appNotFound` (the web application's "Page not found"); everything else gets the JSON error.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  appNotFound?: (reply: FastifyReply) => Promise<FastifyReply>,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const details = error.details ? { ...error.details } : undefined;
      return reply.status(HTTP_STATUS[error.code]).send(errorBody(error.code, error.message, details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'request'}${v.instancePath.replace(/\//g, '.')}`,
        message: v.message ?? 'invalid value',
      }));
      const first = issues[0];
      return reply.status(400).send(
        errorBody('invalid_input', first ? `${first.path}: ${first.message}` : 'invalid request', {
          issues,
        }),
      );
    }
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('too_large', 'the request body is larger than the limit'));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('invalid_input', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'internal error; the server log has the details'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (appNotFound !== undefined && wantsAppPage(request)) return appNotFound(reply);
    return reply
      .status(404)
      .send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
