/**
 * A team's own blameless-language rules (`debrief lint --rules FILE`): a YAML or JSON file with `language` and
 * `rules` (each `id`, `category`, `pattern`, `suggestion`, optional `audience`), added to the default rules.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { checkRuleSet, type RuleSet } from '../core/blameless.js';
import { DomainError } from '../core/errors.js';

/** Reads and checks a rule file; every problem is named with the file and the rule's position. */
export async function readRuleSet(path: string, shown: string): Promise<RuleSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DomainError('invalid_input', `cannot read ${shown}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new DomainError('invalid_input', `${shown} is not YAML or JSON: ${(error as Error).message}`);
  }
  const set = value as Partial<RuleSet> | null;
  if (set === null || typeof set !== 'object' || !Array.isArray(set.rules)) {
    throw new DomainError('invalid_input', `${shown} must have a "rules" list (see docs/analysis.md)`);
  }
  const ruleSet: RuleSet = { language: String(set.language ?? 'en'), rules: set.rules };
  const problems = checkRuleSet(ruleSet);
  if (problems.length > 0) throw new DomainError('invalid_input', `${shown}: ${problems.join('; ')}`);
  return ruleSet;
}
