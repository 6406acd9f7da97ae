/**
 * `GET /api/post-mortems/{id}/report` in every format and audience: media types, file names, the report's
 * Content-Security-Policy, PDF and Word bytes, redaction for the public, the version stamp after approval, and
 * clear refusals.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { pdfToolsCheck } from '../../test/pdf-tools.js';
import { TEST_NOW, testServer } from '../../test/server.js';
import type { PostMortemId } from '../core/ids.js';
import type { DatabaseHandle } from '../db/database.js';
import { createUser } from '../services/accounts.js';
import { createApiToken } from '../services/api-tokens.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { demoPostMortemPath } from '../services/package-paths.js';
import { readValidPostMortemFile } from '../services/read-post-mortem-file.js';
import { recordReviewDecision } from '../services/record-review-decision.js';
import { REPORT_CSP } from './html.js';

const { skip: noPdf } = pdfToolsCheck('report route PDF');
const ID = 'INC-2026-014' as PostMortemId;

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`GET /report on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let auth: { authorization: string };
    const get = (query: string) =>
      app.inject({ method: 'GET', url: `/api/post-mortems/${ID}/report?${query}`, headers: auth });

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await importPostMortem(handle.db, await readValidPostMortemFile(demoPostMortemPath()), {
        now: TEST_NOW,
      });
      await createUser(handle.db, { username: 'vic', role: 'viewer' }, TEST_NOW);
      const { token } = await createApiToken(
        handle.db,
        { user: 'vic', name: 't', scopes: ['read'] },
        TEST_NOW,
      );
      auth = { authorization: `Bearer ${token}` };
      app = await testServer(handle);
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    it('serves HTML inline under a policy that allows its inline styles and nothing else', async () => {
      const res = await get('format=html&classification=TLP:AMBER');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(REPORT_CSP);
      // The web application previews it in a frame; no other site may frame it.
      expect(REPORT_CSP).toContain("frame-ancestors 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-disposition']).toBe('inline; filename="INC-2026-014-technical.html"');
      expect(res.body).toMatch(/^<!doctype html>/i);
      expect(res.body).toContain('TLP:AMBER');
      expect(res.body).not.toMatch(/<script/i);
    });

    it('serves Word as an attachment, and the public statement without internal names', async () => {
      const docx = await get('format=docx&audience=executive');
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-disposition']).toBe('attachment; filename="INC-2026-014-executive.docx"');
      expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const technical = await get('format=md');
      expect(technical.body).toContain('Ines Marchetti');
      const statement = await get('format=md&audience=public');
      expect(statement.statusCode).toBe(200);
      expect(statement.body).toContain('_Public statement_');
      expect(statement.body).not.toContain('Ines Marchetti');
      expect(statement.body).not.toContain('Marchetti');
    });

    it.skipIf(noPdf)(
      'serves a PDF',
      async () => {
        const res = await get('format=pdf&audience=auditor');
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe('attachment; filename="INC-2026-014-regulator.pdf"');
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      },
      60_000,
    );

    it('states the approved version once approved, and serves a frozen version by number', async () => {
      for (const person of ['P-01', 'P-06']) {
        await recordReviewDecision(
          handle.db,
          ID,
          { person, decision: 'approved' },
          { actor: 'test', now: TEST_NOW },
        );
      }
      const current = await get('format=md');
      expect(current.body).toMatch(/> \*\*Approved version 1\*\* · `sha256:[0-9a-f]{64}`/);
      const frozen = await get('format=md&version=1');
      expect(frozen.statusCode).toBe(200);
      expect(frozen.headers['content-disposition']).toBe('inline; filename="INC-2026-014-technical-v1.md"');
      expect((await get('format=md&version=9')).statusCode).toBe(404);
    });

    it('refuses an unknown format or audience and a banner that is too long', async () => {
      expect((await get('format=odt')).statusCode).toBe(400);
      expect((await get('audience=press')).statusCode).toBe(400);
      expect((await get(`classification=${'x'.repeat(81)}`)).statusCode).toBe(400);
    });
  });
}
