/**
 * Review and sign-off over REST (as `debrief review` and `debrief diff`): submit, approve, request changes,
 * waive a gate, publish, reopen; the frozen versions, one frozen document, and the diff of two versions.
 *
 * The approver is the signed-in account, matched by e-mail to a named approver; an admin may decide on behalf of
 * one by naming `person` (services/match-approver.ts). Actions take an optional `If-Match` (the ETag read): a
 * stale one is `409 version_conflict` and nothing is recorded. Waivers, publishing and reopening are decisions
 * of leads and admins (`post-mortem:members`); the other actions need `post-mortem:edit`, reads `post-mortem:read`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  decisionResponseSchema,
  diffQuerySchema,
  diffResponseSchema,
  frozenVersionResponseSchema,
  publishResponseSchema,
  reopenResponseSchema,
  reviewDecisionBodySchema,
  reviewOverviewSchema,
  submitResponseSchema,
  versionParamsSchema,
  waiverBodySchema,
  waiverResponseSchema,
} from '../../contract/review-api.js';
import { formatPath } from '../../core/check.js';
import type { PostMortemId } from '../../core/ids.js';
import type { SignOffGateResult } from '../../core/sign-off.js';
import { actorOf } from '../../services/audit.js';
import { diffReportVersions, parseVersionRef } from '../../services/diff-report-versions.js';
import { matchApprover } from '../../services/match-approver.js';
import { publishPostMortem } from '../../services/publish-post-mortem.js';
import { getReportVersion, reviewOverviewOf } from '../../services/read-report-versions.js';
import { recordReviewDecision } from '../../services/record-review-decision.js';
import { reopenPostMortem } from '../../services/reopen-post-mortem.js';
import { type ReviewContext, submitForReview } from '../../services/submit-for-review.js';
import { waiveSignOffGate } from '../../services/waive-sign-off-gate.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';
import { ifMatchVersion, storedDocumentSerializer } from '../presenters.js';

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
};

/** The gate as the API shows it: lint paths as text, obligations in a few fields. */
export function presentGate(gate: SignOffGateResult): z.input<typeof submitResponseSchema>['gate'] {
  return {
    lint: gate.lint.map((f) => ({ ...f, path: formatPath(f.path) })),
    unexplained: gate.unexplained.map((r) => ({
      regime: r.regime,
      obligation: r.obligation,
      title: r.title,
      status: r.status,
      reason: r.reason,
      ...(r.due ? { due: r.due } : {}),
    })),
    gates: gate.gates,
    passed: gate.passed,
  };
}

export async function registerReviewRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  const contextOf = (request: FastifyRequest<{ Params: { id: string } }>): ReviewContext => {
    const baseVersion = ifMatchVersion(request.headers['if-match'], request.params.id, 'optional');
    return {
      now: options.now(),
      actor: actorOf(callerOf(request)),
      ...(baseVersion === undefined ? {} : { baseVersion }),
    };
  };
  const audit = (request: FastifyRequest<{ Params: { id: string } }>, action: string, details: object) => {
    request.audit = {
      action: `post-mortem.review.${action}`,
      target: request.params.id,
      details: { ...details },
    };
  };

  api.post(
    '/post-mortems/:id/review/submit',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['review'],
        summary:
          'Send a draft to review (draft → in-review), as `debrief review submit --json`; answers the gate',
        params: postMortemParamsSchema,
        response: { 200: submitResponseSchema, ...errors },
      },
    },
    async (request) => {
      const result = await submitForReview(db, request.params.id as PostMortemId, contextOf(request));
      audit(request, 'submit', { version: result.version, gatePassed: result.gate.passed });
      return { ...result, gate: presentGate(result.gate) };
    },
  );

  for (const [path, decision] of [
    ['approve', 'approved'],
    ['request-changes', 'changes-requested'],
  ] as const) {
    api.post(
      `/post-mortems/:id/review/${path}`,
      {
        config: { access: 'post-mortem:edit', postMortem: true },
        schema: {
          tags: ['review'],
          summary:
            decision === 'approved'
              ? 'Approve as the named approver your account is (by e-mail); the last approval needed freezes a report version'
              : 'Ask for changes as the named approver your account is (by e-mail)',
          params: postMortemParamsSchema,
          body: reviewDecisionBodySchema,
          response: { 200: decisionResponseSchema, ...errors },
        },
      },
      async (request) => {
        const id = request.params.id as PostMortemId;
        const context = contextOf(request);
        const { person, onBehalf } = await matchApprover(
          db,
          id,
          callerOf(request),
          request.body?.person,
          path,
        );
        const comment = request.body?.comment;
        const result = await recordReviewDecision(
          db,
          id,
          { person, decision, ...(comment ? { comment } : {}) },
          context,
        );
        audit(request, path, {
          person,
          ...(onBehalf ? { onBehalf: true } : {}),
          version: result.version,
          ...(result.frozen ? { frozen: result.frozen.number, contentHash: result.frozen.contentHash } : {}),
        });
        return { ...result, gate: presentGate(result.gate) };
      },
    );
  }

  api.post(
    '/post-mortems/:id/review/waivers',
    {
      config: { access: 'post-mortem:members', postMortem: true },
      schema: {
        tags: ['review'],
        summary: 'Waive an approval gate with a reason (leads and admins), as `debrief review waive --json`',
        params: postMortemParamsSchema,
        body: waiverBodySchema,
        response: { 200: waiverResponseSchema, ...errors },
      },
    },
    async (request) => {
      const result = await waiveSignOffGate(
        db,
        request.params.id as PostMortemId,
        request.body,
        contextOf(request),
      );
      audit(request, 'waive', {
        gate: result.waiver.gate,
        reason: result.waiver.reason,
        contentHash: result.contentHash,
      });
      return { ...result, gate: presentGate(result.gate) };
    },
  );

  api.post(
    '/post-mortems/:id/review/publish',
    {
      config: { access: 'post-mortem:members', postMortem: true },
      schema: {
        tags: ['review'],
        summary: 'Publish an approved post-mortem (read-only afterwards; leads and admins)',
        params: postMortemParamsSchema,
        response: { 200: publishResponseSchema, ...errors },
      },
    },
    async (request) => {
      const result = await publishPostMortem(db, request.params.id as PostMortemId, contextOf(request));
      audit(request, 'publish', { version: result.version, reportVersion: result.reportVersion });
      return result;
    },
  );

  api.post(
    '/post-mortems/:id/review/reopen',
    {
      config: { access: 'post-mortem:members', postMortem: true },
      schema: {
        tags: ['review'],
        summary: 'Reopen an approved or published post-mortem as a draft (leads and admins)',
        params: postMortemParamsSchema,
        response: { 200: reopenResponseSchema, ...errors },
      },
    },
    async (request) => {
      const result = await reopenPostMortem(db, request.params.id as PostMortemId, contextOf(request));
      audit(request, 'reopen', { version: result.version });
      return result;
    },
  );

  api.get(
    '/post-mortems/:id/versions',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['review'],
        summary:
          'The frozen versions, the current approval round and the gate, as `debrief review versions --json`',
        params: postMortemParamsSchema,
        response: { 200: reviewOverviewSchema, ...errors },
      },
    },
    async (request) => {
      const overview = await reviewOverviewOf(db, request.params.id as PostMortemId, options.now());
      return { ...overview, gate: presentGate(overview.gate) };
    },
  );

  api.get(
    '/post-mortems/:id/versions/:number',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      serializerCompiler: storedDocumentSerializer,
      schema: {
        tags: ['review'],
        summary: 'One frozen version with its document, exactly as approved',
        params: versionParamsSchema,
        response: { 200: frozenVersionResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { documentJson: _json, ...version } = await getReportVersion(
        db,
        request.params.id as PostMortemId,
        request.params.number,
      );
      return version as unknown as z.output<typeof frozenVersionResponseSchema>;
    },
  );

  api.get(
    '/post-mortems/:id/diff',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['review'],
        summary: 'What changed between two versions (numbers or `current`), as `debrief diff --json`',
        params: postMortemParamsSchema,
        querystring: diffQuerySchema,
        response: { 200: diffResponseSchema, ...errors },
      },
    },
    async (request) =>
      diffReportVersions(
        db,
        request.params.id as PostMortemId,
        parseVersionRef(request.query.from),
        parseVersionRef(request.query.to),
      ),
  );
}
