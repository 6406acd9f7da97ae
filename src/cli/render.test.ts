/**
 * `debrief render` on a stored post-mortem: the version stamp follows the review (none, approved, published,
 * draft after an edit), `--version` renders the frozen text, the regulator pack reads the evidence custody log,
 * templates and classification banners apply, and binary formats are written as real PDF and Word files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const ACTOR = 'Quentin Custodian';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief render on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-render-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;
    const ok = async (...args: string[]) => {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };
    const evidence = 'login failures from 198.51.100.77 at 2026-03-02T09:00:00Z\n';

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir, { DEBRIEF_ACTOR: ACTOR }));
      await ok('import', DEMO);
      writeFileSync(join(dir, 'auth.log'), evidence);
      await ok('evidence', 'add', ID, 'auth.log', '--collected-by', ACTOR);
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('states no version before the first approval, then the approved version and its hash', async () => {
      expect((await ok('render', ID)).stdout).not.toMatch(/Approved version|Draft: edited/);
      // Adding evidence changed the reviewed content, so the demo went back to draft: submit it again.
      await ok('review', 'submit', ID);
      await ok('review', 'approve', ID, '--as', 'P-01');
      await ok('review', 'approve', ID, '--as', 'P-06');
      const [version] = JSON.parse((await ok('review', 'versions', ID, '--json')).stdout).versions;
      expect(version.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      const md = (await ok('render', ID)).stdout;
      expect(md).toContain(`> **Approved version 1** · \`${version.contentHash}\` · approved`);
      expect(md).toMatch(/approved \S+ by Ines Marchetti, /);
      const html = (await ok('render', ID, '--format', 'html')).stdout;
      expect(html).toContain(`Approved version 1 · ${version.contentHash}`);
    });

    it('says published, then draft after an edit; --approved-version renders the frozen text', async () => {
      await ok('review', 'publish', ID);
      expect((await ok('render', ID)).stdout).toContain('> **Published version 1**');
      await ok('review', 'reopen', ID);
      writeFileSync(
        join(dir, 'edit.yaml'),
        (await ok('export', ID)).stdout.replace(
          /^title: .*$/m,
          'title: A second look at the billing exports',
        ),
      );
      await ok('import', 'edit.yaml');
      const draft = (await ok('render', ID)).stdout;
      expect(draft).toContain('> **Draft:** edited after approved version 1; this is not the approved text.');
      expect(draft).toContain('A second look at the billing exports');
      const frozen = (await ok('render', ID, '--approved-version', '1')).stdout;
      expect(frozen).toContain('> **Published version 1**');
      expect(frozen).not.toContain('A second look');
      expect((await run('render', ID, '--approved-version', '7')).code).toBe(EXIT_CODES.not_found);
      expect((await run('render', ID, '--approved-version', 'one')).code).toBe(EXIT_CODES.invalid_input);
      const file = await run('render', DEMO, '--approved-version', '1');
      expect(file.code).toBe(EXIT_CODES.invalid_input);
      expect(file.stderr).toMatch(/--approved-version needs the id of a stored post-mortem/);
    });

    it('puts the registry hash and custody log in the regulator pack, with the custodian masked', async () => {
      const sha256 = createHash('sha256').update(evidence).digest('hex');
      const pack = (await ok('render', ID, '--audience', 'regulator')).stdout;
      expect(pack).toContain(sha256);
      expect(pack).toMatch(/registered/);
      expect(pack).not.toMatch(/Quentin|Custodian/i);
      expect(pack).not.toContain('198.51.100.77');
      // Rendering is not an action on the evidence: the custody log is unchanged.
      const before = (await ok('evidence', 'list', ID, '--json')).stdout;
      await ok('render', ID, '--audience', 'auditor', '--format', 'html');
      expect((await ok('evidence', 'list', ID, '--json')).stdout).toBe(before);
    });

    it('applies a template folder and a classification banner; a bad template names its file', async () => {
      const template = join(dir, 'brand');
      mkdirSync(template);
      writeFileSync(
        join(template, 'template.json'),
        JSON.stringify({ organization: 'Korvalen Security', classification: 'TLP:AMBER+STRICT' }),
      );
      const html = (await ok('render', ID, '--format', 'html', '--template', 'brand')).stdout;
      expect(html).toContain('Korvalen Security');
      expect(html).toContain('TLP:AMBER+STRICT');
      const md = (
        await ok(
          'render',
          ID,
          '--template',
          'brand',
          '--classification',
          'TLP:RED',
          '--audience',
          'executive',
        )
      ).stdout;
      expect(md.startsWith('**TLP:RED**\n')).toBe(true);
      expect(md.trimEnd().endsWith('**TLP:RED**')).toBe(true);
      expect(md).toContain('_Executive brief_');
      writeFileSync(join(template, 'template.json'), '{"colors": {"primary": "navy"}}');
      const bad = await run('render', ID, '--format', 'html', '--template', 'brand');
      expect(bad.code).toBe(EXIT_CODES.invalid_input);
      expect(bad.stderr).toMatch(/template\.json: colors\.primary "navy" is not a #rrggbb colour/);
    });

    it('writes Word and Confluence files; refuses binary output without -o', async () => {
      await ok('render', ID, '--format', 'docx', '-o', 'report.docx');
      expect(readFileSync(join(dir, 'report.docx')).subarray(0, 2).toString()).toBe('PK');
      await ok('render', ID, '--format', 'confluence', '--audience', 'public', '-o', 'page.xml');
      expect(readFileSync(join(dir, 'page.xml'), 'utf8')).toContain('<ac:structured-macro');
      expect((await run('render', ID, '--format', 'pdf')).code).toBe(EXIT_CODES.invalid_input);
    });
  });
}
