/**
 * The one error class of Debrief and its closed set of codes. Each transport maps codes once: the server to HTTP
 * statuses (an exhaustive `Record<ErrorCode, number>`), the CLI to exit codes. Code never branches on messages.
 */
export const ERROR_CODES = [
  /** A post-mortem document (file or request) does not validate; `details.problems` lists every problem. */
  'invalid_document',
  /** An argument, option, query parameter or configuration value is wrong. */
  'invalid_input',
  /** A file could not be read or written. */
  'file_unreadable',
  /** The named thing does not exist (or is not visible to the caller). */
  'not_found',
  /** A write was based on a version that is no longer current; nothing was written. */
  'version_conflict',
  /** The input is larger than the configured limit. */
  'too_large',
  /** The database cannot be reached or opened. */
  'database_unavailable',
  /** The database schema is newer than this program, or a migration failed. */
  'database_schema',
  /** A required external program is missing or failed. */
  'dependency_missing',
  /** A remote service (an issue tracker) cannot be reached, or limits the rate: try again later. */
  'remote_unavailable',
  /** The request carries no valid session or token: sign in, or send a valid API token. */
  'unauthenticated',
  /** The caller is known but their role, token scope or CSRF token does not allow this. */
  'forbidden',
  /** Too many requests or failed logins from this caller: wait and try again. */
  'rate_limited',
  /** A sensitive operation made with a session signed in too long ago: re-authenticate, then retry. */
  'reauthentication_required',
  /** The post-mortem's review status does not allow this (published ones are read-only; approve needs in-review). */
  'invalid_state',
  /** A bug: something that should not happen. */
  'internal',
] as const;
/** A stable machine-readable failure code; the server maps it to an HTTP status, the CLI to an exit code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure with a stable code, a one-line message (what, where, how to fix) and optional details. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** Is `value` a DomainError (also across module copies)? */
export function isDomainError(value: unknown): value is DomainError {
  return (
    value instanceof DomainError ||
    (value instanceof Error && value.name === 'DomainError' && 'code' in value)
  );
}
