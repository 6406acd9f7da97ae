/**
 * Need-to-know access to post-mortems for one caller (core/access.ts has the rules): whether they may see one,
 * what they may see of all of them, breaking the glass, and membership.
 */
import type { Kysely } from 'kysely';
import { canSee, type Principal } from '../core/access.js';
import { DomainError } from '../core/errors.js';
import { addMember, listMemberRows, postMortemAccessRow, removeMember } from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { postMortemNotFound, type VisibleTo } from '../db/post-mortem.repository.js';
import { presentUser, requireUser, type UserView } from './accounts.js';

type Db = Kysely<Database>;

/** How a caller relates to one post-mortem. */
export type PostMortemAccessAnswer =
  | { readonly kind: 'missing' }
  | { readonly kind: 'visible'; readonly restricted: boolean; readonly member: boolean }
  /** Restricted (or need-to-know) and the caller is not a member: it does not exist for them. */
  | { readonly kind: 'hidden'; readonly restricted: boolean };

export async function postMortemAccess(
  db: Db,
  principal: Principal,
  id: string,
): Promise<PostMortemAccessAnswer> {
  const row = await postMortemAccessRow(db, id, principal.userId);
  if (row === undefined) return { kind: 'missing' };
  const access = { restricted: row.restricted === 1, member: row.member === 1 };
  return canSee(principal, access)
    ? { kind: 'visible', ...access }
    : { kind: 'hidden', restricted: access.restricted };
}

/** What a caller may see across post-mortems (for lists, search, insights, actions). */
export function visibleTo(principal: Principal): VisibleTo {
  return { open: canSee(principal, { restricted: false, member: false }), userId: principal.userId };
}

export interface MemberView extends UserView {
  readonly addedAt: string;
  readonly addedBy: string;
}

async function requirePostMortem(db: Db, id: string): Promise<void> {
  if ((await postMortemAccessRow(db, id, '')) === undefined) throw postMortemNotFound(id);
}

export async function listMembers(db: Db, postMortemId: string): Promise<MemberView[]> {
  await requirePostMortem(db, postMortemId);
  return (await listMemberRows(db, postMortemId)).map((row) => ({
    ...presentUser(row),
    addedAt: row.added_at,
    addedBy: row.added_by,
  }));
}

/** Adds a member; true when they were not one already. */
export async function addPostMortemMember(
  db: Db,
  postMortemId: string,
  user: string,
  by: string,
  now: string,
): Promise<{ added: boolean; user: UserView }> {
  await requirePostMortem(db, postMortemId);
  const row = await requireUser(db, user);
  const added = await addMember(db, {
    post_mortem_id: postMortemId,
    user_id: row.id,
    added_at: now,
    added_by: by,
  });
  return { added, user: presentUser(row) };
}

/** Removes a member; `not_found` when they were not one. */
export async function removePostMortemMember(db: Db, postMortemId: string, user: string): Promise<UserView> {
  await requirePostMortem(db, postMortemId);
  const row = await requireUser(db, user);
  if (!(await removeMember(db, postMortemId, row.id))) {
    throw new DomainError('not_found', `${row.username} is not a member of ${postMortemId}`);
  }
  return presentUser(row);
}
