/**
 * Request and response schemas of the REST API. The server validates with them and generates its OpenAPI
 * document from them; the web UI will type its calls with them.
 */
import { z } from 'zod';
import { OBLIGATION_STATUSES } from '../core/compliance.js';
import { CURATED_EXPORT_FORMATS, IRIS_TLPS } from '../core/curated-exports.js';
import { DIAGRAM_FORMATS } from '../core/diagram.js';
import { ERROR_CODES } from '../core/errors.js';
import { INDICATOR_EXPORT_FORMATS } from '../core/indicator-sharing.js';
import { REPORT_AUDIENCES, REPORT_FORMATS } from '../core/report-model.js';
import {
  CLOCK_NAMES,
  COMPLIANCE_REGIMES,
  POST_MORTEM_STATUSES,
  POST_MORTEM_TYPES,
  RECOMMENDATION_STATUSES,
  SEVERITIES,
} from '../core/vocabulary.js';
import { postMortemSchema } from './post-mortem.schema.js';
import { instantSchema, postMortemIdSchema, readonlyArray } from './schema-primitives.js';

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

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** The list's page and filters: status, severity, type, tags (repeat `tag`; all must match), updated from/to. */
export const listQuerySchema = pageQuerySchema.extend({
  status: z.enum(POST_MORTEM_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  type: z.enum(POST_MORTEM_TYPES).optional(),
  tag: z
    .union([z.string().min(1), z.array(z.string().min(1)).max(20)])
    .optional()
    .transform((tag) => (tag === undefined ? undefined : Array.isArray(tag) ? tag : [tag])),
  from: dateSchema.optional().meta({ description: 'last updated on or after this UTC day' }),
  to: dateSchema.optional().meta({ description: 'last updated on or before this UTC day' }),
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

export const exportQuerySchema = z.object({
  format: z
    .enum(['yaml', 'json', ...CURATED_EXPORT_FORMATS])
    .default('yaml')
    .meta({
      description:
        'yaml or json: the post-mortem file; timesketch: the curated timeline as Timesketch JSON lines; iris: as a DFIR-IRIS timeline CSV.',
    }),
});
export const reportQuerySchema = z.object({
  format: z.enum(REPORT_FORMATS).default('md'),
  audience: z.enum([...REPORT_AUDIENCES, 'auditor']).default('technical'),
  classification: z.string().trim().min(1).max(80).optional(),
  version: z.coerce.number().int().positive().optional(),
});

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

/** A list in a response: readonly, as core returns it. */

/** The response evaluation scorecard (as `debrief evaluate --json`). */
export const scorecardResponseSchema = z
  .object({
    overall: z.number().nullable(),
    items: readonlyArray(
      z.object({
        id: z.string(),
        label: z.string(),
        score: z.number().nullable(),
        computation: z.string().meta({ description: 'How the score was computed, or why it could not be.' }),
      }),
    ),
    strengths: readonlyArray(z.string()),
    weaknesses: readonlyArray(z.string()),
    luckyBreaks: readonlyArray(z.string()),
  })
  .meta({ id: 'Scorecard' });

export const complianceQuerySchema = z.object({
  at: instantSchema.optional().meta({ description: 'Evaluate at this instant instead of now.' }),
});

/** The regulatory notification clocks (as `debrief compliance --json`). */
export const complianceResponseSchema = z
  .object({
    at: z.string(),
    tableVersion: z.string(),
    results: readonlyArray(
      z.object({
        regime: z.enum(COMPLIANCE_REGIMES),
        regimeName: z.string(),
        obligation: z.string(),
        title: z.string(),
        provision: z.string(),
        recipient: z.string(),
        status: z.enum(OBLIGATION_STATUSES),
        reason: z.string(),
        period: z.string(),
        trigger: z
          .object({
            description: z.string(),
            at: z.string(),
            entry: z.string().optional(),
            notification: z.string().optional(),
          })
          .optional(),
        due: z.string().optional(),
        secondsLeft: z.number().optional(),
        submittedAt: z.string().optional(),
        notification: z.string().optional(),
        proposed: z.boolean(),
        uncertain: z.boolean(),
        approximate: z.boolean(),
        notes: readonlyArray(z.string()),
      }),
    ),
    unmatchedNotifications: readonlyArray(
      z.object({ index: z.number().int(), id: z.string(), reason: z.string() }),
    ),
  })
  .meta({ id: 'Compliance' });

export const lintQuerySchema = z.object({ audience: z.enum(['internal', 'external']).default('internal') });

/** Blameless language findings (as `debrief lint --json`). */
export const lintResponseSchema = z
  .object({
    audience: z.enum(['internal', 'external']),
    findings: readonlyArray(
      z.object({
        path: z.string(),
        start: z.number().int(),
        end: z.number().int(),
        text: z.string(),
        rule: z.string(),
        category: z.enum(['blame', 'counterfactual', 'hindsight', 'legal']),
        suggestion: z.string(),
      }),
    ),
  })
  .meta({ id: 'LintFindings' });

/** What `debrief validate` reports beyond the schema: errors and warnings with their paths. */
export const checksResponseSchema = z
  .object({
    findings: readonlyArray(
      z.object({
        level: z.enum(['error', 'warning']),
        code: z.string(),
        path: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'Checks' });

export const indicatorExportQuerySchema = z.object({
  format: z.enum(INDICATOR_EXPORT_FORMATS).default('stix'),
  producer: z
    .string()
    .min(1)
    .max(200)
    .default('Debrief')
    .meta({ description: 'The producing organization.' }),
  tlp: z
    .enum(IRIS_TLPS)
    .default('amber')
    .meta({ description: 'With format=iris: the TLP of every indicator.' }),
});

export const diagramQuerySchema = z.object({
  format: z.enum(DIAGRAM_FORMATS).default('mermaid'),
  whys: z.string().optional().meta({ description: 'A 5 Whys analysis id; without it, the fishbone.' }),
});

export const indicatorListQuerySchema = z.object({
  type: z.string().max(40).optional(),
  knownBad: z.stringbool().optional().meta({ description: 'Only indicators from known-bad lists.' }),
  all: z.stringbool().optional().meta({ description: 'Also the allow-listed ones.' }),
});

/** The indicators of a post-mortem (as `debrief ioc list --json`). */
export const indicatorListResponseSchema = z
  .object({
    indicators: readonlyArray(
      z.object({
        type: z.string(),
        value: z.string(),
        events: z.number().int(),
        firstSeen: z.string().nullable(),
        lastSeen: z.string().nullable(),
        hosts: readonlyArray(z.string()),
        users: readonlyArray(z.string()),
        knownBad: z.string().nullable(),
        inDocument: readonlyArray(z.string()),
        allowedBy: z.string().nullable(),
      }),
    ),
    hidden: z.record(z.string(), z.number().int()),
    unscannedEvents: z.number().int(),
  })
  .meta({ id: 'IndicatorList' });

const attackCredit = z.object({ version: z.string(), credit: z.string() }).nullable();

/** The attack path (as `debrief attack path --json`). */
export const attackPathResponseSchema = z
  .object({
    steps: readonlyArray(
      z.object({
        technique: z.string(),
        at: z.string(),
        entry: z.string(),
        name: z.string().optional(),
        tactics: readonlyArray(z.string()),
      }),
    ),
    vector: z
      .object({ technique: z.string(), name: z.string().optional(), entry: z.string().optional() })
      .optional(),
    vectorReason: z.string(),
    warnings: readonlyArray(z.string()),
    catalog: attackCredit,
  })
  .meta({ id: 'AttackPath' });

/** Mitigation drafts (as `debrief attack mitigations --json`). */
export const mitigationDraftsResponseSchema = z
  .object({
    drafts: readonlyArray(
      z.object({
        mitigation: z.string(),
        name: z.string(),
        url: z.string(),
        techniques: readonlyArray(z.string()),
        advice: readonlyArray(z.object({ technique: z.string(), how: z.string() })),
        recommendedBy: z.string().optional(),
        draft: z.object({
          title: z.string(),
          description: z.string(),
          type: z.literal('preventive'),
          priority: z.enum(['high', 'medium']),
          status: z.literal('proposed'),
        }),
      }),
    ),
    catalog: attackCredit,
  })
  .meta({ id: 'MitigationDrafts' });

export const actionsQuerySchema = z.object({
  postMortem: postMortemIdSchema.optional(),
  owner: z.string().max(200).optional(),
  status: z.enum(RECOMMENDATION_STATUSES).optional(),
  overdue: z.stringbool().optional(),
  dueWithin: z.string().max(20).optional().meta({ description: '7d, 2w or an ISO 8601 duration.' }),
});

/** Recommendations across post-mortems (as `debrief actions --json`). */
export const actionsResponseSchema = readonlyArray(
  z.object({
    postMortem: z.string(),
    postMortemTitle: z.string(),
    id: z.string(),
    title: z.string(),
    status: z.enum(RECOMMENDATION_STATUSES),
    priority: z.string(),
    owner: z.string().nullable(),
    ownerName: z.string().nullable(),
    due: z.string().nullable(),
    overdue: z.boolean(),
    daysLeft: z.number().nullable(),
    suggestedPriority: z.string().nullable(),
    priorityBasis: z.string().nullable(),
  }),
).meta({ id: 'Actions' });

export const insightsQuerySchema = z.object({ since: z.string().max(10).optional() });

/** Insights across post-mortems (as `debrief insights --json`). */
export const insightsResponseSchema = z
  .object({
    since: z.string().nullable(),
    postMortems: z.number().int(),
    restricted: z.number().int(),
    clockTrends: readonlyArray(
      z.object({
        clock: z.string(),
        quarter: z.string(),
        severity: z.string(),
        count: z.number().int(),
        medianSeconds: z.number(),
        p90Seconds: z.number(),
      }),
    ),
    rootCauseCategories: readonlyArray(
      z.object({ category: z.string(), count: z.number().int(), postMortems: z.number().int() }),
    ),
    contributingFactorCategories: readonlyArray(z.object({ category: z.string(), count: z.number().int() })),
    techniques: readonlyArray(z.object({ technique: z.string(), postMortems: z.number().int() })),
    initialAccess: readonlyArray(z.object({ technique: z.string(), postMortems: z.number().int() })),
    recommendations: z.object({
      total: z.number().int(),
      completed: z.number().int(),
      verified: z.number().int(),
      completionRate: z.number().nullable(),
      verificationRate: z.number().nullable(),
      medianDaysToClose: z.number().nullable(),
      byStatus: z.record(z.enum(RECOMMENDATION_STATUSES), z.number().int()),
    }),
    completionByPostMortem: readonlyArray(
      z.object({
        postMortem: z.string().nullable(),
        title: z.string().nullable(),
        total: z.number().int(),
        open: z.number().int(),
        done: z.number().int(),
        verified: z.number().int(),
        closedOther: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
    clockPoints: readonlyArray(
      z.object({
        clock: z.string(),
        at: z.string(),
        seconds: z.number(),
        severity: z.string(),
        postMortem: z.string().nullable(),
      }),
    ),
    overdueByOwner: readonlyArray(
      z.object({ owner: z.string(), overdue: z.number().int(), postMortems: readonlyArray(z.string()) }),
    ),
    onThisDay: readonlyArray(
      z.object({
        id: z.string(),
        title: z.string(),
        yearsAgo: z.number().int(),
        openActions: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Insights' });

const lateralGraphSchema = z.object({
  nodes: readonlyArray(
    z.object({ id: z.string(), kind: z.enum(['host', 'address']), firstSeen: z.string() }),
  ),
  edges: readonlyArray(
    z.object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      first: z.string(),
      last: z.string(),
      kinds: z.record(z.string(), z.number().int()),
      users: readonlyArray(z.string()),
      events: readonlyArray(z.string()),
    }),
  ),
});

/** One Sigma rule's matches over a post-mortem: how many events, first and last. */
export const sigmaRuleMatchesSchema = z.object({
  id: z.string(),
  title: z.string(),
  level: z.enum(['informational', 'low', 'medium', 'high', 'critical']).nullable(),
  author: z.string().optional(),
  techniques: readonlyArray(z.string()),
  events: z.number().int(),
  first: z.string(),
  last: z.string(),
});

/** The Sigma rules that matched events of a post-mortem (as `debrief sigma matches --json`). */
export const sigmaMatchesResponseSchema = z
  .object({
    id: z.string(),
    rules: readonlyArray(sigmaRuleMatchesSchema),
  })
  .meta({ id: 'SigmaMatches' });

/** The lateral-movement graph (as `debrief lateral --json`). */
export const lateralResponseSchema = lateralGraphSchema.meta({ id: 'LateralGraph' });

/** The patient-zero suggestion (as `debrief patient-zero --json`). */
export const patientZeroResponseSchema = z
  .object({
    suggestion: z.object({
      host: z.string().optional(),
      user: z.string().optional(),
      at: z.string().optional(),
      justification: z.string(),
      events: readonlyArray(z.string()),
      evidence: readonlyArray(z.string()),
      candidates: readonlyArray(
        z.object({
          event: z.string(),
          at: z.string(),
          host: z.string().nullable(),
          user: z.string().nullable(),
          reason: z.string(),
        }),
      ),
    }),
    recorded: z
      .object({
        host: z.string().optional(),
        user: z.string().optional(),
        at: z.string().optional(),
        justification: z.string(),
        evidence: readonlyArray(z.string()),
        timeline: readonlyArray(z.string()),
        confirmedBy: z.string().optional(),
      })
      .nullable(),
    lateral: lateralGraphSchema,
  })
  .meta({ id: 'PatientZero' });

export const searchQuerySchema = z.object({
  q: z.string().min(1).max(1000).meta({ description: 'The search text.' }),
});

/** Search results across post-mortems (as `debrief search --json`). */
export const searchResponseSchema = z
  .object({
    hits: readonlyArray(
      z.object({
        id: z.string(),
        title: z.string(),
        score: z.number(),
        snippets: readonlyArray(z.object({ path: z.string(), text: z.string() })),
      }),
    ),
    restrictedMatches: z.number().int(),
  })
  .meta({ id: 'SearchResults' });
