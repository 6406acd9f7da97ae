/**
 * `debrief diff ID V1 V2`: what changed between two versions of a post-mortem, where a version is the number of a
 * frozen (approved) version or `current`, the stored document. The answer is a unified diff of the canonical
 * YAML of both documents (jsdiff) and the field-level changes (core/document-diff.ts). What storage stamps
 * (version, created, updated) is left out of both: it differs every time and says nothing.
 */
import { createTwoFilesPatch } from 'diff';
import type { Kysely } from 'kysely';
import { canonicalPostMortem, serializePostMortem } from '../contract/post-mortem-file.js';
import { type DocumentChange, diffDocuments } from '../core/document-diff.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import { getReportVersion } from './read-report-versions.js';

/** A version to compare: a frozen version's number, or `current`. */
export type VersionRef = number | 'current';

/** Reads `1`, `v2`, `current` (case-insensitive); `invalid_input` otherwise. */
export function parseVersionRef(text: string): VersionRef {
  const value = text.trim().toLowerCase();
  if (value === 'current') return 'current';
  const match = /^v?([1-9]\d{0,8})$/.exec(value);
  if (!match)
    throw new DomainError(
      'invalid_input',
      `"${text}" is not a version: give a version number (1, 2...) or "current"`,
    );
  return Number(match[1]);
}

/** The comparison of two versions. */
export interface VersionDiff {
  readonly id: string;
  readonly from: VersionRef;
  readonly to: VersionRef;
  /** Unified diff of the canonical YAML; no hunks when nothing differs. */
  readonly patch: string;
  readonly changes: readonly DocumentChange[];
}

function unstamped(doc: PostMortem): PostMortem {
  const { version: _v, created: _c, updated: _u, ...rest } = doc;
  return rest as PostMortem;
}

async function documentOf(db: Kysely<Database>, id: PostMortemId, ref: VersionRef): Promise<PostMortem> {
  if (ref === 'current') return (await getPostMortem(db, id)).document;
  return (await getReportVersion(db, id, ref)).document;
}

const label = (ref: VersionRef) => (ref === 'current' ? 'current' : `version ${ref}`);

/** Compares two versions of a stored post-mortem. */
export async function diffReportVersions(
  db: Kysely<Database>,
  id: PostMortemId,
  from: VersionRef,
  to: VersionRef = 'current',
): Promise<VersionDiff> {
  const before = unstamped(await documentOf(db, id, from));
  const after = unstamped(await documentOf(db, id, to));
  const patch = createTwoFilesPatch(
    `${id} ${label(from)}`,
    `${id} ${label(to)}`,
    serializePostMortem(before, 'yaml'),
    serializePostMortem(after, 'yaml'),
    undefined,
    undefined,
    { context: 3 },
  );
  return {
    id,
    from,
    to,
    patch,
    changes: diffDocuments(canonicalPostMortem(before), canonicalPostMortem(after)),
  };
}
