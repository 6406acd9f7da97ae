import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, entry, pmId } from '../../test/factories.js';
import { parsePostMortemText, serializePostMortem } from '../contract/post-mortem-file.js';
import { DomainError } from '../core/errors.js';
import type { DatabaseHandle } from '../db/database.js';
import { getPostMortem, listRevisions } from '../db/post-mortem.repository.js';
import { addPostMortemMember, removePostMortemMember } from './access.js';
import { createUser } from './accounts.js';
import { exportPostMortem } from './export-post-mortem.js';
import { importPostMortem } from './import-post-mortem.js';
import { listPostMortems, listPostMortemsJson } from './list-post-mortems.js';

const T0 = '2026-05-01T10:00:00.000Z';
const T1 = '2026-05-02T10:00:00.000Z';

interface PageJson {
  readonly items: readonly { readonly id: string; readonly title: string }[];
}

function reparse(text: string) {
  const parsed = parsePostMortemText(text);
  if (!parsed.document) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`import and export on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('creates a new post-mortem at version 1 with the import time as created and updated', async () => {
      const result = await importPostMortem(handle.db, buildPostMortem({ id: 'INC-NEW-1' }), { now: T0 });
      expect(result).toEqual({ id: 'INC-NEW-1', outcome: 'created', version: 1 });
      const stored = await getPostMortem(handle.db, pmId('INC-NEW-1'));
      expect(stored.document).toMatchObject({ version: 1, created: T0, updated: T0, title: 'Test incident' });
    });

    it('round-trips losslessly: import, export, import again yields an identical document', async () => {
      const original = buildPostMortem({
        id: 'INC-RT-1',
        tags: ['cloud', 'phishing'],
        restricted: true,
        timeline: [
          entry('T1', '2026-04-01', { milestone: { kind: 'compromise' }, uncertain: true }),
          entry('T2', '2026-04-03T09:12:05.250+02:00', {
            milestone: { kind: 'detection', source: 'customer' },
          }),
        ],
        evaluation: { targets: { timeToContain: 'PT4H' }, wentWell: ['fast triage'] },
        analysis: {
          fiveWhys: [
            { id: 'W', problem: 'p', whys: [{ id: 'W1', answer: 'a', whys: [{ id: 'W2', answer: 'b' }] }] },
          ],
        },
        compliance: {
          regimes: ['gdpr'],
          attributes: { personalData: true, peopleAffectedByJurisdiction: { DE: 12 } },
        },
      });
      await importPostMortem(handle.db, original, { now: T0 });
      const yaml = await exportPostMortem(handle.db, pmId('INC-RT-1'), 'yaml');
      const json = await exportPostMortem(handle.db, pmId('INC-RT-1'), 'json');
      expect(reparse(json)).toEqual(reparse(yaml));

      const again = await importPostMortem(handle.db, reparse(yaml), { now: T1 });
      expect(again).toEqual({ id: 'INC-RT-1', outcome: 'unchanged', version: 1 });
      expect(await exportPostMortem(handle.db, pmId('INC-RT-1'), 'yaml')).toBe(yaml);
      expect({ ...reparse(yaml), version: undefined, created: undefined, updated: undefined }).toEqual({
        ...original,
        version: undefined,
        created: undefined,
        updated: undefined,
      });
    });

    it('keeps version and timestamps of a document exported elsewhere when creating it here', async () => {
      const doc = {
        ...buildPostMortem({ id: 'INC-MOVED' }),
        version: 7,
        created: '2026-01-01T00:00:00Z',
        updated: T0,
      };
      await importPostMortem(handle.db, doc, { now: T1 });
      const yaml = await exportPostMortem(handle.db, pmId('INC-MOVED'), 'yaml');
      expect(reparse(yaml)).toMatchObject({ version: 7, created: '2026-01-01T00:00:00Z', updated: T0 });
    });

    it('updates a document based on the current version and records a revision', async () => {
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-UPD' }), { now: T0 });
      const exported = reparse(await exportPostMortem(handle.db, pmId('INC-UPD'), 'yaml'));
      const result = await importPostMortem(handle.db, { ...exported, title: 'Renamed' }, { now: T1 });
      expect(result).toEqual({ id: 'INC-UPD', outcome: 'updated', version: 2, previousVersion: 1 });
      const stored = await getPostMortem(handle.db, pmId('INC-UPD'));
      expect(stored.document).toMatchObject({ title: 'Renamed', version: 2, created: T0, updated: T1 });
      expect((await listRevisions(handle.db, pmId('INC-UPD'))).map((r) => r.version)).toEqual([1, 2]);
    });

    it('refuses a stale update with version_conflict and overwrites nothing', async () => {
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-STALE' }), { now: T0 });
      const v1 = reparse(await exportPostMortem(handle.db, pmId('INC-STALE'), 'yaml'));
      await importPostMortem(handle.db, { ...v1, title: 'Second' }, { now: T1 });
      const error = await importPostMortem(handle.db, { ...v1, title: 'Stale edit' }, { now: T1 }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: 'version_conflict',
        details: { storedVersion: 2, baseVersion: 1 },
      });
      expect(error.message).toMatch(/based on version 1, but the stored one is at version 2/);
      const stored = await getPostMortem(handle.db, pmId('INC-STALE'));
      expect(stored.document).toMatchObject({ title: 'Second', version: 2 });
      expect(await listRevisions(handle.db, pmId('INC-STALE'))).toHaveLength(2);
    });

    it('refuses to update from a document without a version unless forced', async () => {
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-NOVER' }), { now: T0 });
      const fresh = buildPostMortem({ id: 'INC-NOVER', title: 'From a template' });
      await expect(importPostMortem(handle.db, fresh, { now: T1 })).rejects.toMatchObject({
        code: 'version_conflict',
      });
      const forced = await importPostMortem(handle.db, fresh, { now: T1, force: true });
      expect(forced).toMatchObject({ outcome: 'updated', version: 2 });
      const revisions = await listRevisions(handle.db, pmId('INC-NOVER'));
      expect(revisions.map((r) => r.origin)).toEqual(['import', 'import --force']);
    });

    it('detects a concurrent writer: the second update based on the same version fails', async () => {
      await importPostMortem(handle.db, buildPostMortem({ id: 'INC-RACE' }), { now: T0 });
      const base = reparse(await exportPostMortem(handle.db, pmId('INC-RACE'), 'yaml'));
      const results = await Promise.allSettled([
        importPostMortem(handle.db, { ...base, title: 'Writer A' }, { now: T1 }),
        importPostMortem(handle.db, { ...base, title: 'Writer B' }, { now: T1 }),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'version_conflict' });
      expect((await getPostMortem(handle.db, pmId('INC-RACE'))).document.version).toBe(2);
    });

    it('lists post-mortems most recently updated first, with paging', async () => {
      const page = await listPostMortems(handle.db, { limit: 2, offset: 0 });
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(6);
      const all = await listPostMortems(handle.db, { limit: 500 });
      const updated = all.items.map((i) => i.updated);
      expect([...updated].sort().reverse()).toEqual(updated);
      expect(all.items.find((i) => i.id === 'INC-RT-1')).toMatchObject({
        restricted: true,
        tags: ['cloud', 'phishing'],
      });
      await expect(listPostMortems(handle.db, { limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('builds the same page as JSON in the database as from rows (the API sends the JSON)', async () => {
      const member = await createUser(handle.db, { username: 'json-page-member', role: 'viewer' }, T1);
      await addPostMortemMember(handle.db, 'INC-RT-1', 'json-page-member', 'test', T1);
      const cases = [
        [{ limit: 500 }, undefined],
        [{ limit: 2, offset: 1 }, undefined],
        [{ limit: 10, offset: 10_000 }, undefined],
        [{ limit: 500 }, { open: true, userId: member.id }],
        [{ limit: 500 }, { open: false, userId: member.id }],
      ] as const;
      for (const [page, visibleTo] of cases) {
        const json = JSON.parse(await listPostMortemsJson(handle.db, page, visibleTo));
        // Equal as JSON values (the key order the database writes may differ).
        expect(json).toEqual(JSON.parse(JSON.stringify(await listPostMortems(handle.db, page, visibleTo))));
      }
      const restrictedOnly = JSON.parse(
        await listPostMortemsJson(handle.db, { limit: 500 }, { open: false, userId: member.id }),
      );
      expect(restrictedOnly.items.map((i: { id: string }) => i.id)).toEqual(['INC-RT-1']);
      expect(restrictedOnly.items[0]).toMatchObject({ restricted: true, tags: ['cloud', 'phishing'] });
      await expect(listPostMortemsJson(handle.db, { limit: 501 })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    });

    it('sends a kept page of the list only while nothing it shows has changed, whoever changed it', async () => {
      const member = await createUser(handle.db, { username: 'stamp-member', role: 'contributor' }, T1);
      const mine = { open: false, userId: member.id };
      const ids = async (visibleTo?: typeof mine) =>
        (JSON.parse(await listPostMortemsJson(handle.db, { limit: 500 }, visibleTo)) as PageJson).items.map(
          (i) => i.id,
        );
      const titleOf = async (id: string) =>
        (JSON.parse(await listPostMortemsJson(handle.db, { limit: 500 })) as PageJson).items.find(
          (i) => i.id === id,
        )?.title;
      expect(await ids(mine)).toEqual([]);
      // Membership, added and removed through the service.
      await addPostMortemMember(handle.db, 'INC-NEW-1', 'stamp-member', 'test', T1);
      expect(await ids(mine)).toEqual(['INC-NEW-1']);
      await removePostMortemMember(handle.db, 'INC-NEW-1', 'stamp-member');
      expect(await ids(mine)).toEqual([]);
      // A new version through the service.
      const base = reparse(await exportPostMortem(handle.db, pmId('INC-NEW-1'), 'yaml'));
      await importPostMortem(handle.db, { ...base, title: 'Renamed by import' }, { now: T1 });
      expect(await titleOf('INC-NEW-1')).toBe('Renamed by import');
      // A change nobody in this process made (another server, a hand edit): the stamp still changes.
      await sql`update post_mortems set title = 'Renamed by hand' where id = 'INC-NEW-1'`.execute(handle.db);
      expect(await titleOf('INC-NEW-1')).toBe('Renamed by hand');
      await sql`insert into post_mortem_members (post_mortem_id, user_id, added_at, added_by)
        values ('INC-RT-1', ${member.id}, ${T1}, 'hand')`.execute(handle.db);
      expect(await ids(mine)).toEqual(['INC-RT-1']);
      await sql`delete from post_mortem_members where user_id = ${member.id}`.execute(handle.db);
      expect(await ids(mine)).toEqual([]);
    });

    it('orders the list by the instant of the last update, whatever offset it was written with', async () => {
      // 10:30+02:00 is 08:30Z: earlier than 09:00Z although its text sorts later.
      await importPostMortem(
        handle.db,
        { ...buildPostMortem({ id: 'INC-TZ-A' }), created: T0, updated: '2030-01-01T10:30:00+02:00' },
        { now: T0 },
      );
      await importPostMortem(
        handle.db,
        { ...buildPostMortem({ id: 'INC-TZ-B' }), created: T0, updated: '2030-01-01T09:00:00Z' },
        { now: T0 },
      );
      const page = await listPostMortems(handle.db, { limit: 2 });
      expect(page.items.map((i) => [i.id, i.updated])).toEqual([
        ['INC-TZ-B', '2030-01-01T09:00:00.000Z'],
        ['INC-TZ-A', '2030-01-01T08:30:00.000Z'],
      ]);
    });

    it('reports a missing post-mortem as not_found', async () => {
      await expect(exportPostMortem(handle.db, pmId('INC-NOPE'), 'yaml')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('stores exactly what the canonical serializer writes for every section', async () => {
      const yaml = serializePostMortem(buildPostMortem({ id: 'INC-SER' }), 'yaml');
      await importPostMortem(handle.db, reparse(yaml), { now: T0 });
      const exported = await exportPostMortem(handle.db, pmId('INC-SER'), 'yaml');
      expect(exported).toContain('id: INC-SER');
      expect(exported).toContain('restricted: false');
      expect(exported).toContain(`created: "${T0}"`);
    });
  });
}
