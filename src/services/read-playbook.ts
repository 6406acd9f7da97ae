/**
 * Reads an incident response playbook: from a file a user names (`--playbook FILE`) or from a request body (YAML
 * text or a JSON object). Every problem is reported at once, with the file, line and path.
 */
import { readFile } from 'node:fs/promises';
import {
  formatPlaybookProblems,
  type ParsedPlaybook,
  parsePlaybookText,
  validatePlaybookValue,
} from '../contract/playbook.js';
import { DomainError } from '../core/errors.js';
import { NOT_APPLICABLE, type Playbook, type PlaybookMapping } from '../core/playbook.js';

function accept(parsed: ParsedPlaybook, shown: string): Playbook {
  if (parsed.playbook !== undefined) return parsed.playbook;
  const count = parsed.problems.length;
  throw new DomainError(
    'invalid_input',
    `${shown} is not a valid playbook (${count} problem${count === 1 ? '' : 's'}):\n${formatPlaybookProblems(shown, parsed.problems)}`,
    { problems: parsed.problems },
  );
}

/** The playbook in the file at `path`; `shown` is how the user named it, for messages. */
export async function readPlaybookFile(path: string, shown: string): Promise<Playbook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DomainError(
      'file_unreadable',
      `cannot read the playbook ${shown}: ${(error as Error).message}`,
    );
  }
  return accept(parsePlaybookText(text), shown);
}

/** The playbook sent in a request: YAML (or JSON) text, or an already parsed JSON object. */
export function playbookFromBody(value: unknown): Playbook {
  return accept(
    typeof value === 'string' ? parsePlaybookText(value) : validatePlaybookValue(value),
    'the playbook',
  );
}

/** Parses `--map` values such as `S3=T-12` or `S5=n/a` into a mapping; a repeated step keeps the last. */
export function parsePlaybookMapping(pairs: readonly string[]): PlaybookMapping {
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(pair);
    if (!m)
      throw new DomainError(
        'invalid_input',
        `--map "${pair}" is not STEP=ENTRY; write e.g. --map S3=T-12, or --map S3=${NOT_APPLICABLE} for a step that does not apply`,
      );
    mapping[m[1] as string] = m[2] as string;
  }
  return mapping;
}
