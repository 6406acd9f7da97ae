/** Loads `GET /api/insights?since=` for the dashboards, again when the since date changes or on retry. */
import { useEffect, useState } from 'react';
import { ApiError, apiGet } from '../api.js';
import type { Insights } from './insights-data.js';

/** Where the load is: loading, the insights, or the server's message. */
export type InsightsLoad =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: Insights }
  | { readonly state: 'error'; readonly message: string };

/** The insights since `since` (all post-mortems when undefined), and a function to ask again. */
export function useInsights(since: string | undefined): [InsightsLoad, () => void] {
  const [result, setResult] = useState<InsightsLoad>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again on purpose.
  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    apiGet<Insights>('/insights', { since }, { signal: controller.signal })
      .then((data) => setResult({ state: 'ready', data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({
          state: 'error',
          message: error instanceof ApiError ? error.message : 'the insights could not be loaded',
        });
      });
    return () => controller.abort();
  }, [since, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}
