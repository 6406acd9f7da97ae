/**
 * Playbook adherence over REST: the caller sends the team's playbook, Debrief compares it with the post-mortem's
 * curated timeline (as `debrief playbook check --json`). Nothing is stored.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  PLAYBOOK_MAX_BYTES,
  playbookCheckBodySchema,
  playbookCheckResponseSchema,
} from '../../contract/playbook.js';
import { checkPlaybook } from '../../core/playbook.js';
import { parsePlaybookMapping, playbookFromBody } from '../../services/read-playbook.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import type { ServerOptions } from '../app.js';

/** Media types under which the body is the playbook's YAML text itself. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
};

export async function registerPlaybookRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // Encapsulated in this plugin: YAML bodies are read as text here only.
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: PLAYBOOK_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  api.post(
    '/post-mortems/:id/playbook/check',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'Compare the team’s playbook with the curated timeline: each step on time, late, out of order or skipped (as `debrief playbook check --json`)',
        description:
          'Body: `{ "playbook": <YAML text or JSON object>, "map": { "S3": "T-12", "S5": "n/a" } }` as JSON, or the ' +
          'playbook YAML itself with Content-Type: application/yaml (then `?map=S3=T-12` may repeat). An invalid ' +
          'playbook is a 400 `invalid_input` whose `details.problems` lists every problem with its path (and line).',
        params: postMortemParamsSchema,
        querystring: z.object({
          map: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .meta({ description: 'STEP=ENTRY or STEP=n/a, for a YAML body; repeatable' }),
        }),
        body: z.union([playbookCheckBodySchema, z.string().max(PLAYBOOK_MAX_BYTES)]),
        response: { 200: playbookCheckResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { document } = await readPostMortem(db, request.params.id);
      const body = request.body;
      const query = request.query.map;
      const fromQuery = parsePlaybookMapping(
        query === undefined ? [] : Array.isArray(query) ? query : [query],
      );
      const playbook = playbookFromBody(typeof body === 'string' ? body : body.playbook);
      const mapping = typeof body === 'string' ? fromQuery : { ...fromQuery, ...(body.map ?? {}) };
      return { id: document.id, ...checkPlaybook(document, playbook, { mapping }) };
    },
  );
}
