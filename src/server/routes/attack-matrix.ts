/**
 * The ATT&CK techniques a post-mortem saw, on the matrix (`GET /post-mortems/:id/attack/matrix`): the tactics per
 * technique from the stored catalogue, which the attack path (curated timeline only) and the Navigator layer (a
 * download for another tool) do not give the web workspace in one answer.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import { attackMatrixResponseSchema } from '../../contract/attack-matrix-api.js';
import { readAttackMatrix } from '../../services/read-attack-matrix.js';
import type { ServerOptions } from '../app.js';

/** Not signed in, not allowed, not found (or not visible to the caller). */
const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
};

/** Registers `GET /post-mortems/:id/attack/matrix` (read access). */
export async function registerAttackMatrixRoutes(
  app: FastifyInstance,
  options: ServerOptions,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  api.get(
    '/post-mortems/:id/attack/matrix',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'The ATT&CK techniques seen, placed on the matrix with their tactics, counts and first sighting',
        description:
          'Techniques of the curated timeline, of Sigma matches and of imported tool detections, each under ' +
          "every tactic the catalogue gives it, in the catalogue's matrix order. Without a catalogue, `tactics` " +
          'is empty and `catalog` null (load one with `debrief attack load` or `POST /api/settings/attack-catalog`).',
        params: postMortemParamsSchema,
        response: { 200: attackMatrixResponseSchema, ...errors },
      },
    },
    async (request) => readAttackMatrix(db, request.params.id),
  );
}
