/**
 * The evidence registry and background jobs as the REST API answers them (types inferred from the contract's
 * schemas, so a change on the server shows here at compile time), and small formatters the evidence screens
 * share: sizes, time spans, hashes, rejected samples.
 */
import type { z } from 'zod';
import type { jobSchema, uploadResponseSchema } from '../../contract/jobs-api.js';
import type {
  evidenceDetailSchema,
  evidenceListSchema,
  rejectPageSchema,
  verifyResponseSchema,
} from '../../contract/timeline-api.js';

/** One item of `GET /api/post-mortems/:id/evidence`. */
export type EvidenceItem = z.infer<typeof evidenceListSchema>[number];
/** `GET /api/post-mortems/:id/evidence/:evidenceId`: the item with its chain of custody. */
export type EvidenceDetail = z.infer<typeof evidenceDetailSchema>;
/** One custody entry. */
export type CustodyEntry = EvidenceDetail['custody'][number];
/** A page of rejected records. */
export type RejectPage = z.infer<typeof rejectPageSchema>;
/** `POST /api/post-mortems/:id/evidence/verify`. */
export type Verification = z.infer<typeof verifyResponseSchema>;
/** A background job (`GET /api/post-mortems/:id/jobs/:jobId`). */
export type Job = z.infer<typeof jobSchema>;
/** The answer of an upload. */
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

/** The summary of one parsed source in an ingest job's `result` (as `debrief ingest --json`). */
export interface JobSourceSummary {
  readonly member: string;
  readonly format: string;
  readonly status: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly firstTs?: string;
  readonly lastTs?: string;
  readonly error?: string;
}

/** The sources of an ingest job's result, read defensively (the result is typed as a record by the contract). */
export function jobSources(job: Job): readonly JobSourceSummary[] {
  const sources = job.result?.sources;
  return Array.isArray(sources) ? (sources as JobSourceSummary[]) : [];
}

/** A byte count for people: `512 B`, `1.5 KiB`, `2.3 MiB`, `1.1 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** An epoch-millisecond or ISO instant as `2026-03-14 09:00:00Z` (UTC, seconds). */
export function formatInstant(value: number | string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The first characters of a hash, for tables (the whole hash is shown on demand). */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

/**
 * The first bytes of a rejected record as safe, visible text: control characters (other than a tab) become
 * `\xNN` escapes, so a binary record cannot hide text or break the layout. React escapes the rest as text.
 */
export function visibleSample(sample: string): string {
  let out = '';
  for (const char of sample) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\t') out += '\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code === 0xfffd) out += '\\ufffd';
    else out += char;
  }
  return out;
}

/** What was parsed from an item, summed over its sources. */
export interface ParsedSummary {
  readonly formats: readonly string[];
  readonly accepted: number;
  readonly rejected: number;
  readonly firstTs?: number;
  readonly lastTs?: number;
  readonly running: boolean;
  readonly failed: boolean;
}

/** Sums an item's sources (one per archive member) into what the list shows. */
export function parsedSummary(item: Pick<EvidenceItem, 'sources'>): ParsedSummary | undefined {
  if (item.sources.length === 0) return undefined;
  const formats = [...new Set(item.sources.map((s) => s.format))];
  const firsts = item.sources.flatMap((s) => (s.firstTs === undefined ? [] : [s.firstTs]));
  const lasts = item.sources.flatMap((s) => (s.lastTs === undefined ? [] : [s.lastTs]));
  return {
    formats,
    accepted: item.sources.reduce((sum, s) => sum + s.accepted, 0),
    rejected: item.sources.reduce((sum, s) => sum + s.rejected, 0),
    ...(firsts.length === 0 ? {} : { firstTs: Math.min(...firsts) }),
    ...(lasts.length === 0 ? {} : { lastTs: Math.max(...lasts) }),
    running: item.sources.some((s) => s.status === 'running'),
    failed: item.sources.some((s) => s.status === 'failed'),
  };
}

/** The API path of a post-mortem's evidence (and below it). */
export function evidencePath(postMortemId: string, rest = ''): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}/${rest === '' ? 'evidence' : rest}`;
}
