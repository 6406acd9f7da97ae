/**
 * The working timeline, its events and the evidence registry over REST: every read and curation write of
 * `debrief timeline`, `debrief event` and `debrief evidence`, through the same services, answering the same JSON
 * as their `--json`. Custody entries and marks name the caller's account, not the server's operating-system user.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  eventDetailSchema,
  eventParamsSchema,
  evidenceDetailSchema,
  evidenceListSchema,
  evidenceParamsSchema,
  promoteBodySchema,
  promoteResponseSchema,
  rejectPageSchema,
  rejectsQuerySchema,
  starBodySchema,
  tagsBodySchema,
  timelineEventSchema,
  timelineFilterQuerySchema,
  timelineHistogramSchema,
  timelinePageSchema,
  timelineQuerySchema,
  verifyBodySchema,
  verifyResponseSchema,
} from '../../contract/timeline-api.js';
import { DomainError } from '../../core/errors.js';
import type { BlobStore } from '../../db/blob-store.js';
import { markEvent } from '../../services/mark-event.js';
import { promoteEvent } from '../../services/promote-event.js';
import { queryTimeline, type TimelineDatabase, timelineHistogram } from '../../services/query-timeline.js';
import { listEvidenceItems, listEvidenceRejects, showEvidence } from '../../services/read-evidence.js';
import { showEvent } from '../../services/show-event.js';
import { verifyEvidence } from '../../services/verify-evidence.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';

/** Bad request, not signed in, not allowed, not found (or not visible to the caller). */
const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
};
/** ... and, for routes that read evidence files, no blob store configured. */
const blobErrors = { ...errors, 503: errorResponseSchema };

/** The evidence blob store, which `debrief serve` always passes; a server built without one cannot read files. */
function blobStoreOf(options: ServerOptions): BlobStore {
  if (options.blobs === undefined) {
    throw new DomainError(
      'dependency_missing',
      'this server was started without the evidence blob store (DEBRIEF_DATA/blobs); start it with "debrief serve"',
    );
  }
  return options.blobs;
}

export async function registerTimelineRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // The timeline services need the dialect beside Kysely (full-text search and time buckets differ).
  const timeline: TimelineDatabase = { db, dialect: options.dialect };

  api.get(
    '/post-mortems/:id/timeline',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'One page of the working timeline, filtered (as `debrief timeline --json`)',
        description:
          'Events in time order. Pages are keyset-paginated: send the `next` of a page as `after` for the next one.',
        params: postMortemParamsSchema,
        querystring: timelineQuerySchema,
        response: { 200: timelinePageSchema, ...errors },
      },
    },
    async (request) => queryTimeline(timeline, request.params.id, request.query),
  );

  api.get(
    '/post-mortems/:id/timeline/histogram',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'Matching events per time bucket (as `debrief timeline --histogram --json`)',
        params: postMortemParamsSchema,
        querystring: timelineFilterQuerySchema,
        response: { 200: timelineHistogramSchema, ...errors },
      },
    },
    async (request) => timelineHistogram(timeline, request.params.id, request.query),
  );

  api.get(
    '/post-mortems/:id/events/:eventId',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'An event, its Sigma detections and its raw record (as `debrief event show --json`)',
        params: eventParamsSchema,
        response: { 200: eventDetailSchema, ...blobErrors },
      },
    },
    async (request) => showEvent(timeline, blobStoreOf(options), request.params.id, request.params.eventId),
  );

  api.post(
    '/post-mortems/:id/events/:eventId/star',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'Star an event or remove its star (as `debrief event star [--off]`)',
        params: eventParamsSchema,
        body: starBodySchema,
        response: { 200: timelineEventSchema, ...errors },
      },
    },
    async (request) => {
      const { id, eventId } = request.params;
      const { starred } = request.body;
      // Named before the service runs, so a refused change is recorded as what it tried to do.
      request.audit = { action: 'event.star', target: eventId, details: { starred } };
      return markEvent(timeline, id, eventId, { starred }, actingAs(request));
    },
  );

  api.post(
    '/post-mortems/:id/events/:eventId/tags',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'Add tags to an event or remove them (as `debrief event tag [--remove]`)',
        params: eventParamsSchema,
        body: tagsBodySchema,
        response: { 200: timelineEventSchema, ...errors },
      },
    },
    async (request) => {
      const { id, eventId } = request.params;
      const { add, remove } = request.body;
      request.audit = { action: 'event.tag', target: eventId, details: { add, remove } };
      const event = await markEvent(
        timeline,
        id,
        eventId,
        { addTags: add, removeTags: remove },
        actingAs(request),
      );
      request.audit.details = { add, remove, tags: event.tags };
      return event;
    },
  );

  api.post(
    '/post-mortems/:id/events/:eventId/promote',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary: 'Add the event to the curated timeline (as `debrief event promote --json`)',
        description:
          'A new timeline entry with the event time, text, host, user, evidence and Sigma ATT&CK techniques; ' +
          'the post-mortem gets a new version. 201 with the entry and that version.',
        params: eventParamsSchema,
        body: promoteBodySchema,
        response: { 201: promoteResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id, eventId } = request.params;
      const milestone = request.body.milestone?.kind;
      request.audit = { action: 'event.promote', target: eventId, details: milestone ? { milestone } : {} };
      const result = await promoteEvent(timeline, id, eventId, request.body, actingAs(request));
      request.audit.details = { ...request.audit.details, entry: result.entry.id, version: result.version };
      // The readonly domain entry and the schema's mutable output describe the same JSON (as presenters.ts says).
      return reply.status(201).send(result as z.output<typeof promoteResponseSchema>);
    },
  );

  api.get(
    '/post-mortems/:id/evidence',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'The evidence with hashes, custody counts and ingest state (as `debrief evidence list --json`)',
        params: postMortemParamsSchema,
        response: { 200: evidenceListSchema, ...errors },
      },
    },
    async (request) => listEvidenceItems(db, request.params.id),
  );

  api.get(
    '/post-mortems/:id/evidence/:evidenceId',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary: 'An evidence item and its full chain of custody (as `debrief evidence show --json`)',
        params: evidenceParamsSchema,
        response: { 200: evidenceDetailSchema, ...errors },
      },
    },
    async (request) => showEvidence(db, request.params.id, request.params.evidenceId),
  );

  api.get(
    '/post-mortems/:id/rejects',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'Records ingest could not parse, with place, reason and first bytes (as `debrief evidence rejects --json`)',
        params: postMortemParamsSchema,
        querystring: rejectsQuerySchema,
        response: { 200: rejectPageSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, evidence } = request.query;
      return listEvidenceRejects(db, request.params.id, {
        limit,
        offset,
        ...(evidence === undefined ? {} : { evidenceId: evidence }),
      });
    },
  );

  api.get(
    '/post-mortems/:id/evidence/:evidenceId/rejects',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'Records of one evidence item ingest could not parse (as `debrief evidence rejects ID EV --json`)',
        params: evidenceParamsSchema,
        querystring: rejectsQuerySchema.omit({ evidence: true }),
        response: { 200: rejectPageSchema, ...errors },
      },
    },
    async (request) =>
      listEvidenceRejects(db, request.params.id, { ...request.query, evidenceId: request.params.evidenceId }),
  );

  api.post(
    '/post-mortems/:id/evidence/verify',
    {
      // Verifying changes nothing that was collected: it re-hashes the files and checks the custody chains, and
      // only appends a "verified" entry that names the caller. Auditors, who may only read, must be able to do it.
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['evidence'],
        summary:
          'Re-hash every evidence file and check every chain of custody (as `debrief evidence verify --json`)',
        description:
          'When an item is intact, a "verified" custody entry naming the caller is added to its log; when anything ' +
          'is broken nothing is written and every problem is listed. The answer is 200 either way: read `ok`.',
        params: postMortemParamsSchema,
        body: verifyBodySchema,
        response: { 200: verifyResponseSchema, ...blobErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const evidenceId = request.body?.evidence;
      request.audit = { action: 'evidence.verify', target: evidenceId ?? id };
      const results = await verifyEvidence(db, blobStoreOf(options), id, {
        ...actingAs(request),
        ...(evidenceId === undefined ? {} : { evidenceId }),
      });
      if (evidenceId !== undefined && results.length === 0) {
        throw new DomainError('not_found', `${id} has no evidence ${evidenceId}`, { evidenceId });
      }
      const ok = results.every((r) => r.ok);
      const broken = results.filter((r) => !r.ok).map((r) => r.evidenceId);
      request.audit.details = { ok, items: results.length, broken };
      return { ok, evidence: results };
    },
  );

  /** Who custody entries and marks name, and when: the caller's account, at the server's clock. */
  function actingAs(request: Parameters<typeof callerOf>[0]): { actor: string; now: string } {
    return { actor: callerOf(request).username, now: options.now() };
  }
}
