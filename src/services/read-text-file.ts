/** Reads a file a user names, refusing what is not a file or is larger than a limit, with clear messages. */
import { readFile, stat } from 'node:fs/promises';
import { DomainError } from '../core/errors.js';

/**
 * The bytes of `path`. `label` is how messages name the file, `what` what it should be (for the size message:
 * "a post-mortem file may be at most 20 MiB").
 */
export async function readLimitedFile(
  path: string,
  label: string,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DomainError('file_unreadable', `${label} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new DomainError('file_unreadable', `cannot read ${label}: ${why}`);
  }
  if (size > maxBytes) {
    throw new DomainError(
      'too_large',
      `${label} is ${(size / 1024 / 1024).toFixed(1)} MiB; ${what} may be at most ${maxBytes / 1024 / 1024} MiB`,
    );
  }
  return readFile(path);
}

/** The UTF-8 text of `path`, with the checks of `readLimitedFile`. */
export async function readTextFile(
  path: string,
  label: string,
  maxBytes: number,
  what: string,
): Promise<string> {
  return (await readLimitedFile(path, label, maxBytes, what)).toString('utf8');
}
