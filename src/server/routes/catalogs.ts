/**
 * Validation and the shared catalogues over REST, as the CLI does them: `debrief validate --json` on a posted
 * document, the MITRE ATT&CK catalogue (`debrief attack load`), the Sigma rules (`debrief sigma load`) and a
 * Sigma run over a post-mortem's events (`debrief sigma run`). Uploads are streamed to a temporary folder with a
 * size limit (never buffered), loaded by the service the CLI calls, and removed.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import {
  attackCatalogStatusSchema,
  attackLoadResponseSchema,
  sigmaLoadQuerySchema,
  sigmaLoadResponseSchema,
  sigmaRulesStatusSchema,
  sigmaRunResponseSchema,
  validateBodySchema,
  validateResponseSchema,
} from '../../contract/catalogs-api.js';
import { validatePostMortemValue } from '../../contract/post-mortem-file.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import {
  attackLoadSummary,
  describeAttackCatalog,
  describeSigmaRules,
} from '../../services/describe-catalogs.js';
import { loadAttackCatalog, MAX_BUNDLE_BYTES } from '../../services/load-attack-catalog.js';
import { unpackZip, withUploadedFile } from '../../services/receive-upload.js';
import { loadSigma, runSigma } from '../../services/sigma.js';
import { MAX_RULE_FILES } from '../../services/sigma-rules.js';
import type { ServerOptions } from '../app.js';
import { callerOf } from '../auth.js';

/** The largest zip of Sigma rules accepted, and what it may unpack to (SigmaHQ's rules zip to about 10 MB). */
export const MAX_RULES_ZIP_BYTES = 200 * 1024 * 1024;
const RULES_ARCHIVE_LIMITS = { maxMembers: 2 * MAX_RULE_FILES, maxUnpackedBytes: 1024 * 1024 * 1024 };

/** What the stored catalogues say they came from when uploaded (the temporary file means nothing later). */
const UPLOADED = 'uploaded over the API';

/** Bad request, not signed in, not allowed. */
const refusals = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema };
/** ... and too large (the rest of the body is not read). */
const uploadRefusals = { ...refusals, 413: errorResponseSchema };
/** ... and not found. */
const errors = { ...refusals, 404: errorResponseSchema };

/** The request body as a stream: a streamed upload, or JSON Fastify already parsed (small enough for it). */
function bodyStream(body: unknown, contentType: string): Readable {
  if (body !== null && typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function')
    return body as Readable;
  if (contentType.includes('json') && body !== null && typeof body === 'object')
    return Readable.from([JSON.stringify(body)]);
  throw new DomainError(
    'invalid_input',
    `send the file as the request body with Content-Type: ${contentType}`,
  );
}

/** Over a limit, the rest of the upload is not read: close the connection after the 413. */
function closeWhenTooLarge(reply: FastifyReply) {
  return (error: unknown): never => {
    if (isDomainError(error) && error.code === 'too_large') reply.header('connection', 'close');
    throw error;
  };
}

export async function registerCatalogRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;
  // Bundles and archives are streamed (the JSON parser's limit is the post-mortem's, far below a bundle's size).
  app.addContentTypeParser(['application/stix+json', 'application/zip'], (_request, payload, done) =>
    done(null, payload),
  );

  api.post(
    '/validate',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['analysis'],
        summary:
          'Check a post-mortem document: schema and semantic checks, every problem (as `debrief validate --json`)',
        description:
          'Answers 200 whether the document is valid or not: `valid` is false when a problem is an error. ' +
          'Nothing is stored. Problems of a JSON body have no line or column.',
        body: validateBodySchema,
        response: { 200: validateResponseSchema, ...refusals, 413: errorResponseSchema },
      },
    },
    async (request) => {
      const { problems } = validatePostMortemValue(request.body);
      const errorCount = problems.filter((p) => p.level === 'error').length;
      return {
        valid: errorCount === 0,
        errors: errorCount,
        warnings: problems.length - errorCount,
        problems,
      };
    },
  );

  api.get(
    '/settings/attack-catalog',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['settings'],
        summary: 'The loaded MITRE ATT&CK catalogue: version, origin, who loaded it when, and MITRE’s credit',
        description: 'None loaded: 404 `not_found`, saying how to load one.',
        response: { 200: attackCatalogStatusSchema, ...errors },
      },
    },
    async () => describeAttackCatalog(db),
  );

  api.post(
    '/settings/attack-catalog',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Load the MITRE ATT&CK STIX bundle, replacing the catalogue (as `debrief attack load --json`)',
        description:
          'Body: the bundle (enterprise-attack.json of github.com/mitre-attack/attack-stix-data), sent with ' +
          'Content-Type: application/stix+json so it is streamed (about 45 MB; at most 256 MiB, else 413). ' +
          'application/json is accepted for bundles under the request body limit (20 MiB).',
        response: { 200: attackLoadResponseSchema, ...uploadRefusals },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = bodyStream(request.body, 'application/stix+json');
      const read = await withUploadedFile(
        body,
        { name: 'bundle.json', maxBytes: MAX_BUNDLE_BYTES, what: 'the ATT&CK bundle' },
        (path) =>
          loadAttackCatalog(db, path, {
            label: 'the uploaded bundle',
            now: options.now(),
            actor: caller.username,
            storedAs: UPLOADED,
          }),
      ).catch(closeWhenTooLarge(reply));
      const summary = attackLoadSummary(read);
      request.audit = {
        action: 'settings.attack-catalog.load',
        target: `attack.${summary.domain}`,
        details: { version: summary.version, sha256: summary.sha256, counts: summary.counts },
      };
      return summary;
    },
  );

  api.get(
    '/settings/sigma-rules',
    {
      config: { access: 'post-mortem:read' },
      schema: {
        tags: ['settings'],
        summary:
          'The stored Sigma rules: how many, how many Debrief can run, why the others cannot (by reason), where from',
        response: { 200: sigmaRulesStatusSchema, ...refusals },
      },
    },
    async () => describeSigmaRules(db),
  );

  api.post(
    '/settings/sigma-rules',
    {
      config: { access: 'settings:manage' },
      schema: {
        tags: ['settings'],
        summary:
          'Load a zip of Sigma rules (as `debrief sigma load DIR --json`); replace=true removes the others',
        description:
          'Body: a zip archive (Content-Type: application/zip, at most 200 MiB) of rule files; every .yml and .yaml ' +
          'member is read, other members are ignored. A member named outside the archive (../x, /x), an ' +
          'encrypted or damaged archive: 400, nothing stored. Beyond 100,000 members or 1 GiB unpacked: 413.',
        querystring: sigmaLoadQuerySchema,
        response: { 200: sigmaLoadResponseSchema, ...uploadRefusals },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const replace = request.query.replace === 'true';
      const body = bodyStream(request.body, 'application/zip');
      const summary = await withUploadedFile(
        body,
        { name: 'rules.zip', maxBytes: MAX_RULES_ZIP_BYTES, what: 'the archive' },
        async (path, dir) => {
          const rules = await unpackZip(path, dir, RULES_ARCHIVE_LIMITS, (name) => /\.ya?ml$/i.test(name));
          return loadSigma({ db }, rules, {
            replace,
            now: options.now(),
            actor: caller.username,
            source: UPLOADED,
          });
        },
      ).catch(closeWhenTooLarge(reply));
      request.audit = {
        action: 'settings.sigma-rules.load',
        target: 'sigma.rules',
        details: { replace, loaded: summary.loaded, runnable: summary.runnable, files: summary.files },
      };
      return summary;
    },
  );

  api.post(
    '/post-mortems/:id/sigma/run',
    {
      config: { access: 'post-mortem:edit', postMortem: true },
      schema: {
        tags: ['timeline'],
        summary:
          'Run the stored Sigma rules over every event of the post-mortem (as `debrief sigma run ID --json`)',
        description:
          'Synchronous: the answer comes when the run ends (it re-reads the evidence, so it takes as long as the ' +
          'CLI does: minutes for a million events; POST /api/post-mortems/{id}/sigma/jobs runs it in the background). Matches replace those of an earlier run of the same rules; read them at ' +
          'GET /api/post-mortems/{id}/sigma. No rules loaded: 404. No evidence store: 503.',
        params: postMortemParamsSchema,
        response: { 200: sigmaRunResponseSchema, ...errors, 503: errorResponseSchema },
      },
    },
    async (request) => {
      if (options.blobs === undefined)
        throw new DomainError(
          'dependency_missing',
          'this server has no evidence store: start it with debrief serve',
        );
      const summary = await runSigma({ db }, options.blobs, request.params.id);
      request.audit = {
        action: 'sigma.run',
        target: request.params.id,
        details: { rules: summary.rules.run, matches: summary.matches, events: summary.events },
      };
      return { id: request.params.id, ...summary };
    },
  );
}
