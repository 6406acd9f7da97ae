import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');

describe('debrief diagram', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-diagram-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the fishbone as a Mermaid flowchart by default', async () => {
    const result = await run('diagram', DEMO);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^flowchart TD\n/);
    expect(result.stdout).toContain('environment');
  });

  it('writes a 5 Whys tree as OPML and draw.io files', async () => {
    for (const [format, file, marker] of [
      ['opml', 'why.opml', '<opml version="2.0">'],
      ['drawio', 'why.drawio', '<mxGraphModel>'],
      ['mm', 'why.mm', '<map version="1.0.1">'],
    ] as const) {
      const result = await run('diagram', DEMO, '--whys', 'W-2', '--format', format, '-o', file);
      expect(result.code, result.stderr).toBe(0);
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain(marker);
      expect(text).toContain('seven-day-old look-alike domain');
    }
  });

  it('draws the fishbone as SVG, and says svg is for the fishbone only', async () => {
    const result = await run('diagram', DEMO, '--format', 'svg', '-o', 'fishbone.svg');
    expect(result.code, result.stderr).toBe(0);
    const svg = readFileSync(join(dir, 'fishbone.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<line class="rib"/g)).toHaveLength(4);
    const whys = await run('diagram', DEMO, '--whys', 'W-1', '--format', 'svg');
    expect(whys.code).toBe(EXIT_CODES.invalid_input);
    expect(whys.stderr).toMatch(/svg draws the fishbone/);
  });

  it('names the 5 Whys analyses there are when asked for another, and refuses an unknown format', async () => {
    const missing = await run('diagram', DEMO, '--whys', 'W-9');
    expect(missing.code).toBe(EXIT_CODES.not_found);
    expect(missing.stderr).toMatch(/has no 5 Whys analysis W-9 \(it has: W-1, W-2\)/);
    const format = await run('diagram', DEMO, '--format', 'visio');
    expect(format.code).toBe(EXIT_CODES.invalid_input);
    expect(format.stderr).toMatch(/--format must be one of mermaid, svg, drawio, opml, mm/);
  });
});

describe('debrief evaluate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-evaluate-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints each aspect with its score and computation, and the overall score', async () => {
    const result = await run('evaluate', DEMO);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Detection source\s+25\s+detected by a customer \(external\)/);
    expect(result.stdout).toMatch(/Overall: \d+ \/ 100/);
    const json = JSON.parse((await run('evaluate', DEMO, '--json')).stdout) as {
      overall: number;
      items: { id: string; score: number | null }[];
    };
    expect(json.items.find((i) => i.id === 'clock:timeToContain')?.score).toBe(100);
    expect(json.overall).toBeGreaterThan(0);
  });
});

describe('debrief compliance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-compliance-'));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const withRegimes = (regimes: string, attributes: string, notifications = '[]') =>
    readFileSync(DEMO, 'utf8').replace(
      /^compliance:\n(?: {2}.*\n|\n)*?(?=\S)/m,
      `compliance:\n  regimes: ${regimes}\n  attributes: ${attributes}\n  notifications: ${notifications}\n\n`,
    );

  it('prints each obligation of the demo with its deadline and status', async () => {
    const result = await run('compliance', DEMO, '--at', '2026-03-04T00:00:00Z');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /gdpr\s+authority\s+72 h\s+2026-03-05T12:05:00\+01:00\s+met\s+submitted 1d 20h before/,
    );
    expect(result.stdout).toContain('4 obligations: 0 due, 1 met, 0 missed');
  });

  it('exits 1 when a deadline is missed, and gives the JSON with the time left and the reason', async () => {
    const file = write('nis2.yaml', withRegimes('[nis2]', '{ significant: true }'));
    const late = await run('compliance', file, '--at', '2026-03-05T00:00:00Z');
    expect(late.code).toBe(1);
    expect(late.stdout).toMatch(
      /nis2\s+early-warning\s+24 h\s+2026-03-03T12:05:00\+01:00\s+MISSED\s+overdue by/,
    );
    const json = await run('compliance', file, '--at', '2026-03-03T10:05:00+01:00', '--json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(
      report.results.find((r: { obligation: string }) => r.obligation === 'early-warning'),
    ).toMatchObject({
      status: 'due',
      secondsLeft: 7200,
      due: '2026-03-03T12:05:00+01:00',
    });
  });

  it('uses a team’s own regime table, and names what is wrong in a bad one', async () => {
    const table = {
      version: 'team-1',
      reviewed: '2026-12-01',
      regimes: [
        {
          regime: 'gdpr',
          name: 'GDPR under our processor contract',
          status: 'in-force',
          sources: [{ url: 'https://example.org/contract', read: true }],
          obligations: [
            {
              id: 'authority',
              title: 'Tell the controller',
              provision: 'DPA clause 9',
              recipient: 'Controller',
              clocks: [{ from: { milestones: ['awareness'] }, within: { amount: 48, unit: 'hours' } }],
            },
          ],
        },
      ],
    };
    write('table.json', JSON.stringify(table));
    const result = await run('compliance', DEMO, '--regimes', 'table.json', '--at', '2026-03-04T00:00:00Z');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('regime table team-1');
    expect(result.stdout).toMatch(/gdpr\s+authority\s+48 h\s+2026-03-04T12:05:00\+01:00\s+met/);
    write(
      'bad.yaml',
      'version: x\nreviewed: 2026-12-01\nregimes:\n  - regime: gdpr\n    name: x\n    status: maybe\n',
    );
    const bad = await run('compliance', DEMO, '--regimes', 'bad.yaml');
    expect(bad.code).toBe(EXIT_CODES.invalid_input);
    expect(bad.stderr).toMatch(/bad\.yaml is not a valid regime table: .*regimes\.0\.status/);
  });

  it('refuses an --at that is not an instant', async () => {
    const result = await run('compliance', DEMO, '--at', 'tomorrow');
    expect(result.code).toBe(EXIT_CODES.invalid_input);
    expect(result.stderr).toMatch(/--at "tomorrow"/);
  });
});
