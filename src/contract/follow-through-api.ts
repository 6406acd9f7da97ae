/**
 * Request and response schemas of the follow-through, indicator and settings routes of the REST API: the
 * recommendation lifecycle, tracker exports and sync, indicator extraction, scans and known-bad lists, the
 * allow-list, ATT&CK mitigations, patient zero, and notification channels. Each answer is what the matching CLI
 * command prints with `--json`. The OpenAPI document is generated from these schemas.
 */
import { z } from 'zod';
import { EXTRACTED_TYPES, type ExtractedType } from '../core/indicator-extraction.js';
import { KNOWN_BAD_FORMATS } from '../core/indicator-reading.js';
import { REMINDER_KINDS } from '../core/reminders.js';
import { TRACKER_FORMATS } from '../core/tracker-csv.js';
import { PRIORITIES, RECOMMENDATION_STATUSES } from '../core/vocabulary.js';
import { actionsQuerySchema, patientZeroResponseSchema } from './api.js';
import { LIMITS } from './limits.js';
import { postMortemSchema } from './post-mortem.schema.js';
import { dateSchema, instantSchema, itemId, postMortemIdSchema, readonlyArray } from './schema-primitives.js';

const shortText = () => z.string().trim().min(1).max(LIMITS.shortTextLength);
const longText = () => z.string().trim().min(1).max(LIMITS.textLength);

/** Characters of text `POST /api/indicators/extract` reads (the CLI reads files up to 64 MiB). */
export const EXTRACT_TEXT_MAX_CHARS = 5_000_000;
/** Characters of a known-bad list sent in one request. */
export const KNOWN_BAD_TEXT_MAX_CHARS = 15_000_000;

/** A recommendation as stored (the file format's). */
export const recommendationSchema = postMortemSchema.shape.recommendations
  .unwrap()
  .element.meta({ id: 'Recommendation' });

export const recommendationParamsSchema = z.object({
  id: postMortemIdSchema,
  recommendationId: itemId.meta({ description: 'The recommendation id, e.g. R-03.' }),
});

/** A lifecycle change, as the options of `debrief action update`. */
export const recommendationUpdateBodySchema = z
  .strictObject({
    status: z.enum(RECOMMENDATION_STATUSES).optional(),
    owner: shortText().optional().meta({ description: 'A person id or an owner name.' }),
    due: dateSchema.optional(),
    priority: z.enum(PRIORITIES).optional(),
    why: longText()
      .optional()
      .meta({ description: 'The reason, recorded with the change (required when going back).' }),
    verification: z
      .strictObject({
        method: shortText().meta({
          description: 'How it was shown to work: a re-test, a detection that fired, an audit.',
        }),
        result: longText().meta({ description: 'What the check showed.' }),
        evidence: z
          .array(itemId)
          .max(100)
          .default([])
          .meta({ description: 'Evidence ids showing it works (verified needs at least one).' }),
      })
      .optional()
      .meta({ description: 'For verified: the proof. Recorded with you as `by` and now as `at`.' }),
    riskAcceptance: z
      .strictObject({
        approver: shortText().meta({ description: 'Who accepts the risk.' }),
        rationale: longText().meta({ description: 'Why the risk is accepted.' }),
        expires: dateSchema.meta({ description: 'When the acceptance must be reviewed (YYYY-MM-DD).' }),
      })
      .optional()
      .meta({ description: 'For risk-accepted. Recorded with now as `at`.' }),
    rejectionReason: longText().optional().meta({ description: 'For rejected: why.' }),
  })
  .meta({
    description:
      'What changes (as `debrief action update`): accepted, in-progress, done and verified need an owner and a ' +
      'due date; verified needs a verification; risk-accepted a risk acceptance; rejected a reason; going back a why.',
  });

/** The changed recommendation (as `debrief action update --json`). */
export const recommendationUpdateResponseSchema = z
  .object({
    postMortem: z.string(),
    version: z
      .number()
      .int()
      .meta({ description: 'The version stored now (unchanged when nothing changed).' }),
    recommendation: recommendationSchema,
  })
  .meta({ id: 'RecommendationUpdate' });

export const actionsExportQuerySchema = actionsQuerySchema.extend({
  format: z.enum(TRACKER_FORMATS).meta({ description: 'The tracker whose CSV import the file is for.' }),
});

export const extractBodySchema = z.object({
  text: z.string().max(EXTRACT_TEXT_MAX_CHARS).meta({
    description: 'Any text: a threat report, an e-mail, analyst notes. Defanged forms are refanged.',
  }),
});

/** Indicators found in text (as `debrief ioc extract --json`). */
export const extractResponseSchema = z
  .object(
    Object.fromEntries(EXTRACTED_TYPES.map((type) => [type, readonlyArray(z.string())])) as Record<
      ExtractedType,
      z.ZodReadonly<z.ZodArray<z.ZodString>>
    >,
  )
  .meta({
    id: 'ExtractedIndicators',
    description: 'Every type with its values: sorted, unique, normalized.',
  });

/** What a scan did (as `debrief ioc scan`). */
export const scanResponseSchema = z
  .object({
    sources: z
      .number()
      .int()
      .meta({ description: 'Event sources scanned (0: everything was scanned already).' }),
    events: z.number().int(),
    sightings: z.number().int(),
    indicators: z.number().int().meta({ description: 'Indicators seen in the scanned events.' }),
  })
  .meta({ id: 'IndicatorScan' });

export const knownBadBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: "The list's name, as its file name: recorded as where the indicators came from." }),
  format: z.enum(KNOWN_BAD_FORMATS).default('auto').meta({
    description:
      'auto tells STIX, MISP, IRIS IOC JSON, TheHive observables, IRIS IOC CSV, CSV (by the name or a header) and text apart; misp-json is misp.',
  }),
  text: z.string().max(KNOWN_BAD_TEXT_MAX_CHARS).meta({
    description:
      'The list: text (indicators on each line, # comments), CSV with a value column, a STIX 2.1 bundle, a MISP event, a DFIR-IRIS IOC CSV or IOC JSON, or TheHive observables JSON.',
  }),
});

/** What an import of a known-bad list did (one item of `debrief ioc import --json`). */
export const knownBadResponseSchema = z
  .object({
    file: z.string(),
    format: z.enum(['text', 'csv', 'stix', 'misp', 'iris-csv', 'iris-json', 'thehive-json']),
    indicators: z.number().int(),
    seen: z.number().int().meta({ description: 'How many were already seen in the events.' }),
    rejected: readonlyArray(z.object({ origin: z.string(), reason: z.string() })).meta({
      description: 'Every line or object that gave no indicator, and why.',
    }),
  })
  .meta({ id: 'KnownBadImport' });

/** The indicator allow-list (as `debrief ioc allow list --json`). */
export const allowListSchema = z
  .object({
    cidrs: readonlyArray(z.string()).meta({ description: 'IPv4 addresses and CIDR ranges.' }),
    domains: readonlyArray(z.string()).meta({ description: 'Domains, with their subdomains.' }),
  })
  .meta({ id: 'AllowList' });

export const allowListChangeSchema = z.object({
  entries: z
    .array(z.string().trim().min(1).max(300))
    .min(1)
    .max(1_000)
    .meta({ description: 'IPv4 addresses or CIDR ranges (10.0.0.0/8), or domains (corp.example.com).' }),
});

/** The recommendations `POST .../attack-mitigations` added. */
export const mitigationsAddedResponseSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    added: readonlyArray(recommendationSchema).meta({
      description: 'The drafts no recommendation named yet, added as proposed (id R-<mitigation>).',
    }),
    catalog: z.object({ version: z.string(), credit: z.string() }),
  })
  .meta({ id: 'MitigationsAdded' });

/** Confirming patient zero, as the options of `debrief patient-zero --confirm`. */
export const patientZeroBodySchema = z
  .strictObject({
    host: shortText().optional().meta({ description: 'The host instead of the suggested one (needs why).' }),
    user: shortText()
      .optional()
      .meta({ description: 'The account instead of the suggested one (needs why).' }),
    at: instantSchema.optional().meta({ description: 'The time instead of the suggested one (needs why).' }),
    why: longText().optional().meta({ description: 'The reasoning (required when overriding).' }),
    by: itemId.optional().meta({ description: 'The person id of the analyst confirming.' }),
  })
  .default({});

/** Patient zero as recorded (as `debrief patient-zero --confirm --json`). */
export const patientZeroRecordedResponseSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    patientZero: patientZeroResponseSchema.shape.recorded.unwrap(),
  })
  .meta({ id: 'PatientZeroRecorded' });

/** The kinds of notification channel (services/notify.ts `CHANNEL_KINDS`). */
export const NOTIFICATION_CHANNEL_KINDS = ['email', 'webhook', 'slack', 'teams'] as const;

export const channelBodySchema = z.object({
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS),
  target: z
    .string()
    .trim()
    .min(1)
    .max(2_000)
    .meta({ description: 'The e-mail address, or the webhook URL.' }),
  secretEnv: z.string().max(200).optional().meta({
    description:
      'Webhooks: the name of the server environment variable holding the signing secret (the secret is never stored).',
  }),
});

export const channelParamsSchema = z.object({
  channelId: z.string().max(40).meta({ description: 'The channel id, e.g. C-1.' }),
});

/** A notification channel (as `debrief notify channel list --json`); Slack and Teams URLs are masked. */
export const channelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_CHANNEL_KINDS),
    target: z
      .string()
      .meta({ description: 'The address or URL; Slack and Teams URLs show their host only.' }),
    secretEnv: z.string().optional().meta({ description: 'Webhooks: where the signing secret comes from.' }),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'NotificationChannel' });

export const channelListSchema = readonlyArray(channelSchema);

export const deliveryLogQuerySchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

/** The delivery log, newest first (as `debrief notify log --json`). */
export const deliveryLogSchema = readonlyArray(
  z.object({
    id: z.string(),
    channel: z.string(),
    reminder: z.string(),
    postMortem: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().optional(),
    lastError: z.string().optional(),
    createdAt: z.string(),
    deliveredAt: z.string().optional(),
    text: z.string(),
  }),
).meta({ id: 'DeliveryLog' });

/** `POST /api/settings/notifications/run`: as `debrief notify run [--dry-run]`. */
export const notifyRunBodySchema = z.strictObject({
  dryRun: z
    .boolean()
    .optional()
    .meta({ description: 'List the reminders due today; queue and send nothing.' }),
});

/** A reminder due today (as `debrief notify run --dry-run --json`); restricted post-mortems show no titles. */
export const reminderSchema = z
  .object({
    key: z.string(),
    kind: z.enum(REMINDER_KINDS),
    postMortem: z.string(),
    postMortemTitle: z.string().optional(),
    recommendation: z.string(),
    title: z.string().optional(),
    owner: z.string().optional(),
    date: z.string(),
    days: z.number().int(),
    text: z.string(),
  })
  .meta({ id: 'Reminder' });

export const notifyRunResponseSchema = z.union([
  z.object({ dryRun: z.literal(true), reminders: readonlyArray(reminderSchema) }),
  z.object({
    dryRun: z.literal(false),
    reminders: z.number().int(),
    channels: z.number().int(),
    queued: z.number().int(),
    delivered: z.number().int(),
    retrying: z.number().int(),
    failed: z.number().int(),
  }),
]);

/** `GET /api/settings/database`: as `debrief db status --json`. */
export const databaseStatusSchema = z
  .object({
    dialect: z.enum(['sqlite', 'postgres']),
    location: z.string().meta({ description: 'The file, or the PostgreSQL URL without its password.' }),
    migrations: readonlyArray(z.object({ name: z.string(), executedAt: z.string().optional() })),
    pending: readonlyArray(z.string()),
    postMortems: z.number().int().optional(),
  })
  .meta({ id: 'DatabaseStatus' });

const only = z
  .array(itemId)
  .min(1)
  .max(1_000)
  .optional()
  .meta({ description: 'Only these recommendations.' });

/** Where `track/push` creates issues, as the options of `debrief track push`. */
export const trackPushBodySchema = z.discriminatedUnion('to', [
  z.strictObject({
    to: z.literal('jira'),
    project: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'a Jira project key, e.g. SEC')
      .meta({ description: 'The Jira project key (e.g. SEC).' }),
    only,
  }),
  z.strictObject({
    to: z.literal('github'),
    repo: z
      .string()
      .max(200)
      .regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name')
      .meta({ description: 'The GitHub repository, owner/name.' }),
    only,
  }),
]);

/** What happened to each recommendation (as `debrief track push|pull --json`). */
export const trackOutcomesSchema = readonlyArray(
  z.object({
    recommendation: z.string(),
    outcome: z.enum([
      'created',
      'linked',
      'already-linked',
      'updated',
      'unchanged',
      'needs-decision',
      'skipped',
    ]),
    key: z.string().optional(),
    url: z.string().optional(),
    detail: z.string().optional(),
  }),
).meta({ id: 'TrackOutcomes' });
