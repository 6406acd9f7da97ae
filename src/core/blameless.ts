/**
 * Blameless language review: finds blaming, counterfactual and hindsight language in the prose of a post-mortem,
 * and, for external audiences, legally loaded words, each with the field path, the span and a suggested rewrite.
 * The word lists are data (`RuleSet`), English first; a team adds its own rules (`debrief lint --rules FILE`).
 */
import type { Path } from './check.js';
import type { PostMortem } from './model.js';

/** What a rule looks for. */
export type LintCategory = 'blame' | 'counterfactual' | 'hindsight' | 'legal';
/** Who will read the text: `external` adds the legal rules (customers, regulators, the public). */
export type LintAudience = 'internal' | 'external';

/** One rule: a pattern (regular expression source, matched case-insensitively at word boundaries) and its advice. */
export interface LintRule {
  readonly id: string;
  readonly category: LintCategory;
  readonly pattern: string;
  readonly suggestion: string;
  /** `external`: only for texts that leave the organization. Default: every audience. */
  readonly audience?: LintAudience;
}

/** Rules for one language. */
export interface RuleSet {
  readonly language: string;
  readonly rules: readonly LintRule[];
}

/** One finding: where (field path and character span in that field), what matched, and what to write instead. */
export interface LintFinding {
  readonly path: Path;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly rule: string;
  readonly category: LintCategory;
  readonly suggestion: string;
}

/** The default English rules. */
export const ENGLISH_RULES: RuleSet = {
  language: 'en',
  rules: [
    {
      id: 'should-have',
      category: 'counterfactual',
      // "could have" and "would have" alone are often about tools ("templates would have saved 10 hours"): only
      // the forms that judge what a person perceived or did.
      pattern:
        "should(?:n't| not)? have|could (?:easily )?have (?:noticed|known|seen|caught|checked|avoided|prevented)|would have (?:noticed|known|seen|caught)|if only",
      suggestion:
        'describe what happened and what the person knew at the time, not what they could have done',
    },
    {
      id: 'failed-to',
      category: 'blame',
      pattern: "failed to|neglected to|did(?:n't| not) (?:bother|follow|pay attention|notice|check)",
      suggestion: 'say what happened ("the alert was not triaged") and ask what made it hard to do',
    },
    {
      id: 'careless',
      category: 'blame',
      pattern: 'careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|lazy|incompetent|reckless(?:ly)?',
      suggestion:
        'describe the conditions (workload, tooling, unclear ownership) instead of judging the person',
    },
    {
      id: 'human-error',
      category: 'blame',
      pattern: '(?:human|operator|user|pilot|admin(?:istrator)?|staff|employee|analyst|engineer) error',
      suggestion: 'name what made the error possible: the tool, the process or the missing guard rail',
    },
    {
      id: 'obviously',
      category: 'hindsight',
      pattern: 'obvious(?:ly)?|clearly|simply|just had to|of course',
      suggestion: 'remove: it was not obvious at the time, or it would not have happened',
    },
    {
      id: 'in-hindsight',
      category: 'hindsight',
      pattern: 'in hindsight|in retrospect|with hindsight|knowing what we know now',
      suggestion: 'state what was known at the time and when the rest became known',
    },
    {
      id: 'breach',
      category: 'legal',
      audience: 'external',
      pattern: 'breach(?:es|ed)?',
      suggestion: '"security incident" until counsel has decided it is a breach in the legal sense',
    },
    {
      id: 'unauthorized',
      category: 'legal',
      audience: 'external',
      pattern: 'unauthori[sz]ed',
      suggestion: '"unexpected" or "not approved" unless counsel has confirmed the legal meaning',
    },
    {
      id: 'violation',
      category: 'legal',
      audience: 'external',
      pattern: 'violat(?:ion|ions|ed|es|e)|non-?complian(?:t|ce)',
      suggestion:
        'describe the fact ("the control was not applied") and leave the legal qualification to counsel',
    },
    {
      id: 'liable',
      category: 'legal',
      audience: 'external',
      pattern: 'liab(?:le|ility)|fault|negligence',
      suggestion: 'leave questions of liability to counsel',
    },
  ],
};

/** Compiles the rules once; invalid patterns are reported by `checkRuleSet`. */
function compile(rules: readonly LintRule[]): { rule: LintRule; regex: RegExp }[] {
  return rules.map((rule) => ({
    rule,
    regex: new RegExp(`(?<![\\w-])(?:${rule.pattern})(?![\\w-])`, 'giu'),
  }));
}

/** Problems with a rule set (bad ids, invalid patterns), each as one line; empty when it is usable. */
export function checkRuleSet(set: RuleSet): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, rule] of set.rules.entries()) {
    if (rule === null || typeof rule !== 'object') {
      problems.push(`rules[${i}]: must be a mapping with id, category, pattern and suggestion`);
      continue;
    }
    if (typeof rule.pattern !== 'string') problems.push(`rules[${i}] (${rule.id}): pattern must be text`);
    if (!rule.id) problems.push(`rules[${i}]: missing id`);
    else if (seen.has(rule.id)) problems.push(`rules[${i}]: duplicate id ${rule.id}`);
    seen.add(rule.id);
    if (!['blame', 'counterfactual', 'hindsight', 'legal'].includes(rule.category))
      problems.push(`rules[${i}] (${rule.id}): category must be blame, counterfactual, hindsight or legal`);
    if (!rule.suggestion) problems.push(`rules[${i}] (${rule.id}): missing suggestion`);
    try {
      new RegExp(rule.pattern, 'u');
    } catch (error) {
      problems.push(`rules[${i}] (${rule.id}): invalid pattern: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** The findings of `rules` in one text. */
export function lintText(text: string, path: Path, rules: readonly LintRule[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const { rule, regex } of compile(rules)) {
    for (const m of text.matchAll(regex)) {
      if (m[0] === '') continue;
      const start = m.index ?? 0;
      findings.push({
        path,
        start,
        end: start + m[0].length,
        text: m[0],
        rule: rule.id,
        category: rule.category,
        suggestion: rule.suggestion,
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** Keys whose values are identifiers, instants, addresses or names, not prose. */
const NOT_PROSE = new Set([
  'id',
  'email',
  'at',
  'due',
  'url',
  'name',
  'cve',
  'host',
  'user',
  'sha256',
  'value',
]);

/** Every prose string of a document (two words or more), with its path, in document order. */
export function proseFields(value: unknown, path: Path = []): { path: Path; text: string }[] {
  if (typeof value === 'string') return /\S\s+\S/.test(value) ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => proseFields(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (NOT_PROSE.has(k) ? [] : proseFields(v, [...path, k])));
  }
  return [];
}

/** The blame rules among `rules`: what a root cause must not rest on. */
export const blameRules = (rules: readonly LintRule[] = ENGLISH_RULES.rules): LintRule[] =>
  rules.filter((r) => r.category === 'blame');

/**
 * A rule that finds the people of a post-mortem named in a text: full names, and family names alone ("Smith's
 * change"); undefined when there is nobody to name.
 */
export function personRule(people: readonly { readonly name: string }[]): LintRule | undefined {
  const names = new Set<string>();
  for (const p of people) {
    const full = p.name.trim();
    if (full.length >= 3) names.add(full);
    const family = full.split(/\s+/).at(-1) ?? '';
    if (family !== full && family.length >= 3) names.add(family);
  }
  if (names.size === 0) return undefined;
  return {
    id: 'person-as-cause',
    category: 'blame',
    // Longest first, so a full name wins over the family name inside it.
    pattern: [...names]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    suggestion: 'a cause is a condition or a system property: name the role and what the system let them do',
  };
}

/**
 * Lints every prose field of a post-mortem. For an internal audience the legal rules are left out. Causes (root
 * causes, 5 Whys answers, contributing factors) that name a person from the people list are findings too.
 */
export function lintPostMortem(
  doc: PostMortem,
  options: { readonly audience: LintAudience; readonly rules?: readonly LintRule[] },
): LintFinding[] {
  const rules = (options.rules ?? ENGLISH_RULES.rules).filter(
    (r) => r.audience === undefined || r.audience === options.audience || options.audience === 'external',
  );
  const findings = proseFields(doc).flatMap((f) => lintText(f.text, f.path, rules));
  const person = personRule(doc.people);
  if (person) {
    for (const f of proseFields(doc.analysis, ['analysis'])) {
      const field = f.path.at(-1);
      if (field === 'answer' || field === 'statement' || field === 'description')
        findings.push(...lintText(f.text, f.path, [person]));
    }
  }
  return findings;
}
