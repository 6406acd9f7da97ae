/**
 * Request and response schemas of the REST API. The server validates with them and generates its OpenAPI
 * document from them; the web UI will type its calls with them.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../core/errors.js';
import { CLOCK_NAMES } from '../core/vocabulary.js';
import { postMortemSchema } from './post-mortem.schema.js';
import { postMortemIdSchema } from './schema-primitives.js';

/** The one error shape of every failed request. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error: a stable code, a one-line message, optional details.' });

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['sqlite', 'postgres']),
});

export const postMortemParamsSchema = z.object({ id: postMortemIdSchema });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const postMortemSummarySchema = postMortemSchema
  .pick({ id: true, title: true, status: true, severity: true, types: true, restricted: true, tags: true })
  .extend({
    version: z.number().int(),
    created: z.string().meta({ description: 'UTC instant.' }),
    updated: z.string().meta({ description: 'UTC instant.' }),
  })
  .meta({ id: 'PostMortemSummary' });

export const postMortemPageSchema = z.object({
  items: z.array(postMortemSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** A stored document: the file format, with the version and timestamps always present. */
export const storedPostMortemSchema = postMortemSchema;

export const exportQuerySchema = z.object({ format: z.enum(['yaml', 'json']).default('yaml') });
export const reportQuerySchema = z.object({ format: z.enum(['md']).default('md') });

const clockTargetSchema = z.object({
  seconds: z.number(),
  iso: z.string(),
  source: z.enum(['document', 'default']),
});

const clockSchema = z.union([
  z.object({
    seconds: z.number(),
    iso: z.string().meta({ description: 'ISO 8601 duration, e.g. P13DT2H.' }),
    from: z.string(),
    to: z.string(),
    fromEntry: z.string(),
    toEntry: z.string(),
    approximate: z.boolean(),
    target: clockTargetSchema.optional(),
    breached: z.boolean(),
  }),
  z.object({ seconds: z.null(), reason: z.string(), target: clockTargetSchema.optional() }),
]);

/** One key per clock, the same JSON as `debrief metrics --json`. */
export const clocksResponseSchema = z
  .object(
    Object.fromEntries(CLOCK_NAMES.map((name) => [name, clockSchema])) as Record<
      (typeof CLOCK_NAMES)[number],
      typeof clockSchema
    >,
  )
  .meta({ id: 'Clocks' });
