/**
 * The sign-in steps the API and the HTML pages share: password login, first-run setup and password reset, each
 * recorded in the audit trail under the account concerned, and the session cookie set on success.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  completeSetup,
  type LoginResult,
  login,
  openSession,
  redeemResetToken,
  requireUser,
  type SessionGrant,
  type UserView,
} from '../services/accounts.js';
import { SESSION_COOKIE } from './auth.js';

/** Tighter limits on the routes that take passwords and one-time tokens. */
export const CREDENTIAL_RATE = { max: 10, timeWindow: '1 minute' };

/** Sets the session cookie: httpOnly, SameSite=Strict, Secure over HTTPS. */
export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, grant: SessionGrant): void {
  reply.setCookie(SESSION_COOKIE, grant.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: new Date(grant.expiresAt),
  });
}

const asUser = (user: UserView) => `user:${user.id} (${user.username})`;

/** Checks a password; on success opens the session and sets its cookie. Either way the attempt is audited. */
export async function signInWithPassword(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Kysely<Database>,
  credentials: {
    readonly username: string;
    readonly password: string;
    /** The second factor, for accounts that have one. */
    readonly code?: string | undefined;
    readonly recoveryCode?: string | undefined;
  },
  now: string,
): Promise<LoginResult> {
  const userAgent = request.headers['user-agent'];
  const result = await login(
    db,
    { ...credentials, ip: request.ip, ...(userAgent ? { userAgent } : {}) },
    now,
  );
  if (!result.ok) {
    const tried = credentials.username.trim().toLowerCase();
    request.audit = {
      action: 'auth.login',
      actor: `login:${tried}`,
      details: { reason: result.reason, ...(result.mfa ? { mfa: result.mfa } : {}) },
    };
    return result;
  }
  request.audit = {
    action: 'auth.login',
    actor: asUser(result.grant.user),
    ...(result.secondFactor ? { details: { secondFactor: result.secondFactor } } : {}),
  };
  setSessionCookie(reply, request, result.grant);
  return result;
}

/** Creates the first admin with the setup token, signs them in, and audits it. */
export async function setUpAndSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Kysely<Database>,
  token: string,
  account: {
    readonly username: string;
    readonly password: string;
    readonly displayName?: string;
    readonly email?: string;
  },
  now: string,
): Promise<SessionGrant> {
  const user = await completeSetup(db, token, account, now);
  const grant = await openSession(db, await requireUser(db, user.id), { ip: request.ip }, now);
  request.audit = { action: 'auth.setup', actor: asUser(user), target: user.username };
  setSessionCookie(reply, request, grant);
  return grant;
}

/** Sets a password with a reset token, and audits it under the account. */
export async function resetPassword(
  request: FastifyRequest,
  db: Kysely<Database>,
  token: string,
  password: string,
  now: string,
): Promise<UserView> {
  const user = await redeemResetToken(db, token, password, now);
  request.audit = { action: 'auth.reset', actor: asUser(user), target: user.username };
  return user;
}
