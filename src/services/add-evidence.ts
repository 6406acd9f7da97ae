/**
 * Registers evidence: the file is copied into the content-addressed blob store (hashed on the way), recorded
 * with its size, media type and original name, its chain of custody is started (`collected` when the collector
 * or time is known, then `registered`), and a reference is added to the post-mortem's evidence list, all in one
 * transaction. The same file registered twice for a post-mortem is found again, not duplicated.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ITEM_ID_PATTERN } from '../contract/schema-primitives.js';
import { custodyGenesis } from '../core/custody.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { evidenceKindFor, guessMediaType } from '../core/media-type.js';
import type { EvidenceReference, PostMortem } from '../core/model.js';
import { instantOf, parseInstant, toUtcIso } from '../core/time.js';
import { isTimeZone } from '../core/timestamps.js';
import type { EvidenceKind } from '../core/vocabulary.js';
import type { BlobStore, ByteProgress } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import {
  appendCustody,
  type EvidenceRecord,
  findEvidenceBySha256,
  insertBlob,
  insertEvidence,
  listEvidence,
} from '../db/evidence.repository.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { readPostMortem } from './read-post-mortem.js';

/** SHA-256 of text, for custody chains. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What is known about a piece of evidence besides its content. */
export interface EvidenceDetails {
  /** Evidence id to use; by default the next free `EV-0001`, `EV-0002`... */
  readonly id?: string;
  readonly title?: string;
  readonly kind?: EvidenceKind;
  readonly description?: string;
  readonly collectedBy?: string;
  /** When it was collected: an instant with offset (or a date). */
  readonly collectedAt?: string;
  readonly sourceSystem?: string;
  /** IANA zone of times without offset in this evidence. */
  readonly timezone?: string;
}

export interface AddEvidenceResult {
  readonly evidence: EvidenceRecord;
  /** `added`, or `existing` when this post-mortem already holds the same content. */
  readonly outcome: 'added' | 'existing';
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function checkDetails(details: EvidenceDetails): void {
  if (details.collectedAt !== undefined) {
    const parsed = parseInstant(details.collectedAt);
    if (!parsed.ok)
      throw new DomainError('invalid_input', `--collected-at ${details.collectedAt}: ${parsed.reason}`);
  }
  if (details.timezone !== undefined && !isTimeZone(details.timezone)) {
    throw new DomainError(
      'invalid_input',
      `--timezone ${details.timezone} is not a time zone; use an IANA name such as Europe/Amsterdam or UTC`,
    );
  }
  if (details.id !== undefined && !ITEM_ID_PATTERN.test(details.id)) {
    throw new DomainError('invalid_input', `--id ${details.id}: use letters, digits, ".", "_", ":" and "-"`);
  }
}

/** Every id used anywhere in a document (ids are unique across the whole post-mortem). */
function idsIn(doc: PostMortem): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value !== null && typeof value === 'object') {
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
      for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') visit(inner);
    }
  };
  visit(doc);
  return ids;
}

/** Registers one file as evidence of a post-mortem. */
export async function addEvidence(
  db: Kysely<Database>,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  path: string,
  details: EvidenceDetails,
  context: { readonly actor: string; readonly now: string; readonly onProgress?: ByteProgress },
): Promise<AddEvidenceResult> {
  checkDetails(details);
  await readPostMortem(db, postMortemId);
  // The copy happens outside the transaction: the store is idempotent, and a blob nobody references is harmless.
  const blob = await blobs.putFile(path, context.onProgress);
  return registerStoredEvidence(db, blobs, postMortemId, blob, basename(path), details, context);
}

/**
 * Registers content streamed in (an upload) as evidence: stored as it arrives, refused beyond `maxBytes` with
 * nothing registered (the partial copy is discarded), then registered like a file.
 */
export async function addEvidenceStream(
  db: Kysely<Database>,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  content: Readable,
  originalName: string,
  details: EvidenceDetails,
  context: {
    readonly actor: string;
    readonly now: string;
    readonly maxBytes: number;
    readonly onProgress?: ByteProgress;
  },
): Promise<AddEvidenceResult> {
  checkDetails(details);
  const name = basename(originalName.replace(/\\/g, '/')).trim();
  if (name === '' || name.length > 255 || [...name].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new DomainError(
      'invalid_input',
      'name the uploaded file: 1 to 255 characters, no control characters',
    );
  }
  await readPostMortem(db, postMortemId);
  const blob = await blobs.putStream(Readable.from(upTo(content, context.maxBytes)), context.onProgress);
  return registerStoredEvidence(db, blobs, postMortemId, blob, name, details, context);
}

/**
 * The chunks of `content`, failing with `too_large` once more than `max` bytes went by. It stops reading without
 * destroying the source: the server discards the rest of a request body after answering, so the client still
 * gets the 413.
 */
async function* upTo(content: Readable, max: number): AsyncGenerator<Buffer> {
  const chunks = content[Symbol.asyncIterator]();
  let seen = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return;
    const chunk = next.value as Buffer;
    seen += chunk.length;
    if (seen > max) {
      throw new DomainError(
        'too_large',
        `the upload is larger than the limit of ${max} bytes (DEBRIEF_MAX_UPLOAD_BYTES)`,
      );
    }
    yield chunk;
  }
}

/** Records content already in the blob store as evidence (custody started, referenced by the post-mortem). */
async function registerStoredEvidence(
  db: Kysely<Database>,
  blobs: BlobStore,
  postMortemId: PostMortemId,
  blob: { readonly sha256: string; readonly size: number },
  originalName: string,
  details: EvidenceDetails,
  context: { readonly actor: string; readonly now: string },
): Promise<AddEvidenceResult> {
  const head = await readHead(blobs.pathOf(blob.sha256));
  const mediaType = guessMediaType(originalName, head);
  return db.transaction().execute(async (trx) => {
    const existing = await findEvidenceBySha256(trx, postMortemId, blob.sha256);
    if (existing) return { evidence: existing, outcome: 'existing' as const };
    const stored = await readPostMortem(trx, postMortemId);
    const used = idsIn(stored.document);
    for (const item of await listEvidence(trx, postMortemId)) used.add(item.id);
    let id = details.id;
    if (id !== undefined && used.has(id)) {
      throw new DomainError(
        'invalid_input',
        `id ${id} is already used in ${postMortemId}; choose another with --id`,
      );
    }
    for (let n = 1; id === undefined; n++) {
      const candidate = `EV-${String(n).padStart(4, '0')}`;
      if (!used.has(candidate)) id = candidate;
    }
    const collectedAt = details.collectedAt;
    const record: Omit<EvidenceRecord, 'custodyCount' | 'custodyHead'> = {
      postMortemId,
      id,
      sha256: blob.sha256,
      size: blob.size,
      mediaType,
      originalName,
      ...(details.description === undefined ? {} : { description: details.description }),
      ...(details.collectedBy === undefined ? {} : { collectedBy: details.collectedBy }),
      ...(collectedAt === undefined ? {} : { collectedAt }),
      ...(details.sourceSystem === undefined ? {} : { sourceSystem: details.sourceSystem }),
      ...(details.timezone === undefined ? {} : { timezone: details.timezone }),
      registeredAt: context.now,
      registeredBy: context.actor,
    };
    await insertBlob(trx, {
      sha256: blob.sha256,
      size: blob.size,
      origin: 'evidence',
      storedAt: context.now,
    });
    await insertEvidence(
      trx,
      record,
      custodyGenesis({ postMortemId, evidenceId: id, sha256: blob.sha256 }, sha256Hex),
    );
    if (details.collectedBy !== undefined || collectedAt !== undefined) {
      const at = collectedAt === undefined ? context.now : toUtcIso(instantOf(collectedAt).epochMs);
      await appendCustody(
        trx,
        postMortemId,
        id,
        {
          action: 'collected',
          actor: details.collectedBy ?? context.actor,
          at,
          details: { sourceSystem: details.sourceSystem ?? null, collectedAt: collectedAt ?? null },
        },
        sha256Hex,
      );
    }
    await appendCustody(
      trx,
      postMortemId,
      id,
      {
        action: 'registered',
        actor: context.actor,
        at: context.now,
        details: { sha256: blob.sha256, size: blob.size, originalName, mediaType },
      },
      sha256Hex,
    );
    const reference: EvidenceReference = {
      id,
      title: details.title ?? originalName,
      kind: details.kind ?? evidenceKindFor(mediaType, originalName),
      sha256: blob.sha256,
      ...(details.description === undefined ? {} : { description: details.description }),
      ...(details.sourceSystem === undefined ? {} : { sourceSystem: details.sourceSystem }),
      ...(details.collectedBy === undefined ? {} : { collectedBy: details.collectedBy }),
      ...(collectedAt === undefined ? {} : { collectedAt }),
    };
    await modifyPostMortem(trx, postMortemId, (doc) => ({ ...doc, evidence: [...doc.evidence, reference] }), {
      now: context.now,
      origin: `evidence add ${id}`,
    });
    const evidence = await findEvidenceBySha256(trx, postMortemId, blob.sha256);
    if (!evidence) throw new DomainError('internal', `evidence ${id} was not stored`);
    return { evidence, outcome: 'added' as const };
  });
}
