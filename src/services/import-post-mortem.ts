/**
 * Imports a validated post-mortem document: creates it, or updates the stored one by id.
 *
 * An update must carry the version it was based on; a stale one fails with `version_conflict` and writes
 * nothing (unless forced, and even then the replaced document stays in the revision history). Importing a
 * document whose content equals the stored one is a no-op, so import → export → import is stable.
 * Everything happens in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalPostMortem } from '../contract/post-mortem-file.js';
import { DomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import { applyEditRules } from '../core/sign-off.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { findPostMortem, insertPostMortem, updatePostMortem } from '../db/post-mortem.repository.js';

/** How an import runs: the instant to stamp, whether to override a version conflict, the origin recorded. */
export interface ImportOptions {
  /** The current instant, ISO 8601 UTC (services never read the clock themselves in tests). */
  readonly now: string;
  /** Replace the stored document even if the file is based on an older version. */
  readonly force?: boolean;
  /** Recorded in the revision history: `import`, `demo`... */
  readonly origin?: string;
}

/** What an import did (created, updated, or nothing as the content was unchanged) and the stored version. */
export interface ImportResult {
  readonly id: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
  /** The stored version after the import. */
  readonly version: number;
  readonly previousVersion?: number;
}

/** SHA-256 of a document's content, leaving out what storage stamps (version and timestamps). */
export function contentHash(doc: PostMortem): string {
  const { version: _v, created: _c, updated: _u, ...content } = doc;
  return createHash('sha256')
    .update(JSON.stringify(canonicalPostMortem(content as PostMortem)))
    .digest('hex');
}

/** Creates or updates a post-mortem from a validated document. */
export async function importPostMortem(
  db: Kysely<Database>,
  doc: PostMortem,
  options: ImportOptions,
): Promise<ImportResult> {
  const hash = contentHash(doc);
  const origin = options.origin ?? (options.force ? 'import --force' : 'import');
  try {
    return await db.transaction().execute(async (trx) => {
      const stored = await findPostMortem(trx, doc.id);
      if (!stored) {
        const document = {
          ...doc,
          version: doc.version ?? 1,
          created: doc.created ?? options.now,
          updated: doc.updated ?? options.now,
        };
        await insertPostMortem(trx, { document, contentHash: hash, origin });
        return { id: doc.id, outcome: 'created', version: document.version };
      }
      const current = stored.document.version;
      if (stored.contentHash === hash) return { id: doc.id, outcome: 'unchanged', version: current };
      if (!options.force && doc.version !== current) {
        const based = doc.version === undefined ? 'has no version' : `is based on version ${doc.version}`;
        throw new DomainError(
          'version_conflict',
          `${doc.id} ${based}, but the stored one is at version ${current} (updated ${stored.document.updated}); ` +
            `export it with "debrief export ${doc.id}", apply your changes, and import again (or use --force)`,
          {
            id: doc.id,
            storedVersion: current,
            ...(doc.version === undefined ? {} : { baseVersion: doc.version }),
          },
        );
      }
      // Review and sign-off: a published post-mortem refuses the change, an approved one becomes a draft again.
      const edited = applyEditRules(stored.document, doc);
      const document = {
        ...edited,
        version: current + 1,
        created: stored.document.created,
        updated: options.now,
      };
      const written = await updatePostMortem(
        trx,
        { document, contentHash: edited === doc ? hash : contentHash(edited), origin },
        current,
      );
      if (!written) throw concurrentWrite(doc.id);
      return { id: doc.id, outcome: 'updated', version: document.version, previousVersion: current };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw concurrentWrite(doc.id);
    throw error;
  }
}

function concurrentWrite(id: string): DomainError {
  return new DomainError(
    'version_conflict',
    `${id} was written by someone else at the same time; nothing was written, export it and try again`,
    { id },
  );
}
