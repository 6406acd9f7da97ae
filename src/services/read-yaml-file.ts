/** Reads a YAML or JSON file a user names (a rule file, a regime table) and parses it, with errors that name it. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { DomainError } from '../core/errors.js';

/** The parsed value of the file at `path`; `shown` is how the user named it, for messages. */
export async function readYamlFile(path: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DomainError('invalid_input', `cannot read ${shown}: ${(error as Error).message}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new DomainError('invalid_input', `${shown} is not YAML or JSON: ${(error as Error).message}`);
  }
}
