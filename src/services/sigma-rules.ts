/**
 * Sigma rule files: read from a folder (recursively, every .yml and .yaml), parsed and compiled. A file that is not
 * a rule, or a rule Debrief cannot run, is listed with its reason; nothing is skipped silently.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DomainError } from '../core/errors.js';
import { type CompiledRule, compileRule } from '../core/sigma-rule.js';
import { SigmaRuleError } from '../core/sigma-values.js';

/** One rule file's text and where it came from. */
export interface SigmaSource {
  /** The path relative to the folder loaded, with `/`. */
  readonly origin: string;
  readonly text: string;
}

/** A file that gave no rule, and why. */
export interface SigmaFileProblem {
  readonly origin: string;
  readonly reason: string;
}

/** The most rule files read from one folder (SigmaHQ has about 3,800). */
export const MAX_RULE_FILES = 50_000;
/** The largest rule file read (SigmaHQ's largest is under 100 KB). */
export const MAX_RULE_BYTES = 1024 * 1024;

/** Reads every .yml/.yaml file under `dir`, in path order. */
export async function readSigmaFolder(
  dir: string,
): Promise<{ sources: SigmaSource[]; problems: SigmaFileProblem[] }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new DomainError('invalid_input', `cannot read ${dir}: ${(error as Error).message}`);
  }
  const files: string[] = [];
  if (info.isFile()) files.push(dir);
  else {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const e of entries)
      if (e.isFile() && /\.ya?ml$/i.test(e.name)) files.push(join(e.parentPath, e.name));
    files.sort();
  }
  if (files.length === 0) throw new DomainError('invalid_input', `${dir} holds no .yml or .yaml file`);
  if (files.length > MAX_RULE_FILES)
    throw new DomainError(
      'invalid_input',
      `${dir} holds ${files.length} YAML files, more than ${MAX_RULE_FILES}`,
    );
  const sources: SigmaSource[] = [];
  const problems: SigmaFileProblem[] = [];
  for (const file of files) {
    const origin = info.isFile() ? (file.split(sep).pop() ?? file) : relative(dir, file).split(sep).join('/');
    const size = (await stat(file)).size;
    if (size > MAX_RULE_BYTES) {
      problems.push({ origin, reason: `${size} bytes, larger than ${MAX_RULE_BYTES}` });
      continue;
    }
    sources.push({ origin, text: await readFile(file, 'utf8') });
  }
  return { sources, problems };
}

/** Parses and compiles rule texts; a text that is not one Sigma rule becomes a problem. */
export function compileSigmaSources(sources: readonly SigmaSource[]): {
  rules: CompiledRule[];
  problems: SigmaFileProblem[];
} {
  const rules: CompiledRule[] = [];
  const problems: SigmaFileProblem[] = [];
  const seen = new Map<string, string>();
  for (const { origin, text } of sources) {
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    const errors = list.flatMap((d) => d.errors);
    if (errors.length > 0) {
      problems.push({ origin, reason: `not valid YAML: ${errors[0]?.message.split('\n')[0]}` });
      continue;
    }
    if (list.length !== 1) {
      problems.push({
        origin,
        reason: `${list.length} YAML documents: rule collections (action: global) are not supported, one rule per file`,
      });
      continue;
    }
    try {
      const rule = compileRule(list[0]?.toJS(), origin);
      const earlier = seen.get(rule.id);
      if (earlier !== undefined) {
        problems.push({
          origin,
          reason: `rule id ${rule.id} is already used by ${earlier}; this one is not loaded`,
        });
        continue;
      }
      seen.set(rule.id, origin);
      rules.push(rule);
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      problems.push({ origin, reason: error.message });
    }
  }
  return { rules, problems };
}
