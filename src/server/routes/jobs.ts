/**
 * Evidence uploads and background jobs over REST. An upload streams into the content-addressed blob store as it
 * arrives (never held in memory; refused beyond the upload limit with nothing registered), is registered with its
 * chain of custody (the uploader is the actor), and by default queues its ingest as a job; the job's status and
 * progress are read back until it ends, and survive a restart of the server.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  ingestBodySchema,
  jobSchema,
  uploadQuerySchema,
  uploadResponseSchema,
} from '../../contract/jobs-api.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import type { PostMortemId } from '../../core/ids.js';
import { addEvidenceStream } from '../../services/add-evidence.js';
import { DEFAULT_MAX_UPLOAD_BYTES, parsingOptions } from '../../services/ingest-options.js';
import { getJob, listJobs, queueIngestJob, queueSigmaJob } from '../../services/jobs.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';
import { presentJob } from '../presenters.js';

const failures = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  413: errorResponseSchema,
  503: errorResponseSchema,
};

const jobParamsSchema = postMortemParamsSchema.extend({ jobId: z.string().regex(/^J-[0-9a-f]{10}$/) });
const evidenceParamsSchema = postMortemParamsSchema.extend({ evidenceId: z.string().min(1).max(100) });

export async function registerJobRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // Uploads are read as a stream: nothing is buffered, the limit is counted as bytes arrive.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  const store = () => {
    if (options.blobs === undefined) {
      throw new DomainError(
        'dependency_missing',
        'this server has no evidence store: start it with debrief serve',
      );
    }
    return options.blobs;
  };

  api.post(
    '/post-mortems/:id/evidence',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'Upload a file as evidence (body: the bytes, Content-Type: application/octet-stream); by default its ingest is queued as a job',
        description:
          'The file is streamed into the blob store (SHA-256 on the way) and registered with its chain of custody; ' +
          'the same content uploaded again is found, not duplicated. Larger than DEBRIEF_MAX_UPLOAD_BYTES: 413, ' +
          'nothing registered. With ingest=true (default) the answer carries the queued job: follow it at ' +
          'GET /api/post-mortems/{id}/jobs/{jobId}.',
        params: postMortemParamsSchema,
        querystring: uploadQuerySchema,
        response: { 201: uploadResponseSchema, 200: uploadResponseSchema, ...failures },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const query = request.query;
      const body = request.body;
      if (body === undefined || body === null || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        throw new DomainError(
          'invalid_input',
          'send the file as the request body with Content-Type: application/octet-stream',
        );
      }
      // Checked before the upload, so a mistake does not cost the transfer.
      const parsing =
        query.ingest === 'true'
          ? parsingOptions({
              ...(query.format === undefined ? {} : { format: query.format }),
              ...(query.preset === undefined ? {} : { preset: query.preset }),
              ...(query.map === undefined ? {} : { map: [query.map].flat() }),
              ...(query.timezone === undefined ? {} : { timezone: query.timezone }),
              ...(query.year === undefined ? {} : { year: query.year }),
            })
          : undefined;
      const now = options.now();
      // Over the limit, the rest of the body is not read: the connection closes after the 413.
      const added = await addEvidenceStream(
        db,
        store(),
        request.params.id as PostMortemId,
        body as Readable,
        query.name,
        {
          ...(query.description === undefined ? {} : { description: query.description }),
          ...(query.collectedBy === undefined ? {} : { collectedBy: query.collectedBy }),
          ...(query.collectedAt === undefined ? {} : { collectedAt: query.collectedAt }),
          ...(query.sourceSystem === undefined ? {} : { sourceSystem: query.sourceSystem }),
          ...(query.timezone === undefined ? {} : { timezone: query.timezone }),
        },
        { actor: caller.username, now, maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES },
      ).catch((error: unknown) => {
        if (isDomainError(error) && error.code === 'too_large') reply.header('connection', 'close');
        throw error;
      });
      const job =
        parsing === undefined
          ? undefined
          : await queueIngestJob(
              db,
              request.params.id,
              { evidenceId: added.evidence.id, parsing, indicators: query.indicators === 'true' },
              caller.username,
              now,
            );
      if (job) options.jobs?.wake();
      request.audit = {
        action: 'evidence.upload',
        target: added.evidence.id,
        details: {
          sha256: added.evidence.sha256,
          size: added.evidence.size,
          outcome: added.outcome,
          ...(job ? { job: job.id } : {}),
        },
      };
      return reply.status(added.outcome === 'added' ? 201 : 200).send({
        evidence: added.evidence,
        outcome: added.outcome,
        ...(job ? { job: presentJob(job) } : {}),
      });
    },
  );

  api.post(
    '/post-mortems/:id/evidence/:evidenceId/ingest',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'Queue the ingest of registered evidence (again, with other options, or after a failure); it resumes',
        params: evidenceParamsSchema,
        body: ingestBodySchema,
        response: { 202: jobSchema, ...failures },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { indicators, ...raw } = request.body;
      const parsing = parsingOptions(raw);
      const job = await queueIngestJob(
        db,
        request.params.id,
        { evidenceId: request.params.evidenceId, parsing, indicators },
        caller.username,
        options.now(),
      );
      options.jobs?.wake();
      request.audit = {
        action: 'evidence.ingest',
        target: request.params.evidenceId,
        details: { job: job.id },
      };
      return reply.status(202).send(presentJob(job));
    },
  );

  api.post(
    '/post-mortems/:id/sigma/jobs',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary:
          'Queue a run of the stored Sigma rules over every event of the post-mortem, in the background (follow it at GET /api/post-mortems/{id}/jobs/{jobId})',
        description:
          'The job ends with the summary `debrief sigma run --json` prints; its matches replace those of an earlier run and are read at GET /api/post-mortems/{id}/sigma. No rules loaded: 404 at once. A server stopped mid-run leaves the job to the next one, which runs it again.',
        params: postMortemParamsSchema,
        response: { 202: jobSchema, ...failures },
      },
    },
    async (request, reply) => {
      const job = await queueSigmaJob(db, request.params.id, callerOf(request).username, options.now());
      options.jobs?.wake();
      request.audit = { action: 'sigma.run', target: request.params.id, details: { job: job.id } };
      return reply.status(202).send(presentJob(job));
    },
  );

  api.get(
    '/post-mortems/:id/jobs',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary: 'The latest background jobs of a post-mortem, newest first',
        params: postMortemParamsSchema,
        response: { 200: z.array(jobSchema), ...failures },
      },
    },
    async (request) => (await listJobs(db, request.params.id)).map(presentJob),
  );

  api.get(
    '/post-mortems/:id/jobs/:jobId',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'A job: queued, running (with progress), done (with the ingest or Sigma summary) or failed (with the reason)',
        params: jobParamsSchema,
        response: { 200: jobSchema, ...failures },
      },
    },
    async (request) => {
      const job = await getJob(db, request.params.jobId);
      if (job.postMortemId !== request.params.id)
        throw new DomainError('not_found', `no job ${request.params.jobId}`);
      return presentJob(job);
    },
  );
}
