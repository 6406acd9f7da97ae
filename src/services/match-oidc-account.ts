/**
 * Which Debrief account a single sign-on identity is (services/oidc.ts runs the flow): the account linked to the
 * provider's subject; failing that, once, the account with the provider's verified e-mail address, which is then
 * linked; failing that, a new account when the server creates them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../core/access.js';
import { DomainError } from '../core/errors.js';
import {
  findUserById,
  findUserByName,
  findUserByOidc,
  findUsersByEmail,
  linkUserOidc,
  type UserRow,
} from '../db/account.repository.js';
import type { Database } from '../db/database.js';
import { createUser, presentUser, requireUser, type UserView } from './accounts.js';

type Db = Kysely<Database>;

/** A refused sign-in: `unauthenticated`, with why in `details.reason` (for the audit trail). */
export function oidcRefusal(
  reason: string,
  message: string,
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError('unauthenticated', message, { reason, ...extra });
}

const refused = oidcRefusal;

/** Who the provider says signed in. */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string;
  readonly emailVerified: boolean;
  readonly name?: string;
  readonly preferredUsername?: string;
}

/** How the account of a sign-in was found. */
export type OidcMatch = 'subject' | 'email' | 'created';

function usernameBase(identity: OidcIdentity): string {
  for (const raw of [identity.preferredUsername, identity.email?.split('@')[0]]) {
    if (raw === undefined) continue;
    const cleaned = raw
      .toLowerCase()
      .replace(/[^a-z0-9._@-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 56);
    if (cleaned.length >= 2) return cleaned;
  }
  return `sso-${createHash('sha256').update(identity.subject).digest('hex').slice(0, 10)}`;
}

async function freeUsername(db: Db, identity: OidcIdentity): Promise<string> {
  const base = usernameBase(identity);
  for (const candidate of [base, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${base}-${n}`)]) {
    if ((await findUserByName(db, candidate)) === undefined) return candidate;
  }
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/**
 * The account of a single sign-on identity: linked by subject; else the one account with its verified e-mail
 * address, which gets the subject linked (unless disabled: the caller refuses it); else a new account with
 * `autoCreateRole`. Refusals are `unauthenticated` with `details.reason` `ambiguous`, `linked_elsewhere` or
 * `no_account`.
 */
export async function matchOidcAccount(
  db: Db,
  identity: OidcIdentity,
  autoCreateRole: Role | undefined,
  now: string,
): Promise<{ readonly row: UserRow; readonly match: OidcMatch }> {
  const bySubject = await findUserByOidc(db, identity.issuer, identity.subject);
  if (bySubject !== undefined) return { row: bySubject, match: 'subject' };
  const who = {
    issuer: identity.issuer,
    subject: identity.subject,
    ...(identity.email ? { email: identity.email } : {}),
  };

  if (identity.email !== undefined && identity.emailVerified) {
    const sameEmail = await findUsersByEmail(db, identity.email);
    // An account linked to another subject of this provider is someone else's; one linked to another provider
    // (the organisation changed providers) may be linked again by its verified address.
    const linkable = sameEmail.filter((u) => !(u.oidc_issuer === identity.issuer && u.oidc_subject !== null));
    if (linkable.length > 1) {
      throw refused(
        'ambiguous',
        `${linkable.length} accounts have the e-mail address ${identity.email}: an admin must keep it on one only`,
        who,
      );
    }
    const [row] = linkable;
    if (row !== undefined) {
      if (row.disabled === 1) return { row, match: 'email' };
      await linkUserOidc(db, row.id, identity, now);
      return { row: (await findUserById(db, row.id)) ?? row, match: 'email' };
    }
    if (sameEmail.length > 0) {
      throw refused(
        'linked_elsewhere',
        `the account with the e-mail address ${identity.email} is linked to another single sign-on identity: ask an admin`,
        who,
      );
    }
  }

  if (autoCreateRole === undefined) {
    throw refused(
      'no_account',
      `no Debrief account matches this single sign-on identity${identity.email ? ` (${identity.email})` : ''}: ask an admin to create one${identity.email ? ' with this e-mail address' : ''}`,
      who,
    );
  }
  try {
    const created = await createUser(
      db,
      {
        username: await freeUsername(db, identity),
        role: autoCreateRole,
        ...(identity.name ? { displayName: identity.name } : {}),
        // Only a verified address: an unverified one could later make another person's sign-in ambiguous.
        ...(identity.email && identity.emailVerified ? { email: identity.email } : {}),
        oidc: { issuer: identity.issuer, subject: identity.subject },
      },
      now,
    );
    return { row: (await findUserById(db, created.id)) as UserRow, match: 'created' };
  } catch (error) {
    // Two first sign-ins of the same person at once: the other one created the account.
    const raced = await findUserByOidc(db, identity.issuer, identity.subject);
    if (raced !== undefined) return { row: raced, match: 'subject' };
    throw error;
  }
}

/**
 * An admin links an account to a single sign-on identity by hand: for providers that do not vouch for e-mail
 * addresses (Entra ID sends no `email_verified`), where the first sign-in cannot find the account itself. The
 * subject is in the audit entry of the refused sign-in (`auth.oidc`, actor `oidc:SUBJECT`). `null` removes the link
 * (refused when the account has no password: it could not sign in at all).
 */
export async function linkSingleSignOn(
  db: Db,
  user: string,
  identity: { readonly issuer: string; readonly subject: string } | null,
  now: string,
): Promise<UserView> {
  const row = await requireUser(db, user);
  if (identity === null) {
    if (row.password_hash === null && row.oidc_subject !== null)
      throw new DomainError(
        'invalid_input',
        `${row.username} has no password, so without single sign-on it could not sign in: issue a reset token first (debrief user reset), or disable the account`,
      );
  } else {
    const issuer = identity.issuer.trim();
    const subject = identity.subject.trim();
    if (!/^https?:\/\/\S+$/.test(issuer))
      throw new DomainError(
        'invalid_input',
        `the issuer must be the provider's URL, not "${issuer.slice(0, 80)}"`,
      );
    if (subject === '' || subject.length > 255)
      throw new DomainError(
        'invalid_input',
        'the subject must be 1 to 255 characters, as the provider sends it',
      );
    const holder = await findUserByOidc(db, issuer, subject);
    if (holder !== undefined && holder.id !== row.id)
      throw new DomainError(
        'invalid_input',
        `this identity is already linked to ${holder.username}: unlink it there first (debrief user unlink ${holder.username})`,
      );
    identity = { issuer, subject };
  }
  await linkUserOidc(db, row.id, identity, now);
  return presentUser((await findUserById(db, row.id)) ?? row);
}
