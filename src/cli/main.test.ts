import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { cliDatabase, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

describe('debrief without a database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates the demo and says what it holds', async () => {
    const result = await run('validate', DEMO);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /is a valid post-mortem \(INC-2026-014: \d+ timeline entries, \d+ recommendations\)/,
    );
  });

  it('lists every problem of a broken file with file:line:column and exits 1', async () => {
    writeFileSync(
      join(dir, 'broken.yaml'),
      'apiVersion: debrief/v1\nkind: PostMortem\nid: INC-X\ntitle: T\nseverty: high\ntypes: [technical]\n',
    );
    const result = await run('validate', 'broken.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'broken.yaml:1:1: error: severity: missing required field "severity"',
      'broken.yaml:5:1: error: severty: unknown field "severty"; did you mean "severity"?',
      'broken.yaml is not valid: 2 errors, 0 warnings',
      '',
    ]);
  });

  it('prints validation results as JSON with --json', async () => {
    const result = await run('validate', 'broken.yaml', '--json');
    const json = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(json).toMatchObject({ file: 'broken.yaml', valid: false, errors: 2, warnings: 0 });
    expect(json.problems[1]).toMatchObject({ path: 'severty', line: 5, column: 1, level: 'error' });
  });

  it('computes clocks of a file without touching the database', async () => {
    const result = await run('metrics', DEMO, '--json');
    expect(result.code).toBe(0);
    const clocks = JSON.parse(result.stdout);
    expect(Object.keys(clocks)).toHaveLength(10);
    expect(clocks.timeToDetect).toMatchObject({
      seconds: expect.any(Number),
      iso: expect.stringMatching(/^P/),
      approximate: false,
    });
    expect(() => readFileSync(join(dir, 'data', 'debrief.sqlite'))).toThrow();
  });

  it('fails with one clear line and a distinct exit code for a missing file', async () => {
    const result = await run('import', 'nope.yaml');
    expect(result.code).toBe(EXIT_CODES.file_unreadable);
    expect(result.stderr).toBe('debrief: cannot read nope.yaml: no such file\n');
  });

  it('refuses to import an invalid file, naming the first error and how to see all', async () => {
    const result = await run('import', 'broken.yaml');
    expect(result.code).toBe(EXIT_CODES.invalid_document);
    expect(result.stderr).toBe(
      'debrief: broken.yaml:1:1: severity: missing required field "severity" (and 1 more; run "debrief validate broken.yaml" to see all)\n',
    );
  });

  it('treats a usage error as exit code 2 with a hint', async () => {
    const result = await run('export');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'id'/);
    expect(result.stderr).toMatch(/run with --help/);
  });

  it('shows help for a command with its examples', async () => {
    const result = await run('help', 'import');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: debrief import \[options\] <file>/);
    expect(result.stdout).toMatch(/--force/);
  });

  it('writes a new post-mortem file from the template that validates', async () => {
    const created = await run(
      'new',
      'INC-2026-099',
      '--title',
      'Token leak',
      '--type',
      'technical',
      'process',
    );
    expect(created.code).toBe(0);
    const validated = await run('validate', 'INC-2026-099.yaml');
    expect(validated.code).toBe(0);
    expect(readFileSync(join(dir, 'INC-2026-099.yaml'), 'utf8')).toContain('types: [technical, process]');
    const again = await run('new', 'INC-2026-099', '--title', 'Token leak');
    expect(again.code).toBe(EXIT_CODES.invalid_input);
  });

  it('prints the JSON Schema', async () => {
    const result = await run('schema');
    expect(JSON.parse(result.stdout)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });

  it('refuses a report format that does not exist, listing the available ones', async () => {
    const result = await run('render', DEMO, '--format', 'odt');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(
      /report format "odt" is not available; available: md, html, pdf, docx, confluence, notion/,
    );
  });

  it('refuses to print a binary report to the terminal, saying how to write it', async () => {
    const result = await run('render', DEMO, '--format', 'docx');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/docx is a binary format: give the file to write with -o/);
  });

  it('refuses an unknown audience and a malformed classification', async () => {
    const audience = await run('render', DEMO, '--audience', 'press');
    expect(audience.code).toBe(EXIT_CODES.invalid_input);
    expect(audience.stderr).toMatch(
      /audience "press" is not known; audiences: technical, executive, regulator, public/,
    );
    const banner = await run('render', DEMO, '--classification', 'x'.repeat(81));
    expect(banner.code).toBe(EXIT_CODES.invalid_input);
    expect(banner.stderr).toMatch(/classification must be one line of 1 to 80 printable characters/);
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief with ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-cli-db-'));
    let run: ReturnType<typeof runner>;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const database = await cliDatabase(dialect);
      drop = database.drop;
      run = runner(dir, { DEBRIEF_DATA: join(dir, 'data'), DATABASE_URL: database.url });
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows an empty list with a hint, creating and migrating the database on first use', async () => {
      const result = await run('list');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/No post-mortems yet/);
      const status = JSON.parse((await run('db', 'status', '--json')).stdout);
      expect(status).toMatchObject({ dialect: dialect.name, pending: [], postMortems: 0 });
    });

    it('imports the demo and prints its id on stdout, the outcome on stderr', async () => {
      const result = await run('import', DEMO);
      expect(result).toMatchObject({ code: 0, stdout: 'INC-2026-014\n' });
      expect(result.stderr).toMatch(/INC-2026-014 created at version 1/);
    });

    it('round-trips the demo losslessly: export, import, export gives identical files', async () => {
      const first = await run('export', 'INC-2026-014');
      writeFileSync(join(dir, 'exported.yaml'), first.stdout);
      const reimport = await run('import', 'exported.yaml', '--json');
      expect(JSON.parse(reimport.stdout)).toEqual({ id: 'INC-2026-014', outcome: 'unchanged', version: 1 });
      const second = await run('export', 'INC-2026-014');
      expect(second.stdout).toBe(first.stdout);
      const asJson = await run('export', 'INC-2026-014', '--format', 'json');
      writeFileSync(join(dir, 'exported.json'), asJson.stdout);
      expect((await run('validate', 'exported.json')).code).toBe(0);
    });

    it('updates from an edited export and refuses the stale file afterwards', async () => {
      const exported = readFileSync(join(dir, 'exported.yaml'), 'utf8');
      writeFileSync(join(dir, 'edited.yaml'), exported.replace(/^title: .*$/m, 'title: An edited title'));
      const updated = await run('import', 'edited.yaml');
      expect(updated.stderr).toMatch(/updated from version 1 to 2/);
      writeFileSync(join(dir, 'stale.yaml'), exported.replace(/^title: .*$/m, 'title: A stale edit'));
      const stale = await run('import', 'stale.yaml');
      expect(stale.code).toBe(EXIT_CODES.version_conflict);
      expect(stale.stderr).toMatch(
        /^debrief: INC-2026-014 is based on version 1, but the stored one is at version 2/,
      );
      // An edit of a post-mortem in review makes it a draft again (review and sign-off).
      expect((await run('show', 'INC-2026-014', '--json')).stdout).toContain('"status": "draft"');
    });

    it('lists, shows and reports a stored post-mortem', async () => {
      const list = await run('list', '--json');
      expect(JSON.parse(list.stdout)).toMatchObject({
        total: 1,
        items: [{ id: 'INC-2026-014', version: 2 }],
      });
      const show = await run('show', 'INC-2026-014');
      expect(show.stdout).toMatch(/^INC-2026-014: /);
      expect(show.stdout).toMatch(/timeToContain\s+\d/);
      const metrics = await run('metrics', 'INC-2026-014');
      expect(metrics.stdout).toMatch(/Time to detect \(dwell time\)/);
      const report = await run('render', 'INC-2026-014', '--format', 'md', '-o', 'report.md');
      expect(report.code).toBe(0);
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# INC-2026-014/);
    });

    it('exports to a file but does not overwrite one without --force', async () => {
      expect((await run('export', 'INC-2026-014', '-o', 'out.json')).code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toMatchObject({ id: 'INC-2026-014' });
      const again = await run('export', 'INC-2026-014', '-o', 'out.json');
      expect(again.code).toBe(EXIT_CODES.invalid_input);
      expect(again.stderr).toMatch(/out.json exists; pass --force/);
      expect((await run('export', 'INC-2026-014', '-o', 'out.json', '--force')).code).toBe(0);
    });

    it('reports an unknown id as not found with exit code 4', async () => {
      const result = await run('show', 'INC-0000-000');
      expect(result.code).toBe(EXIT_CODES.not_found);
      expect(result.stderr).toMatch(/post-mortem INC-0000-000 does not exist/);
      const metrics = await run('metrics', 'INC-0000-000');
      expect(metrics.stderr).toMatch(/no file named INC-0000-000 and no post-mortem INC-0000-000/);
    });
  });
}

describe('debrief with an unreachable database', () => {
  it('says which database it could not reach, without the password, and exits 7', async () => {
    const run = runner(tmpdir(), { DATABASE_URL: 'postgres://admin:s3cret@127.0.0.1:1/debrief' });
    const result = await run('list');
    expect(result.code).toBe(EXIT_CODES.database_unavailable);
    expect(result.stderr).toMatch(
      /^debrief: cannot connect to PostgreSQL at postgres:\/\/admin:\*\*\*@127\.0\.0\.1:1\/debrief/,
    );
    expect(result.stderr).not.toContain('s3cret');
  });
});

describe('id arguments', () => {
  it('refuses a malformed post-mortem id before touching the database', async () => {
    const run = runner(tmpdir(), { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    const result = await run('show', 'bad id!');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/^debrief: "bad id!" is not a valid post-mortem id: use letters, digits/);
  });
});
