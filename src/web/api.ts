/**
 * The web application's one way to the server: a typed fetch client for the REST API (docs/api.md).
 *
 * - Paths are API paths: `/post-mortems` means `/api/post-mortems` (a path already starting with `/api/` is kept).
 * - JSON in and out, the session cookie sent (`credentials: 'same-origin'`), and the session's CSRF token as
 *   `X-CSRF-Token` on every request that is not a read (docs/security.md).
 * - A failure is an `ApiError` carrying the server's `{ error: { code, message, details } }`.
 * - A 401 `unauthenticated` calls the `onUnauthenticated` hook (the app sends the user to the sign-in page),
 *   unless the call says `expect401` (the auth calls themselves).
 */
import type { ErrorCode } from '../core/errors.js';

/** What the server answered when a call failed; `network` when it could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** The server's stable error code. */
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** Query parameters: undefined and empty values are left out, arrays repeat the key. */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** Options of one call. */
export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  /** `If-Match`: the ETag of the version a write is based on (optimistic writes). */
  readonly ifMatch?: string;
  /** A 401 is an answer the caller handles (sign-in, who-am-I): do not call the `onUnauthenticated` hook. */
  readonly expect401?: boolean;
  readonly signal?: AbortSignal;
}

/** An answer with its ETag (document reads and writes). */
export interface ApiResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly etag: string | undefined;
}

let csrfToken: string | undefined;
let unauthenticatedHandler: (() => void) | undefined;

/** Remembers the session's CSRF token (set by the auth provider after `GET /api/auth/me` or sign-in). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/**
 * The CSRF header of the session (`{ 'x-csrf-token': … }`, empty when signed out), for writes that cannot go
 * through `apiRequest` (an upload with XMLHttpRequest, for its progress events).
 */
export function csrfHeaders(): Record<string, string> {
  return csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken };
}

/** Sets what happens when the server says the session is gone; returns a function that removes it. */
export function onUnauthenticated(handler: () => void): () => void {
  unauthenticatedHandler = handler;
  return () => {
    if (unauthenticatedHandler === handler) unauthenticatedHandler = undefined;
  };
}

/** The URL of an API path with its query (`/post-mortems`, `{ limit: 50 }` → `/api/post-mortems?limit=50`). */
export function apiUrl(path: string, query?: Query): string {
  const base =
    path.startsWith('/api/') || path === '/api' ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const search = params.toString();
  return search === '' ? base : `${base}?${search}`;
}

/**
 * The `ApiError` of a failed answer (`status`, body `text`): the server's `{ error: { code, message, details } }`
 * when it sent one, else a message made from the status (a proxy's error page, a 413 before the server read the
 * body). Shared by fetch calls and the evidence upload's XMLHttpRequest.
 */
export function apiErrorOf(status: number, text: string, statusText = ''): ApiError {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const error = parsed.error;
    if (error !== undefined && typeof error.code === 'string' && typeof error.message === 'string') {
      const details =
        typeof error.details === 'object' && error.details !== null
          ? (error.details as Record<string, unknown>)
          : undefined;
      return new ApiError(status, error.code as ErrorCode, error.message, details);
    }
  } catch {
    // Not JSON: fall through to a message made from the status.
  }
  if (status === 413)
    return new ApiError(413, 'too_large', 'the file is larger than the server accepts (413)');
  const code: ErrorCode = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'internal';
  return new ApiError(status, code, `the server answered ${status} ${statusText}`.trim());
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return apiErrorOf(response.status, text, response.statusText);
}

/** One request to the API: the answer's data, status and ETag, or an `ApiError`. */
export async function apiRequest<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'the server could not be reached; check your connection and try again');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    // reauthentication_required keeps the session: only a lost session sends the user to the sign-in page.
    if (error.status === 401 && error.code === 'unauthenticated' && options.expect401 !== true) {
      unauthenticatedHandler?.();
    }
    throw error;
  }
  const etag = response.headers.get('etag') ?? undefined;
  const text = response.status === 204 ? '' : await response.text();
  const data = (text === '' ? undefined : JSON.parse(text)) as T;
  return { data, status: response.status, etag };
}

/** `GET` an API path and return its JSON. */
export async function apiGet<T>(
  path: string,
  query?: Query,
  options: Omit<RequestOptions, 'query' | 'body' | 'ifMatch'> = {},
): Promise<T> {
  return (await apiRequest<T>('GET', path, { ...options, ...(query === undefined ? {} : { query }) })).data;
}

/** `GET` a document with its ETag (send the ETag back as `ifMatch` when writing it). */
export async function apiGetDocument<T>(path: string, query?: Query): Promise<ApiResponse<T>> {
  return apiRequest<T>('GET', path, query === undefined ? {} : { query });
}

/** A write (`POST`, `PUT`, `PATCH`, `DELETE`) with an optional JSON body; returns the answer's JSON. */
export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: Omit<RequestOptions, 'body'> = {},
): Promise<T> {
  return (await apiSendWithEtag<T>(method, path, body, options)).data;
}

/** A write that also returns the new ETag (creating or replacing a document). */
export async function apiSendWithEtag<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: Omit<RequestOptions, 'body'> = {},
): Promise<ApiResponse<T>> {
  return apiRequest<T>(method, path, { ...options, ...(body === undefined ? {} : { body }) });
}
