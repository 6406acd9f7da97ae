/**
 * Read endpoints of the REST API. Each handler parses (zod, through the route schema), calls one service and
 * presents the result; errors go to the shared error handler.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actionsQuerySchema,
  actionsResponseSchema,
  attackPathResponseSchema,
  checksResponseSchema,
  clocksResponseSchema,
  complianceQuerySchema,
  complianceResponseSchema,
  diagramQuerySchema,
  errorResponseSchema,
  exportQuerySchema,
  healthResponseSchema,
  indicatorExportQuerySchema,
  indicatorListQuerySchema,
  indicatorListResponseSchema,
  insightsQuerySchema,
  insightsResponseSchema,
  lateralResponseSchema,
  lintQuerySchema,
  lintResponseSchema,
  listQuerySchema,
  mitigationDraftsResponseSchema,
  patientZeroResponseSchema,
  postMortemPageSchema,
  postMortemParamsSchema,
  reportQuerySchema,
  scorecardResponseSchema,
  searchQuerySchema,
  searchResponseSchema,
  sigmaMatchesResponseSchema,
  storedPostMortemSchema,
} from '../../contract/api.js';
import { serializePostMortem } from '../../contract/post-mortem-file.js';
import { attackPath, mitigationDrafts } from '../../core/attack-path.js';
import { ENGLISH_RULES, lintPostMortem } from '../../core/blameless.js';
import { checkPostMortem, formatPath } from '../../core/check.js';
import { computeClocks } from '../../core/clocks.js';
import { evaluateCompliance } from '../../core/compliance.js';
import { renderDiagram } from '../../core/diagram.js';
import { scorecard } from '../../core/scorecard.js';
import { visibleTo } from '../../services/access.js';
import { actionFilterOf, listActions } from '../../services/actions.js';
import { postMortemCalendar } from '../../services/calendar.js';
import { exportCuratedTimelineOf, isCuratedExportFormat } from '../../services/export-curated-timeline.js';
import { exportIndicators } from '../../services/export-indicators.js';
import { insightsAcross } from '../../services/insights.js';
import { listPostMortemIndicators } from '../../services/list-indicators.js';
import { listPostMortemsJson } from '../../services/list-post-mortems.js';
import { requireAttackCatalog, storedAttackCatalog } from '../../services/load-attack-catalog.js';
import { lateralGraph, presentLateralGraph, suggestFromEvidence } from '../../services/patient-zero.js';
import { readPostMortem } from '../../services/read-post-mortem.js';
import { parseReportAudience, renderReport, storedReportInputs } from '../../services/render-report.js';
import { closePdfBrowser } from '../../services/render-report-pdf.js';
import { searchPostMortems } from '../../services/search-post-mortems.js';
import { sigmaMatchesOf } from '../../services/sigma.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';
import { sendJson } from '../encoded-body.js';
import { REPORT_CSP, SVG_CSP } from '../html.js';
import { etagOf, presentPostMortem, storedDocumentSerializer } from '../presenters.js';

/** The failures every route may answer: bad request, not signed in, not allowed. */
const listErrors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema };
/** ... and, for one post-mortem, not found (or not visible to the caller). */
const errors = { ...listErrors, 404: errorResponseSchema };

/** The list query as the service takes it. */
function listRequest(query: z.infer<typeof listQuerySchema>) {
  const { tag, from, to, ...rest } = query;
  return {
    ...rest,
    ...(tag === undefined ? {} : { tags: tag }),
    ...(from === undefined ? {} : { updatedFrom: from }),
    ...(to === undefined ? {} : { updatedTo: to }),
  };
}

export async function registerApiRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  api.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database in use',
        response: { 200: healthResponseSchema },
      },
    },
    async () => ({ status: 'ok' as const, version: options.version, database: options.dialect }),
  );

  api.get(
    '/post-mortems',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['post-mortems'],
        summary:
          'List post-mortems, most recently updated first, filtered by status, severity, type, tags and dates',
        querystring: listQuerySchema,
        response: { 200: postMortemPageSchema, ...listErrors },
      },
    },
    // The database writes the page's JSON (db/post-mortem.repository.ts): sent as it comes, never re-serialized.
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        // A JSON string with a JSON content type goes out as it is (the schema's type describes what it holds).
        .send(
          (await listPostMortemsJson(db, listRequest(request.query), visibleTo(callerOf(request)))) as never,
        ),
  );

  api.get(
    '/post-mortems/:id',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      serializerCompiler: storedDocumentSerializer,
      schema: {
        tags: ['post-mortems'],
        summary: 'The post-mortem document (all sections, defaults filled in)',
        description: 'The ETag changes with every stored version; send If-None-Match to revalidate.',
        params: postMortemParamsSchema,
        response: {
          200: storedPostMortemSchema,
          304: z.undefined().meta({ description: 'Not modified' }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const stored = await readPostMortem(db, request.params.id);
      const etag = etagOf(stored.document.version, stored.contentHash);
      reply.header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(undefined);
      // The same bytes for every reader of this version: encoded (and compressed) once.
      return sendJson(request, reply, presentPostMortem(stored.document));
    },
  );

  api.get(
    '/post-mortems/:id/export',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['post-mortems'],
        summary:
          'The post-mortem file (canonical YAML or JSON), or its curated timeline for Timesketch or DFIR-IRIS, as `debrief export` writes it',
        params: postMortemParamsSchema,
        querystring: exportQuerySchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      if (isCuratedExportFormat(format)) {
        const curated = await exportCuratedTimelineOf(db, request.params.id, format);
        reply
          .header('content-type', curated.mediaType)
          .header('content-disposition', `attachment; filename="${request.params.id}.${curated.suffix}"`);
        return curated.text;
      }
      const stored = await readPostMortem(db, request.params.id);
      reply
        .header(
          'content-type',
          format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="${stored.document.id}.${format}"`)
        .header('etag', etagOf(stored.document.version, stored.contentHash));
      return serializePostMortem(stored.document, format);
    },
  );

  api.get(
    '/post-mortems/:id/clocks',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['post-mortems'],
        summary: 'Incident clocks against their targets (as `debrief metrics --json`)',
        params: postMortemParamsSchema,
        response: { 200: clocksResponseSchema, ...errors },
      },
    },
    async (request) => computeClocks((await readPostMortem(db, request.params.id)).document),
  );

  // PDF reports share one Chromium, closed when idle; the server closes it when it stops.
  app.addHook('onClose', async () => closePdfBrowser());
  api.get(
    '/post-mortems/:id/report',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['post-mortems'],
        summary:
          'The rendered report (as `debrief render`): format md, html, pdf, docx, confluence or notion; audience technical, executive, regulator (auditor) or public; an approved version; a classification banner',
        params: postMortemParamsSchema,
        querystring: reportQuerySchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { format, version } = request.query;
      const audience = parseReportAudience(request.query.audience);
      const inputs = await storedReportInputs(db, request.params.id, {
        audience,
        ...(version === undefined ? {} : { version }),
      });
      const { document, ...stored } = inputs;
      const report = await renderReport(document, {
        format,
        audience,
        generatedAt: options.now(),
        ...stored,
        ...(request.query.classification === undefined
          ? {}
          : { classification: request.query.classification }),
        ...(options.reportTemplate === undefined ? {} : { template: options.reportTemplate }),
      });
      const name = `${document.id}-${audience}${version === undefined ? '' : `-v${version}`}.${report.extension}`;
      reply.header('content-type', report.mediaType);
      reply.header(
        'content-disposition',
        `${format === 'html' || format === 'md' ? 'inline' : 'attachment'}; filename="${name}"`,
      );
      if (format === 'html') {
        reply.header('content-security-policy', REPORT_CSP).header('x-frame-options', 'SAMEORIGIN');
      }
      // PDF and Word are bytes: fastify sends a Buffer as is (the schema's string describes the text formats).
      return reply.send(report.body as string);
    },
  );

  api.get(
    '/post-mortems/:id/checks',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'Errors and warnings beyond the schema (as `debrief validate`): links, milestones, 5 Whys, FMEA, language',
        params: postMortemParamsSchema,
        response: { 200: checksResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { document } = await readPostMortem(db, request.params.id);
      return { findings: checkPostMortem(document).map((f) => ({ ...f, path: formatPath(f.path) })) };
    },
  );

  api.get(
    '/post-mortems/:id/evaluation',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'The response evaluation scorecard, each score with its computation (as `debrief evaluate --json`)',
        params: postMortemParamsSchema,
        response: { 200: scorecardResponseSchema, ...errors },
      },
    },
    async (request) =>
      scorecard((await readPostMortem(db, request.params.id)).document, { at: options.now() }),
  );

  api.get(
    '/post-mortems/:id/compliance',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary: 'Regulatory notification deadlines and their status (as `debrief compliance --json`)',
        params: postMortemParamsSchema,
        querystring: complianceQuerySchema,
        response: { 200: complianceResponseSchema, ...errors },
      },
    },
    async (request) =>
      evaluateCompliance((await readPostMortem(db, request.params.id)).document, {
        at: request.query.at ?? options.now(),
      }),
  );

  api.get(
    '/post-mortems/:id/lint',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary: 'The blameless language review (as `debrief lint --json`)',
        params: postMortemParamsSchema,
        querystring: lintQuerySchema,
        response: { 200: lintResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { document } = await readPostMortem(db, request.params.id);
      const { audience } = request.query;
      const findings = lintPostMortem(document, { audience, rules: ENGLISH_RULES.rules });
      return { audience, findings: findings.map((f) => ({ ...f, path: formatPath(f.path) })) };
    },
  );

  api.get(
    '/post-mortems/:id/diagram',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'The fishbone, or a 5 Whys tree, as Mermaid, SVG, draw.io, OPML or FreeMind (as `debrief diagram`)',
        params: postMortemParamsSchema,
        querystring: diagramQuerySchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { document } = await readPostMortem(db, request.params.id);
      const { format, whys } = request.query;
      const diagram = renderDiagram(document, { format, ...(whys === undefined ? {} : { whys }) });
      reply.header('content-type', diagram.mediaType);
      if (format === 'svg') reply.header('content-security-policy', SVG_CSP);
      return diagram.text;
    },
  );

  api.get(
    '/post-mortems/:id/indicators/export',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['indicators'],
        summary: 'The indicators as a STIX 2.1 bundle, a MISP event or CSV (as `debrief ioc export`)',
        description: 'Indicators a format cannot carry are listed in the `X-Debrief-Skipped` header.',
        params: postMortemParamsSchema,
        querystring: indicatorExportQuerySchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { document } = await readPostMortem(db, request.params.id);
      const result = exportIndicators(document, { ...request.query, now: options.now() });
      reply
        .header('content-type', result.mediaType)
        .header(
          'content-disposition',
          `attachment; filename="${document.id}-indicators.${request.query.format}.${result.extension}"`,
        );
      if (result.skipped.length > 0)
        reply.header('x-debrief-skipped', result.skipped.map((s) => `${s.id}: ${s.reason}`).join('; '));
      return result.text;
    },
  );

  api.get(
    '/post-mortems/:id/indicators',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['indicators'],
        summary:
          'Indicators seen in events, from known-bad lists, or named in the text (as `debrief ioc list --json`)',
        params: postMortemParamsSchema,
        querystring: indicatorListQuerySchema,
        response: { 200: indicatorListResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { type, knownBad, all } = request.query;
      return listPostMortemIndicators(db, request.params.id, {
        ...(type === undefined ? {} : { type }),
        ...(knownBad ? { knownBad } : {}),
        ...(all ? { all } : {}),
      });
    },
  );

  api.get(
    '/post-mortems/:id/attack-path',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'ATT&CK techniques in order of first occurrence and the attack vector (as `debrief attack path`)',
        params: postMortemParamsSchema,
        response: { 200: attackPathResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { document } = await readPostMortem(db, request.params.id);
      const catalog = await storedAttackCatalog(db);
      return {
        ...attackPath(document, catalog),
        catalog: catalog ? { version: catalog.version, credit: catalog.credit } : null,
      };
    },
  );

  api.get(
    '/post-mortems/:id/attack-mitigations',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'ATT&CK mitigations of the techniques seen, as recommendation drafts (as `debrief attack mitigations`)',
        params: postMortemParamsSchema,
        response: { 200: mitigationDraftsResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { document } = await readPostMortem(db, request.params.id);
      const catalog = await requireAttackCatalog(db);
      return {
        drafts: mitigationDrafts(document, catalog),
        catalog: { version: catalog.version, credit: catalog.credit },
      };
    },
  );

  api.get(
    '/post-mortems/:id/calendar',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['post-mortems'],
        summary: 'The review session and the action due dates as iCalendar (as `debrief calendar`)',
        params: postMortemParamsSchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { document } = await readPostMortem(db, request.params.id);
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${document.id}.ics"`);
      return postMortemCalendar(document, { now: options.now() });
    },
  );

  api.get(
    '/actions',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['follow-through'],
        summary: 'Recommendations across post-mortems, soonest due first (as `debrief actions --json`)',
        querystring: actionsQuerySchema,
        response: { 200: actionsResponseSchema, ...listErrors },
      },
    },
    async (request) => {
      return listActions(db, actionFilterOf(request.query), {
        now: options.now(),
        visibleTo: visibleTo(callerOf(request)),
      });
    },
  );

  api.get(
    '/insights',
    {
      config: { access: 'insights:read' },
      schema: {
        tags: ['follow-through'],
        summary:
          'Learning across incidents (as `debrief insights --json`); restricted post-mortems are counted, never named',
        querystring: insightsQuerySchema,
        response: { 200: insightsResponseSchema, ...listErrors },
      },
    },
    async (request) =>
      insightsAcross(db, {
        ...(request.query.since === undefined ? {} : { since: request.query.since }),
        now: options.now(),
        visibleTo: visibleTo(callerOf(request)),
      }),
  );

  api.get(
    '/post-mortems/:id/patient-zero',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary: 'The suggested patient zero with its justification, what is recorded, and the lateral graph',
        params: postMortemParamsSchema,
        response: { 200: patientZeroResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { suggestion, graph, recorded } = await suggestFromEvidence(db, request.params.id);
      return { suggestion, recorded: recorded ?? null, lateral: presentLateralGraph(graph) };
    },
  );

  api.get(
    '/post-mortems/:id/lateral',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary: 'The lateral-movement graph host → host (as `debrief lateral --json`)',
        params: postMortemParamsSchema,
        response: { 200: lateralResponseSchema, ...errors },
      },
    },
    async (request) => presentLateralGraph(await lateralGraph(db, request.params.id)),
  );

  api.get(
    '/post-mortems/:id/sigma',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['analysis'],
        summary:
          'The Sigma rules that matched its events, most severe first (as `debrief sigma matches --json`)',
        params: postMortemParamsSchema,
        response: { 200: sigmaMatchesResponseSchema, ...errors },
      },
    },
    async (request) => sigmaMatchesOf(db, request.params.id),
  );

  api.get(
    '/search',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['post-mortems'],
        summary:
          'Full-text search across post-mortems (as `debrief search --json`); restricted ones are counted only',
        querystring: searchQuerySchema,
        response: { 200: searchResponseSchema, ...listErrors },
      },
    },
    async (request) => searchPostMortems(db, request.query.q, visibleTo(callerOf(request))),
  );
}
