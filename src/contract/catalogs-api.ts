/**
 * Schemas of validation over REST and of the shared catalogues: the MITRE ATT&CK catalogue and the Sigma rules
 * (load, describe, run over a post-mortem), each the JSON its CLI command prints with `--json`.
 */
import { z } from 'zod';
import { sigmaRuleMatchesSchema } from './api.js';
import { readonlyArray } from './schema-primitives.js';

const count = z.number().int().nonnegative();

/** A post-mortem document to check: any JSON object (its problems are the answer, not a 400). */
export const validateBodySchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'A post-mortem document, as the JSON form of the file format' });

/** One problem of a document (`debrief validate --json`). */
const problemSchema = z.object({
  level: z.enum(['error', 'warning']),
  code: z.string(),
  path: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  message: z.string(),
});

/** What `debrief validate --json` prints, without the file name. */
export const validateResponseSchema = z
  .object({
    valid: z.boolean().meta({ description: 'No errors (warnings do not make a document invalid)' }),
    errors: count,
    warnings: count,
    problems: readonlyArray(problemSchema),
  })
  .meta({ id: 'ValidationResult' });

const attackCountsSchema = z.object({
  tactics: count,
  techniques: count,
  mitigations: count,
  mitigates: count,
});

/** What `debrief attack load --json` prints. */
export const attackLoadResponseSchema = z
  .object({
    domain: z.string(),
    version: z.string(),
    sha256: z.string(),
    counts: attackCountsSchema,
    skipped: readonlyArray(z.object({ id: z.string(), reason: z.string() })),
    credit: z.string().meta({ description: "MITRE's credit line, to show with the data" }),
  })
  .meta({ id: 'AttackCatalogLoad' });

/** The loaded ATT&CK catalogue and where it came from. */
export const attackCatalogStatusSchema = z
  .object({
    domain: z.string(),
    version: z.string(),
    source: z.string(),
    sha256: z.string(),
    loadedAt: z.string(),
    loadedBy: z.string(),
    counts: attackCountsSchema.omit({ mitigates: true }),
    credit: z.string(),
  })
  .meta({ id: 'AttackCatalog' });

export const sigmaLoadQuerySchema = z.object({
  replace: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Remove every stored rule first (as `debrief sigma load --replace`)' }),
});

const ruleNotRunSchema = z.object({
  id: z.string(),
  title: z.string(),
  origin: z.string(),
  problem: z.string(),
  unmappedSource: z.string().optional(),
});

/** What `debrief sigma load --json` prints. */
export const sigmaLoadResponseSchema = z
  .object({
    source: z.string(),
    files: count,
    loaded: count,
    runnable: count,
    notRunnable: readonlyArray(ruleNotRunSchema),
    problems: readonlyArray(z.object({ origin: z.string(), reason: z.string() })),
  })
  .meta({ id: 'SigmaLoad' });

/** The stored Sigma rules, counted. */
export const sigmaRulesStatusSchema = z
  .object({
    loaded: count,
    runnable: count,
    notRunnable: count,
    problems: readonlyArray(z.object({ reason: z.string(), rules: count })),
    sources: readonlyArray(
      z.object({ source: z.string(), rules: count, loadedAt: z.string(), loadedBy: z.string() }),
    ),
  })
  .meta({ id: 'SigmaRules' });

/** What `debrief sigma run ID --json` prints. */
export const sigmaRunResponseSchema = z
  .object({
    id: z.string(),
    rules: z.object({ total: count, run: count, notRun: readonlyArray(ruleNotRunSchema) }),
    sources: count,
    events: count,
    matches: count,
    matchedEvents: count,
    byRule: readonlyArray(sigmaRuleMatchesSchema),
    seconds: z.number().nonnegative(),
    skippedSources: readonlyArray(z.object({ evidence: z.string(), member: z.string(), reason: z.string() })),
  })
  .meta({ id: 'SigmaRun' });
