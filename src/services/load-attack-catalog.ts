/**
 * Loads MITRE's ATT&CK STIX bundle (a file, or an http(s) URL such as the enterprise-attack.json of
 * github.com/mitre-attack/attack-stix-data) into the database, replacing the catalogue of its domain.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AttackCatalog, type CatalogRead, readAttackBundle } from '../core/attack-catalog.js';
import { DomainError } from '../core/errors.js';
import { findAttackCatalog, saveAttackCatalog } from '../db/attack-catalog.repository.js';
import type { Database } from '../db/database.js';
import { readLimitedFile } from './read-text-file.js';

/** The full Enterprise bundle is about 45 MB; anything far beyond is not an ATT&CK bundle. */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

async function readSource(source: string, label: string): Promise<Uint8Array> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(120_000) });
    } catch (error) {
      throw new DomainError('file_unreadable', `cannot download ${label}: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body)
      throw new DomainError('file_unreadable', `cannot download ${label}: HTTP ${response.status}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_BUNDLE_BYTES)
        throw new DomainError('too_large', `${label} is over ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
  return readLimitedFile(source, label, MAX_BUNDLE_BYTES, 'an ATT&CK bundle');
}

/** Reads and checks a bundle without storing it (for `--bundle FILE`). */
export async function readAttackSource(
  source: string,
  label = source,
): Promise<CatalogRead & { sha256: string }> {
  const bytes = await readSource(source, label);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new DomainError('invalid_input', `${label} is not JSON: ${(error as Error).message}`);
  }
  let read: CatalogRead;
  try {
    read = readAttackBundle(value);
  } catch (error) {
    throw new DomainError('invalid_input', `${label}: ${(error as Error).message}`);
  }
  if (read.counts.techniques === 0)
    throw new DomainError(
      'invalid_input',
      `${label} holds no ATT&CK techniques (attack-pattern objects with an ATT&CK id)`,
    );
  return { ...read, sha256 };
}

/** Loads a bundle into the database; returns what was read. */
export async function loadAttackCatalog(
  db: Kysely<Database>,
  source: string,
  options: {
    readonly label?: string;
    readonly now: string;
    readonly actor: string;
    /** What the catalogue is stored as coming from, instead of `source` (an upload saved to a temporary file). */
    readonly storedAs?: string;
  },
): Promise<CatalogRead & { sha256: string }> {
  const read = await readAttackSource(source, options.label ?? source);
  await saveAttackCatalog(db, read.catalog, {
    source: options.storedAs ?? source,
    sha256: read.sha256,
    loadedAt: options.now,
    loadedBy: options.actor,
  });
  return read;
}

/** The stored catalogue, or undefined (the caller says how to load one). */
export async function storedAttackCatalog(db: Kysely<Database>): Promise<AttackCatalog | undefined> {
  return (await findAttackCatalog(db))?.catalog;
}

/** What to say when no catalogue is loaded. */
export const NO_ATTACK_CATALOG =
  'no ATT&CK catalogue: load one with "debrief attack load enterprise-attack.json"';

/** The stored catalogue, or an `invalid_input` error saying how to load one. */
export async function requireAttackCatalog(db: Kysely<Database>): Promise<AttackCatalog> {
  const catalog = await storedAttackCatalog(db);
  if (!catalog) throw new DomainError('invalid_input', NO_ATTACK_CATALOG);
  return catalog;
}
