/**
 * A team's own regime table (`debrief compliance --regimes FILE`): the shipped table's format, in YAML or JSON,
 * for national transpositions, contract deadlines or a regulation that changed. It replaces the shipped table.
 */
import { regimeTableSchema } from '../contract/compliance-table.schema.js';
import type { RegimeTable } from '../core/compliance.js';
import { DomainError } from '../core/errors.js';
import { readYamlFile } from './read-yaml-file.js';

/** Reads and checks a regime table; every problem is named with its path in the file. */
export async function readRegimeTable(path: string, shown: string): Promise<RegimeTable> {
  const value = await readYamlFile(path, shown);
  const result = regimeTableSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new DomainError('invalid_input', `${shown} is not a valid regime table: ${problems.join('; ')}`);
  }
  return result.data;
}
