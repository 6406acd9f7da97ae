/**
 * Reads and validates a post-mortem file from disk. Problems in the content are returned, not thrown; only a
 * file that cannot be read at all (missing, a directory, too large) throws.
 */
import { LIMITS } from '../contract/limits.js';
import {
  detectFormat,
  type FileFormat,
  type ParsedFile,
  parsePostMortemText,
} from '../contract/post-mortem-file.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import { readTextFile } from './read-text-file.js';

/** A post-mortem file as read: path, format, problems, and the validated document when it has no error. */
export interface ReadFileResult extends ParsedFile {
  readonly path: string;
  readonly format: FileFormat;
}

/**
 * Reads `path` and validates it as a post-mortem (schema and semantic checks).
 * @param label how messages name the file (the path as the user wrote it); defaults to `path`
 */
export async function readPostMortemFile(path: string, label = path): Promise<ReadFileResult> {
  const text = await readTextFile(path, label, LIMITS.documentBytes, 'a post-mortem file');
  return { path, format: detectFormat(path, text), ...parsePostMortemText(text) };
}

/** Reads a file that must be valid: throws `invalid_document` naming the first error and the count. */
export async function readValidPostMortemFile(path: string, label = path): Promise<PostMortem> {
  const result = await readPostMortemFile(path, label);
  return requireValid(result, label, `run "debrief validate ${label}" to see all`);
}

/**
 * The document of a parse result, or `invalid_document` naming the first error (where: `label` and its line) and
 * how many more there are (`seeAll` says how to see them); `details.problems` lists every problem.
 */
export function requireValid(result: ParsedFile, label: string, seeAll: string): PostMortem {
  if (result.document) return result.document;
  const errors = result.problems.filter((p) => p.level === 'error');
  const first = errors[0];
  const where = first?.line === undefined ? '' : `:${first.line}:${first.column}`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more; ${seeAll})` : '';
  throw new DomainError(
    'invalid_document',
    `${label}${where}: ${first ? `${first.path}: ${first.message}` : 'invalid post-mortem'}${more}`,
    { problems: result.problems },
  );
}
