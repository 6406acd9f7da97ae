/**
 * Review and sign-off over REST: the request bodies and the answers of the review routes
 * (src/server/routes/review.ts), the same shapes as the `--json` output of `debrief review` and `debrief diff`.
 */
import { z } from 'zod';
import { OBLIGATION_STATUSES } from '../core/compliance.js';
import { SIGN_OFF_GATES } from '../core/sign-off.js';
import { POST_MORTEM_STATUSES } from '../core/vocabulary.js';
import { storedPostMortemSchema } from './api.js';
import { itemId, postMortemIdSchema, readonlyArray } from './schema-primitives.js';

/** The longest comment or waiver reason accepted. */
export const REVIEW_TEXT_MAX = 2000;

/** `POST .../review/approve` and `.../review/request-changes`. */
export const reviewDecisionBodySchema = z
  .object({
    person: itemId.optional().meta({
      description:
        'The approver (person id). Default: the named approver whose e-mail is your account’s. Only admins may decide for another approver.',
    }),
    comment: z.string().max(REVIEW_TEXT_MAX).optional(),
  })
  // No body at all: the approver your account is, without a comment.
  .nullish();

/** `POST .../review/waivers`. */
export const waiverBodySchema = z.object({
  gate: z.enum(SIGN_OFF_GATES),
  reason: z.string().trim().min(10).max(REVIEW_TEXT_MAX).meta({ description: 'Why approval may go ahead.' }),
});

const waiverSchema = z.object({
  gate: z.enum(SIGN_OFF_GATES),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});

/** The approval gate: blameless-lint findings, obligations missed without an explanation, each gate's state. */
export const gateSchema = z
  .object({
    lint: readonlyArray(
      z.object({
        path: z.string(),
        start: z.number().int(),
        end: z.number().int(),
        text: z.string(),
        rule: z.string(),
        category: z.string(),
        suggestion: z.string(),
      }),
    ),
    unexplained: readonlyArray(
      z.object({
        regime: z.string(),
        obligation: z.string(),
        title: z.string(),
        status: z.enum(OBLIGATION_STATUSES),
        reason: z.string(),
        due: z.string().optional(),
      }),
    ),
    gates: readonlyArray(
      z.object({ gate: z.enum(SIGN_OFF_GATES), clean: z.boolean(), waiver: waiverSchema.optional() }),
    ),
    passed: z.boolean(),
  })
  .meta({ id: 'SignOffGate' });

/** The current approval round. */
export const approvalProgressSchema = z
  .object({
    approvers: readonlyArray(z.string()),
    approved: readonlyArray(z.string()),
    changesRequested: readonlyArray(z.string()),
    pending: readonlyArray(z.string()),
    decisions: readonlyArray(
      z.object({
        person: z.string(),
        at: z.string(),
        decision: z.enum(['approved', 'changes-requested']),
        comment: z.string().optional(),
      }),
    ),
    complete: z.boolean(),
  })
  .meta({ id: 'ApprovalRound' });

/** A frozen version without its document. */
export const reportVersionSchema = z
  .object({
    postMortemId: z.string(),
    number: z.number().int(),
    revision: z.number().int().meta({ description: 'The stored version of the post-mortem it froze.' }),
    contentHash: z.string().meta({ description: '`sha256:` + hex of the reviewed content (docs).' }),
    approvers: readonlyArray(
      z.object({ person: z.string(), name: z.string(), at: z.string(), comment: z.string().optional() }),
    ),
    approvedAt: z.string(),
    publishedAt: z.string().optional(),
    waivers: readonlyArray(waiverSchema),
  })
  .meta({ id: 'ReportVersion' });

const status = z.enum(POST_MORTEM_STATUSES);

export const submitResponseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status,
  approvers: readonlyArray(z.string()),
  gate: gateSchema,
});

export const decisionResponseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status,
  progress: approvalProgressSchema,
  gate: gateSchema,
  frozen: reportVersionSchema.optional(),
});

export const waiverResponseSchema = z.object({
  id: z.string(),
  contentHash: z.string(),
  waiver: waiverSchema,
  gate: gateSchema,
});

export const publishResponseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  reportVersion: z.number().int(),
  contentHash: z.string(),
  publishedAt: z.string(),
});

export const reopenResponseSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status,
  draftAfter: z.number().int().optional(),
});

/** `GET .../versions`: the review overview. */
export const reviewOverviewSchema = z
  .object({
    id: z.string(),
    status,
    revision: z.number().int(),
    currentHash: z.string(),
    versions: readonlyArray(reportVersionSchema),
    draftAfter: z.number().int().optional(),
    round: approvalProgressSchema,
    waivers: readonlyArray(waiverSchema),
    gate: gateSchema,
  })
  .meta({ id: 'ReviewOverview' });

export const versionParamsSchema = z.object({
  id: postMortemIdSchema,
  number: z.coerce.number().int().positive(),
});

/** `GET .../versions/{number}`: the frozen version with its document. */
export const frozenVersionResponseSchema = reportVersionSchema.extend({ document: storedPostMortemSchema });

const versionRef = z.union([z.number().int(), z.literal('current')]);

export const diffQuerySchema = z.object({
  from: z.string().meta({ description: 'A version number or `current`.' }),
  to: z.string().default('current').meta({ description: 'A version number or `current` (default).' }),
});

export const diffResponseSchema = z.object({
  id: z.string(),
  from: versionRef,
  to: versionRef,
  patch: z.string().meta({ description: 'Unified diff of the canonical YAML of both documents.' }),
  changes: readonlyArray(
    z.object({
      path: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      old: z.unknown().optional(),
      new: z.unknown().optional(),
    }),
  ),
});
