/**
 * Follow-through, indicators and settings over REST, as the CLI does them: the recommendation lifecycle
 * (`debrief action update`), tracker exports and sync (`debrief actions export`, `debrief track`), indicators
 * (`debrief ioc extract|scan|import|allow`), ATT&CK mitigations and patient zero recorded in the post-mortem, and
 * the notification channels and their log (`debrief notify`). Each handler parses, is authorized by its route
 * declaration, calls the service the CLI command calls, and presents what the command prints with `--json`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  actionsExportQuerySchema,
  allowListChangeSchema,
  allowListSchema,
  channelBodySchema,
  channelListSchema,
  channelParamsSchema,
  channelSchema,
  databaseStatusSchema,
  deliveryLogQuerySchema,
  deliveryLogSchema,
  extractBodySchema,
  extractResponseSchema,
  knownBadBodySchema,
  knownBadResponseSchema,
  mitigationsAddedResponseSchema,
  notifyRunBodySchema,
  notifyRunResponseSchema,
  patientZeroBodySchema,
  patientZeroRecordedResponseSchema,
  recommendationParamsSchema,
  type recommendationSchema,
  recommendationUpdateBodySchema,
  recommendationUpdateResponseSchema,
  scanResponseSchema,
  trackOutcomesSchema,
  trackPushBodySchema,
} from '../../contract/follow-through-api.js';
import { extractIndicators } from '../../core/indicator-extraction.js';
import type { Recommendation } from '../../core/model.js';
import { visibleTo } from '../../services/access.js';
import { actionFilterOf, updateAction } from '../../services/actions.js';
import { addMitigationRecommendations } from '../../services/add-mitigation-recommendations.js';
import { addToAllowList, getAllowList, removeFromAllowList } from '../../services/allow-list.js';
import {
  asRemoteFailures,
  configuredTrackers,
  trackerClientFor,
} from '../../services/configured-trackers.js';
import { describeDatabase } from '../../services/describe-database.js';
import { exportActions } from '../../services/export-actions.js';
import { importKnownBadText } from '../../services/import-known-bad.js';
import { contentHash } from '../../services/import-post-mortem.js';
import { requireAttackCatalog } from '../../services/load-attack-catalog.js';
import {
  addChannel,
  deliveryLog,
  dueReminders,
  listChannels,
  notifyEnvironment,
  removeChannel,
  runReminders,
} from '../../services/notify.js';
import { recordPatientZero } from '../../services/patient-zero.js';
import { scanIndicators } from '../../services/scan-indicators.js';
import { pullActions, pushActions } from '../../services/track.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';
import { etagOf, ifMatchVersion } from '../presenters.js';

/** Bad request, not signed in, not allowed. */
const refusals = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema };
/** ... and not found: the post-mortem (or it is not visible to the caller), or the thing named. */
const errors = { ...refusals, 404: errorResponseSchema };
/** ... and the issue tracker failed or refused (HTTP 502 `remote_unavailable`). */
const trackerErrors = { ...errors, 502: errorResponseSchema };

/** A recommendation as the API returns it: the readonly domain value and the schema's output are the same JSON. */
function presentRecommendation(rec: Recommendation): z.output<typeof recommendationSchema> {
  return rec as z.output<typeof recommendationSchema>;
}

export async function registerFollowThroughRoutes(
  app: FastifyInstance,
  options: ServerOptions,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // Tracker credentials and the public address: the server's environment, as the CLI reads its own.
  const env = options.env ?? process.env;
  const publicUrl = /^https?:\/\/\S+$/.test(env.DEBRIEF_PUBLIC_URL ?? '')
    ? env.DEBRIEF_PUBLIC_URL
    : undefined;

  api.patch(
    '/post-mortems/:id/recommendations/:recommendationId',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['follow-through'],
        summary: 'Move a recommendation through its lifecycle (as `debrief action update --json`)',
        description:
          'Every change is recorded in the recommendation with who, when and why, in a new version of the ' +
          'post-mortem. Send If-Match with the ETag you read to change only that version (409 when someone ' +
          'wrote meanwhile); the answer carries the new ETag.',
        params: recommendationParamsSchema,
        body: recommendationUpdateBodySchema,
        response: { 200: recommendationUpdateResponseSchema, ...errors, 409: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id, recommendationId } = request.params;
      const baseVersion = ifMatchVersion(request.headers['if-match'], id, 'optional');
      const now = options.now();
      const { verification, riskAcceptance, ...fields } = request.body;
      const result = await updateAction(
        db,
        id,
        recommendationId,
        {
          ...fields,
          // Who verified and when are the caller and now, as the CLI records its actor.
          ...(verification === undefined
            ? {}
            : {
                verification: {
                  method: verification.method,
                  result: verification.result,
                  at: now,
                  by: caller.username,
                  evidence: verification.evidence,
                },
              }),
          ...(riskAcceptance === undefined
            ? {}
            : {
                riskAcceptance: {
                  approver: riskAcceptance.approver,
                  rationale: riskAcceptance.rationale,
                  at: now,
                  expires: riskAcceptance.expires,
                },
              }),
        },
        { now, actor: caller.username, ...(baseVersion === undefined ? {} : { baseVersion }) },
      );
      const last = result.recommendation.history.at(-1);
      request.audit = {
        action: 'recommendation.update',
        target: `${id}/${recommendationId}`,
        details: {
          changed: result.changed,
          version: result.version,
          ...(result.changed && last ? { from: last.from, to: last.to, fields: last.fields } : {}),
        },
      };
      return reply.header('etag', etagOf(result.version, contentHash(result.document))).send({
        postMortem: id,
        version: result.version,
        recommendation: presentRecommendation(result.recommendation),
      });
    },
  );

  api.get(
    '/actions/export',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['follow-through'],
        summary:
          'The actions as a CSV file to bulk-create tickets in Jira, Trello, Asana or monday.com (as `debrief actions export`)',
        description:
          'The filters of GET /api/actions. Actions of restricted post-mortems are exported only when `postMortem` ' +
          'names one; how many were left out is in the `X-Debrief-Left-Out` header. Descriptions link to ' +
          'DEBRIEF_PUBLIC_URL when the server has it.',
        querystring: actionsExportQuerySchema,
        response: { 200: z.string().meta({ description: 'CSV (text/csv)' }), ...errors },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const exported = await exportActions(db, actionFilterOf(filter), {
        format,
        now: options.now(),
        visibleTo: visibleTo(callerOf(request)),
        ...(publicUrl === undefined ? {} : { baseUrl: publicUrl }),
      });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${filter.postMortem === undefined ? 'actions' : `${filter.postMortem}-actions`}-${format}.csv"`,
        )
        .header('x-debrief-left-out', String(exported.restricted));
      return exported.text;
    },
  );

  api.post(
    '/indicators/extract',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['indicators'],
        summary:
          'The indicators of compromise in any text, refanged and normalized (as `debrief ioc extract --json`)',
        description:
          'IP addresses, domains, URLs, e-mail addresses, hashes, CVE and ATT&CK ids. Nothing is stored.',
        body: extractBodySchema,
        response: { 200: extractResponseSchema, ...refusals, 413: errorResponseSchema },
      },
    },
    async (request) => {
      request.audit = { action: 'indicators.extract', details: { characters: request.body.text.length } };
      return extractIndicators(request.body.text);
    },
  );

  api.post(
    '/post-mortems/:id/indicators/scan',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['indicators'],
        summary: 'Scan the stored events not scanned yet for indicators (as `debrief ioc scan`)',
        params: postMortemParamsSchema,
        response: { 200: scanResponseSchema, ...errors },
      },
    },
    async (request) => {
      const scan = await scanIndicators(db, request.params.id);
      request.audit = { action: 'indicators.scan', target: request.params.id, details: { ...scan } };
      return scan;
    },
  );

  api.post(
    '/post-mortems/:id/indicators/known-bad',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['indicators'],
        summary:
          'Mark the indicators of a known-bad list; they are matched against every event, now and later (as `debrief ioc import --json`)',
        params: postMortemParamsSchema,
        body: knownBadBodySchema,
        response: { 200: knownBadResponseSchema, ...errors, 413: errorResponseSchema },
      },
    },
    async (request) => {
      const { name, format, text } = request.body;
      const summary = await importKnownBadText(db, request.params.id, text, { label: name, format });
      request.audit = {
        action: 'indicators.known-bad',
        target: request.params.id,
        details: {
          list: summary.file,
          format: summary.format,
          indicators: summary.indicators,
          seen: summary.seen,
          rejected: summary.rejected.length,
        },
      };
      return summary;
    },
  );

  api.get(
    '/settings/allow-list',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['settings'],
        summary:
          'The indicator allow-list: internal ranges and domains hidden from indicator lists (as `debrief ioc allow list --json`)',
        response: { 200: allowListSchema, ...refusals },
      },
    },
    async () => getAllowList(db),
  );

  api.post(
    '/settings/allow-list',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary: 'Add entries to the indicator allow-list (as `debrief ioc allow add`); answers the list',
        body: allowListChangeSchema,
        response: { 200: allowListSchema, ...refusals },
      },
    },
    async (request) => {
      const list = await addToAllowList(db, request.body.entries);
      request.audit = {
        action: 'settings.allow-list.add',
        target: 'indicators.allow-list',
        details: { entries: request.body.entries },
      };
      return list;
    },
  );

  api.delete(
    '/settings/allow-list',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Remove entries from the indicator allow-list (as `debrief ioc allow remove`); 404 names those not in it',
        body: allowListChangeSchema,
        response: { 200: allowListSchema, ...errors },
      },
    },
    async (request) => {
      const list = await removeFromAllowList(db, request.body.entries);
      request.audit = {
        action: 'settings.allow-list.remove',
        target: 'indicators.allow-list',
        details: { entries: request.body.entries },
      };
      return list;
    },
  );

  api.post(
    '/post-mortems/:id/attack-mitigations',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'Add the ATT&CK mitigations no recommendation names yet as proposed recommendations (as `debrief attack mitigations --add`)',
        description: '400 when no ATT&CK catalogue is loaded (`debrief attack load`).',
        params: postMortemParamsSchema,
        response: { 200: mitigationsAddedResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const catalog = await requireAttackCatalog(db);
      const { added, version } = await addMitigationRecommendations(db, id, catalog, { now: options.now() });
      request.audit = {
        action: 'recommendation.add-mitigations',
        target: id,
        details: { added: added.map((r) => r.id), version },
      };
      return {
        id,
        version,
        added: added.map(presentRecommendation),
        catalog: { version: catalog.version, credit: catalog.credit },
      };
    },
  );

  api.post(
    '/post-mortems/:id/patient-zero',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'Record patient zero: the suggestion, or the host, account or time given with the reason (as `debrief patient-zero --confirm --json`)',
        params: postMortemParamsSchema,
        body: patientZeroBodySchema,
        response: { 200: patientZeroRecordedResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { by, ...choice } = request.body;
      const { patientZero, version } = await recordPatientZero(
        db,
        id,
        { ...choice, ...(by === undefined ? {} : { confirmedBy: by }) },
        { now: options.now() },
      );
      request.audit = {
        action: 'patient-zero.record',
        target: id,
        details: {
          version,
          overridden: choice.host !== undefined || choice.user !== undefined || choice.at !== undefined,
        },
      };
      return { id, version, patientZero };
    },
  );

  api.post(
    '/settings/notifications/run',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Queue the reminders due today on every channel and send what is due, now (as `debrief notify run --json`); the server also does it on its own',
        description:
          'Each reminder goes once to each channel, ever: running again sends nothing twice. `dryRun` lists the reminders due today and changes nothing.',
        body: notifyRunBodySchema,
        response: { 200: notifyRunResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const now = options.now();
      if (request.body.dryRun) return { dryRun: true as const, reminders: await dueReminders(db, { now }) };
      const run = await runReminders(db, notifyEnvironment(env), { now });
      request.audit = { action: 'settings.notifications.run', details: { ...run } };
      return { dryRun: false as const, ...run };
    },
  );

  api.get(
    '/settings/database',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'The database in use, its migrations applied and pending, and how many post-mortems it holds (as `debrief db status --json`)',
        response: { 200: databaseStatusSchema, ...refusals },
      },
    },
    async () =>
      describeDatabase({
        db,
        dialect: options.dialect,
        location: options.databaseLocation ?? 'not given to the server',
      }),
  );

  api.get(
    '/settings/notification-channels',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Where reminders go; Slack and Teams URLs masked, they are secrets (as `debrief notify channel list --json`)',
        response: { 200: channelListSchema, ...refusals },
      },
    },
    async () => listChannels(db),
  );

  api.post(
    '/settings/notification-channels',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Add a channel: every reminder is sent to every channel, once (as `debrief notify channel add`)',
        description:
          'Webhooks are signed with the secret in the server environment variable `secretEnv` (docs/notifications.md).',
        body: channelBodySchema,
        response: { 201: channelSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { kind, target, secretEnv } = request.body;
      const added = await addChannel(
        db,
        { kind, target, ...(secretEnv === undefined ? {} : { secretEnv }) },
        { now: options.now(), actor: callerOf(request).username },
      );
      // The target stays out of the trail: a Slack or Teams URL is a secret.
      request.audit = { action: 'settings.channel.add', target: added.id, details: { kind } };
      return reply.status(201).send(added);
    },
  );

  api.delete(
    '/settings/notification-channels/:channelId',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary: 'Remove a channel; its delivery log stays (as `debrief notify channel remove`)',
        params: channelParamsSchema,
        response: { 204: z.undefined().meta({ description: 'Removed' }), ...errors },
      },
    },
    async (request, reply) => {
      await removeChannel(db, request.params.channelId);
      request.audit = { action: 'settings.channel.remove', target: request.params.channelId };
      return reply.status(204).send(undefined);
    },
  );

  api.get(
    '/settings/notification-log',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'The delivery log: each reminder on each channel, its attempts and last error, newest first (as `debrief notify log --json`)',
        querystring: deliveryLogQuerySchema,
        response: { 200: deliveryLogSchema, ...refusals },
      },
    },
    async (request) =>
      deliveryLog(db, request.query.status === undefined ? {} : { status: request.query.status }),
  );

  api.post(
    '/post-mortems/:id/track/push',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['follow-through'],
        summary:
          'Create a Jira or GitHub issue for each open recommendation without one and record the links (as `debrief track push --json`)',
        description:
          'Credentials come from the server environment (DEBRIEF_JIRA_URL, DEBRIEF_JIRA_EMAIL, DEBRIEF_JIRA_TOKEN; ' +
          'DEBRIEF_GITHUB_TOKEN, DEBRIEF_GITHUB_API_URL). Running it again creates nothing twice. A tracker that ' +
          'fails or refuses answers 502.',
        params: postMortemParamsSchema,
        body: trackPushBodySchema,
        response: { 200: trackOutcomesSchema, ...trackerErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const client = trackerClientFor(
        env,
        body.to === 'jira' ? { to: 'jira', project: body.project } : { to: 'github', repo: body.repo },
      );
      const outcomes = await pushActions(db, id, asRemoteFailures(client), {
        now: options.now(),
        ...(body.only === undefined ? {} : { only: body.only }),
        ...(publicUrl === undefined ? {} : { publicUrl }),
      });
      request.audit = {
        action: 'track.push',
        target: id,
        details: {
          to: body.to,
          ...(body.to === 'jira' ? { project: body.project } : { repo: body.repo }),
          outcomes: outcomes.map((o) => `${o.recommendation}: ${o.outcome}`),
        },
      };
      return outcomes;
    },
  );

  api.post(
    '/post-mortems/:id/track/pull',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['follow-through'],
        summary:
          'Read the linked issues back: in progress and done move recommendations forward (as `debrief track pull --json`)',
        description:
          'Every tracker configured in the server environment is read. A recommendation never moves backwards ' +
          'from a pull; an issue closed as not planned is listed for a decision. A tracker that fails answers 502.',
        params: postMortemParamsSchema,
        response: { 200: trackOutcomesSchema, ...trackerErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const outcomes = await pullActions(db, id, configuredTrackers(env).map(asRemoteFailures), {
        now: options.now(),
      });
      request.audit = {
        action: 'track.pull',
        target: id,
        details: { outcomes: outcomes.map((o) => `${o.recommendation}: ${o.outcome}`) },
      };
      return outcomes;
    },
  );
}
