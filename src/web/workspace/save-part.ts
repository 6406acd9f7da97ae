/**
 * Saving one part of a post-mortem (its 5 Whys, its people, its lessons…) without overwriting anyone.
 *
 * The document is replaced as a whole (`PUT /api/post-mortems/:id` with `If-Match`). When someone stored a
 * version meanwhile (`409 version_conflict`), the stored version is read again and compared, for the part being
 * edited, with what the edit started from:
 * - their version left this part as it was → my part is laid onto their version and saved again (their changes
 *   elsewhere are kept);
 * - their version has exactly my part → nothing to save;
 * - otherwise both changed it → a conflict: both versions are returned for the user to choose.
 */
import type { PostMortem } from '../../core/model.js';
import { ApiError, apiGetDocument, apiSendWithEtag } from '../api.js';

/** How to read and write one part of the document. */
export interface DocumentPart<T> {
  readonly get: (doc: PostMortem) => T;
  readonly set: (doc: PostMortem, value: T) => PostMortem;
}

/** The outcome of a save. */
export type SaveOutcome<T> =
  | {
      readonly kind: 'saved';
      readonly doc: PostMortem;
      readonly etag: string | undefined;
      /** Someone else's version was stored meanwhile and kept (my part laid onto it). */
      readonly merged: boolean;
    }
  | { readonly kind: 'conflict'; readonly conflict: PartConflict<T> };

/** Both versions of a part that two people changed. */
export interface PartConflict<T> {
  readonly mine: T;
  readonly theirs: T;
  readonly theirsDoc: PostMortem;
  readonly theirsEtag: string | undefined;
}

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (left[key] === undefined && right[key] === undefined) continue;
    if (!sameJson(left[key], right[key])) return false;
  }
  return true;
}

/** The API path of a post-mortem. */
export function documentPath(postMortemId: string): string {
  return `/post-mortems/${encodeURIComponent(postMortemId)}`;
}

/**
 * Saves `mine` as the part of `doc` (read with `etag`), the edit having started from `base`. Other errors than a
 * version conflict are thrown (`ApiError`).
 */
export async function savePart<T>(
  postMortemId: string,
  part: DocumentPart<T>,
  doc: PostMortem,
  etag: string | undefined,
  base: T,
  mine: T,
): Promise<SaveOutcome<T>> {
  const path = documentPath(postMortemId);
  const put = (onto: PostMortem, ontoEtag: string | undefined) =>
    apiSendWithEtag<PostMortem>('PUT', path, part.set(onto, mine), {
      ...(ontoEtag === undefined ? {} : { ifMatch: ontoEtag }),
    });
  try {
    const saved = await put(doc, etag);
    return { kind: 'saved', doc: saved.data, etag: saved.etag, merged: false };
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'version_conflict')) throw error;
  }
  const stored = await apiGetDocument<PostMortem>(path);
  const theirs = part.get(stored.data);
  if (sameJson(theirs, mine)) return { kind: 'saved', doc: stored.data, etag: stored.etag, merged: true };
  if (sameJson(theirs, base)) {
    const saved = await put(stored.data, stored.etag);
    return { kind: 'saved', doc: saved.data, etag: saved.etag, merged: true };
  }
  return { kind: 'conflict', conflict: { mine, theirs, theirsDoc: stored.data, theirsEtag: stored.etag } };
}

/** Keeps my part over their version after a conflict (saved against their ETag; may conflict again). */
export function keepMine<T>(
  postMortemId: string,
  part: DocumentPart<T>,
  conflict: PartConflict<T>,
): Promise<SaveOutcome<T>> {
  return savePart(
    postMortemId,
    part,
    conflict.theirsDoc,
    conflict.theirsEtag,
    conflict.theirs,
    conflict.mine,
  );
}

/** The message of an error for a person: the server's message, or `fallback` for anything else. */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}
