import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { renderReportHtml } from '../core/report-html.js';
import { readReportTemplate } from './read-report-template.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const dirs: string[] = [];

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-template-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function failure(dir: string): Promise<DomainError> {
  const error = await readReportTemplate(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readReportTemplate', () => {
  it('reads every file of a complete template into branding and a default classification', async () => {
    const layout =
      '<!doctype html><html><head>{{styles}}</head><body>{{banner}}{{title}}{{sections}}{{footer}}</body></html>';
    const dir = folder({
      'template.json': JSON.stringify({
        organization: 'Korvalen',
        colors: { primary: '#112233', accent: '#AA0000' },
        classification: 'TLP:AMBER+STRICT',
        footer: 'Internal distribution only',
      }),
      'logo.png': PNG,
      'report.css': 'h2 { color: black; }',
      'layout.html': layout,
    });
    const template = await readReportTemplate(dir);
    expect(template).toEqual({
      classification: 'TLP:AMBER+STRICT',
      branding: {
        organization: 'Korvalen',
        logo: { mediaType: 'image/png', base64: PNG.toString('base64') },
        colors: { primary: '#112233', accent: '#AA0000' },
        css: 'h2 { color: black; }',
        footer: 'Internal distribution only',
        layout,
      },
    });
    const html = renderReportHtml(
      {
        meta: {
          id: 'INC-1',
          title: 'T',
          audience: 'technical',
          audienceLabel: 'Technical report',
          severity: 'high',
          status: 'draft',
          types: [],
          generatedAt: '2026-01-01T00:00:00Z',
        },
        preamble: [],
        sections: [],
      },
      { branding: template.branding },
    );
    expect(html).toContain(`data:image/png;base64,${PNG.toString('base64')}`);
  });

  it('accepts an empty template.json and an SVG logo', async () => {
    const dir = folder({ 'template.json': '{}', 'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    const template = await readReportTemplate(dir);
    expect(template.branding.logo?.mediaType).toBe('image/svg+xml');
    expect(template.classification).toBeUndefined();
  });

  it('names the folder when it is missing, and template.json when that is missing', async () => {
    const missing = await failure(join(tmpdir(), 'debrief-no-such-template'));
    expect(missing.message).toMatch(/template folder .*debrief-no-such-template does not exist/);
    const empty = await failure(folder({}));
    expect(empty.message).toMatch(/template\.json: no such file/);
  });

  it('names template.json and the problem for bad JSON, unknown keys and bad colours', async () => {
    const bad = await failure(folder({ 'template.json': '{ "organization": ' }));
    expect(bad.message).toMatch(/template\.json: not valid JSON/);
    const unknown = await failure(
      folder({ 'template.json': '{ "organisation": "x", "colors": { "text": "#000000" } }' }),
    );
    expect(unknown.message).toContain('unknown key "organisation"');
    expect(unknown.message).toContain('colors: unknown key "text"');
    const colour = await failure(folder({ 'template.json': '{ "colors": { "primary": "navy" } }' }));
    expect(colour.message).toMatch(/template\.json: colors\.primary "navy" is not a #rrggbb colour/);
  });

  it('refuses a logo over 1 MiB, a logo that is not what its name says, and two logos', async () => {
    const big = await failure(folder({ 'template.json': '{}', 'logo.png': Buffer.alloc(1024 * 1024 + 1) }));
    expect(big.code).toBe('too_large');
    expect(big.message).toMatch(/logo\.png is 1\.0 MiB; a logo may be at most 1 MiB/);
    const fake = await failure(folder({ 'template.json': '{}', 'logo.png': 'GIF89a' }));
    expect(fake.message).toMatch(/logo\.png: not a PNG image/);
    const two = await failure(folder({ 'template.json': '{}', 'logo.png': PNG, 'logo.svg': '<svg/>' }));
    expect(two.message).toContain('both logo.svg and logo.png');
  });

  it('names report.css and layout.html with what is wrong in them', async () => {
    const css = await failure(
      folder({ 'template.json': '{}', 'report.css': '@import url(https://x/y.css);' }),
    );
    expect(css.message).toMatch(/report\.css: @import is not allowed/);
    const layout = await failure(
      folder({ 'template.json': '{}', 'layout.html': '<!doctype html>{{styles}}{{banner}}{{body}}' }),
    );
    expect(layout.message).toMatch(/layout\.html: unknown slot \{\{body\}\}.*\{\{sections\}\} is missing/);
  });
});
