/**
 * Request and response schemas of the working timeline, its events and the evidence registry over REST: the
 * same JSON as `debrief timeline --json`, `debrief event show|promote --json` and `debrief evidence
 * list|show|rejects|verify --json`. The server validates with them and generates its OpenAPI document from them.
 */
import { z } from 'zod';
import { CUSTODY_ACTIONS } from '../core/custody.js';
import { pageQuerySchema } from './api.js';
import { postMortemSchema } from './post-mortem.schema.js';
import { itemId, postMortemIdSchema, readonlyArray } from './schema-primitives.js';

/** A list in a response: readonly, as the services return it. */

/** A curated timeline entry and its milestone, exactly as the post-mortem file format defines them. */
const timelineEntrySchema = postMortemSchema.shape.timeline.unwrap().element;
const milestoneSchema = timelineEntrySchema.shape.milestone.unwrap();

const eventIdSchema = z.string().min(1).max(300).meta({
  description:
    'An event id: evidence id and record ordinal, e.g. EV-0001#1532. Send the # as %23 in a path (EV-0001%231532).',
});

const evidenceIdSchema = z.string().min(1).max(100).meta({ description: 'An evidence id, e.g. EV-0001.' });

export const eventParamsSchema = z.object({ id: postMortemIdSchema, eventId: eventIdSchema });
export const evidenceParamsSchema = z.object({ id: postMortemIdSchema, evidenceId: evidenceIdSchema });

const filterText = (description: string) =>
  z.string().trim().min(1).max(500).optional().meta({ description });

/** The filters of the working timeline (`debrief timeline` options of the same names). */
export const timelineFilterQuerySchema = z.object({
  from: filterText('Events at or after this instant: 2026-03-14, 2026-03-14T09:00Z.'),
  to: filterText('Events up to this instant, inclusive of its unit (to=2026-03-14 includes that day).'),
  host: filterText('Host name (case-insensitive, * wildcard).'),
  user: filterText('User name (case-insensitive, * wildcard).'),
  ip: filterText('Source, destination or host address.'),
  action: filterText('Event action (case-insensitive, * wildcard).'),
  evidence: filterText('Only the events of this evidence item, e.g. EV-0001.'),
  q: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: 'Full-text search: words, "phrases", prefix*, OR, -exclude.' }),
  starred: z.stringbool().optional().meta({ description: 'Starred events only.' }),
  tag: filterText('Events with this tag.'),
  ioc: filterText('Events in which this indicator was seen.'),
  sigma: filterText(
    'Events a Sigma rule matched: any (any rule), a level and above (e.g. high), or a rule id.',
  ),
  technique: filterText(
    "Events a tool's detection tied to this ATT&CK technique (label threat.technique.id); T1059 includes T1059.001.",
  ),
  rule: filterText(
    'Events whose tool detection title (label rule.name) contains this text, case-insensitive.',
  ),
  level: filterText(
    'Events whose tool detection level (label rule.level) is this or above: informational, low, medium, high, critical.',
  ),
});

/** One page of the working timeline: the filters, the page size and the cursor of the previous page. */
export const timelineQuerySchema = timelineFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: 'Events per page.' }),
  after: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'The `next` cursor of the previous page.' }),
});

const detectionSchema = z.object({
  rule: z.string().meta({ description: 'The Sigma rule id.' }),
  title: z.string(),
  level: z.string().nullable(),
  techniques: readonlyArray(z.string()).meta({ description: 'MITRE ATT&CK technique ids of the rule.' }),
});

/** An event of the working timeline (as `debrief timeline --json` prints it). */
export const timelineEventSchema = z
  .object({
    id: eventIdSchema,
    time: z.string().meta({ description: 'UTC, millisecond precision.' }),
    timeText: z.string().meta({ description: 'The time as the source wrote it.' }),
    timeAssumed: z
      .boolean()
      .meta({ description: 'The source gave no offset: the time was read in an assumed zone.' }),
    evidence: z.string().meta({ description: 'The evidence item the event came from.' }),
    member: z
      .string()
      .optional()
      .meta({ description: 'The archive member, for evidence that is an archive.' }),
    format: z.string().meta({ description: 'The log format it was parsed as.' }),
    line: z.number().int().optional(),
    message: z.string(),
    fields: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .meta({ description: 'Normalized fields: host, user_name, source_ip, action...' }),
    labels: z.record(z.string(), z.string()).optional(),
    starred: z.boolean(),
    tags: readonlyArray(z.string()),
    detections: readonlyArray(detectionSchema)
      .optional()
      .meta({ description: 'The Sigma rules that matched the event, when any did.' }),
  })
  .meta({ id: 'TimelineEvent' });

export const timelinePageSchema = z
  .object({
    items: readonlyArray(timelineEventSchema),
    next: z
      .string()
      .optional()
      .meta({ description: 'Send as `after` for the next page; absent on the last page.' }),
  })
  .meta({ id: 'TimelinePage' });

/** The number of matching events per time bucket (as `debrief timeline --histogram --json`). */
export const timelineHistogramSchema = z
  .object({
    total: z.number().int(),
    bucketMs: z.number().int().meta({ description: 'The bucket size in milliseconds (about 60 buckets).' }),
    buckets: readonlyArray(
      z.object({
        start: z.string().meta({ description: 'UTC start of the bucket.' }),
        count: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'TimelineHistogram' });

/** An event with its raw record as stored in the evidence (as `debrief event show --json`). */
export const eventDetailSchema = z
  .object({
    event: timelineEventSchema,
    raw: z
      .discriminatedUnion('encoding', [
        z.object({ encoding: z.literal('text'), bytes: z.number().int(), text: z.string() }),
        z.object({
          encoding: z.literal('hex'),
          bytes: z.number().int(),
          hex: z.string().meta({ description: 'The first 4 KiB as hex.' }),
          truncated: z.boolean(),
        }),
      ])
      .meta({ description: 'The raw record: text when it is UTF-8, else a hex dump.' }),
    location: z
      .object({ sha256: z.string(), offset: z.number().int(), length: z.number().int() })
      .meta({ description: 'Where the record is: the content blob and its byte range.' }),
  })
  .meta({ id: 'EventDetail' });

export const starBodySchema = z.object({
  starred: z.boolean().meta({ description: 'true to star the event, false to remove its star.' }),
});

const tagList = (description: string) =>
  z.array(z.string().max(64)).max(50).default([]).meta({ description });

export const tagsBodySchema = z
  .object({
    add: tagList('Tags to add: up to 64 characters without spaces or commas.'),
    remove: tagList('Tags to remove.'),
  })
  .refine((body) => body.add.length + body.remove.length > 0, 'name tags to add or to remove');

/** `debrief event promote` options: the milestone in the file format's shape, the text, the entry id. */
export const promoteBodySchema = z.object({
  milestone: milestoneSchema.optional(),
  text: z
    .string()
    .trim()
    .min(1)
    .max(50_000)
    .optional()
    .meta({ description: 'Text of the entry (default: the event message).' }),
  entryId: itemId.optional().meta({ description: 'Id of the new entry (default: the next free T-n).' }),
});

export const promoteResponseSchema = z
  .object({
    entry: timelineEntrySchema,
    version: z.number().int().meta({ description: 'The post-mortem version the entry was added in.' }),
  })
  .meta({ id: 'PromotedEvent' });

const sourceSchema = z.object({
  id: z.number().int(),
  postMortemId: z.string(),
  evidenceId: z.string(),
  member: z.string().meta({ description: 'Empty for the whole file, else the archive member path.' }),
  memberIndex: z.number().int(),
  contentSha256: z.string().meta({ description: 'The blob holding the (decompressed) content.' }),
  format: z.string(),
  options: z.object({
    zone: z.string(),
    mapping: z.record(z.string(), z.string()),
    preset: z.string().optional(),
    year: z.number().int().optional(),
    referenceDate: z.string().optional(),
  }),
  status: z.enum(['running', 'done', 'failed']),
  ordinalBase: z.number().int(),
  recordsDone: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  firstTs: z.number().optional().meta({ description: 'Epoch milliseconds of the first event.' }),
  lastTs: z.number().optional().meta({ description: 'Epoch milliseconds of the last event.' }),
  assumedTimes: z.number().int(),
  startedAt: z.string(),
  owner: z.string(),
  heartbeatAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
});

/** An evidence record (as stored: content, identity, registration, custody head). */
export const evidenceRecordShape = {
  postMortemId: z.string(),
  id: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  originalName: z.string(),
  description: z.string().optional(),
  collectedBy: z.string().optional(),
  collectedAt: z.string().optional(),
  sourceSystem: z.string().optional(),
  timezone: z.string().optional().meta({ description: 'IANA zone declared for times without offset.' }),
  registeredAt: z.string(),
  registeredBy: z.string(),
  custodyCount: z.number().int(),
  custodyHead: z.string().meta({ description: 'Hash of the last custody entry.' }),
};

const evidenceItemShape = {
  ...evidenceRecordShape,
  sources: readonlyArray(sourceSchema).meta({ description: 'What was parsed from it, per archive member.' }),
};

/** The evidence of a post-mortem (as `debrief evidence list --json`). */
export const evidenceListSchema = readonlyArray(z.object(evidenceItemShape).meta({ id: 'EvidenceItem' }));

const custodyEntrySchema = z.object({
  seq: z.number().int(),
  action: z.enum(CUSTODY_ACTIONS),
  actor: z.string().meta({ description: 'Who acted: over the API, the account name.' }),
  at: z.string(),
  reason: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

/** One evidence item with its chain of custody (as `debrief evidence show --json`). */
export const evidenceDetailSchema = z
  .object({ ...evidenceItemShape, custody: readonlyArray(custodyEntrySchema) })
  .meta({ id: 'EvidenceDetail' });

export const rejectsQuerySchema = pageQuerySchema.extend({
  evidence: evidenceIdSchema.optional().meta({ description: 'Only the rejects of this evidence item.' }),
});

/** Records ingest could not parse (as `debrief evidence rejects --json`). */
export const rejectPageSchema = z
  .object({
    items: readonlyArray(
      z.object({
        evidenceId: z.string(),
        member: z.string(),
        format: z.string(),
        ordinal: z.number().int(),
        line: z.number().int().optional(),
        offset: z.number().int().meta({ description: 'Byte offset of the record in its content.' }),
        length: z.number().int(),
        reason: z.string(),
        sample: z.string().meta({ description: 'The first bytes of the record.' }),
      }),
    ),
    total: z.number().int(),
  })
  .meta({ id: 'Rejects' });

/** Optional: without a body (Fastify reads an empty one as null), every item is verified. */
export const verifyBodySchema = z
  .object({ evidence: evidenceIdSchema.optional().meta({ description: 'Only this evidence item.' }) })
  .nullish();

const blobCheckSchema = z.discriminatedUnion('status', [
  z.object({ sha256: z.string(), role: z.string(), status: z.literal('ok') }),
  z.object({ sha256: z.string(), role: z.string(), status: z.literal('missing') }),
  z.object({
    sha256: z.string(),
    role: z.string(),
    status: z.literal('modified'),
    actualSha256: z.string(),
    actualSize: z.number().int(),
  }),
]);

/** Every blob re-hashed and every custody chain checked (as `debrief evidence verify --json`). */
export const verifyResponseSchema = z
  .object({
    ok: z.boolean().meta({ description: 'Every item is intact.' }),
    evidence: readonlyArray(
      z.object({
        evidenceId: z.string(),
        originalName: z.string(),
        sha256: z.string(),
        blobs: readonlyArray(blobCheckSchema),
        custodyEntries: z.number().int(),
        custody: readonlyArray(
          z.object({
            problem: z.enum(['modified', 'missing', 'out_of_order', 'truncated', 'extra', 'rebound']),
            seq: z.number().int().optional(),
            message: z.string(),
          }),
        ),
        ok: z.boolean().meta({ description: 'Intact: a "verified" custody entry was added.' }),
      }),
    ),
  })
  .meta({ id: 'EvidenceVerification' });
