import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, pmId } from '../../test/factories.js';
import { isDomainError } from '../core/errors.js';
import type { PostMortem } from '../core/model.js';
import { contentHashInput } from '../core/sign-off.js';
import type { DatabaseHandle } from '../db/database.js';
import { getPostMortem } from '../db/post-mortem.repository.js';
import * as versionRepository from '../db/report-version.repository.js';
import { findReportVersion, markReportVersionPublished } from '../db/report-version.repository.js';
import { updateAction } from './actions.js';
import { diffReportVersions } from './diff-report-versions.js';
import { importPostMortem } from './import-post-mortem.js';
import { modifyPostMortem } from './modify-post-mortem.js';
import { publishPostMortem } from './publish-post-mortem.js';
import { frozenDocument, reviewOverviewOf, versionStampOf } from './read-report-versions.js';
import { recordReviewDecision } from './record-review-decision.js';
import { reopenPostMortem } from './reopen-post-mortem.js';
import { submitForReview } from './submit-for-review.js';
import { waiveSignOffGate } from './waive-sign-off-gate.js';

type Input = NonNullable<Parameters<typeof buildPostMortem>[0]>;

const T = (minute: number) => `2026-11-22T12:${String(minute).padStart(2, '0')}:00.000Z`;
const ctx = (minute: number, baseVersion?: number) => ({
  now: T(minute),
  actor: 'test',
  ...(baseVersion === undefined ? {} : { baseVersion }),
});
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A draft with two named approvers (P-01, P-02), a responder (P-03) and one recommendation. */
const reviewed = (id: string, overrides: Input = {}): PostMortem =>
  buildPostMortem({
    id,
    people: [
      { id: 'P-01', name: 'Ada Lovelace', email: 'ada@example.com', roles: ['approver'] },
      { id: 'P-02', name: 'Grace Hopper', roles: ['approver'] },
      { id: 'P-03', name: 'Alan Turing', roles: ['responder'] },
    ],
    summary: { whatHappened: 'A phishing e-mail led to a stolen session.' },
    recommendations: [
      {
        id: 'R-1',
        title: 'Phishing-resistant MFA',
        type: 'preventive',
        priority: 'high',
        status: 'proposed',
      },
    ],
    ...overrides,
  } as Input);

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`review and sign-off on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    const id = pmId('INC-FLOW');
    const approve = (person: string, minute: number, baseVersion?: number) =>
      recordReviewDecision(handle.db, id, { person, decision: 'approved' }, ctx(minute, baseVersion));
    const edit = async (change: (doc: PostMortem) => PostMortem, minute: number) => {
      const stored = (await getPostMortem(handle.db, id)).document;
      return importPostMortem(handle.db, change(stored), { now: T(minute) });
    };

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await importPostMortem(handle.db, reviewed(id), { now: T(0) });
    });
    afterAll(async () => handle?.close());

    it('approves in review only, by named approvers only', async () => {
      expect(await failure(approve('P-01', 1))).toMatchObject({ code: 'invalid_state' });
      const submitted = await submitForReview(handle.db, id, ctx(1));
      expect(submitted).toMatchObject({ status: 'in-review', version: 2, approvers: ['P-01', 'P-02'] });
      expect(submitted.gate.passed).toBe(true);
      expect(await failure(approve('P-03', 2))).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/P-03 is not a named approver of INC-FLOW/),
      });
      const first = await approve('P-01', 2);
      expect(first).toMatchObject({ status: 'in-review', version: 3 });
      expect(first.frozen).toBeUndefined();
      expect(first.progress).toMatchObject({ approved: ['P-01'], pending: ['P-02'] });
    });

    it('lets one of two approvals made on the same version through, the other is a version conflict', async () => {
      const results = await Promise.allSettled([approve('P-02', 3, 3), approve('P-02', 3, 3)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: 'version_conflict' });
    });

    it('freezes version 1 when the last approval comes in, with the hash of the stored JSON', async () => {
      const stored = await getPostMortem(handle.db, id);
      expect(stored.document).toMatchObject({ status: 'approved', version: 4 });
      const v1 = await findReportVersion(handle.db, id, 1);
      expect(v1).toMatchObject({ number: 1, revision: 4, approvedAt: T(3) });
      expect(v1?.approvers.map((a) => [a.person, a.name])).toEqual([
        ['P-01', 'Ada Lovelace'],
        ['P-02', 'Grace Hopper'],
      ]);
      expect(v1?.contentHash).toBe(sha(contentHashInput(JSON.parse(v1?.documentJson ?? '{}'))));
      expect(v1?.contentHash).toBe(sha(contentHashInput(stored.document)));
      expect(v1?.documentJson).toBe(JSON.stringify(stored.document));
      const stamp = await versionStampOf(handle.db, id);
      expect(stamp).toMatchObject({
        status: 'approved',
        latest: { number: 1, approvers: ['Ada Lovelace', 'Grace Hopper'], published: false },
      });
      expect(stamp.draftAfter).toBeUndefined();
    });

    it('keeps frozen versions immutable: no way to change one but publishing it once', async () => {
      const writes = Object.keys(versionRepository).filter((name) => !/^(find|list|revision)/.test(name));
      expect(writes.sort()).toEqual(['insertReportVersion', 'insertWaiver', 'markReportVersionPublished']);
      const before = await findReportVersion(handle.db, id, 1);
      // A second version 1 is refused by the primary key.
      await expect(
        handle.db.transaction().execute((trx) =>
          versionRepository.insertReportVersion(trx, {
            postMortemId: id,
            number: 1,
            revision: 99,
            contentHash: 'sha256:forged',
            documentJson: '{}',
            approvers: [],
            approvedAt: T(9),
            waivers: [],
          }),
        ),
      ).rejects.toThrow();
      expect(await findReportVersion(handle.db, id, 1)).toEqual(before);
    });

    it('makes an edit of the approved post-mortem a new draft after version 1', async () => {
      const result = await edit((doc) => ({ ...doc, title: 'Stolen session, second look' }), 5);
      expect(result.outcome).toBe('updated');
      expect((await getPostMortem(handle.db, id)).document.status).toBe('draft');
      expect(await versionStampOf(handle.db, id)).toMatchObject({ status: 'draft', draftAfter: 1 });
      // The frozen version is still the approved text.
      expect((await frozenDocument(handle.db, id, 1)).title).toBe('Test incident');
    });

    it('needs every approver again in the next round, then freezes version 2', async () => {
      await submitForReview(handle.db, id, ctx(6));
      const first = await approve('P-02', 7);
      // P-01's approval of version 1 belongs to the last round.
      expect(first.progress).toMatchObject({ approved: ['P-02'], pending: ['P-01'] });
      const last = await recordReviewDecision(
        handle.db,
        id,
        { person: 'P-01', decision: 'approved', comment: 'Reads well.' },
        ctx(8),
      );
      expect(last.frozen).toMatchObject({ number: 2, approvedAt: T(8) });
      expect(last.frozen?.approvers.map((a) => a.person)).toEqual(['P-02', 'P-01']);
      const overview = await reviewOverviewOf(handle.db, id, T(8));
      expect(overview.versions.map((v) => v.number)).toEqual([1, 2]);
      expect(overview.versions[0]?.contentHash).not.toBe(overview.versions[1]?.contentHash);
    });

    it('diffs version 1 and 2: the title changed', async () => {
      const diff = await diffReportVersions(handle.db, id, 1, 2);
      expect(diff.changes).toContainEqual({
        path: 'title',
        kind: 'changed',
        old: 'Test incident',
        new: 'Stolen session, second look',
      });
      expect(diff.changes.map((c) => c.path)).not.toContain('version');
      expect(diff.patch).toContain('-title: Test incident\n+title: Stolen session, second look\n');
      expect((await diffReportVersions(handle.db, id, 2, 'current')).changes).toEqual([]);
      expect(await failure(diffReportVersions(handle.db, id, 7))).toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/versions: 1, 2/),
      });
    });

    it('publishes version 2 once, then refuses edits but not follow-through', async () => {
      expect(await publishPostMortem(handle.db, id, ctx(9))).toMatchObject({
        reportVersion: 2,
        publishedAt: T(9),
      });
      expect((await findReportVersion(handle.db, id, 2))?.publishedAt).toBe(T(9));
      expect(
        await handle.db.transaction().execute((trx) => markReportVersionPublished(trx, id, 2, T(10))),
      ).toBe(false);
      expect((await findReportVersion(handle.db, id, 2))?.publishedAt).toBe(T(9));

      const refused = await failure(edit((doc) => ({ ...doc, title: 'Sneaky change' }), 10));
      expect(refused).toMatchObject({
        code: 'invalid_state',
        message: expect.stringMatching(/debrief review reopen INC-FLOW/),
      });
      const viaModify = await failure(
        handle.db.transaction().execute((trx) =>
          modifyPostMortem(trx, id, (doc) => ({ ...doc, tags: ['changed'] }), {
            now: T(10),
            origin: 'test',
          }),
        ),
      );
      expect(viaModify.code).toBe('invalid_state');

      const tracked = await updateAction(
        handle.db,
        id,
        'R-1',
        { status: 'accepted', owner: 'P-03', due: '2026-12-31' },
        { now: T(11), actor: 'lee' },
      );
      expect(tracked).toMatchObject({ changed: true, recommendation: { status: 'accepted' } });
      const stored = await getPostMortem(handle.db, id);
      expect(stored.document.status).toBe('published');
      const stamp = await versionStampOf(handle.db, id);
      expect(stamp).toMatchObject({
        status: 'published',
        latest: { number: 2, published: true, publishedAt: T(9) },
      });
      expect(stamp.draftAfter).toBeUndefined();
    });

    it('reopens a published post-mortem as a draft after version 2', async () => {
      expect(await reopenPostMortem(handle.db, id, ctx(12))).toMatchObject({
        status: 'draft',
        draftAfter: 2,
      });
      expect(await versionStampOf(handle.db, id)).toMatchObject({ status: 'draft', draftAfter: 2 });
      expect((await edit((doc) => ({ ...doc, title: 'Third look' }), 13)).outcome).toBe('updated');
    });

    it('refuses an approval while the gate fails, until a waiver with a reason', async () => {
      const gated = pmId('INC-GATED');
      await importPostMortem(
        handle.db,
        reviewed(gated, {
          people: [{ id: 'P-01', name: 'Ada Lovelace', roles: ['approver'] }],
          summary: { whatHappened: 'The on-call analyst failed to triage the alert.' },
        }),
        { now: T(0) },
      );
      const submitted = await submitForReview(handle.db, gated, ctx(1));
      expect(submitted.gate.passed).toBe(false);
      expect(submitted.gate.lint.map((f) => f.rule)).toEqual(['failed-to']);
      const approveGated = () =>
        recordReviewDecision(handle.db, gated, { person: 'P-01', decision: 'approved' }, ctx(2));
      expect(await failure(approveGated())).toMatchObject({
        code: 'invalid_state',
        message: expect.stringMatching(/blameless lint has 1 finding/),
      });
      expect(
        await failure(waiveSignOffGate(handle.db, gated, { gate: 'blameless-lint', reason: 'ok' }, ctx(2))),
      ).toMatchObject({
        code: 'invalid_input',
      });
      expect(
        await failure(
          waiveSignOffGate(handle.db, gated, { gate: 'compliance', reason: 'nothing to waive here' }, ctx(2)),
        ),
      ).toMatchObject({ code: 'invalid_state' });
      const reason = 'Quoted from the regulator letter verbatim; wording must stay.';
      const waived = await waiveSignOffGate(handle.db, gated, { gate: 'blameless-lint', reason }, ctx(3));
      expect(waived.gate.passed).toBe(true);
      const approved = await approveGated();
      expect(approved.frozen?.waivers).toEqual([{ gate: 'blameless-lint', reason, by: 'test', at: T(3) }]);
      // A changed content needs a new waiver.
      await reopenPostMortem(handle.db, gated, ctx(4));
      const stored = (await getPostMortem(handle.db, gated)).document;
      await importPostMortem(handle.db, { ...stored, title: 'Changed' }, { now: T(5) });
      const resubmitted = await submitForReview(handle.db, gated, ctx(6));
      expect(resubmitted.gate.passed).toBe(false);
    });
  });
}
