/** The current time, refreshed every `intervalMs`: what the live countdowns tick on. */
import { useEffect, useState } from 'react';

/** `Date.now()`, re-read every `intervalMs` (one timer per caller, cleared when it unmounts). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
