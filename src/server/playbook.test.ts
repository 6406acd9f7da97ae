import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import { createTestDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { testServer } from '../../test/server.js';
import type { DatabaseHandle } from '../db/database.js';
import { seedDemo } from '../services/seed-demo.js';

const NOW = '2026-11-22T12:00:00.000Z';
const URL = '/api/post-mortems/INC-2026-014/playbook/check';
const YAML = readFileSync('examples/playbook-phishing.yaml', 'utf8');

interface Answer {
  id: string;
  score: number;
  steps: { step: string; outcome: string; entry?: string; matchedBy?: string }[];
  counts: Record<string, number>;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`POST playbook/check on ${dialectLabel(dialect)}`, () => {
    let handle: DatabaseHandle;
    let app: FastifyInstance;
    let viewer: TestAccount;

    beforeAll(async () => {
      handle = await createTestDatabase(dialect.name);
      await seedDemo(handle.db, { now: NOW });
      viewer = await createAccount(handle.db, 'reader', 'viewer');
      app = await testServer(handle);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    it('compares a playbook sent as YAML text in a JSON body, with the mapping', async () => {
      const res = await app.inject({
        method: 'POST',
        url: URL,
        headers: viewer.headers,
        payload: { playbook: YAML, map: { S6: 'T-32' } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json() as Answer;
      expect(answer.id).toBe('INC-2026-014');
      expect(answer.steps.find((s) => s.step === 'S1')).toMatchObject({ outcome: 'late', entry: 'T-23' });
      expect(answer.steps.find((s) => s.step === 'S6')).toMatchObject({ entry: 'T-32', matchedBy: 'map' });
      expect(answer.counts.skipped).toBe(0);
    });

    it('accepts the playbook as YAML itself (application/yaml) and as a JSON object, with the same answer', async () => {
      const yaml = await app.inject({
        method: 'POST',
        url: URL,
        headers: { ...viewer.headers, 'content-type': 'application/yaml' },
        payload: YAML,
      });
      expect(yaml.statusCode, yaml.body).toBe(200);
      const object = await app.inject({
        method: 'POST',
        url: URL,
        headers: viewer.headers,
        payload: {
          playbook: {
            name: 'Small',
            version: 1,
            steps: [
              {
                id: 'A',
                title: 'Acknowledge',
                phase: 'detection',
                target: { within: '15m' },
                match: { milestone: 'acknowledgement' },
              },
            ],
          },
        },
      });
      expect(object.statusCode, object.body).toBe(200);
      expect((yaml.json() as Answer).score).toBe(82);
      expect((object.json() as Answer).steps).toEqual([
        expect.objectContaining({ step: 'A', outcome: 'late' }),
      ]);
    });

    it('answers 400 invalid_input listing every problem of an invalid playbook, with its line', async () => {
      const res = await app.inject({
        method: 'POST',
        url: URL,
        headers: { ...viewer.headers, 'content-type': 'text/yaml' },
        payload: 'name: Bad\nversion: 1\nsteps:\n  - { id: S1, title: One, phase: nowhere }\n',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json() as {
        error: { code: string; details: { problems: { path: string; line: number }[] } };
      };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.details.problems).toEqual([
        expect.objectContaining({ path: 'steps[0].phase', line: 4 }),
      ]);
    });

    it('answers 400 for a mapping to an entry that does not exist, and 404 for an unknown post-mortem', async () => {
      const badMap = await app.inject({
        method: 'POST',
        url: `${URL}?map=S1=T-999`,
        headers: { ...viewer.headers, 'content-type': 'application/yaml' },
        payload: YAML,
      });
      expect(badMap.statusCode).toBe(400);
      expect(badMap.body).toContain('no timeline entry \\"T-999\\"');
      const missing = await app.inject({
        method: 'POST',
        url: '/api/post-mortems/INC-1999-001/playbook/check',
        headers: viewer.headers,
        payload: { playbook: YAML },
      });
      expect(missing.statusCode).toBe(404);
    });
  });
}
