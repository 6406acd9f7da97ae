/**
 * Following a background job: `GET /api/post-mortems/:id/jobs/:jobId` about once a second while it is queued
 * or running, stopping when it ends (done or failed) or when the screen goes away. `onEnded` runs once when the
 * job ends, so the caller can refresh what the job changed (the evidence list).
 */
import { useEffect, useRef, useState } from 'react';
import { apiGet } from '../api.js';
import type { Job } from './evidence-types.js';

/** The polling interval; tests make it short. */
export const jobPolling = { intervalMs: 1000 };

/** Is the job still going? */
export function jobActive(job: Job): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** The job's latest state (starting from `initial`), and the last polling error, if any. */
export function useJob(
  postMortemId: string,
  initial: Job,
  onEnded?: (job: Job) => void,
): { readonly job: Job; readonly error: string | undefined } {
  const [job, setJob] = useState<Job>(initial);
  const [error, setError] = useState<string | undefined>();
  const ended = useRef(onEnded);
  ended.current = onEnded;

  // A new job (parsed again) restarts the polling.
  useEffect(() => {
    setJob(initial);
  }, [initial]);

  useEffect(() => {
    if (!jobActive(job)) return;
    let stopped = false;
    const timer = setTimeout(() => {
      apiGet<Job>(`/post-mortems/${encodeURIComponent(postMortemId)}/jobs/${encodeURIComponent(job.id)}`)
        .then((next) => {
          if (stopped) return;
          setError(undefined);
          setJob(next);
          if (!jobActive(next)) ended.current?.(next);
        })
        .catch((cause: unknown) => {
          if (stopped) return;
          setError(cause instanceof Error ? cause.message : 'the job could not be read');
          // Try again at the next tick: a new object keeps the effect going.
          setJob((current) => ({ ...current }));
        });
    }, jobPolling.intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [postMortemId, job]);

  return { job, error };
}
