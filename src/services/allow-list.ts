/** The indicator allow-list (internal ranges and domains), kept in the database settings. */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import { type AllowList, checkAllowEntry, EMPTY_ALLOW_LIST } from '../core/event-indicators.js';
import type { Database } from '../db/database.js';
import { findSetting, putSetting } from '../db/settings.repository.js';

const KEY = 'indicators.allow-list';

/** The allow-list (empty until something is added). */
export async function getAllowList(db: Kysely<Database>): Promise<AllowList> {
  const stored = await findSetting(db, KEY);
  return stored === undefined ? EMPTY_ALLOW_LIST : (JSON.parse(stored) as AllowList);
}

/** Adds entries: IPv4 addresses or CIDR ranges, or domains (told apart by their form). */
export async function addToAllowList(db: Kysely<Database>, entries: readonly string[]): Promise<AllowList> {
  const list = await getAllowList(db);
  const cidrs = [...list.cidrs];
  const domains = [...list.domains];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const kind = /^[\d.]+(\/\d+)?$/.test(entry) ? 'cidr' : 'domain';
    const problem = checkAllowEntry(kind, entry);
    if (problem) throw new DomainError('invalid_input', problem);
    const target = kind === 'cidr' ? cidrs : domains;
    if (!target.includes(entry)) target.push(entry);
  }
  const next = { cidrs: cidrs.sort(), domains: domains.sort() };
  await putSetting(db, KEY, JSON.stringify(next));
  return next;
}

/** Removes entries; naming one that is not there is an error that lists what is. */
export async function removeFromAllowList(
  db: Kysely<Database>,
  entries: readonly string[],
): Promise<AllowList> {
  const list = await getAllowList(db);
  const wanted = entries.map((e) => e.trim().toLowerCase());
  const missing = wanted.filter((e) => !list.cidrs.includes(e) && !list.domains.includes(e));
  if (missing.length > 0)
    throw new DomainError(
      'not_found',
      `${missing.join(', ')} not in the allow-list (it has: ${[...list.cidrs, ...list.domains].join(', ') || 'nothing'})`,
    );
  const next = {
    cidrs: list.cidrs.filter((c) => !wanted.includes(c)),
    domains: list.domains.filter((d) => !wanted.includes(d)),
  };
  await putSetting(db, KEY, JSON.stringify(next));
  return next;
}
