import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_BUNDLE, itWithAttackBundle, smallAttackBundle } from '../../test/attack.js';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief attack on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-attack-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    const doc = [
      'apiVersion: debrief/v1',
      'kind: PostMortem',
      'id: INC-ATT',
      'title: Phish then PowerShell',
      'severity: high',
      'types: [technical]',
      'timeline:',
      '  - { id: E1, at: "2026-03-01T10:00:00Z", text: Link clicked, attack: [T1566.002] }',
      '  - { id: E2, at: "2026-03-01T10:05:00Z", text: PowerShell ran, attack: [T1059.001] }',
      '',
    ].join('\n');

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      writeFileSync(join(dir, 'small.json'), JSON.stringify(smallAttackBundle()));
      writeFileSync(join(dir, 'inc.yaml'), doc);
      writeFileSync(join(dir, 'not-attack.json'), JSON.stringify({ type: 'bundle', objects: [] }));
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('says how to load a catalogue when none is stored, and still shows the path by id', async () => {
      const path = await run('attack', 'path', 'inc.yaml');
      expect(path.code, path.stderr).toBe(0);
      expect(path.stdout).toMatch(/1\s+2026-03-01T10:00:00.000Z\s+E1\s+T1566.002\s+—/);
      expect(path.stdout).toContain('no ATT&CK catalogue: load one with "debrief attack load');
      const mitigations = await run('attack', 'mitigations', 'inc.yaml');
      expect(mitigations.code).toBe(EXIT_CODES.invalid_input);
    });

    it('loads a bundle, credits MITRE, and refuses what holds no techniques', async () => {
      const bad = await run('attack', 'load', 'not-attack.json');
      expect(bad.code).toBe(EXIT_CODES.invalid_input);
      expect(bad.stderr).toMatch(/not-attack\.json holds no ATT&CK techniques/);
      const load = await run('attack', 'load', 'small.json');
      expect(load.code, load.stderr).toBe(0);
      expect(load.stdout).toMatch(
        /^loaded ATT&CK enterprise-attack \(.*\): 2 tactics, 4 techniques, 2 mitigations, 2 mitigation links/,
      );
      expect(load.stdout).toContain('Copyright 2015-2025, The MITRE Corporation.');
      expect(load.stderr).toMatch(/skipped attack-pattern--9: a technique without an ATT&CK id or name/);
    });

    it('names techniques and finds the attack vector with the stored catalogue', async () => {
      const path = await run('attack', 'path', 'inc.yaml', '--json');
      expect(path.code, path.stderr).toBe(0);
      const json = JSON.parse(path.stdout);
      expect(json.steps.map((s: { name: string }) => s.name)).toEqual(['Spearphishing Link', 'PowerShell']);
      expect(json.vector).toEqual({ technique: 'T1566.002', name: 'Spearphishing Link', entry: 'E1' });
      expect(json.catalog.credit).toMatch(/MITRE/);
    });

    it('adds the mitigations as proposed recommendations to a stored post-mortem, once', async () => {
      expect((await run('import', 'inc.yaml')).code).toBe(0);
      const onFile = await run('attack', 'mitigations', 'inc.yaml', '--add');
      expect(onFile.code).toBe(EXIT_CODES.invalid_input);
      const added = await run('attack', 'mitigations', 'INC-ATT', '--add');
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/^added 2 recommendations to INC-ATT \(version 2\): R-M1017, R-M1042/);
      const again = await run('attack', 'mitigations', 'INC-ATT', '--add');
      expect(again.stdout).toMatch(/^added 0 recommendations/);
      const listed = await run('attack', 'mitigations', 'INC-ATT');
      expect(listed.stdout).toMatch(/M1017\s+User Training\s+T1566.002\s+high\s+R-M1017/);
    });

    it('loads a bundle from an http URL', async () => {
      const server: Server = createServer((_, res) => res.end(JSON.stringify(smallAttackBundle())));
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      try {
        const { port } = server.address() as AddressInfo;
        const load = await run('attack', 'load', `http://127.0.0.1:${port}/enterprise-attack.json`);
        expect(load.code, load.stderr).toBe(0);
        expect(load.stdout).toMatch(/4 techniques/);
      } finally {
        server.close();
      }
    });

    itWithAttackBundle('loads MITRE’s Enterprise bundle and names the demo’s techniques', async () => {
      const load = await run('attack', 'load', ATTACK_BUNDLE);
      expect(load.code, load.stderr).toBe(0);
      const path = JSON.parse((await run('attack', 'path', DEMO, '--json')).stdout);
      expect(path.vector).toMatchObject({ technique: 'T1566.002', name: 'Spearphishing Link' });
      expect(path.warnings).toEqual([]);
    });
  });
}
