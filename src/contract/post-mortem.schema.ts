/**
 * The post-mortem file format (`apiVersion: debrief/v1`, `kind: PostMortem`) as a zod schema: the single source
 * of truth for what a valid document is. `docs/postmortem.schema.json` is generated from it
 * (`npm run schema`), and the compile-time check at the bottom ties it to the core model.
 *
 * Objects are strict: an unknown key is an error (a typo such as `severty` must not be silently dropped).
 * Lists and flags may be omitted; they default to empty and false.
 */
import { z } from 'zod';
import type { PostMortem } from '../core/model.js';
import {
  CLOCK_NAMES,
  COMPLIANCE_REGIMES,
  DETECTION_SOURCES,
  EVIDENCE_KINDS,
  INCIDENT_PHASES,
  INDICATOR_TYPES,
  LESSON_CATEGORIES,
  MILESTONE_KINDS,
  NIST_PHASES,
  POST_MORTEM_STATUSES,
  POST_MORTEM_TYPES,
  PRIORITIES,
  PUBLIC_SECTIONS,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TYPES,
  REVIEW_ROLES,
  RISK_LEVELS,
  SEVERITIES,
} from '../core/vocabulary.js';
import { LIMITS } from './limits.js';
import { analysisSchema } from './post-mortem-analysis.schema.js';
import {
  attackId,
  dateSchema,
  durationSchema,
  evidenceAndTimeline,
  instantSchema,
  itemId,
  links,
  list,
  postMortemIdSchema,
  SHA256,
  shortText,
  tag,
  text,
} from './schema-primitives.js';

const externalReference = z.strictObject({
  system: shortText().meta({ description: 'System holding the record: jira, pagerduty, thehive...' }),
  id: shortText().optional(),
  url: z.url().optional(),
  title: shortText().optional(),
});

const summary = z.strictObject({
  whatHappened: text(LIMITS.longTextLength).optional(),
  howDetected: text().optional(),
  whoWasInvolved: text().optional(),
  howResolved: text().optional(),
});

const impact = z.strictObject({
  systems: list(
    z.strictObject({
      name: shortText(),
      description: text().optional(),
      criticality: z.enum(PRIORITIES).optional(),
    }),
  ),
  dataCategories: list(shortText()),
  recordsAffected: z.number().int().nonnegative().optional(),
  peopleAffected: z.number().int().nonnegative().optional(),
  businessImpact: text().optional(),
  cost: z
    .strictObject({
      amount: z.number().nonnegative(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR'),
      note: shortText().optional(),
    })
    .optional(),
});

const person = z.strictObject({
  id: itemId,
  name: shortText(),
  team: shortText().optional(),
  jobTitle: shortText().optional(),
  email: z.email().optional(),
  roles: list(z.enum(REVIEW_ROLES)),
});

const review = z.strictObject({
  session: z
    .strictObject({
      start: instantSchema,
      durationMinutes: z
        .number()
        .int()
        .positive()
        .max(24 * 60)
        .optional(),
      location: shortText().optional(),
      notes: text().optional(),
    })
    .optional(),
  approvals: list(
    z.strictObject({
      person: itemId.meta({ description: 'Person id of the approver.' }),
      at: instantSchema,
      decision: z.enum(['approved', 'changes-requested']),
      comment: text().optional(),
    }),
  ),
});

const interview = z.strictObject({
  id: itemId,
  participant: itemId.meta({ description: 'Person id of the interviewee.' }),
  interviewer: itemId.optional(),
  at: instantSchema,
  notes: text(LIMITS.longTextLength).optional(),
  statements: list(
    z.strictObject({
      entry: itemId.optional().meta({ description: 'Timeline entry the statement is about.' }),
      knew: text().optional(),
      thought: text().optional(),
      did: text().optional(),
    }),
  ),
  timeline: links('Timeline entries the interview speaks about.'),
});

const evidenceReference = z.strictObject({
  id: itemId,
  title: shortText(),
  kind: z.enum(EVIDENCE_KINDS),
  description: text().optional(),
  sha256: z.string().regex(SHA256, 'expected 64 lowercase hex digits').optional(),
  sourceSystem: shortText().optional(),
  collectedBy: shortText().optional(),
  collectedAt: instantSchema.optional(),
  location: shortText().optional(),
});

const otherMilestoneKinds = MILESTONE_KINDS.filter(
  (kind): kind is Exclude<(typeof MILESTONE_KINDS)[number], 'detection' | 'notification'> =>
    kind !== 'detection' && kind !== 'notification',
);

const milestone = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('detection'),
      source: z.enum(DETECTION_SOURCES).meta({ description: 'Who or what detected the incident.' }),
      detail: shortText().optional(),
    }),
    z.strictObject({
      kind: z.literal('notification'),
      recipient: shortText().meta({ description: 'Who was notified: a regulator, customers, a partner.' }),
      regime: z.enum(COMPLIANCE_REGIMES).optional(),
      detail: shortText().optional(),
    }),
    z.strictObject({
      kind: z.enum(
        otherMilestoneKinds as [(typeof otherMilestoneKinds)[number], ...typeof otherMilestoneKinds],
      ),
      detail: shortText().optional(),
    }),
  ])
  .meta({ description: 'Marks the entry as a milestone that drives the clocks.' });

const timelineEntry = z.strictObject({
  id: itemId,
  at: instantSchema,
  text: text(),
  phase: z.enum(INCIDENT_PHASES).optional(),
  nistPhase: z.enum(NIST_PHASES).optional(),
  milestone: milestone.optional(),
  source: shortText().optional(),
  actor: shortText().optional(),
  host: shortText().optional(),
  user: shortText().optional(),
  evidence: links('Evidence ids behind this entry.'),
  events: list(shortText()).meta({ description: 'Working-timeline event ids this entry summarizes.' }),
  attack: list(attackId).meta({ description: 'MITRE ATT&CK technique ids.' }),
  tags: list(tag),
  uncertain: z.boolean().default(false).meta({ description: 'The time or the fact is not established.' }),
});

const scopeCount = z.strictObject({
  systems: z.number().int().nonnegative().optional(),
  accounts: z.number().int().nonnegative().optional(),
});

const evaluation = z.strictObject({
  targets: z
    .partialRecord(z.enum(CLOCK_NAMES), durationSchema)
    .default({})
    .meta({ description: 'Targets per clock; missing clocks use the defaults for the severity.' }),
  wentWell: list(text()),
  wentPoorly: list(text()),
  luckyBreaks: list(text()),
  communication: text().optional(),
  updateCadence: durationSchema
    .optional()
    .meta({ description: 'Longest acceptable gap between stakeholder updates; default by severity.' }),
  scope: z
    .strictObject({
      atContainment: scopeCount.meta({ description: 'Known affected when containment was declared.' }),
      final: scopeCount.meta({ description: 'Affected in the end.' }),
    })
    .optional(),
});

const lesson = z.strictObject({
  id: itemId,
  category: z.enum(LESSON_CATEGORIES),
  text: text(),
  ...evidenceAndTimeline,
  public: z
    .boolean()
    .optional()
    .meta({ description: 'May appear in the public report even when lessons is not a public section.' }),
});

const recommendation = z.strictObject({
  id: itemId,
  title: shortText(),
  description: text().optional(),
  type: z.enum(RECOMMENDATION_TYPES),
  priority: z.enum(PRIORITIES),
  owner: shortText().optional().meta({ description: 'A person id from people, or an owner or team name.' }),
  due: dateSchema.optional(),
  status: z.enum(RECOMMENDATION_STATUSES).default('proposed'),
  addresses: links('Ids of the root causes, contributing factors, lessons or FMEA rows this addresses.'),
  verification: z
    .strictObject({
      method: shortText(),
      at: instantSchema,
      by: shortText(),
      result: text(),
      evidence: links('Evidence ids showing the fix works.'),
    })
    .optional(),
  riskAcceptance: z
    .strictObject({
      approver: shortText(),
      rationale: text(),
      at: instantSchema,
      expires: dateSchema,
    })
    .optional(),
  rejectionReason: text().optional(),
  tracker: z
    .strictObject({
      system: shortText(),
      key: shortText(),
      url: z.url().optional(),
    })
    .optional(),
  impact: z
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .meta({ description: 'Risk lowered, 1 (little) to 5 (a lot).' }),
  effort: z
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .meta({ description: 'Work needed, 1 (little) to 5 (a lot).' }),
  public: z.boolean().optional().meta({
    description: 'May appear in the public report even when recommendations is not a public section.',
  }),
  history: list(
    z.strictObject({
      at: instantSchema,
      by: shortText(),
      from: z.enum(RECOMMENDATION_STATUSES),
      to: z.enum(RECOMMENDATION_STATUSES),
      fields: list(shortText()),
      why: text().optional(),
    }),
  ).meta({ description: 'Changes made through `debrief action update`: who, when, from, to, what, why.' }),
});

const compliance = z.strictObject({
  regimes: list(z.enum(COMPLIANCE_REGIMES)).meta({ description: 'Notification regimes that apply.' }),
  attributes: z
    .strictObject({
      personalData: z.boolean().default(false),
      riskLevel: z.enum(RISK_LEVELS).optional(),
      significant: z.boolean().default(false).meta({ description: 'NIS2 significant incident.' }),
      major: z.boolean().default(false).meta({ description: 'DORA major ICT-related incident.' }),
      material: z.boolean().default(false).meta({ description: 'SEC material cybersecurity incident.' }),
      ransomPaid: z.boolean().default(false),
      peopleAffected: z.number().int().nonnegative().optional(),
      peopleAffectedByJurisdiction: z.record(z.string(), z.number().int().nonnegative()).default({}),
      jurisdictions: list(shortText()),
      sectors: list(shortText()),
      entityFlags: list(shortText()),
    })
    .prefault({}),
  notifications: list(
    z.strictObject({
      id: itemId,
      regime: z.enum(COMPLIANCE_REGIMES),
      recipient: shortText(),
      obligation: shortText().optional(),
      submittedAt: instantSchema,
      reference: shortText().optional(),
      entry: itemId.optional().meta({ description: 'The timeline entry recording the notification.' }),
    }),
  ),
});

const indicator = z.strictObject({
  id: itemId,
  type: z.enum(INDICATOR_TYPES),
  value: shortText(),
  description: text().optional(),
  firstSeen: instantSchema.optional(),
  lastSeen: instantSchema.optional(),
  ...evidenceAndTimeline,
});

const attachment = z.strictObject({
  id: itemId,
  name: shortText(),
  mediaType: shortText().optional(),
  sha256: z.string().regex(SHA256, 'expected 64 lowercase hex digits').optional(),
  location: shortText().optional(),
  description: text().optional(),
});

const publication = z.strictObject({
  title: text(LIMITS.titleLength).optional().meta({ description: 'Title of the public report.' }),
  statement: text(LIMITS.longTextLength)
    .optional()
    .meta({ description: 'The statement to customers and the public.' }),
  customerActions: list(text()).meta({ description: 'What customers should do, one action per item.' }),
  publicSections: list(z.enum(PUBLIC_SECTIONS)).meta({
    description: 'Sections whose content may appear, redacted, in the public report.',
  }),
});

/** The whole post-mortem document. */
export const postMortemSchema = z
  .strictObject({
    apiVersion: z.literal('debrief/v1'),
    kind: z.literal('PostMortem'),
    id: postMortemIdSchema,
    title: text(LIMITS.titleLength),
    status: z.enum(POST_MORTEM_STATUSES).default('draft'),
    severity: z.enum(SEVERITIES),
    types: z
      .array(z.enum(POST_MORTEM_TYPES))
      .min(1, 'name at least one type: technical, process or organizational')
      .max(POST_MORTEM_TYPES.length),
    restricted: z.boolean().default(false).meta({ description: 'Visible to members only.' }),
    tags: list(tag),
    created: instantSchema.optional(),
    updated: instantSchema.optional(),
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'The stored version this document is based on; set by Debrief on export.' }),
    references: list(externalReference),
    summary: summary.prefault({}),
    impact: impact.prefault({}),
    people: list(person),
    review: review.prefault({}),
    interviews: list(interview),
    evidence: list(evidenceReference),
    timeline: list(timelineEntry),
    analysis: analysisSchema.prefault({}),
    evaluation: evaluation.prefault({}),
    lessons: list(lesson),
    recommendations: list(recommendation),
    compliance: compliance.prefault({}),
    indicators: list(indicator),
    attachments: list(attachment),
    publication: publication.prefault({}),
  })
  .meta({
    title: 'Debrief post-mortem (debrief/v1)',
    description: 'A security incident post-mortem as code. See docs/file-format.md.',
  });

/** The document as written in a file (lists and flags optional). */
export type PostMortemInput = z.input<typeof postMortemSchema>;

// Compile-time check: the schema's output is exactly the core model (modulo readonly). If this line fails to
// compile, src/core/model.ts and this schema have drifted apart.
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesModel: Equals<
  DeepReadonly<z.output<typeof postMortemSchema>>,
  DeepReadonly<PostMortem>
> = true;
void schemaMatchesModel;
