/**
 * Self-service for signed-in people (OWASP ASVS 2.1.5/2.1.6, 2.8, 3.3.4, 3.7.1): change the password, re-authenticate,
 * see and end sessions, enrol and disable the TOTP second factor; and the admins' reset of a lost second factor.
 *
 * These routes act on the caller's own session and credentials, so only a session may call them (`sessionOnly`):
 * an API token gets 403. The sensitive ones need a recent sign-in or re-authentication (`recentAuth`, checked once
 * in src/server/auth.ts). Wrong passwords and codes here count toward the login throttle kept in the database (per
 * account and per address, src/services/accounts.ts), which bounds guessing better than a per-process rate limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePasswordBodySchema,
  changePasswordResponseSchema,
  endedSessionsSchema,
  mfaResetResponseSchema,
  reauthenticateBodySchema,
  reauthenticateResponseSchema,
  recoveryCodesSchema,
  secondFactorProofSchema,
  sessionParamsSchema,
  sessionViewSchema,
  totpConfirmBodySchema,
  totpEnrolmentSchema,
} from '../../contract/account-self-service.js';
import { ssoLinkBodySchema, userParamsSchema, userSchema } from '../../contract/accounts.js';
import { errorResponseSchema } from '../../contract/api.js';
import { DomainError } from '../../core/errors.js';
import {
  changeOwnPassword,
  disableOwnSecondFactor,
  endOtherOwnSessions,
  endOwnSession,
  listOwnSessions,
  reauthenticate,
} from '../../services/account-self-service.js';
import { ACCOUNT_LIMITS, type SessionState } from '../../services/accounts.js';
import { linkSingleSignOn } from '../../services/match-oidc-account.js';
import {
  confirmTotpEnrolment,
  removeSecondFactor,
  startTotpEnrolment,
  TOTP_ISSUER,
} from '../../services/second-factor.js';
import type { ServerOptions } from '../app.js';
import { callerOf, SESSION_COOKIE } from '../auth.js';

const failures = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  429: errorResponseSchema,
};

/** The session of a `sessionOnly` route's request (the access check guarantees one). */
function sessionOf(request: FastifyRequest): SessionState {
  if (request.sessionState === undefined)
    throw new DomainError('forbidden', 'only a signed-in session may do this, not an API token');
  return request.sessionState;
}

function callerAt(request: FastifyRequest) {
  return { userId: callerOf(request).userId, ip: request.ip };
}

const plusMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export async function registerSelfServiceRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  api.post(
    '/auth/password',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary:
          'Change your password (the current one is required); your other sessions end, this one stays',
        body: changePasswordBodySchema,
        response: { 200: changePasswordResponseSchema, ...failures },
      },
    },
    async (request) => {
      // Named before the attempt, so a refused one is recorded under the same action.
      request.audit = { action: 'auth.password' };
      const result = await changeOwnPassword(
        db,
        callerAt(request),
        sessionOf(request),
        request.body,
        options.now(),
      );
      request.audit = { action: 'auth.password', details: { endedSessions: result.endedSessions } };
      return result;
    },
  );

  api.post(
    '/auth/reauthenticate',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['auth'],
        summary: `Confirm your password (and one-time code) again: sensitive operations are allowed for ${ACCOUNT_LIMITS.recentAuthMinutes} minutes`,
        body: reauthenticateBodySchema,
        response: { 200: reauthenticateResponseSchema, ...failures },
      },
    },
    async (request) => {
      request.audit = { action: 'auth.reauthenticate' };
      const { authenticatedAt } = await reauthenticate(
        db,
        callerAt(request),
        sessionOf(request),
        request.body,
        options.now(),
      );
      return { authenticatedAt, recentUntil: plusMinutes(authenticatedAt, ACCOUNT_LIMITS.recentAuthMinutes) };
    },
  );

  // Sessions

  api.get(
    '/auth/sessions',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['auth'],
        summary: 'Your active sessions, newest first; `current` marks this one',
        response: { 200: z.array(sessionViewSchema), ...failures },
      },
    },
    async (request) =>
      listOwnSessions(db, callerOf(request).userId, sessionOf(request).idHash, options.now()),
  );

  api.delete(
    '/auth/sessions',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary: 'End all your sessions except this one',
        response: { 200: endedSessionsSchema, ...failures },
      },
    },
    async (request) => {
      const ended = await endOtherOwnSessions(db, callerOf(request).userId, sessionOf(request).idHash);
      request.audit = { action: 'auth.sessions.end-others', details: { ended } };
      return { ended };
    },
  );

  api.delete(
    '/auth/sessions/:sessionId',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary: "End one of your sessions (another account's session id answers 404)",
        params: sessionParamsSchema,
        response: { 204: z.undefined(), ...failures },
      },
    },
    async (request, reply) => {
      const { sessionId } = request.params;
      request.audit = { action: 'auth.session.end', target: `session:${sessionId}` };
      await endOwnSession(db, callerOf(request).userId, sessionId);
      if (sessionOf(request).publicId === sessionId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(undefined);
    },
  );

  // Second factor (TOTP)

  api.post(
    '/auth/mfa/totp',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary:
          'Start enrolling an authenticator app: the secret and otpauth:// URI, shown once; confirm with a code',
        response: { 201: totpEnrolmentSchema, ...failures },
      },
    },
    async (request, reply) => {
      const enrolment = await startTotpEnrolment(db, callerOf(request).userId, options.now());
      // The secret goes to the caller only: the audit entry names the step, nothing else.
      request.audit = { action: 'auth.mfa.enrol' };
      return reply.status(201).send({
        ...enrolment,
        issuer: TOTP_ISSUER,
        digits: 6,
        period: 30,
        algorithm: 'SHA1',
      });
    },
  );

  api.post(
    '/auth/mfa/totp/confirm',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary: 'Activate the second factor with a code from the app; returns 10 recovery codes, shown once',
        body: totpConfirmBodySchema,
        response: { 200: recoveryCodesSchema, ...failures },
      },
    },
    async (request) => {
      request.audit = { action: 'auth.mfa.enable' };
      return confirmTotpEnrolment(db, callerOf(request).userId, request.body.code, options.now());
    },
  );

  api.delete(
    '/auth/mfa/totp',
    {
      config: { access: 'authenticated', sessionOnly: true, recentAuth: true },
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor off, with a current code or a recovery code',
        body: secondFactorProofSchema,
        response: { 204: z.undefined(), ...failures },
      },
    },
    async (request, reply) => {
      request.audit = { action: 'auth.mfa.disable' };
      await disableOwnSecondFactor(db, callerAt(request), request.body, options.now());
      return reply.status(204).send(undefined);
    },
  );

  api.delete(
    '/users/:user/mfa',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary: "Remove an account's second factor (lost device): it signs in with its password alone again",
        params: userParamsSchema,
        response: { 200: mfaResetResponseSchema, ...failures },
      },
    },
    async (request) => {
      const { username, removed } = await removeSecondFactor(db, request.params.user, options.now());
      request.audit = { action: 'user.mfa-reset', target: username, details: { removed } };
      return { user: username, removed };
    },
  );

  api.put(
    '/users/:user/sso',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary:
          'Link an account to a single sign-on identity by hand (providers that vouch for no e-mail address, such as Entra ID), as `debrief user link`',
        description:
          "The subject is in the audit entry of the person's refused sign-in (action `auth.oidc`, actor `oidc:SUBJECT`). `issuer` defaults to this server's provider.",
        params: userParamsSchema,
        body: ssoLinkBodySchema,
        response: { 200: userSchema, ...failures },
      },
    },
    async (request) => {
      const issuer = request.body.issuer ?? options.oidc?.issuer;
      if (issuer === undefined)
        throw new DomainError(
          'invalid_input',
          'name the provider: this server has no single sign-on configured',
        );
      const user = await linkSingleSignOn(
        db,
        request.params.user,
        { issuer, subject: request.body.subject },
        options.now(),
      );
      request.audit = { action: 'user.sso-link', target: user.username, details: { issuer } };
      return user;
    },
  );

  api.delete(
    '/users/:user/sso',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary: 'Remove the single sign-on link of an account, as `debrief user unlink`',
        params: userParamsSchema,
        response: { 200: userSchema, ...failures },
      },
    },
    async (request) => {
      const user = await linkSingleSignOn(db, request.params.user, null, options.now());
      request.audit = { action: 'user.sso-unlink', target: user.username };
      return user;
    },
  );
}
