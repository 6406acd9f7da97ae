import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

/** The export parsed as the tracker reads it: header row, then one record per action. */
function records(text: string): string[][] {
  return parse(text) as string[][];
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief actions export on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-actions-export-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    const listed = async (...args: string[]) =>
      (
        JSON.parse((await run('actions', '--json', ...args)).stdout) as { postMortem: string; id: string }[]
      ).map((r) => `${r.postMortem} / ${r.id}`);

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      expect((await run('import', DEMO)).code).toBe(0);
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes every action as a Jira CSV on stdout, each referring back to its recommendation', async () => {
      const result = await run('actions', 'export', '--format', 'jira');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('13 actions as jira CSV\n');
      const [header, ...rows] = records(result.stdout);
      expect(header).toEqual([
        'Summary',
        'Issue Type',
        'Status',
        'Priority',
        'Due Date',
        'Assignee',
        'Description',
        'Labels',
        'Labels',
      ]);
      expect(rows).toHaveLength(13);
      const references = rows.map((r) => /^Debrief (\S+ \/ R-\d+):/.exec(r[6] ?? '')?.[1]);
      // Same actions, same order as `debrief actions`.
      expect(references).toEqual(await listed());
      const r01 = rows.find((r) => r[6]?.startsWith(`Debrief ${ID} / R-01:`));
      expect(r01?.slice(0, 6)).toEqual([
        'Enforce phishing-resistant MFA and compliant devices for the cloud console and privileged applications',
        'Task',
        'Done',
        'Highest',
        '13/Mar/26 12:00 AM',
        'sigrid.lund@korvalen.example',
      ]);
      expect(r01?.[6]).toContain('Status in Debrief: verified; priority: critical; owner: Sigrid Lund');
      expect(r01?.[6]).toContain('FIDO2 security keys or platform passkeys');
      expect(r01?.slice(7)).toEqual(['debrief', ID]);
      const r02 = rows.find((r) => r[6]?.startsWith(`Debrief ${ID} / R-02:`));
      expect(r02?.[6]).toContain('Already tracked in jira: PLAT-1873');
    });

    it('applies the filters of debrief actions, and keeps debrief actions working as before', async () => {
      for (const filter of [
        ['--overdue'],
        ['--status', 'rejected'],
        ['--owner', 'P-03'],
        ['--due-within', '30d'],
      ]) {
        const result = await run('actions', 'export', '--format', 'monday', ...filter);
        expect(result.code, result.stderr).toBe(0);
        const rows = records(result.stdout).slice(1);
        expect(
          rows.map((r) => r[6]),
          filter.join(' '),
        ).toEqual(await listed(...filter));
      }
      expect((await listed('--overdue')).length).toBeGreaterThan(0);
      // A filter written before "export" or repeated works the same.
      const before = await run(
        'actions',
        '--status',
        'verified',
        'export',
        '--format',
        'jira',
        '--status',
        'done',
      );
      expect(before.code, before.stderr).toBe(0);
      expect(records(before.stdout)).toHaveLength(
        1 + (await listed('--status', 'verified', '--status', 'done')).length,
      );
      const json = await run('actions', 'export', '--format', 'jira', '--json');
      expect(json.code).toBe(EXIT_CODES.invalid_input);
      expect(json.stderr).toMatch(/--json is not an option of actions export/);

      const overdue = await run('actions', '--overdue');
      expect(overdue.code).toBe(0);
      expect(overdue.stdout).toMatch(/^POST-MORTEM +ID +TITLE/);
      expect(overdue.stdout).toMatch(/OVERDUE \d+d/);
      expect(await listed()).toHaveLength(13);
      expect((await run('actions', '--status', 'finished')).code).toBe(EXIT_CODES.invalid_input);
      const only = await run(
        'actions',
        'export',
        '--format',
        'asana',
        '--post-mortem',
        ID,
        '--status',
        'proposed',
      );
      expect(
        records(only.stdout)
          .slice(1)
          .map((r) => r[2]),
      ).toEqual(Array((await listed('--status', 'proposed')).length).fill('To do'));
    });

    it('writes to a new file with -o and refuses to replace an existing one', async () => {
      const result = await run(
        'actions',
        'export',
        '--format',
        'trello',
        '-o',
        'trello.csv',
        '--base-url',
        'https://debrief.example',
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('13 actions written to trello.csv (trello CSV)\n');
      const text = readFileSync(join(dir, 'trello.csv'), 'utf8');
      expect(text.startsWith('Card Name,Card Description,List Name,Labels,Members,Due Date\r\n')).toBe(true);
      expect(text).toContain(`https://debrief.example/post-mortems/${ID}`);

      writeFileSync(join(dir, 'taken.csv'), 'keep me');
      const refused = await run('actions', 'export', '--format', 'jira', '--output', 'taken.csv');
      expect(refused.code).toBe(EXIT_CODES.invalid_input);
      expect(refused.stderr).toMatch(/taken\.csv exists; choose another name/);
      expect(readFileSync(join(dir, 'taken.csv'), 'utf8')).toBe('keep me');
    });

    it('refuses an unknown format, a missing format and a base URL that is not http(s)', async () => {
      const unknown = await run('actions', 'export', '--format', 'excel', '-o', 'never.csv');
      expect(unknown.code).toBe(EXIT_CODES.invalid_input);
      expect(unknown.stderr).toMatch(/--format must be one of jira, trello, asana, monday/);
      expect(existsSync(join(dir, 'never.csv'))).toBe(false);
      const missing = await run('actions', 'export');
      expect(missing.code).toBe(EXIT_CODES.invalid_input);
      expect(missing.stderr).toMatch(/required option '--format <format>' not specified/);
      expect(
        (await run('actions', 'export', '--format', 'jira', '--base-url', 'javascript:alert(1)')).code,
      ).toBe(EXIT_CODES.invalid_input);
      expect((await run('actions', 'export', '--format', 'jira', '--post-mortem', 'INC-NOPE')).code).toBe(
        EXIT_CODES.not_found,
      );
    });

    it('leaves restricted post-mortems out unless named with --post-mortem', async () => {
      const restricted = readFileSync(DEMO, 'utf8')
        .replace(/^id: INC-2026-014$/m, 'id: INC-2026-099')
        .replace(/^restricted: false$/m, 'restricted: true');
      writeFileSync(join(dir, 'restricted.yaml'), restricted);
      expect((await run('import', 'restricted.yaml')).code).toBe(0);
      const all = await run('actions', 'export', '--format', 'jira');
      expect(all.stdout).not.toContain('INC-2026-099');
      expect(all.stderr).toMatch(/left out 13 actions of restricted post-mortems/);
      const named = await run('actions', 'export', '--format', 'jira', '--post-mortem', 'INC-2026-099');
      expect(records(named.stdout)).toHaveLength(14);
    });
  });
}
