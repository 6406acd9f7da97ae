/**
 * Sigma rules: a rule document (parsed YAML) compiled into a predicate over events, with its metadata (id, title,
 * level, ATT&CK techniques from its tags) and its log source. A rule Debrief cannot evaluate (an unknown modifier,
 * a correlation, an invalid regular expression, a log source Debrief does not map) is kept with the reason, so a
 * run reports it instead of silently skipping it. Then `sigmaMatcher` evaluates a set of rules over events,
 * looking only at the rules whose log source the event has.
 */
import type { NormalizedEvent } from './event.js';
import { allOf, anyOf, conditionPredicate, parseCondition } from './sigma-condition.js';
import { knownKey, type LogSource, ruleKeys, sigmaView } from './sigma-logsource.js';
import { fieldCondition, keywordCondition, type SigmaPredicate, SigmaRuleError } from './sigma-values.js';
import type { SourceFields } from './source-fields.js';

/** Sigma levels, lowest first. */
export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

/** What a rule is, whatever Debrief can do with it. */
export interface SigmaRuleInfo {
  readonly id: string;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly status?: string;
  readonly author?: string;
  /** ATT&CK technique ids from `attack.tNNNN[.NNN]` tags, uppercase. */
  readonly techniques: readonly string[];
  readonly tags: readonly string[];
  readonly logsource: LogSource;
  /** Where the rule came from (its file, relative to the folder loaded). */
  readonly origin: string;
}

/** A compiled rule, or the reason it cannot run. */
export type CompiledRule =
  | (SigmaRuleInfo & {
      readonly ok: true;
      readonly keys: readonly string[];
      readonly predicate: SigmaPredicate;
    })
  | (SigmaRuleInfo & {
      readonly ok: false;
      readonly problem: string;
      /** The log source no event format is mapped to (`product/service/category`), when that is the problem. */
      readonly unmappedSource?: string;
    });

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The metadata of a rule document; throws a SigmaRuleError when it is not a rule at all. */
function ruleInfo(doc: unknown, origin: string): SigmaRuleInfo {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new SigmaRuleError(`${origin}: not a Sigma rule (expected a mapping)`);
  const d = doc as Record<string, unknown>;
  const id = text(d.id);
  if (!id) throw new SigmaRuleError(`${origin}: the rule has no id`);
  const level = text(d.level)?.toLowerCase();
  const tags = Array.isArray(d.tags) ? d.tags.filter((t): t is string => typeof t === 'string') : [];
  const source = (d.logsource ?? {}) as Record<string, unknown>;
  const logsource: LogSource = {
    ...(text(source.product) ? { product: text(source.product) } : {}),
    ...(text(source.category) ? { category: text(source.category) } : {}),
    ...(text(source.service) ? { service: text(source.service) } : {}),
  };
  return {
    id,
    title: text(d.title) ?? id,
    level: (SIGMA_LEVELS as readonly string[]).includes(level ?? '') ? (level as SigmaLevel) : undefined,
    ...(text(d.status) ? { status: text(d.status) } : {}),
    ...(text(d.author) ? { author: text(d.author) } : {}),
    techniques: [
      ...new Set(tags.map((t) => TECHNIQUE_TAG.exec(t)?.[1]?.toUpperCase()).filter((t) => t !== undefined)),
    ],
    tags,
    logsource,
    origin,
  };
}

/** Compiles one detection identifier: a map (all its fields), a list of maps (any), or keywords. */
function identifierPredicate(name: string, value: unknown): SigmaPredicate {
  const mapPredicate = (map: Record<string, unknown>): SigmaPredicate => {
    const parts = Object.entries(map).map(([spec, v]) => fieldCondition(spec, v));
    if (parts.length === 0) throw new SigmaRuleError(`detection "${name}" has an empty mapping`);
    return allOf(parts);
  };
  const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isMap(value)) return mapPredicate(value);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new SigmaRuleError(`detection "${name}" is an empty list`);
    const maps = value.filter(isMap).map(mapPredicate);
    const keywords = value.filter((v) => !isMap(v));
    if (keywords.some((k) => Array.isArray(k)))
      throw new SigmaRuleError(`detection "${name}": nested lists are not Sigma`);
    return anyOf(keywords.length > 0 ? [...maps, keywordCondition(keywords)] : maps);
  }
  if (typeof value === 'string' || typeof value === 'number') return keywordCondition(value);
  throw new SigmaRuleError(`detection "${name}" is empty`);
}

/** Compiles a rule document; never throws for a rule document (problems are kept on the rule). */
export function compileRule(doc: unknown, origin: string): CompiledRule {
  const info = ruleInfo(doc, origin);
  const d = doc as Record<string, unknown>;
  const fail = (problem: string, unmappedSource?: string): CompiledRule => ({
    ...info,
    ok: false,
    problem,
    ...(unmappedSource === undefined ? {} : { unmappedSource }),
  });
  if (d.correlation !== undefined || d.type === 'correlation')
    return fail('correlation rules (counts and sequences over several events) are not supported');
  if (d.filter !== undefined && d.detection === undefined)
    return fail('filter (meta) rules are not supported; apply them by editing the rule');
  const keys = ruleKeys(info.logsource);
  if (typeof keys === 'string') return fail(keys, `windows/${info.logsource.service ?? ''}`);
  if (keys.some((k) => !knownKey(k))) {
    const { product, service, category } = info.logsource;
    const named = [product, service, category].filter((p) => p !== undefined).join('/');
    return fail(`log source ${named}: no event format Debrief reads is mapped to it`, named);
  }
  const detection = d.detection;
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection))
    return fail('the rule has no detection mapping');
  try {
    const identifiers = new Map<string, SigmaPredicate>();
    let condition: unknown;
    for (const [name, value] of Object.entries(detection as Record<string, unknown>)) {
      if (name === 'condition') condition = value;
      else if (name === 'timeframe')
        throw new SigmaRuleError('timeframe belongs to correlations (not supported)');
      else identifiers.set(name, identifierPredicate(name, value));
    }
    const conditions = Array.isArray(condition) ? condition : [condition];
    if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string' || c.trim() === ''))
      throw new SigmaRuleError('the detection has no condition');
    const names = [...identifiers.keys()];
    const predicates = (conditions as string[]).map((c) =>
      conditionPredicate(parseCondition(c, names), identifiers),
    );
    return { ...info, ok: true, keys, predicate: anyOf(predicates) };
  } catch (error) {
    if (error instanceof SigmaRuleError) return fail(error.message);
    throw error;
  }
}

/** The rules that match one event. */
export type SigmaMatcher = (
  event: NormalizedEvent,
  fields: SourceFields | undefined,
) => readonly (CompiledRule & { ok: true })[];

/** Indexes runnable rules by their most specific log source key and evaluates only the ones an event can meet. */
export function sigmaMatcher(rules: readonly CompiledRule[]): SigmaMatcher {
  const everywhere: (CompiledRule & { ok: true })[] = [];
  const byKey = new Map<string, (CompiledRule & { ok: true })[]>();
  for (const rule of rules) {
    if (!rule.ok) continue;
    const key = rule.keys[rule.keys.length - 1];
    if (key === undefined) everywhere.push(rule);
    else byKey.set(key, [...(byKey.get(key) ?? []), rule]);
  }
  return (event, fields) => {
    const view = sigmaView(event, fields);
    const keys = view.keys;
    const out: (CompiledRule & { ok: true })[] = [];
    const consider = (rule: CompiledRule & { ok: true }) => {
      for (const k of rule.keys) if (!keys.includes(k)) return;
      if (rule.predicate(view.record)) out.push(rule);
    };
    for (const rule of everywhere) consider(rule);
    for (const key of keys) {
      const rules = byKey.get(key);
      if (rules) for (const rule of rules) consider(rule);
    }
    return out;
  };
}
