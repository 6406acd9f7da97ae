/**
 * Results handed back in other tools' formats: the post-mortem's ATT&CK techniques as a Navigator layer (as
 * `debrief attack layer`). The curated timeline for Timesketch and DFIR-IRIS is `GET /post-mortems/:id/export`
 * (as `debrief export --format`), the indicators for IRIS `GET /post-mortems/:id/indicators/export?format=iris`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import { attackLayerQuerySchema, navigatorLayerSchema } from '../../contract/navigator-layer.js';
import { exportAttackLayer } from '../../services/export-attack-layer.js';
import type { ServerOptions } from '../app.js';

/** Bad request, not signed in, not allowed, not found (or not visible to the caller). */
const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
};

export async function registerInterchangeRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // Links back to the post-mortem use the public address, as the CLI does with its own environment.
  const env = options.env ?? process.env;

  api.get(
    '/post-mortems/:id/attack/layer',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary: 'The ATT&CK techniques seen, as an ATT&CK Navigator layer (as `debrief attack layer`)',
        description:
          'Techniques of the curated timeline, of Sigma matches and of imported tool detections ' +
          '(`threat.technique.id` labels), scored by count or by phase; comments and links point back to the ' +
          'post-mortem (DEBRIEF_PUBLIC_URL).',
        params: postMortemParamsSchema,
        querystring: attackLayerQuerySchema,
        response: { 200: navigatorLayerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const layer = await exportAttackLayer(db, request.params.id, {
        score: request.query.score,
        publicUrl: env.DEBRIEF_PUBLIC_URL,
      });
      reply.header('content-disposition', `attachment; filename="${request.params.id}-attack-layer.json"`);
      return layer;
    },
  );
}
