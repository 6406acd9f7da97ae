/**
 * A team's own regime table (`debrief compliance --regimes FILE`): the shipped table's format, in YAML or JSON,
 * for national transpositions, contract deadlines or a regulation that changed. It replaces the shipped table.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { regimeTableSchema } from '../contract/compliance-table.schema.js';
import type { RegimeTable } from '../core/compliance.js';
import { DomainError } from '../core/errors.js';

/** Reads and checks a regime table; every problem is named with its path in the file. */
export async function readRegimeTable(path: string, shown: string): Promise<RegimeTable> {
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
  const result = regimeTableSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new DomainError('invalid_input', `${shown} is not a valid regime table: ${problems.join('; ')}`);
  }
  return result.data;
}
