/** Schemas of evidence uploads and background jobs. */
import { z } from 'zod';
import { evidenceRecordShape } from './timeline-api.js';

export const uploadQuerySchema = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .meta({ description: 'The original file name (kept as evidence; helps detect the format)' }),
  description: z.string().max(2000).optional(),
  collectedBy: z.string().max(200).optional(),
  collectedAt: z
    .string()
    .max(40)
    .optional()
    .meta({ description: 'When it was collected: ISO 8601 with offset, or a date' }),
  sourceSystem: z.string().max(200).optional(),
  timezone: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'IANA zone of times without offset in this evidence' }),
  ingest: z
    .enum(['true', 'false'])
    .default('true')
    .meta({ description: 'Queue its ingest into the working timeline' }),
  format: z
    .string()
    .max(32)
    .optional()
    .meta({ description: 'Force a format (default: detected from the content)' }),
  preset: z.string().max(32).optional(),
  map: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .meta({ description: 'FIELD=PATH, repeatable' }),
  year: z.string().max(4).optional(),
  indicators: z
    .enum(['true', 'false'])
    .default('true')
    .meta({ description: 'Scan the new events for indicators afterwards' }),
});

export const ingestBodySchema = z.object({
  format: z.string().max(32).optional(),
  preset: z.string().max(32).optional(),
  map: z.array(z.string()).max(100).optional(),
  timezone: z.string().max(64).optional(),
  year: z.string().max(4).optional(),
  indicators: z.boolean().default(true),
});

const progressSchema = z.union([
  z.object({
    phase: z.enum(['parsing', 'indicators']),
    member: z.string().optional(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    accepted: z.number(),
    rejected: z.number(),
  }),
  z.object({ phase: z.literal('sigma'), eventsDone: z.number(), eventsTotal: z.number() }),
]);

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['ingest', 'sigma']),
    postMortemId: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    params: z.record(z.string(), z.unknown()),
    progress: progressSchema.optional(),
    result: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'Ingest: the summary `debrief ingest --json` gives for one file. Sigma: the summary of `debrief sigma run --json`.',
    }),
    error: z.string().optional(),
    attempts: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'Job' });

export const evidenceRecordSchema = z.object(evidenceRecordShape);

export const uploadResponseSchema = z.object({
  evidence: evidenceRecordSchema,
  outcome: z.enum(['added', 'existing']),
  job: jobSchema.optional(),
});
