import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../test/accounts.js';
import { smallAttackBundle } from '../../test/attack.js';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { pmId } from '../../test/factories.js';
import { type CliPrepared, preparedByCli, testServer } from '../../test/server.js';
import { navigatorLayerSchema } from '../contract/navigator-layer.js';
import { IRIS_IOC_COLUMNS } from '../core/curated-exports.js';
import { techniqueLabelCounts } from '../db/attack-sightings.repository.js';

const ID = 'INC-XCH';

const DOC = [
  'apiVersion: debrief/v1',
  'kind: PostMortem',
  `id: ${ID}`,
  'title: Phish, PowerShell, tools',
  'severity: high',
  'types: [technical]',
  'restricted: true',
  'timeline:',
  '  - { id: E1, at: "2026-02-23T08:00:00+01:00", text: "Link clicked, then\\nsession stolen", attack: [T1566.002], host: ws-17, tags: [phish], milestone: { kind: compromise } }',
  '  - { id: E2, at: "2026-02-23T08:05:00Z", text: PowerShell ran, attack: [T1059.001], source: EDR alert }',
  '  - { id: E3, at: "2026-02-23T12:00:00Z", text: Host isolated, milestone: { kind: containment } }',
  'indicators:',
  '  - { id: IOC-01, type: ipv4, value: 203.0.113.9, description: "C2, seen from ws-17", timeline: [E2] }',
  '  - { id: IOC-02, type: file-path, value: "C:\\\\Users\\\\lh\\\\a.ps1", timeline: [E2] }',
  '  - { id: IOC-03, type: cve, value: CVE-2026-0001 }',
  '',
].join('\n');

/** One Sysmon process creation (whoami) for the Sigma rule. */
const SYSMON = JSON.stringify({
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: '2026-02-23T08:41:00Z' } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws-17',
    },
    EventData: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami', User: 'CORP\\lh' },
  },
});

const RULE = [
  'title: Whoami Execution',
  'id: 11111111-1111-4111-8111-111111111111',
  'status: test',
  'tags:\n  - attack.discovery\n  - attack.t1033',
  'logsource:\n  product: windows\n  category: process_creation',
  "detection:\n  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection",
  'level: high',
  '',
].join('\n');

/** ECS documents labelled by the tool that detected them, as imported tool detections are. */
const ECS = [
  {
    '@timestamp': '2026-02-23T08:06:00Z',
    message: 'ps download',
    labels: { 'threat.technique.id': 'T1059.001,T1105' },
  },
  {
    '@timestamp': '2026-02-23T08:07:00Z',
    message: 'ps again',
    labels: { 'threat.technique.id': 'T1059.001,T1105' },
  },
  { '@timestamp': '2026-02-23T08:40:00Z', message: 'whoami', labels: { 'threat.technique.id': 't1033' } },
  { '@timestamp': '2026-02-23T08:50:00Z', message: 'unlabelled', labels: { 'rule.name': 'x' } },
  { '@timestamp': '2026-02-23T08:51:00Z', message: 'no labels' },
]
  .map((d) => JSON.stringify(d))
  .join('\n');

interface Technique {
  techniqueID: string;
  tactic?: string;
  score?: number;
  comment: string;
  links: { label: string; url: string }[];
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`exports for other tools on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-interchange-'));
    let prepared: CliPrepared;
    let app: FastifyInstance;
    let linked: FastifyInstance;
    let headers: Record<string, string>;

    beforeAll(async () => {
      writeFileSync(join(dir, 'inc.yaml'), DOC);
      writeFileSync(join(dir, 'sysmon.json'), SYSMON);
      writeFileSync(join(dir, 'tools.ndjson'), ECS);
      writeFileSync(join(dir, 'whoami.yml'), RULE);
      writeFileSync(join(dir, 'small.json'), JSON.stringify(smallAttackBundle()));
      prepared = await preparedByCli(dialect, dir, [
        ['import', 'inc.yaml'],
        ['ingest', ID, 'sysmon.json'],
        ['ingest', ID, 'tools.ndjson', '--format', 'ecs-json'],
        ['sigma', 'load', 'whoami.yml'],
        ['sigma', 'run', ID],
      ]);
      app = await testServer(prepared.handle, { env: {} });
      linked = await testServer(prepared.handle, { env: { DEBRIEF_PUBLIC_URL: 'https://debrief.example/' } });
      headers = (await createAccount(prepared.handle.db, 'reader', 'viewer', { memberOf: [ID] })).headers;
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await linked?.close();
      await prepared?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const layerOf = async (server: FastifyInstance, score: string) => {
      const res = await server.inject({
        url: `/api/post-mortems/${ID}/attack/layer?score=${score}`,
        headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const byId = (techniques: Technique[]) => new Map(techniques.map((t) => [t.techniqueID, t]));

    it('counts technique labels per post-mortem in the database, one row per distinct label value', async () => {
      const groups = await techniqueLabelCounts(prepared.handle.db, pmId(ID));
      expect(groups.sort((a, b) => a.events - b.events)).toEqual([
        { ids: 't1033', events: 1, first_ts: Date.parse('2026-02-23T08:40:00Z') },
        { ids: 'T1059.001,T1105', events: 2, first_ts: Date.parse('2026-02-23T08:06:00Z') },
      ]);
    });

    it('scores techniques from the curated timeline, Sigma matches and tool detections by event count', async () => {
      const layer = (await layerOf(app, 'events')).json();
      expect(navigatorLayerSchema.safeParse(layer).error).toBeUndefined();
      expect(layer.versions).toEqual({ navigator: '4.9.1', layer: '4.5' });
      expect(layer.domain).toBe('enterprise-attack');
      const t = byId(layer.techniques);
      expect([...t.keys()].sort()).toEqual(['T1033', 'T1059.001', 'T1105', 'T1566.002']);
      expect(t.get('T1566.002')?.score).toBe(1); // one timeline entry
      expect(t.get('T1059.001')?.score).toBe(3); // one entry, two tool detections
      expect(t.get('T1105')?.score).toBe(2); // two tool detections
      expect(t.get('T1033')?.comment).toBe(`${ID}: 1 Sigma match (Whoami Execution), 1 tool detection`);
      expect(t.get('T1033')?.score).toBe(2); // one Sigma match, one tool detection
      expect(t.get('T1033')?.comment).toBe(`${ID}: 1 Sigma match (Whoami Execution), 1 tool detection`);
      expect(t.get('T1059.001')?.comment).toBe(`${ID}: 1 timeline entry (E2), 2 tool detections`);
      expect(layer.gradient).toEqual({ colors: ['#ffe766', '#ff6666'], minValue: 0, maxValue: 3 });
      expect(t.get('T1033')?.links).toEqual([]);
    });

    it('links back to the post-mortem when DEBRIEF_PUBLIC_URL is set', async () => {
      const layer = (await layerOf(linked, 'events')).json();
      expect(navigatorLayerSchema.safeParse(layer).error).toBeUndefined();
      const url = `https://debrief.example/post-mortems/${ID}`;
      expect(layer.links).toEqual([{ label: `${ID} in Debrief`, url }]);
      for (const t of layer.techniques as Technique[]) {
        expect(t.links).toEqual([{ label: `${ID} in Debrief`, url }]);
        expect(t.comment).toContain(url);
      }
    });

    it('scores by phase with the catalogue: one object per tactic, in matrix order; unknown ones unscored', async () => {
      const before = (await layerOf(app, 'phase')).json();
      expect(
        (before.techniques as Technique[]).filter((t) => t.score !== undefined).map((t) => t.techniqueID),
      ).toEqual([]);
      await prepared.cli('attack', 'load', 'small.json');
      const layer = (await layerOf(app, 'phase')).json();
      expect(navigatorLayerSchema.safeParse(layer).error).toBeUndefined();
      const t = byId(layer.techniques);
      expect(t.get('T1566.002')).toMatchObject({ tactic: 'initial-access', score: 1 });
      expect(t.get('T1059.001')).toMatchObject({ tactic: 'execution', score: 2 });
      expect(t.get('T1105')?.score).toBeUndefined();
      expect(t.get('T1105')?.comment).toMatch(/tactic unknown, unscored/);
      expect(layer.gradient).toMatchObject({ minValue: 1, maxValue: 2 });
      const bad = await app.inject({ url: `/api/post-mortems/${ID}/attack/layer?score=nope`, headers });
      expect(bad.statusCode).toBe(400);
    });

    it('gives the same layer through the CLI as through the API', async () => {
      for (const score of ['events', 'phase']) {
        const cli = await prepared.cli('attack', 'layer', ID, '--score', score);
        expect(cli.code, cli.stderr).toBe(0);
        expect(JSON.parse(cli.stdout)).toEqual((await layerOf(app, score)).json());
      }
      const bad = await prepared.cli('attack', 'layer', ID, '--score', 'loud');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--score must be one of events, phase/);
    });

    it('exports the curated timeline as Timesketch JSON lines with the required fields', async () => {
      const res = await app.inject({ url: `/api/post-mortems/${ID}/export?format=timesketch`, headers });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = res.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      for (const line of lines) {
        expect(typeof line.message).toBe('string');
        expect(line.message.length).toBeGreaterThan(0);
        expect(line.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
        expect(Date.parse(line.datetime) * 1000).toBe(line.timestamp);
        expect(typeof line.timestamp_desc).toBe('string');
      }
      expect(lines[0]).toMatchObject({
        entry_id: 'E1',
        datetime: '2026-02-23T07:00:00.000+00:00',
        time_as_written: '2026-02-23T08:00:00+01:00',
        timestamp_desc: 'Incident milestone: compromise',
        attack_technique: ['T1566.002'],
        hostname: 'ws-17',
        tag: ['phish', 'milestone:compromise'],
      });
      expect(lines[1]).toMatchObject({ entry_id: 'E2', indicators: ['203.0.113.9', 'C:\\Users\\lh\\a.ps1'] });
      const cli = await prepared.cli('export', ID, '--format', 'timesketch');
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toBe(res.body);
    });

    it('exports the curated timeline as an IRIS timeline CSV with its exact header, one line per event', async () => {
      const res = await app.inject({ url: `/api/post-mortems/${ID}/export?format=iris`, headers });
      expect(res.statusCode, res.body).toBe(200);
      const lines = res.body.split('\r\n');
      expect(lines[0]).toBe(
        'event_date,event_tz,event_title,event_category,event_content,event_raw,event_source,event_assets,event_iocs,event_tags',
      );
      // IRIS splits the upload into lines before reading CSV: no line break may sit inside a cell.
      expect(lines.filter((l) => l !== '')).toHaveLength(4);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(rows[0]).toMatchObject({
        event_date: '2026-02-23T08:00:00.000',
        event_tz: '+01:00',
        event_title: 'Link clicked, then session stolen',
        event_category: 'Initial Access', // the catalogue is loaded by now
        event_assets: '',
        event_iocs: '',
        event_tags: 'phish|T1566.002|milestone:compromise|debrief:E1',
      });
      expect(rows[2]).toMatchObject({ event_tz: '+00:00', event_category: 'Remediation' });
      expect(JSON.parse(rows[1]?.event_raw ?? '')).toMatchObject({ post_mortem: ID, entry: 'E2' });
      const cli = await prepared.cli('export', ID, '--format', 'iris');
      expect(cli.stdout).toBe(res.body);
    });

    it('exports the indicators as an IRIS IOC CSV with IRIS type names and the asked TLP', async () => {
      const res = await app.inject({
        url: `/api/post-mortems/${ID}/indicators/export?format=iris&tlp=green`,
        headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body.split('\r\n')[0]).toBe(IRIS_IOC_COLUMNS.join(','));
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.ioc_value, r.ioc_type, r.ioc_tlp])).toEqual([
        ['203.0.113.9', 'ip-any', 'green'],
        ['C:\\Users\\lh\\a.ps1', 'filename', 'green'],
        ['CVE-2026-0001', 'vulnerability', 'green'],
      ]);
      expect(rows[0]?.ioc_tags).toBe(`debrief:${ID}|debrief:IOC-01|T1059.001`);
      const cli = await prepared.cli('ioc', 'export', ID, '--format', 'iris', '--tlp', 'green');
      expect(cli.stdout).toBe(res.body);
      const bad = await prepared.cli('ioc', 'export', ID, '--format', 'iris', '--tlp', 'white');
      expect(bad.stderr).toMatch(/--tlp must be one of clear, green, amber, amber\+strict, red/);
    });

    it('hides the exports of a restricted post-mortem from a non-member', async () => {
      const outsider = await createAccount(prepared.handle.db, 'outsider', 'viewer');
      for (const url of [
        `/api/post-mortems/${ID}/attack/layer`,
        `/api/post-mortems/${ID}/export?format=iris`,
      ]) {
        const res = await app.inject({ url, headers: outsider.headers });
        expect(res.statusCode).toBe(404);
      }
    });
  });
}
