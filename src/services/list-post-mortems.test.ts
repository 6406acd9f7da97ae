/**
 * The list's filters on both databases: status, severity, type, every tag, updated from/to; the JSON page the API
 * sends equals the object page, `total` counts the matches, kept pages never answer another filter, and the route
 * reads the filters from its query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem } from '../../test/factories.js';
import { TEST_NOW, testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { createUser } from './accounts.js';
import { createApiToken } from './api-tokens.js';
import { importPostMortem } from './import-post-mortem.js';
import { type ListFilters, listPostMortems, listPostMortemsJson } from './list-post-mortems.js';

const DOCS = [
  {
    id: 'INC-L-1',
    status: 'draft',
    severity: 'high',
    types: ['technical'],
    tags: ['cloud', 'phishing'],
    on: '2026-01-05',
  },
  {
    id: 'INC-L-2',
    status: 'approved',
    severity: 'high',
    types: ['process'],
    tags: ['cloud'],
    on: '2026-02-10',
  },
  {
    id: 'INC-L-3',
    status: 'draft',
    severity: 'low',
    types: ['technical', 'process'],
    tags: [],
    on: '2026-03-15',
  },
  {
    id: 'INC-L-4',
    status: 'published',
    severity: 'critical',
    types: ['organizational'],
    tags: ['phishing'],
    on: '2026-03-31',
  },
] as const;

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).sort();

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`list filters on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      for (const d of DOCS) {
        const doc = buildPostMortem({
          id: d.id,
          status: d.status,
          severity: d.severity,
          types: [...d.types],
          tags: [...d.tags],
        } as Parameters<typeof buildPostMortem>[0]);
        await importPostMortem(handle.db, doc, { now: `${d.on}T12:00:00.000Z` });
      }
    });
    afterAll(async () => {
      await handle?.close();
    });

    const cases: readonly [string, ListFilters, readonly string[]][] = [
      ['status', { status: 'draft' }, ['INC-L-1', 'INC-L-3']],
      ['severity', { severity: 'high' }, ['INC-L-1', 'INC-L-2']],
      ['type (one of several)', { type: 'process' }, ['INC-L-2', 'INC-L-3']],
      ['one tag', { tags: ['phishing'] }, ['INC-L-1', 'INC-L-4']],
      ['every tag listed', { tags: ['cloud', 'phishing'] }, ['INC-L-1']],
      ['updated from (inclusive)', { updatedFrom: '2026-03-15' }, ['INC-L-3', 'INC-L-4']],
      ['updated to (inclusive)', { updatedTo: '2026-02-10' }, ['INC-L-1', 'INC-L-2']],
      ['combined', { status: 'draft', type: 'technical', updatedFrom: '2026-02-01' }, ['INC-L-3']],
      ['nothing matches', { severity: 'medium' }, []],
    ];

    for (const [name, filters, expected] of cases) {
      it(`filters by ${name}; the JSON page equals the object page and total counts the matches`, async () => {
        const page = await listPostMortems(handle.db, { limit: 10, ...filters });
        expect(ids(page.items)).toEqual([...expected].sort());
        expect(page.total).toBe(expected.length);
        const json = JSON.parse(await listPostMortemsJson(handle.db, { limit: 10, ...filters }));
        expect(ids(json.items)).toEqual([...expected].sort());
        expect(json.total).toBe(expected.length);
      });
    }

    it('never answers one filter with a page kept for another', async () => {
      const all = JSON.parse(await listPostMortemsJson(handle.db, { limit: 10 }));
      const drafts = JSON.parse(await listPostMortemsJson(handle.db, { limit: 10, status: 'draft' }));
      const again = JSON.parse(await listPostMortemsJson(handle.db, { limit: 10 }));
      expect(all.total).toBe(4);
      expect(drafts.total).toBe(2);
      expect(again).toEqual(all);
    });

    it('reads the filters from the route query, tags repeated; a bad value is a 400', async () => {
      await createUser(handle.db, { username: 'lister', role: 'viewer' }, TEST_NOW);
      const { token } = await createApiToken(
        handle.db,
        { user: 'lister', name: 't', scopes: ['read'] },
        TEST_NOW,
      );
      const headers = { authorization: `Bearer ${token}` };
      const app = await testServer(handle);
      try {
        const get = (query: string) =>
          app.inject({ method: 'GET', url: `/api/post-mortems?${query}`, headers });
        const res = await get('severity=high&tag=cloud&tag=phishing&from=2026-01-01&to=2026-01-31');
        expect(res.statusCode, res.body).toBe(200);
        expect(ids(res.json().items)).toEqual(['INC-L-1']);
        expect(res.json().total).toBe(1);
        expect(ids((await get('tag=cloud')).json().items)).toEqual(['INC-L-1', 'INC-L-2']);
        expect((await get('type=nonsense')).statusCode).toBe(400);
        expect((await get('from=March')).statusCode).toBe(400);
      } finally {
        await app.close();
      }
    });
  });
}
