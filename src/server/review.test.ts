import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { TEST_NOW, testServer } from '../../test/server.js';
import type { Role } from '../core/access.js';
import { contentHashInput } from '../core/sign-off.js';
import type { DatabaseHandle } from '../db/database.js';
import { createUser } from '../services/accounts.js';
import { createApiToken } from '../services/api-tokens.js';
import { auditEntries } from '../services/audit.js';
import { importPostMortem } from '../services/import-post-mortem.js';

type Input = NonNullable<Parameters<typeof buildPostMortem>[0]>;
type Headers = { authorization: string };

const doc = (id: string, overrides: Input = {}) =>
  buildPostMortem({
    id,
    people: [
      { id: 'P-01', name: 'Ada Lovelace', email: 'Ada@Example.com', roles: ['approver'] },
      { id: 'P-02', name: 'Grace Hopper', email: 'grace@example.com', roles: ['approver'] },
      { id: 'P-03', name: 'Alan Turing', email: 'alan@example.com', roles: ['responder'] },
    ],
    summary: { whatHappened: 'A phishing e-mail led to a stolen session.' },
    ...overrides,
  } as Input);

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `review and sign-off over REST on ${dialectLabel(dialect)}`,
    () => {
      let handle: DatabaseHandle;
      let app: FastifyInstance;
      const accounts = new Map<string, Headers>();

      const account = async (username: string, role: Role, email?: string) => {
        await createUser(handle.db, { username, role, ...(email ? { email } : {}) }, TEST_NOW);
        const { token } = await createApiToken(
          handle.db,
          { user: username, name: 't', scopes: ['admin'] },
          TEST_NOW,
        );
        accounts.set(username, { authorization: `Bearer ${token}` });
      };
      const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
        app.inject({
          method,
          url: `/api${url}`,
          headers: { ...accounts.get(who), ...headers },
          ...(payload === undefined ? {} : { payload }),
        });

      beforeAll(async () => {
        handle = await createTestDatabase(dialect.name);
        await importPostMortem(handle.db, doc('INC-REST'), { now: TEST_NOW });
        await importPostMortem(handle.db, doc('INC-BEHALF'), { now: TEST_NOW });
        await account('ada', 'analyst', 'ada@example.com');
        await account('grace', 'analyst', 'grace@example.com');
        await account('alan', 'analyst', 'alan@example.com');
        await account('vic', 'viewer', 'ada@example.com');
        await account('lee', 'lead');
        await account('root', 'admin');
        app = await testServer(handle);
      });
      afterAll(async () => {
        await app?.close();
        await handle?.close();
      });

      it('refuses viewers every review action with 403, and lets them read the versions', async () => {
        for (const path of ['submit', 'approve', 'request-changes', 'publish', 'reopen']) {
          const res = await call('vic', 'POST', `/post-mortems/INC-REST/review/${path}`, {});
          expect(res.statusCode, path).toBe(403);
        }
        const waiver = await call('ada', 'POST', '/post-mortems/INC-REST/review/waivers', {
          gate: 'blameless-lint',
          reason: 'analysts may not waive gates',
        });
        expect(waiver.statusCode).toBe(403);
        const versions = await call('vic', 'GET', '/post-mortems/INC-REST/versions');
        expect(versions.statusCode).toBe(200);
        expect(versions.json()).toMatchObject({ status: 'draft', versions: [], gate: { passed: true } });
      });

      it('submits, approves as the approvers the accounts are (by e-mail), and freezes version 1', async () => {
        const submit = await call('ada', 'POST', '/post-mortems/INC-REST/review/submit');
        expect(submit.statusCode, submit.body).toBe(200);
        expect(submit.json()).toMatchObject({ status: 'in-review', approvers: ['P-01', 'P-02'] });

        const notApprover = await call('alan', 'POST', '/post-mortems/INC-REST/review/approve', {});
        expect(notApprover.statusCode).toBe(403);
        expect(notApprover.json().error.message).toMatch(/not a named approver of INC-REST/);
        const impersonating = await call('alan', 'POST', '/post-mortems/INC-REST/review/approve', {
          person: 'P-01',
        });
        expect(impersonating.statusCode).toBe(403);
        expect(impersonating.json().error.message).toMatch(/only admins may decide for another approver/);

        const stale = await call(
          'ada',
          'POST',
          '/post-mortems/INC-REST/review/approve',
          {},
          { 'if-match': '"v1-0000000000000000"' },
        );
        expect(stale.statusCode).toBe(409);
        expect(stale.json().error.code).toBe('version_conflict');

        const ada = await call('ada', 'POST', '/post-mortems/INC-REST/review/approve', {
          comment: 'Clear and fair.',
        });
        expect(ada.statusCode, ada.body).toBe(200);
        expect(ada.json()).toMatchObject({
          status: 'in-review',
          progress: { approved: ['P-01'], pending: ['P-02'] },
        });
        const grace = await call('grace', 'POST', '/post-mortems/INC-REST/review/approve');
        expect(grace.statusCode, grace.body).toBe(200);
        expect(grace.json()).toMatchObject({ status: 'approved', frozen: { number: 1 } });

        const frozen = await call('vic', 'GET', '/post-mortems/INC-REST/versions/1');
        expect(frozen.statusCode).toBe(200);
        const body = frozen.json();
        expect(body.approvers.map((a: { name: string }) => a.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
        expect(body.document).toMatchObject({ id: 'INC-REST', status: 'approved' });
        expect(body.contentHash).toBe(
          `sha256:${createHash('sha256').update(contentHashInput(body.document)).digest('hex')}`,
        );
        expect((await call('vic', 'GET', '/post-mortems/INC-REST/versions/9')).statusCode).toBe(404);

        const audited = [];
        for await (const e of auditEntries(handle.db))
          if (e.action.startsWith('post-mortem.review.')) audited.push([e.action, e.details.person]);
        expect(audited).toEqual([
          ['post-mortem.review.submit', undefined],
          ['post-mortem.review.approve', 'P-01'],
          ['post-mortem.review.approve', 'P-02'],
        ]);
      });

      it('refuses a published post-mortem’s replacement until it is reopened; diffs versions', async () => {
        expect((await call('ada', 'POST', '/post-mortems/INC-REST/review/publish')).statusCode).toBe(403);
        const published = await call('lee', 'POST', '/post-mortems/INC-REST/review/publish');
        expect(published.statusCode, published.body).toBe(200);
        const read = await call('ada', 'GET', '/post-mortems/INC-REST');
        const put = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-REST',
          headers: { ...accounts.get('ada'), 'if-match': read.headers.etag as string },
          payload: { ...(read.json() as object), title: 'Changed after publication' },
        });
        expect(put.statusCode).toBe(409);
        expect(put.json().error).toMatchObject({
          code: 'invalid_state',
          message: expect.stringMatching(/review reopen/),
        });

        expect((await call('lee', 'POST', '/post-mortems/INC-REST/review/reopen')).json()).toMatchObject({
          status: 'draft',
          draftAfter: 1,
        });
        const again = await call('ada', 'GET', '/post-mortems/INC-REST');
        const edited = await app.inject({
          method: 'PUT',
          url: '/api/post-mortems/INC-REST',
          headers: { ...accounts.get('ada'), 'if-match': again.headers.etag as string },
          payload: { ...(again.json() as object), title: 'Changed after reopening' },
        });
        expect(edited.statusCode, edited.body).toBe(200);
        const diff = await call('vic', 'GET', '/post-mortems/INC-REST/diff?from=1');
        expect(diff.statusCode, diff.body).toBe(200);
        expect(diff.json()).toMatchObject({ from: 1, to: 'current' });
        expect(diff.json().changes).toContainEqual({
          path: 'title',
          kind: 'changed',
          old: 'Test incident',
          new: 'Changed after reopening',
        });
        expect(diff.json().patch).toContain('+title: Changed after reopening');
        expect((await call('vic', 'GET', '/post-mortems/INC-REST/diff?from=x')).statusCode).toBe(400);
      });

      it('lets an admin decide on behalf of a named approver, recorded as such, and leads waive gates', async () => {
        await call('root', 'POST', '/post-mortems/INC-BEHALF/review/submit');
        const noPerson = await call('root', 'POST', '/post-mortems/INC-BEHALF/review/approve', {});
        expect(noPerson.statusCode).toBe(403);
        const behalf = await call('root', 'POST', '/post-mortems/INC-BEHALF/review/request-changes', {
          person: 'P-02',
          comment: 'Grace asked by phone for the timeline to be checked.',
        });
        expect(behalf.statusCode, behalf.body).toBe(200);
        expect(behalf.json().progress.changesRequested).toEqual(['P-02']);
        const entries = [];
        for await (const e of auditEntries(handle.db))
          if (e.action === 'post-mortem.review.request-changes') entries.push(e.details);
        expect(entries).toEqual([expect.objectContaining({ person: 'P-02', onBehalf: true })]);

        const clean = await call('lee', 'POST', '/post-mortems/INC-BEHALF/review/waivers', {
          gate: 'compliance',
          reason: 'nothing is missed, so nothing to waive',
        });
        expect(clean.statusCode).toBe(409);
      });
    },
  );
}
