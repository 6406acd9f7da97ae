import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../test/accounts.js';
import { smallAttackBundle } from '../../test/attack.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { buildPostMortem, entry } from '../../test/factories.js';
import { testServer } from '../../test/server.js';
import { readAttackBundle } from '../core/attack-catalog.js';
import { saveAttackCatalog } from '../db/attack-catalog.repository.js';
import type { DatabaseHandle } from '../db/database.js';
import { importPostMortem } from '../services/import-post-mortem.js';
import { seedDemo } from '../services/seed-demo.js';
import { buildServer, listen } from './app.js';

const NOW = '2026-11-22T12:00:00.000Z';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`server on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    /** An admin who is a member of the restricted INC-XSS. */
    let call: (options: InjectOptions) => Promise<LightMyRequestResponse>;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await seedDemo(handle.db, { now: NOW });
      await importPostMortem(
        handle.db,
        buildPostMortem({
          id: 'INC-XSS',
          title: '<script>alert(1)</script> & "quotes"',
          restricted: true,
          timeline: [
            entry('D', '2026-03-14T10:00:00Z', {
              milestone: { kind: 'detection', source: 'customer' },
              text: '<img src=x onerror=alert(2)>',
            }),
          ],
          compliance: {
            regimes: ['gdpr'],
            notifications: [
              {
                id: 'N1',
                regime: 'gdpr',
                recipient: 'DPA',
                obligation: 'interim',
                submittedAt: '2026-03-15',
              },
            ],
          },
        }),
        { now: '2026-11-23T00:00:00.000Z' },
      );
      app = await testServer(handle, { version: '0.0.0-test' });
      const admin = await createAccount(handle.db, 'tester', 'admin', { memberOf: ['INC-XSS'] });
      call = (options) => app.inject({ ...options, headers: { ...admin.headers, ...options.headers } });
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    it('answers the health check with the database in use', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', version: '0.0.0-test', database: dialect.name });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('lists post-mortems with paging, most recently updated first', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems?limit=1' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        total: 2,
        limit: 1,
        offset: 0,
        items: [{ id: 'INC-XSS', restricted: true }],
      });
    });

    it('refuses an invalid query with the one error shape', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems?limit=0' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: 'invalid_input', message: expect.stringMatching(/limit/) },
      });
    });

    it('returns the document with a strong ETag and answers 304 when it has not changed', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc).toMatchObject({ apiVersion: 'debrief/v1', id: 'INC-2026-014', version: 1 });
      expect(doc.timeline.length).toBeGreaterThanOrEqual(30);
      const etag = res.headers.etag as string;
      expect(etag).toMatch(/^"v1-[0-9a-f]{16}"$/);
      const again = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014',
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    });

    it('sends the document compressed to a reader that accepts gzip, and the same JSON to one that does not', async () => {
      const url = '/api/post-mortems/INC-2026-014';
      const plain = await call({ method: 'GET', url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      for (const accept of ['gzip', 'br, gzip;q=0.5', '*']) {
        const zipped = await call({ method: 'GET', url, headers: { 'accept-encoding': accept } });
        expect(zipped.headers['content-encoding'], accept).toBe('gzip');
        expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
        expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
        expect(zipped.headers.etag).toBe(plain.headers.etag);
      }
      for (const refused of ['gzip;q=0', 'identity', '*;q=0', 'br, *;q=1, gzip;q=0']) {
        const res = await call({ method: 'GET', url, headers: { 'accept-encoding': refused } });
        expect(res.headers['content-encoding'], refused).toBeUndefined();
        expect(res.body).toBe(plain.body);
      }
    });

    it('answers 404 in the error shape for an unknown post-mortem and an unknown route', async () => {
      const missing = await call({ method: 'GET', url: '/api/post-mortems/INC-NOPE' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({
        error: {
          code: 'not_found',
          message: expect.stringMatching(/INC-NOPE does not exist/),
          details: { id: 'INC-NOPE' },
        },
      });
      const route = await call({ method: 'GET', url: '/api/nothing-here' });
      expect(route.statusCode).toBe(404);
      expect(route.json()).toMatchObject({ error: { code: 'not_found' } });
    });

    it('refuses an id that is not a valid post-mortem id', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems/..%2Fetc' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_input' } });
    });

    it('computes the clocks, one key per clock, like debrief metrics --json', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014/clocks' });
      expect(res.statusCode).toBe(200);
      const clocks = res.json();
      expect(Object.keys(clocks)).toEqual([
        'timeToDetect',
        'impactToDetection',
        'timeToAcknowledge',
        'timeToContain',
        'timeToEradicate',
        'timeToRecover',
        'timeToResolve',
        'totalDuration',
        'timeToFirstNotification',
        'timeToFirstUpdate',
      ]);
      expect(clocks.timeToContain).toMatchObject({
        seconds: expect.any(Number),
        iso: expect.stringMatching(/^PT/),
      });
      const partial = (await call({ method: 'GET', url: '/api/post-mortems/INC-XSS/clocks' })).json();
      expect(partial.timeToContain).toMatchObject({ seconds: null, reason: 'no containment milestone' });
    });

    it('serves the analysis: checks, scorecard, compliance clocks, language review', async () => {
      const get = (url: string) => call({ method: 'GET', url: `/api/post-mortems/${url}` });
      const checks = await get('INC-XSS/checks');
      expect(checks.statusCode).toBe(200);
      expect(checks.json().findings).toEqual([
        {
          level: 'warning',
          code: 'notification_unmatched',
          path: 'compliance.notifications[0].obligation',
          message: expect.stringMatching(/^N1: "interim" is not an obligation of gdpr/),
        },
      ]);
      const evaluation = (await get('INC-2026-014/evaluation')).json();
      expect(evaluation.items.find((i: { id: string }) => i.id === 'detection-source')).toMatchObject({
        score: expect.any(Number),
        computation: expect.stringMatching(/^detected by /),
      });
      const compliance = await get('INC-2026-014/compliance?at=2026-03-04T00:00:00Z');
      expect(compliance.statusCode).toBe(200);
      expect(compliance.json()).toMatchObject({ at: '2026-03-04T00:00:00Z' });
      expect(compliance.json().results[0]).toMatchObject({
        regime: 'gdpr',
        obligation: 'authority',
        status: 'met',
      });
      const badAt = await get('INC-2026-014/compliance?at=yesterday');
      expect(badAt.statusCode).toBe(400);
      expect(badAt.json()).toMatchObject({ error: { code: 'invalid_input' } });
      const lint = (await get('INC-2026-014/lint?audience=external')).json();
      expect(lint.audience).toBe('external');
      expect(lint.findings.length).toBeGreaterThan(0);
      for (const f of lint.findings)
        expect(f).toMatchObject({ path: expect.any(String), suggestion: expect.any(String) });
    });

    it('serves the fishbone as SVG and a 5 Whys tree as OPML, and names a missing analysis', async () => {
      const svg = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/diagram?format=svg',
      });
      expect(svg.statusCode).toBe(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const opml = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/diagram?format=opml&whys=W-1',
      });
      expect(opml.body).toContain('<opml version="2.0">');
      const missing = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/diagram?whys=W-9',
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toMatch(/has no 5 Whys analysis W-9/);
    });

    it('lists the indicators, and serves the attack path and mitigations once a catalogue is loaded', async () => {
      const get = (url: string) => call({ method: 'GET', url: `/api/post-mortems/INC-2026-014/${url}` });
      const list = (await get('indicators')).json();
      expect(list.indicators.find((i: { value: string }) => i.value === '203.0.113.45')).toMatchObject({
        events: 0,
        inDocument: expect.arrayContaining(['indicators IOC-04']),
      });
      expect((await get('indicators?knownBad=true')).json().indicators).toEqual([]);
      const bare = (await get('attack-path')).json();
      expect(bare).toMatchObject({ catalog: null, steps: expect.any(Array) });
      expect((await get('attack-mitigations')).statusCode).toBe(400);
      await saveAttackCatalog(handle.db, readAttackBundle(smallAttackBundle()).catalog, {
        source: 'test',
        sha256: '0'.repeat(64),
        loadedAt: NOW,
        loadedBy: 'test',
      });
      const path = (await get('attack-path')).json();
      expect(path.steps.find((s: { technique: string }) => s.technique === 'T1566.002')).toMatchObject({
        name: 'Spearphishing Link',
      });
      expect(path.catalog.credit).toMatch(/MITRE/);
      const drafts = (await get('attack-mitigations')).json();
      expect(drafts.drafts.map((d: { mitigation: string }) => d.mitigation)).toContain('M1017');
    });

    it('serves actions across post-mortems and insights, without naming restricted post-mortems', async () => {
      const actions = await call({ method: 'GET', url: '/api/actions?status=accepted' });
      expect(actions.statusCode).toBe(200);
      expect(actions.json().length).toBeGreaterThan(0);
      expect(actions.json().every((a: { status: string }) => a.status === 'accepted')).toBe(true);
      expect((await call({ method: 'GET', url: '/api/actions?status=finished' })).statusCode).toBe(400);
      const insights = await call({ method: 'GET', url: '/api/insights' });
      expect(insights.statusCode).toBe(200);
      expect(insights.json()).toMatchObject({ postMortems: 2, restricted: 1, onThisDay: [] });
      expect(insights.body).not.toContain('INC-XSS');
    });

    it('serves the patient-zero suggestion and the lateral graph', async () => {
      const p0 = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014/patient-zero' });
      expect(p0.statusCode).toBe(200);
      expect(p0.json()).toMatchObject({
        suggestion: { justification: expect.stringMatching(/^No candidate/) },
        recorded: { host: expect.any(String) },
        lateral: { nodes: [], edges: [] },
      });
      const lateral = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014/lateral' });
      expect(lateral.json()).toEqual({ nodes: [], edges: [] });
    });

    it('serves the Sigma matches of a post-mortem (none before a run), 404 for an unknown one', async () => {
      const sigma = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014/sigma' });
      expect(sigma.statusCode).toBe(200);
      expect(sigma.json()).toEqual({ id: 'INC-2026-014', rules: [] });
      const missing = await call({ method: 'GET', url: '/api/post-mortems/INC-2099-001/sigma' });
      expect(missing.statusCode).toBe(404);
    });

    it('searches across the post-mortems the caller may see, restricted ones they are a member of included', async () => {
      const res = await call({ method: 'GET', url: '/api/search?q=alert' });
      expect(res.statusCode).toBe(200);
      expect(res.json().restrictedMatches).toBe(0);
      expect(res.json().hits.map((h: { id: string }) => h.id)).toContain('INC-XSS');
      expect((await call({ method: 'GET', url: '/api/search?q=-alert' })).statusCode).toBe(400);
    });

    it('serves the calendar as iCalendar', async () => {
      const res = await call({ method: 'GET', url: '/api/post-mortems/INC-2026-014/calendar' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(res.body).toContain('UID:INC-2026-014-review@debrief');
    });

    it('exports the indicators as STIX, with the skipped ones in a header', async () => {
      const res = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/indicators/export?format=stix&producer=Korvalen%20CSIRT',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/stix\+json; ?version="?2\.1/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="INC-2026-014-indicators.stix.json"',
      );
      expect(res.headers['x-debrief-skipped']).toMatch(/has no STIX pattern/);
      expect(res.json().objects[0]).toMatchObject({ type: 'identity', name: 'Korvalen CSIRT' });
    });

    it('serves the Markdown report and the YAML export', async () => {
      const report = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/report?format=md',
      });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(report.body).toMatch(/^# INC-2026-014/);
      const yaml = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/export?format=yaml',
      });
      expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
      expect(yaml.headers['content-disposition']).toBe('attachment; filename="INC-2026-014.yaml"');
      expect(yaml.body).toMatch(/^apiVersion: debrief\/v1\nkind: PostMortem\nid: INC-2026-014\n/);
    });

    it('publishes an OpenAPI 3.1 document with every API route, and the docs page', async () => {
      const res = await call({ method: 'GET', url: '/api/docs/json' });
      expect(res.statusCode).toBe(200);
      const openapi = res.json();
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths).sort()).toEqual([
        '/api/actions',
        '/api/actions/export',
        '/api/audit',
        '/api/audit/verify',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/auth/mfa/totp',
        '/api/auth/mfa/totp/confirm',
        '/api/auth/oidc',
        '/api/auth/password',
        '/api/auth/reauthenticate',
        '/api/auth/reset',
        '/api/auth/sessions',
        '/api/auth/sessions/{sessionId}',
        '/api/auth/setup',
        '/api/health',
        '/api/indicators/extract',
        '/api/insights',
        '/api/post-mortems',
        '/api/post-mortems/{id}',
        '/api/post-mortems/{id}/attack-mitigations',
        '/api/post-mortems/{id}/attack-path',
        '/api/post-mortems/{id}/attack/layer',
        '/api/post-mortems/{id}/attack/matrix',
        '/api/post-mortems/{id}/audit',
        '/api/post-mortems/{id}/calendar',
        '/api/post-mortems/{id}/changes',
        '/api/post-mortems/{id}/checks',
        '/api/post-mortems/{id}/clocks',
        '/api/post-mortems/{id}/compliance',
        '/api/post-mortems/{id}/diagram',
        '/api/post-mortems/{id}/diff',
        '/api/post-mortems/{id}/evaluation',
        '/api/post-mortems/{id}/events/{eventId}',
        '/api/post-mortems/{id}/events/{eventId}/promote',
        '/api/post-mortems/{id}/events/{eventId}/star',
        '/api/post-mortems/{id}/events/{eventId}/tags',
        '/api/post-mortems/{id}/evidence',
        '/api/post-mortems/{id}/evidence/verify',
        '/api/post-mortems/{id}/evidence/{evidenceId}',
        '/api/post-mortems/{id}/evidence/{evidenceId}/ingest',
        '/api/post-mortems/{id}/evidence/{evidenceId}/rejects',
        '/api/post-mortems/{id}/export',
        '/api/post-mortems/{id}/indicators',
        '/api/post-mortems/{id}/indicators/export',
        '/api/post-mortems/{id}/indicators/known-bad',
        '/api/post-mortems/{id}/indicators/scan',
        '/api/post-mortems/{id}/jobs',
        '/api/post-mortems/{id}/jobs/{jobId}',
        '/api/post-mortems/{id}/lateral',
        '/api/post-mortems/{id}/lint',
        '/api/post-mortems/{id}/members',
        '/api/post-mortems/{id}/members/{user}',
        '/api/post-mortems/{id}/patient-zero',
        '/api/post-mortems/{id}/playbook/check',
        '/api/post-mortems/{id}/recommendations/{recommendationId}',
        '/api/post-mortems/{id}/rejects',
        '/api/post-mortems/{id}/report',
        '/api/post-mortems/{id}/review/approve',
        '/api/post-mortems/{id}/review/publish',
        '/api/post-mortems/{id}/review/reopen',
        '/api/post-mortems/{id}/review/request-changes',
        '/api/post-mortems/{id}/review/submit',
        '/api/post-mortems/{id}/review/waivers',
        '/api/post-mortems/{id}/sigma',
        '/api/post-mortems/{id}/sigma/jobs',
        '/api/post-mortems/{id}/sigma/run',
        '/api/post-mortems/{id}/timeline',
        '/api/post-mortems/{id}/timeline/histogram',
        '/api/post-mortems/{id}/track/pull',
        '/api/post-mortems/{id}/track/push',
        '/api/post-mortems/{id}/versions',
        '/api/post-mortems/{id}/versions/{number}',
        '/api/ready',
        '/api/search',
        '/api/settings/allow-list',
        '/api/settings/attack-catalog',
        '/api/settings/database',
        '/api/settings/notification-channels',
        '/api/settings/notification-channels/{channelId}',
        '/api/settings/notification-log',
        '/api/settings/notifications/run',
        '/api/settings/sigma-rules',
        '/api/tokens',
        '/api/tokens/{tokenId}',
        '/api/users',
        '/api/users/{user}',
        '/api/users/{user}/mfa',
        '/api/users/{user}/reset-token',
        '/api/users/{user}/sso',
        '/api/validate',
        '/api/webhooks/incident-closed',
      ]);
      expect(openapi.paths['/api/post-mortems/{id}'].get.responses['404']).toBeDefined();
      const ui = await call({ method: 'GET', url: '/api/docs' });
      expect([200, 302]).toContain(ui.statusCode);
    });

    it('serves the fishbone as an SVG that cannot run scripts, even opened on its own', async () => {
      const svg = await call({
        method: 'GET',
        url: '/api/post-mortems/INC-2026-014/diagram?format=svg',
      });
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.body).toContain('<svg');
      expect(svg.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    });
  });
}

describe('listening', () => {
  it('listens and says clearly when an address is not this machine’s', async () => {
    const handle = await createTestDatabase('sqlite');
    const app = await buildServer({ db: handle.db, dialect: 'sqlite', version: 't', now: () => NOW });
    await expect(listen(app, 0, '192.0.2.1')).rejects.toMatchObject({ code: 'invalid_input' });
    const url = await listen(app, 0, '127.0.0.1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    await app.close();
    await handle.close();
  });
});
