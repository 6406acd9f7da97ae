import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
