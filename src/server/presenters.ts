/**
 * Presenters: what the API returns for domain objects. The wire schemas in contract/api.ts describe these
 * shapes; the domain types are readonly views of the same data, so presenting is a typed identity here and the
 * place to shape responses when they start to differ (redaction, links).
 */
import type { z } from 'zod';
import type { postMortemPageSchema, storedPostMortemSchema } from '../contract/api.js';
import type { jobSchema } from '../contract/jobs-api.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import type { JobView } from '../services/jobs.js';
import type { PostMortemPage } from '../services/list-post-mortems.js';

/** The full document as the API returns it. */
export function presentPostMortem(doc: PostMortem): z.output<typeof storedPostMortemSchema> {
  // Readonly domain data and the schema's mutable output type describe the same JSON.
  return doc as z.output<typeof storedPostMortemSchema>;
}

/** A page of summaries as the API returns it. */
export function presentPage(page: PostMortemPage): z.output<typeof postMortemPageSchema> {
  return page as z.output<typeof postMortemPageSchema>;
}

/** A strong ETag for a stored version: the version and the content hash identify the representation. */
export function etagOf(version: number, contentHash: string): string {
  return `"v${version}-${contentHash.slice(0, 16)}"`;
}

/** The version an `If-Match` ETag names, or undefined when it is not one of ours. */
export function versionOfEtag(etag: string | undefined): number | undefined {
  const match = /^(?:W\/)?"v(\d+)-[0-9a-f]{16}"$/.exec(etag?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * For routes that answer a whole stored document: plain JSON, without checking the answer against its schema
 * again (it was validated when stored, and checking a large document on every read costs more than reading it).
 * The schema still documents the answer in OpenAPI.
 */
export function storedDocumentSerializer(): (data: unknown) => string {
  return (data) => JSON.stringify(data);
}

/** A background job as the API returns it (its params and result are plain JSON objects). */
export function presentJob(job: JobView): z.output<typeof jobSchema> {
  return job as unknown as z.output<typeof jobSchema>;
}

/**
 * The version an `If-Match` header names. `optional`: undefined when absent (or `*`); `required`: absent is an
 * error too. A header that is not one of our ETags is `invalid_input` either way.
 */
export function ifMatchVersion(
  header: string | string[] | undefined,
  id: string,
  presence: 'optional' | 'required',
): number | undefined {
  if (header === undefined || header.toString().trim() === '*') {
    if (presence === 'optional') return undefined;
    throw new DomainError(
      'invalid_input',
      `send If-Match with the ETag of the version you changed (GET /api/post-mortems/${id} gives it)`,
    );
  }
  const version = versionOfEtag(typeof header === 'string' ? header : undefined);
  if (version === undefined) {
    throw new DomainError(
      'invalid_input',
      `If-Match is not an ETag of ${id}: send the ETag of GET /api/post-mortems/${id}`,
    );
  }
  return version;
}
