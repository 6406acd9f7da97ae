/**
 * Post-mortems written over the API: created (the author becomes a member, so a restricted one stays visible to
 * them), replaced as a whole against the version the caller read (optimistic concurrency: a stale version is a
 * conflict and nothing is written), and opened as a draft by an incident platform when an incident closes
 * (idempotent by the platform's incident id).
 */
import type { Kysely } from 'kysely';
import { postMortemSchema } from '../contract/post-mortem.schema.js';
import { validatePostMortemValue } from '../contract/post-mortem-file.js';
import { POST_MORTEM_ID_PATTERN } from '../contract/schema-primitives.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import type { PostMortem } from '../core/model.js';
import type { PostMortemType, Severity } from '../core/vocabulary.js';
import { addMember } from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  findIncidentLink,
  findPostMortem,
  insertIncidentLink,
  insertPostMortem,
  postMortemNotFound,
  type StoredPostMortem,
} from '../db/post-mortem.repository.js';
import { contentHash, importPostMortem } from './import-post-mortem.js';
import { requireValid } from './read-post-mortem-file.js';

type Db = Kysely<Database>;

/** Who writes: the account (made a member of what it creates) and how the audit and revisions name it. */
export interface Author {
  readonly userId: string;
  readonly username: string;
}

function validated(value: unknown, label: string): PostMortem {
  return requireValid(validatePostMortemValue(value), label, 'details.problems lists every problem');
}

async function insertNew(
  db: Db,
  doc: PostMortem,
  author: Author,
  now: string,
  origin: string,
): Promise<void> {
  const document = { ...doc, version: 1, created: now, updated: now };
  await db.transaction().execute(async (trx) => {
    await insertPostMortem(trx, { document, contentHash: contentHash(document), origin });
    await addMember(trx, {
      post_mortem_id: doc.id,
      user_id: author.userId,
      added_at: now,
      added_by: author.username,
    });
  });
}

/** Creates a post-mortem from a document; `version_conflict` when the id is taken. */
export async function createPostMortem(
  db: Db,
  value: unknown,
  author: Author,
  now: string,
): Promise<StoredPostMortem> {
  const doc = validated(value, 'the post-mortem');
  try {
    await insertNew(db, doc, author, now, `api by ${author.username}`);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError(
        'version_conflict',
        `post-mortem ${doc.id} already exists: change it with PUT and its ETag`,
        {
          id: doc.id,
        },
      );
    }
    throw error;
  }
  return (await findPostMortem(db, doc.id)) as StoredPostMortem;
}

/**
 * Replaces a post-mortem with a document based on `baseVersion` (from the ETag the caller read). Who may not
 * manage members may not change whether it is restricted either: that would show it to everyone, or hide it.
 */
export async function replacePostMortem(
  db: Db,
  id: string,
  value: unknown,
  options: {
    readonly baseVersion: number;
    readonly now: string;
    readonly author: Author;
    readonly mayRestrict: boolean;
  },
): Promise<{ stored: StoredPostMortem; outcome: 'updated' | 'unchanged' }> {
  const doc = validated(value, `post-mortem ${id}`);
  if (doc.id !== id) {
    throw new DomainError(
      'invalid_input',
      `the document's id ${doc.id} is not ${id}: the id of a post-mortem cannot change`,
    );
  }
  const current = await findPostMortem(db, id as PostMortemId);
  if (current === undefined) throw postMortemNotFound(id);
  if (!options.mayRestrict && current.document.restricted !== doc.restricted) {
    throw new DomainError(
      'forbidden',
      'only leads and admins may change whether a post-mortem is restricted',
    );
  }
  const result = await importPostMortem(
    db,
    { ...doc, version: options.baseVersion },
    { now: options.now, origin: `api by ${options.author.username}` },
  );
  return {
    stored: (await findPostMortem(db, id as PostMortemId)) as StoredPostMortem,
    outcome: result.outcome === 'unchanged' ? 'unchanged' : 'updated',
  };
}

/** What an incident platform sends when an incident closes. */
export interface ClosedIncident {
  /** The sending system: pagerduty, servicenow, thehive, a SOAR... */
  readonly source: string;
  /** The incident's id in that system: the idempotency key. */
  readonly externalId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly types?: readonly PostMortemType[];
  readonly url?: string;
  readonly summary?: string;
  readonly restricted?: boolean;
  readonly tags?: readonly string[];
  /** The post-mortem id to use; default `<source>-<externalId>`, made safe. */
  readonly id?: string;
}

/** The id a draft gets: letters, digits, dots, underscores and dashes only. */
export function draftIdFor(source: string, externalId: string): string {
  const id = `${source}-${externalId}`
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 80);
  if (!POST_MORTEM_ID_PATTERN.test(id))
    throw new DomainError(
      'invalid_input',
      `cannot make a post-mortem id from "${source}" and "${externalId}": send "id"`,
    );
  return id;
}

/** Opens a draft post-mortem for a closed incident, once: a second delivery finds the first draft. */
export async function openFromIncident(
  db: Db,
  incident: ClosedIncident,
  author: Author,
  now: string,
): Promise<{ id: string; created: boolean }> {
  const existing = await findIncidentLink(db, incident.source, incident.externalId);
  if (existing) return { id: existing.post_mortem_id, created: false };
  const id = incident.id ?? draftIdFor(incident.source, incident.externalId);
  const doc = postMortemSchema.parse({
    apiVersion: 'debrief/v1',
    kind: 'PostMortem',
    id,
    title: incident.title,
    status: 'draft',
    severity: incident.severity,
    types: incident.types && incident.types.length > 0 ? [...incident.types] : ['technical'],
    restricted: incident.restricted ?? false,
    tags: [...(incident.tags ?? [])],
    references: [
      { system: incident.source, id: incident.externalId, ...(incident.url ? { url: incident.url } : {}) },
    ],
    ...(incident.summary ? { summary: { whatHappened: incident.summary } } : {}),
  }) as PostMortem;
  const document = { ...doc, version: 1, created: now, updated: now };
  try {
    await db.transaction().execute(async (trx) => {
      await insertPostMortem(trx, {
        document,
        contentHash: contentHash(document),
        origin: `webhook ${incident.source}`,
      });
      const linked = await insertIncidentLink(trx, {
        source: incident.source,
        external_id: incident.externalId,
        post_mortem_id: id,
        created_at: now,
        created_by: author.username,
      });
      if (!linked) throw new LinkedMeanwhile();
      await addMember(trx, {
        post_mortem_id: id,
        user_id: author.userId,
        added_at: now,
        added_by: author.username,
      });
    });
  } catch (error) {
    if (error instanceof LinkedMeanwhile || isUniqueViolation(error)) {
      const linked = await findIncidentLink(db, incident.source, incident.externalId);
      if (linked) return { id: linked.post_mortem_id, created: false };
      throw new DomainError(
        'version_conflict',
        `post-mortem ${id} already exists for another incident: send another "id"`,
        { id },
      );
    }
    throw error;
  }
  return { id, created: true };
}

/** Another delivery of the same incident linked it first (inside the transaction: roll back, then find it). */
class LinkedMeanwhile extends Error {}
