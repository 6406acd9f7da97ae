import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../test/accounts.js';
import { smallAttackBundle } from '../../test/attack.js';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { type CliPrepared, preparedByCli, testServer } from '../../test/server.js';
import { attackMatrixResponseSchema } from '../contract/attack-matrix-api.js';

const ID = 'INC-MATRIX';

const DOC = [
  'apiVersion: debrief/v1',
  'kind: PostMortem',
  `id: ${ID}`,
  'title: Phish, then PowerShell',
  'severity: high',
  'types: [technical]',
  'restricted: true',
  'timeline:',
  '  - { id: E1, at: "2026-02-23T08:00:00+01:00", text: Link clicked, attack: [T1566.002, T1078] }',
  '  - { id: E2, at: "2026-02-23T08:05:00Z", text: PowerShell ran, attack: [T1059.001] }',
  '  - { id: E3, at: "2026-02-23T09:00:00Z", text: PowerShell again, attack: [T1059.001] }',
  '',
].join('\n');

/** Detections imported from another tool: two events labelled with techniques. */
const ECS = [
  {
    '@timestamp': '2026-02-23T08:06:00Z',
    message: 'ps download',
    labels: { 'threat.technique.id': 'T1059.001,T1105' },
  },
  { '@timestamp': '2026-02-23T06:30:00Z', message: 'early', labels: { 'threat.technique.id': 'T1105' } },
]
  .map((d) => JSON.stringify(d))
  .join('\n');

/** The small bundle plus T1078 under two tactics, so a technique appears in two columns. */
function bundle(): unknown {
  const small = smallAttackBundle() as { objects: object[] };
  small.objects.push({
    type: 'attack-pattern',
    id: 'attack-pattern--78',
    name: 'Valid Accounts',
    kill_chain_phases: [
      { kill_chain_name: 'mitre-attack', phase_name: 'initial-access' },
      { kill_chain_name: 'mitre-attack', phase_name: 'execution' },
    ],
    external_references: [
      { source_name: 'mitre-attack', external_id: 'T1078', url: 'https://attack.mitre.org/techniques/T1078' },
    ],
    x_mitre_is_subtechnique: false,
    modified: '2025-05-01T00:00:00.000Z',
  });
  return small;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`the ATT&CK matrix on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-matrix-'));
    let prepared: CliPrepared;
    let app: FastifyInstance;
    let headers: Record<string, string>;

    beforeAll(async () => {
      writeFileSync(join(dir, 'inc.yaml'), DOC);
      writeFileSync(join(dir, 'tools.ndjson'), ECS);
      writeFileSync(join(dir, 'small.json'), JSON.stringify(bundle()));
      prepared = await preparedByCli(dialect, dir, [
        ['import', 'inc.yaml'],
        ['ingest', ID, 'tools.ndjson', '--format', 'ecs-json'],
      ]);
      app = await testServer(prepared.handle, { env: {} });
      headers = (await createAccount(prepared.handle.db, 'reader', 'viewer', { memberOf: [ID] })).headers;
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await prepared?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const matrix = async () => {
      const res = await app.inject({ url: `/api/post-mortems/${ID}/attack/matrix`, headers });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(attackMatrixResponseSchema.safeParse(body).error).toBeUndefined();
      return body as ReturnType<typeof attackMatrixResponseSchema.parse>;
    };

    it('without a catalogue: the techniques in order of first sighting, with counts, no tactics', async () => {
      const body = await matrix();
      expect(body.catalog).toBeNull();
      expect(body.tactics).toEqual([]);
      expect(body.techniques).toEqual([
        {
          technique: 'T1105',
          tactics: [],
          entries: [],
          sigmaMatches: 0,
          toolDetections: 2,
          count: 2,
          firstSeen: '2026-02-23T06:30:00.000Z',
        },
        {
          technique: 'T1078',
          tactics: [],
          entries: ['E1'],
          sigmaMatches: 0,
          toolDetections: 0,
          count: 1,
          firstSeen: '2026-02-23T07:00:00.000Z',
        },
        {
          technique: 'T1566.002',
          tactics: [],
          entries: ['E1'],
          sigmaMatches: 0,
          toolDetections: 0,
          count: 1,
          firstSeen: '2026-02-23T07:00:00.000Z',
        },
        {
          technique: 'T1059.001',
          tactics: [],
          entries: ['E2', 'E3'],
          sigmaMatches: 0,
          toolDetections: 1,
          count: 3,
          firstSeen: '2026-02-23T08:05:00.000Z',
        },
      ]);
    });

    it('with a catalogue: tactics in matrix order, names, and every tactic of a technique', async () => {
      await prepared.cli('attack', 'load', 'small.json');
      const body = await matrix();
      expect(body.catalog?.credit).toContain('MITRE');
      expect(body.tactics.map((t) => [t.id, t.shortname, t.name])).toEqual([
        ['TA0001', 'initial-access', 'Initial Access'],
        ['TA0002', 'execution', 'Execution'],
      ]);
      const byId = new Map(body.techniques.map((t) => [t.technique, t]));
      expect(byId.get('T1078')).toMatchObject({
        name: 'Valid Accounts',
        tactics: ['initial-access', 'execution'],
      });
      expect(byId.get('T1566.002')).toMatchObject({
        name: 'Spearphishing Link',
        tactics: ['initial-access'],
      });
      expect(byId.get('T1059.001')).toMatchObject({ name: 'PowerShell', tactics: ['execution'] });
      // Not in the catalogue: no name, no tactic (the screen lists it off the matrix).
      expect(byId.get('T1105')).toMatchObject({ tactics: [] });
      expect(byId.get('T1105')?.name).toBeUndefined();
    });

    it('answers 404 to a reader who is not a member of the restricted post-mortem', async () => {
      const outsider = await createAccount(prepared.handle.db, 'outsider', 'viewer');
      const res = await app.inject({
        url: `/api/post-mortems/${ID}/attack/matrix`,
        headers: outsider.headers,
      });
      expect(res.statusCode).toBe(404);
    });
  });
}
