/**
 * Reads one API answer for a section panel: loading, the server's error message, or the data, and a way to read
 * it again after a write. A newer request replaces an older one (a changed filter never shows a stale answer).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiGet, type Query } from '../api.js';

/** What a panel shows while, and after, it reads. */
export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string; readonly error: ApiError | undefined }
  | { readonly status: 'ready'; readonly data: T };

/**
 * The answer of `GET path?query`, read again whenever the path, the query or `refresh` (a counter the caller bumps
 * after a write) change, or when `reload` is called.
 */
export function useApiGet<T>(
  path: string,
  query?: Query,
  refresh = 0,
): { readonly state: Loadable<T>; readonly reload: () => void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(query ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is compared by its JSON (key).
  useEffect(() => {
    const ticket = ++latest.current;
    const controller = new AbortController();
    apiGet<T>(path, query, { signal: controller.signal }).then(
      (data) => {
        if (ticket === latest.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (ticket !== latest.current || controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : undefined;
        setState({
          status: 'error',
          message: apiError?.message ?? 'the server could not be reached; try again later',
          error: apiError,
        });
      },
    );
    return () => controller.abort();
  }, [path, key, round, refresh]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { state, reload };
}

/** The message of a failed write, for a `role="alert"`. */
export function messageOf(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}
