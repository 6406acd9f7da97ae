/**
 * A team's own blameless-language rules (`debrief lint --rules FILE`): a YAML or JSON file with `language` and
 * `rules` (each `id`, `category`, `pattern`, `suggestion`, optional `audience`), added to the default rules.
 */
import { checkRuleSet, type RuleSet } from '../core/blameless.js';
import { DomainError } from '../core/errors.js';
import { readYamlFile } from './read-yaml-file.js';

/** Reads and checks a rule file; every problem is named with the file and the rule's position. */
export async function readRuleSet(path: string, shown: string): Promise<RuleSet> {
  const value = await readYamlFile(path, shown);
  const set = value as Partial<RuleSet> | null;
  if (set === null || typeof set !== 'object' || !Array.isArray(set.rules)) {
    throw new DomainError('invalid_input', `${shown} must have a "rules" list (see docs/analysis.md)`);
  }
  const ruleSet: RuleSet = { language: String(set.language ?? 'en'), rules: set.rules };
  const problems = checkRuleSet(ruleSet);
  if (problems.length > 0) throw new DomainError('invalid_input', `${shown}: ${problems.join('; ')}`);
  return ruleSet;
}
