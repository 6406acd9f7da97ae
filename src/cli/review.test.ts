import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { colourPatch } from './commands/diff.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief review and diff on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-review-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    const ok = async (...args: string[]) => {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      await ok('import', DEMO);
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('approves the demo in review with its two approvers and freezes version 1', async () => {
      const wrong = await run('review', 'approve', ID, '--as', 'P-02');
      expect(wrong.code).toBe(EXIT_CODES.forbidden);
      expect(wrong.stderr).toMatch(
        /^debrief: P-02 is not a named approver of INC-2026-014 \(approvers: P-01 Ines Marchetti, P-06/,
      );
      expect((await ok('review', 'approve', ID, '--as', 'P-01')).stdout).toMatch(
        /round: approved: P-01; waiting for: P-06/,
      );
      const last = await ok(
        'review',
        'approve',
        ID,
        '--as',
        'P-06',
        '--comment',
        'Figures match the register.',
      );
      expect(last.stdout).toMatch(/approved; report version 1 frozen \(sha256:[0-9a-f]{64}\)/);
      const versions = JSON.parse((await ok('review', 'versions', ID, '--json')).stdout);
      expect(versions).toMatchObject({
        status: 'approved',
        versions: [
          {
            number: 1,
            approvers: [{ person: 'P-01' }, { person: 'P-06', comment: 'Figures match the register.' }],
          },
        ],
      });
      expect((await ok('review', 'versions', ID)).stdout).toMatch(/^VERSION\s+REVISION\s+APPROVED/);
    });

    it('publishes, then refuses an import until reopened; follow-through keeps working', async () => {
      expect((await ok('review', 'publish', ID)).stdout).toMatch(/published report version 1/);
      writeFileSync(
        join(dir, 'edit.yaml'),
        (await ok('export', ID)).stdout.replace(/^title: .*$/m, 'title: Second look'),
      );
      const refused = await run('import', 'edit.yaml');
      expect(refused.code).toBe(EXIT_CODES.invalid_state);
      expect(refused.stderr).toMatch(
        /is published and read-only: run "debrief review reopen INC-2026-014" first/,
      );
      const action = await run(
        'action',
        'update',
        ID,
        'R-07',
        '--status',
        'accepted',
        '--owner',
        'P-02',
        '--due',
        '2026-12-31',
      );
      expect(action.code, action.stderr).toBe(0);
      expect((await ok('review', 'reopen', ID)).stdout).toMatch(
        /reopened as a draft .*next approval makes report version 2/,
      );
      writeFileSync(
        join(dir, 'edit.yaml'),
        (await ok('export', ID)).stdout.replace(/^title: .*$/m, 'title: Second look'),
      );
      await ok('import', 'edit.yaml');
    });

    it('diffs version 1 and the current document as a uncoloured unified diff or as JSON', async () => {
      const diff = await ok('diff', ID, '1');
      expect(diff.stdout).toMatch(/^={10,}\n--- INC-2026-014 version 1\n\+\+\+ INC-2026-014 current\n/);
      expect(diff.stdout).toContain('\n+title: Second look\n');
      expect(diff.stdout).not.toContain('\x1b[');
      const json = JSON.parse((await ok('diff', ID, '1', 'current', '--json')).stdout);
      expect(json.changes).toContainEqual(
        expect.objectContaining({ path: 'title', kind: 'changed', new: 'Second look' }),
      );
      expect(json.changes).toContainEqual({ path: 'status', kind: 'changed', old: 'approved', new: 'draft' });
      expect((await run('diff', ID, 'latest')).code).toBe(EXIT_CODES.invalid_input);
      expect((await run('diff', ID, '3')).code).toBe(EXIT_CODES.not_found);
    });

    it('records every review command in the audit trail', async () => {
      await ok('audit', 'export', '--post-mortem', ID, '-o', 'audit.jsonl');
      const actions = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).action as string)
        .filter((a) => a.startsWith('cli review'));
      expect(actions).toEqual([
        'cli review approve',
        'cli review approve',
        'cli review approve',
        'cli review publish',
        'cli review reopen',
      ]);
    });
  });
}

describe('colourPatch', () => {
  it('colours additions green, removals red and hunks cyan', () => {
    const coloured = colourPatch('--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n same');
    expect(coloured.split('\n')).toEqual([
      '\x1b[1m--- a\x1b[0m',
      '\x1b[1m+++ b\x1b[0m',
      '\x1b[36m@@ -1 +1 @@\x1b[0m',
      '\x1b[31m-old\x1b[0m',
      '\x1b[32m+new\x1b[0m',
      ' same',
    ]);
  });
});
