/**
 * Writing post-mortems over REST: create, replace against the ETag the caller read (a stale one is a 409 and
 * nothing is written), and the webhook an incident platform or SOAR calls when an incident closes, which opens a
 * draft once per incident.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema, storedPostMortemSchema } from '../../contract/api.js';
import { permits } from '../../core/access.js';
import { POST_MORTEM_TYPES, SEVERITIES } from '../../core/vocabulary.js';
import { createPostMortem, openFromIncident, replacePostMortem } from '../../services/write-post-mortem.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';
import { etagOf, ifMatchVersion, presentPostMortem, storedDocumentSerializer } from '../presenters.js';

const failures = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
};

const documentBody = z.record(z.string(), z.unknown()).meta({
  description:
    'A post-mortem document (debrief/v1), as `debrief export --format json` writes it: docs/file-format.md',
});

const incidentBody = z.object({
  source: z
    .string()
    .min(1)
    .max(64)
    .meta({ description: 'The sending system: pagerduty, servicenow, thehive...' }),
  externalId: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: "The incident's id there: a second call with it finds the first draft" }),
  title: z.string().min(1).max(300),
  severity: z.enum(SEVERITIES),
  types: z.array(z.enum(POST_MORTEM_TYPES)).optional(),
  url: z.url().optional(),
  summary: z.string().max(20_000).optional(),
  restricted: z.boolean().optional(),
  tags: z.array(z.string().max(64)).max(50).optional(),
  id: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'The post-mortem id to use (default: <source>-<externalId>)' }),
});

export async function registerWriteRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  api.post(
    '/post-mortems',
    {
      config: { access: 'post-mortem:create' },
      serializerCompiler: storedDocumentSerializer,
      schema: {
        tags: ['post-mortems'],
        summary: 'Create a post-mortem from a document; you become a member (422 lists every problem)',
        body: documentBody,
        response: { 201: storedPostMortemSchema, ...failures },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const stored = await createPostMortem(db, request.body, caller, options.now());
      request.audit = {
        action: 'post-mortem.create',
        target: stored.document.id,
        postMortemId: stored.document.id,
        details: { version: 1 },
      };
      return reply
        .status(201)
        .header('etag', etagOf(stored.document.version, stored.contentHash))
        .header('location', `/api/post-mortems/${encodeURIComponent(stored.document.id)}`)
        .send(presentPostMortem(stored.document));
    },
  );

  api.put(
    '/post-mortems/:id',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      serializerCompiler: storedDocumentSerializer,
      schema: {
        tags: ['post-mortems'],
        summary:
          'Replace the document; send If-Match with the ETag you read (409 when someone wrote meanwhile)',
        params: postMortemParamsSchema,
        body: documentBody,
        response: { 200: storedPostMortemSchema, ...failures },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const baseVersion = ifMatchVersion(
        request.headers['if-match'],
        request.params.id,
        'required',
      ) as number;
      const { stored, outcome } = await replacePostMortem(db, request.params.id, request.body, {
        baseVersion,
        now: options.now(),
        author: caller,
        mayRestrict: permits(caller, 'post-mortem:members'),
      });
      request.audit = {
        action: 'post-mortem.update',
        target: request.params.id,
        details: { from: baseVersion, to: stored.document.version, outcome },
      };
      return reply
        .header('etag', etagOf(stored.document.version, stored.contentHash))
        .send(presentPostMortem(stored.document));
    },
  );

  api.post(
    '/webhooks/incident-closed',
    {
      config: { access: 'post-mortem:create' },
      schema: {
        tags: ['post-mortems'],
        summary:
          'An incident closed elsewhere: open a draft post-mortem for it, once (idempotent by source and externalId)',
        description:
          'Authenticate with an API token with the write scope (`debrief token create --scope write`). ' +
          '201 with the new draft; 200 with the draft opened by an earlier call for the same incident.',
        body: incidentBody,
        response: {
          200: z.object({ id: z.string(), created: z.literal(false), url: z.string() }),
          201: z.object({ id: z.string(), created: z.literal(true), url: z.string() }),
          ...failures,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id, created } = await openFromIncident(db, request.body, caller, options.now());
      request.audit = {
        action: 'webhook.incident-closed',
        target: id,
        postMortemId: id,
        details: { source: request.body.source, externalId: request.body.externalId, created },
      };
      const url = `/api/post-mortems/${encodeURIComponent(id)}`;
      return created
        ? reply.status(201).send({ id, created: true as const, url })
        : reply.status(200).send({ id, created: false as const, url });
    },
  );
}
