/**
 * Who approves over the API: the signed-in account must be one of the post-mortem's named approvers, matched by
 * e-mail (the account's e-mail equals the person's, case-insensitively). An admin may decide on behalf of an
 * approver by naming the person explicitly; the audit entry says so. Nobody else may name another person.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../core/access.js';
import { DomainError } from '../core/errors.js';
import type { PostMortemId } from '../core/ids.js';
import { approversOf, checkReviewAction } from '../core/sign-off.js';
import { findUserById } from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';

/** The approver a caller decides as, and whether an admin decides on someone else's behalf. */
export async function matchApprover(
  db: Kysely<Database>,
  id: PostMortemId,
  caller: Principal,
  person: string | undefined,
  action: 'approve' | 'request-changes',
): Promise<{ person: string; onBehalf: boolean }> {
  const { document } = await getPostMortem(db, id);
  // A post-mortem that is not in review says so first, whoever asks.
  checkReviewAction(id, document.status, action);
  const approvers = approversOf(document);
  const email = (await findUserById(db, caller.userId))?.email?.trim().toLowerCase();
  const own = approvers.filter((p) => email && p.email?.trim().toLowerCase() === email);
  if (person !== undefined) {
    if (own.some((p) => p.id === person)) return { person, onBehalf: false };
    // Deciding for someone else: admins only (with a token, one with the admin scope).
    if (caller.role === 'admin' && (caller.scopes === undefined || caller.scopes.includes('admin')))
      return { person, onBehalf: true };
    throw new DomainError(
      'forbidden',
      `only admins may decide for another approver: your account is not ${person} of ${id} (matched by e-mail)`,
      { id, person },
    );
  }
  const [only, ...more] = own;
  if (only === undefined) {
    throw new DomainError(
      'forbidden',
      `your account ${email ? `(${email}) ` : 'has no e-mail and '}is not a named approver of ${id}: an approver is a person with the role "approver" whose e-mail is the account's (approvers: ${approvers.map((p) => p.id).join(', ') || 'none'})`,
      { id },
    );
  }
  if (more.length > 0)
    throw new DomainError(
      'invalid_input',
      `your e-mail matches several approvers of ${id} (${own.map((p) => p.id).join(', ')}): send "person"`,
      { id },
    );
  return { person: only.id, onBehalf: false };
}
