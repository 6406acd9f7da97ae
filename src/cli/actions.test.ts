import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief actions on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-actions-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    const rows = async (...args: string[]) =>
      JSON.parse((await run('actions', '--json', ...args)).stdout) as {
        id: string;
        status: string;
        overdue: boolean;
        due: string | null;
        ownerName: string | null;
      }[];

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      expect((await run('import', DEMO)).code).toBe(0);
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists every recommendation across post-mortems, soonest due first, with filters', async () => {
      const all = await rows();
      expect(all).toHaveLength(13);
      const dated = all.filter((r) => r.due !== null).map((r) => r.due as string);
      expect(dated).toEqual([...dated].sort());
      // The test clock is 2026-11-22: open actions due before it are overdue.
      const overdue = await rows('--overdue');
      expect(overdue.length).toBeGreaterThan(0);
      expect(
        overdue.every((r) => r.overdue && ['proposed', 'accepted', 'in-progress'].includes(r.status)),
      ).toBe(true);
      expect((await rows('--status', 'rejected')).map((r) => r.status)).toEqual(['rejected']);
      expect((await rows('--status', 'proposed', '--status', 'rejected')).length).toBe(2);
      const bad = await run('actions', '--status', 'finished');
      expect(bad.code).toBe(EXIT_CODES.invalid_input);
      expect((await run('actions', '--due-within', 'soon')).code).toBe(EXIT_CODES.invalid_input);
    });

    it('moves a recommendation through its lifecycle, recording each change, and refuses what is missing', async () => {
      const missing = await run('action', 'update', ID, 'R-07', '--status', 'accepted');
      expect(missing.code).toBe(EXIT_CODES.invalid_input);
      expect(missing.stderr).toMatch(/accepted needs a due date \(--due\)/);
      const accepted = await run(
        'action',
        'update',
        ID,
        'R-07',
        '--status',
        'accepted',
        '--due',
        '2026-12-20',
        '--why',
        'agreed',
      );
      expect(accepted.code, accepted.stderr).toBe(0);
      expect(accepted.stdout).toMatch(/^INC-2026-014 R-07: proposed → accepted \(status, due\), version 2/);
      expect((await rows('--due-within', '30d')).map((r) => r.id)).toContain('R-07');
      expect((await rows('--owner', 'governance, risk and compliance')).map((r) => r.id)).toContain('R-07');
      const unknown = await run('action', 'update', ID, 'R-99', '--status', 'accepted');
      expect(unknown.code).toBe(EXIT_CODES.not_found);
      expect(unknown.stderr).toMatch(/has no recommendation R-99 \(it has: R-01/);
      const shown = JSON.parse((await run('show', ID, '--json')).stdout);
      const r07 = shown.recommendations.find((r: { id: string }) => r.id === 'R-07');
      expect(r07.history).toEqual([
        {
          at: '2026-11-22T12:00:00.000Z',
          by: 'analyst@test',
          from: 'proposed',
          to: 'accepted',
          fields: ['status', 'due'],
          why: 'agreed',
        },
      ]);
      const again = await run('action', 'update', ID, 'R-07', '--status', 'accepted');
      expect(again.stdout).toMatch(/nothing changed/);
    });

    it('gives insights across the stored post-mortems', async () => {
      const result = await run('insights', '--json');
      expect(result.code, result.stderr).toBe(0);
      const insights = JSON.parse(result.stdout);
      expect(insights.postMortems).toBe(1);
      expect(insights.recommendations.total).toBe(13);
      expect(insights.techniques.map((t: { technique: string }) => t.technique)).toContain('T1566.002');
      const text = await run('insights', '--since', '2026-01-01');
      expect(text.stdout).toMatch(/^1 post-mortems since 2026-01-01/);
      expect(text.stdout).toContain('Most frequent ATT&CK techniques');
      expect((await run('insights', '--since', 'last year')).code).toBe(EXIT_CODES.invalid_input);
    });

    it('searches every post-mortem with snippets, and counts restricted matches without showing them', async () => {
      const hidden = [
        'apiVersion: debrief/v1',
        'kind: PostMortem',
        'id: INC-SECRET',
        'title: Insider copied push notification logs',
        'severity: low',
        'types: [process]',
        'restricted: true',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'secret.yaml'), hidden);
      expect((await run('import', 'secret.yaml')).code).toBe(0);
      const result = JSON.parse((await run('search', 'push', '--json')).stdout);
      expect(result.hits.map((h: { id: string }) => h.id)).toEqual([ID]);
      expect(result.restrictedMatches).toBe(1);
      expect(result.hits[0].snippets[0].text).toMatch(/«push»|«Push»/);
      const text = await run('search', '"access key" -nonexistentword');
      expect(text.stdout).toMatch(/^INC-2026-014 /);
      expect(text.stdout).not.toContain('INC-SECRET');
      expect((await run('search', 'zzzz-no-such-thing')).stdout).toBe('no matches\n');
    });
  });
}
