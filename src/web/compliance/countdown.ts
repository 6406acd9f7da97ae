/**
 * The compliance clocks' countdowns: when an open obligation is due (its deadline as the API gives it), the time
 * left to the second for the eye ("2 h 14 min 05 s left", "overdue by 3 min 10 s"), to the minute for screen
 * readers (read when reached, never announced every second), and how urgent it is (a colour class that always
 * comes with the words).
 */
import type { ComplianceReport, ObligationResult } from '../../core/compliance.js';
import { parseInstant } from '../../core/time.js';

/** When the obligation is due, in epoch milliseconds; undefined when it has no fixed deadline. */
export function deadlineMs(
  result: ObligationResult,
  report: Pick<ComplianceReport, 'at'>,
): number | undefined {
  if (result.due !== undefined) {
    const parsed = parseInstant(result.due);
    if (parsed.ok) return parsed.value.epochMs;
  }
  if (result.secondsLeft !== undefined) {
    const at = Date.parse(report.at);
    if (Number.isFinite(at)) return at + result.secondsLeft * 1000;
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A span of time to the second: `3 d 2 h 14 min 05 s`, `2 h 14 min 05 s`, `14 min 05 s`, `5 s`. */
export function spanText(ms: number): string {
  let rest = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  if (days > 0) return `${days} d ${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}

/** The live countdown: `2 h 14 min 05 s left`, or `overdue by 3 min 10 s` once the deadline passed. */
export function countdownText(msLeft: number): string {
  return msLeft > 0 ? `${spanText(msLeft)} left` : `overdue by ${spanText(msLeft)}`;
}

/** The countdown to the minute, for screen readers: `2 h 14 min left`, `less than a minute left`, `overdue by 3 min`. */
export function minuteText(msLeft: number): string {
  const minutesTotal = Math.floor(Math.abs(msLeft) / 60_000);
  const days = Math.floor(minutesTotal / 1440);
  const hours = Math.floor((minutesTotal - days * 1440) / 60);
  const minutes = minutesTotal - days * 1440 - hours * 60;
  const parts = [
    days > 0 ? `${days} d` : '',
    hours > 0 ? `${hours} h` : '',
    minutes > 0 ? `${minutes} min` : '',
  ]
    .filter((p) => p !== '')
    .join(' ');
  if (msLeft > 0) return parts === '' ? 'less than a minute left' : `${parts} left`;
  return parts === '' ? 'overdue by less than a minute' : `overdue by ${parts}`;
}

/** How urgent an open deadline is: past, under 6 hours, under 24 hours, or later. */
export type Urgency = 'overdue' | 'urgent' | 'soon' | 'later';

/** The urgency of an open deadline `msLeft` away. */
export function urgencyOf(msLeft: number): Urgency {
  if (msLeft <= 0) return 'overdue';
  if (msLeft < 6 * 3_600_000) return 'urgent';
  if (msLeft < 24 * 3_600_000) return 'soon';
  return 'later';
}
