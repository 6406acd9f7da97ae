import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { fakeGithub } from '../../test/fake-github.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief track on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-track-'));
    const github = fakeGithub();
    let run: (...args: string[]) => Promise<Run>;
    let bare: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      await new Promise<void>((done) => github.server.listen(0, '127.0.0.1', done));
      const url = `http://127.0.0.1:${(github.server.address() as AddressInfo).port}`;
      ({ run, drop } = await cliOnDialect(dialect, dir, {
        DEBRIEF_GITHUB_TOKEN: 't',
        DEBRIEF_GITHUB_API_URL: url,
      }));
      expect((await run('import', DEMO)).code).toBe(0);
    });
    afterAll(async () => {
      github.server.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('pushes the open actions as GitHub issues, then pulls their state back', async () => {
      const push = await run('track', 'push', ID, '--to', 'github', '--repo', 'acme/sec', '--json');
      expect(push.code, push.stderr).toBe(0);
      const outcomes = JSON.parse(push.stdout) as { outcome: string }[];
      const created = outcomes.filter((o) => o.outcome === 'created').length;
      expect(created).toBeGreaterThan(0);
      expect(github.created).toHaveLength(created);
      // The fake closes issues as completed: open actions in progress become done.
      const pull = await run('track', 'pull', ID);
      expect(pull.code, pull.stderr).toBe(0);
      expect(pull.stdout).toMatch(
        /R-\d+\s+updated\s+https:\/\/github.example\/acme\/sec\/issues\/\d+\s+in-progress → done/,
      );
      const actions = JSON.parse((await run('actions', '--post-mortem', ID, '--json')).stdout) as {
        status: string;
      }[];
      expect(actions.filter((a) => a.status === 'done').length).toBeGreaterThan(0);
    });

    it('says what is missing: the tracker, its project or repository, its credentials', async () => {
      const wrong = await run('track', 'push', ID, '--to', 'gitlab');
      expect(wrong.code).toBe(EXIT_CODES.invalid_input);
      expect(wrong.stderr).toMatch(/--to must be jira or github/);
      expect((await run('track', 'push', ID, '--to', 'jira')).stderr).toMatch(
        /--to jira needs --project KEY/,
      );
      expect((await run('track', 'push', ID, '--to', 'jira', '--project', 'SEC')).stderr).toMatch(
        /Jira needs DEBRIEF_JIRA_URL and DEBRIEF_JIRA_TOKEN/,
      );
      ({ run: bare } = await cliOnDialect(dialect, dir));
      expect((await bare('track', 'pull', ID)).stderr).toMatch(/no tracker configured/);
    });
  });
}
