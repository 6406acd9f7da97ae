/**
 * Sign-in, accounts, API tokens, post-mortem membership and the audit trail over REST. Every route declares its
 * access (src/server/auth.ts); secrets (passwords, tokens) are accepted in bodies only, never in URLs, and never
 * logged or stored in clear.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditPageSchema,
  auditQuerySchema,
  auditVerifySchema,
  loginBodySchema,
  memberBodySchema,
  memberSchema,
  meResponseSchema,
  newTokenBodySchema,
  newUserBodySchema,
  readyResponseSchema,
  resetBodySchema,
  resetTokenResponseSchema,
  sessionResponseSchema,
  setupBodySchema,
  tokenCreatedSchema,
  tokenParamsSchema,
  tokenSchema,
  tokensQuerySchema,
  userParamsSchema,
  userPatchBodySchema,
  userSchema,
} from '../../contract/accounts.js';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import { PERMISSIONS, type Permission, permits } from '../../core/access.js';
import { DomainError } from '../../core/errors.js';
import { addPostMortemMember, listMembers, removePostMortemMember } from '../../services/access.js';
import {
  ACCOUNT_LIMITS,
  createUser,
  issueResetToken,
  listUsers,
  logout,
  modifyUser,
  presentUser,
  requireUser,
  type SessionGrant,
} from '../../services/accounts.js';
import { createApiToken, listApiTokens, revokeToken } from '../../services/api-tokens.js';
import { auditPage, verifyAudit } from '../../services/audit.js';
import { readiness } from '../../services/readiness.js';
import { mfaOf } from '../../services/second-factor.js';
import type { ServerOptions } from '../app.js';
import { callerOf, SESSION_COOKIE } from '../auth.js';
import { CREDENTIAL_RATE, resetPassword, setUpAndSignIn, signInWithPassword } from '../sign-in.js';

const failures = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  429: errorResponseSchema,
};

function sessionAnswer(grant: SessionGrant) {
  return { user: grant.user, csrfToken: grant.csrfToken, expiresAt: grant.expiresAt };
}

export async function registerAccountRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = options;

  api.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and its schema is current (503 otherwise)',
        response: { 200: readyResponseSchema, 503: readyResponseSchema },
      },
    },
    async (_request, reply) => {
      const state = await readiness(db);
      return reply.status(state.ready ? 200 : 503).send({
        status: state.ready ? 'ready' : 'not_ready',
        database: options.dialect,
        pendingMigrations: [...state.pendingMigrations],
        setupRequired: state.setupRequired,
      });
    },
  );

  // Sign-in

  api.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: CREDENTIAL_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a user name and password: sets the session cookie, returns the CSRF token',
        body: loginBodySchema,
        response: { 200: sessionResponseSchema, ...failures },
      },
    },
    async (request, reply) => {
      const result = await signInWithPassword(request, reply, db, request.body, options.now());
      if (!result.ok) {
        throw new DomainError(
          result.reason === 'throttled' ? 'rate_limited' : 'unauthenticated',
          result.message,
          result.mfa === undefined ? undefined : { mfa: result.mfa },
        );
      }
      return sessionAnswer(result.grant);
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.undefined(), ...failures } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      request.audit = { action: 'auth.logout' };
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(undefined);
    },
  );

  api.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, their permissions, and the CSRF token for writes made with the session',
        response: { 200: meResponseSchema, ...failures },
      },
    },
    async (request) => {
      const principal = callerOf(request);
      const row = await requireUser(db, principal.userId);
      const user = presentUser(row);
      const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => permits(principal, p));
      return {
        user,
        via: principal.via,
        ...(request.csrfToken === undefined ? {} : { csrfToken: request.csrfToken }),
        permissions,
        ...(principal.scopes === undefined ? {} : { scopes: [...principal.scopes] }),
        mfa: mfaOf(row),
      };
    },
  );

  api.post(
    '/auth/setup',
    {
      config: { access: 'public', rateLimit: CREDENTIAL_RATE },
      schema: {
        tags: ['auth'],
        summary: 'First run: create the first admin with the setup token the server printed, and sign in',
        body: setupBodySchema,
        response: { 201: sessionResponseSchema, ...failures },
      },
    },
    async (request, reply) => {
      const { token, ...account } = request.body;
      const grant = await setUpAndSignIn(request, reply, db, token, account, options.now());
      return reply.status(201).send(sessionAnswer(grant));
    },
  );

  api.post(
    '/auth/reset',
    {
      config: { access: 'public', rateLimit: CREDENTIAL_RATE },
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with the one-time reset token an admin issued; ends every session of the account',
        body: resetBodySchema,
        response: { 200: userSchema, ...failures },
      },
    },
    async (request) => {
      return resetPassword(request, db, request.body.token, request.body.password, options.now());
    },
  );

  // Accounts (admins)

  api.get(
    '/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['accounts'],
        summary: 'Every account',
        response: { 200: z.array(userSchema), ...failures },
      },
    },
    async () => listUsers(db),
  );

  api.post(
    '/users',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account (without a password: issue a reset token, or let it sign in through SSO)',
        body: newUserBodySchema,
        response: { 201: userSchema, ...failures },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, request.body, options.now());
      request.audit = { action: 'user.create', target: user.username, details: { role: user.role } };
      return reply.status(201).send(user);
    },
  );

  api.patch(
    '/users/:user',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary:
          'Change an account: role, name, e-mail, disabled (its sessions end on a role change or disable)',
        params: userParamsSchema,
        body: userPatchBodySchema,
        response: { 200: userSchema, ...failures },
      },
    },
    async (request) => {
      const user = await modifyUser(db, request.params.user, request.body, options.now());
      request.audit = { action: 'user.modify', target: user.username, details: { ...request.body } };
      return user;
    },
  );

  api.post(
    '/users/:user/reset-token',
    {
      config: { access: 'users:manage', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary: `Issue a one-time password reset token (valid ${ACCOUNT_LIMITS.resetTokenHours} h) to hand to the person`,
        params: userParamsSchema,
        response: { 201: resetTokenResponseSchema, ...failures },
      },
    },
    async (request, reply) => {
      const issued = await issueResetToken(db, request.params.user, options.now());
      request.audit = { action: 'user.reset-token', target: issued.user.username };
      return reply.status(201).send(issued);
    },
  );

  // API tokens

  api.get(
    '/tokens',
    {
      config: { access: 'tokens:own' },
      schema: {
        tags: ['accounts'],
        summary: "Your API tokens (admins: `?all=true` for everyone's)",
        querystring: tokensQuerySchema,
        response: { 200: z.array(tokenSchema), ...failures },
      },
    },
    async (request) => {
      const principal = callerOf(request);
      if (request.query.all && !permits(principal, 'users:manage')) {
        throw new DomainError('forbidden', "only admins may list everyone's tokens");
      }
      return listApiTokens(db, request.query.all ? undefined : principal.userId);
    },
  );

  api.post(
    '/tokens',
    {
      config: { access: 'tokens:own', recentAuth: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token for yourself; the token is shown once',
        body: newTokenBodySchema,
        response: { 201: tokenCreatedSchema, ...failures },
      },
    },
    async (request, reply) => {
      const principal = callerOf(request);
      if (principal.scopes !== undefined && !principal.scopes.includes('admin')) {
        // A token may not mint broader tokens than itself.
        const wider = request.body.scopes.filter((s) => !principal.scopes?.includes(s));
        if (wider.length > 0)
          throw new DomainError('forbidden', `this token may not create a token with ${wider.join(', ')}`);
      }
      const created = await createApiToken(db, { user: principal.userId, ...request.body }, options.now());
      request.audit = {
        action: 'token.create',
        target: created.view.id,
        details: { scopes: created.view.scopes },
      };
      return reply.status(201).send({ token: created.token, apiToken: created.view });
    },
  );

  api.delete(
    '/tokens/:tokenId',
    {
      config: { access: 'tokens:own' },
      schema: {
        tags: ['accounts'],
        summary: "Revoke a token (yours; admins: anyone's)",
        params: tokenParamsSchema,
        response: { 200: tokenSchema, ...failures },
      },
    },
    async (request) => {
      const principal = callerOf(request);
      const onlyOf = permits(principal, 'users:manage') ? undefined : principal.userId;
      const view = await revokeToken(db, request.params.tokenId, options.now(), onlyOf);
      request.audit = { action: 'token.revoke', target: view.id };
      return view;
    },
  );

  // Membership

  api.get(
    '/post-mortems/:id/members',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['accounts'],
        summary: 'Who is a member (a restricted post-mortem is visible to its members only)',
        params: postMortemParamsSchema,
        response: { 200: z.array(memberSchema), ...failures },
      },
    },
    async (request) => listMembers(db, request.params.id),
  );

  api.post(
    '/post-mortems/:id/members',
    {
      config: { access: 'post-mortem:members', postMortem: true },
      schema: {
        tags: ['accounts'],
        summary: 'Add a member',
        params: postMortemParamsSchema,
        body: memberBodySchema,
        response: { 200: memberSchema.pick({ username: true }).extend({ added: z.boolean() }), ...failures },
      },
    },
    async (request) => {
      const result = await addPostMortemMember(
        db,
        request.params.id,
        request.body.user,
        callerOf(request).username,
        options.now(),
      );
      request.audit = { action: 'member.add', target: result.user.username };
      return { username: result.user.username, added: result.added };
    },
  );

  api.delete(
    '/post-mortems/:id/members/:user',
    {
      config: { access: 'post-mortem:members', postMortem: true },
      schema: {
        tags: ['accounts'],
        summary: 'Remove a member',
        params: postMortemParamsSchema.extend(userParamsSchema.shape),
        response: { 200: userSchema, ...failures },
      },
    },
    async (request) => {
      const user = await removePostMortemMember(db, request.params.id, request.params.user);
      request.audit = { action: 'member.remove', target: user.username };
      return user;
    },
  );

  // Audit trail

  api.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, oldest first, a page at a time (`after` = the last `seq` seen)',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...failures },
      },
    },
    async (request) => {
      const { after, limit, from, to } = request.query;
      const items = await auditPage(db, after, limit, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const last = items.at(-1);
      return { items, ...(items.length === limit && last ? { next: last.seq } : {}) };
    },
  );

  api.get(
    '/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Re-hash the whole audit trail and report any altered, inserted or deleted entry',
        response: { 200: auditVerifySchema, ...failures },
      },
    },
    async () => {
      const result = await verifyAudit(db);
      return { ...result, findings: [...result.findings] };
    },
  );

  api.get(
    '/post-mortems/:id/audit',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['audit'],
        summary: "This post-mortem's audit entries: its writes, restricted reads and break-glass accesses",
        params: postMortemParamsSchema,
        querystring: auditQuerySchema.pick({ after: true, limit: true }),
        response: { 200: auditPageSchema, ...failures },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const items = await auditPage(db, after, limit, { postMortemId: request.params.id });
      const last = items.at(-1);
      return { items, ...(items.length === limit && last ? { next: last.seq } : {}) };
    },
  );
}
