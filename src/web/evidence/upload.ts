/**
 * Uploading one evidence file with XMLHttpRequest (fetch reports no upload progress): the bytes as
 * `application/octet-stream` to `POST /api/post-mortems/:id/evidence?name=…&ingest=…`, the session cookie
 * (same origin) and the CSRF header, progress reported as bytes sent. A failure is an `ApiError` carrying the
 * server's message (a 413 for a file over the server's limit, a 400 for a wrong option).
 */
import { ApiError, apiErrorOf, apiUrl, csrfHeaders, type Query } from '../api.js';
import { evidencePath, type UploadResponse } from './evidence-types.js';

/** The options of an upload (the query of the route; empty values are left out). */
export interface UploadOptions {
  /** Queue the ingest into the working timeline (default true). */
  readonly ingest: boolean;
  /** A format name, or empty / `auto` to detect it. */
  readonly format: string;
  readonly timezone: string;
  readonly description: string;
  readonly collectedBy: string;
  readonly collectedAt: string;
  readonly sourceSystem: string;
}

/** The options a new upload starts with. */
export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  ingest: true,
  format: 'auto',
  timezone: '',
  description: '',
  collectedBy: '',
  collectedAt: '',
  sourceSystem: '',
};

/** One upload under way: its answer, and how to stop it. */
export interface UploadHandle {
  readonly done: Promise<UploadResponse>;
  readonly abort: () => void;
}

/** The URL of the upload of `fileName` with `options`. */
export function uploadUrl(postMortemId: string, fileName: string, options: UploadOptions): string {
  const query: Query = {
    name: fileName,
    ingest: options.ingest ? 'true' : 'false',
    format: options.ingest && options.format !== 'auto' ? options.format.trim() : undefined,
    timezone: options.timezone.trim(),
    description: options.description.trim(),
    collectedBy: options.collectedBy.trim(),
    collectedAt: options.collectedAt.trim(),
    sourceSystem: options.sourceSystem.trim(),
  };
  return apiUrl(evidencePath(postMortemId), query);
}

/**
 * Starts uploading `file`; `onProgress(sent, total)` follows the bytes sent. The promise settles with the
 * server's answer (`outcome: "added"` or `"existing"`, the queued job) or an `ApiError`.
 */
export function uploadEvidence(
  postMortemId: string,
  file: File,
  options: UploadOptions,
  onProgress: (sent: number, total: number) => void,
): UploadHandle {
  // Looked up at call time, so tests can put a fake XMLHttpRequest in place.
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResponse>((resolve, reject) => {
    xhr.open('POST', uploadUrl(postMortemId, file.name, options));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    // Same origin: the session cookie goes with the request (withCredentials matters only across origins).
    xhr.upload.onprogress = (event: ProgressEvent) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResponse);
        } catch {
          reject(
            new ApiError(xhr.status, 'internal', 'the server answered the upload with no readable JSON'),
          );
        }
      } else {
        reject(apiErrorOf(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => {
      // A server refusing a too-large body closes the connection, which the browser may report as a network error.
      reject(
        new ApiError(
          0,
          'network',
          'the upload was interrupted: the connection dropped, or the server refused a file this large',
        ),
      );
    };
    xhr.onabort = () => reject(new ApiError(0, 'network', 'the upload was cancelled'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
