import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runner } from '../../test/cli.js';
import { readStixBundle } from '../core/indicator-reading.js';
import { EXIT_CODES } from './main.js';

describe('debrief ioc extract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-ioc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = [
    'The phishing mail came from billing[at]korvalen-invoices[.]com and linked to',
    'hxxps://korvalen-invoices[.]com/Login.PHP?session=1. The loader (SHA-256',
    'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855) beaconed to 185.220.101[.]47',
    'over T1071.001; the VPN appliance was vulnerable to cve-2024-3400. Build 1.2.3.4.5 is unrelated.',
  ].join('\n');

  it('reads a file and prints the indicators as JSON, refanged and normalized', async () => {
    writeFileSync(join(dir, 'report.txt'), report);
    const run = runner(dir, {});
    const result = await run('ioc', 'extract', 'report.txt', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ipv4: ['185.220.101.47'],
      ipv6: [],
      domain: ['korvalen-invoices.com'],
      url: ['https://korvalen-invoices.com/Login.PHP?session=1'],
      email: ['billing@korvalen-invoices.com'],
      md5: [],
      sha1: [],
      sha256: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      sha512: [],
      cve: ['CVE-2024-3400'],
      attack: ['T1071.001'],
    });
  });

  it('reads standard input with - or no file, and prints a table', async () => {
    const run = runner(dir, {}, undefined, 'contact evil(at)example[.]org or 10.0.0.5');
    for (const args of [
      ['ioc', 'extract'],
      ['ioc', 'extract', '-'],
    ]) {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split('\n').slice(0, 4)).toEqual([
        'TYPE    VALUE',
        'ipv4    10.0.0.5',
        'domain  example.org',
        'email   evil@example.org',
      ]);
    }
    const none = await runner(dir, {}, undefined, 'nothing to see here')('ioc', 'extract');
    expect(none.stdout).toBe('no indicators found\n');
  });

  it('says which file it cannot read', async () => {
    const result = await runner(dir, {})('ioc', 'extract', 'missing.txt');
    expect(result.code).toBe(EXIT_CODES.file_unreadable);
    expect(result.stderr).toMatch(/cannot read missing\.txt: no such file/);
  });
});

describe('debrief ioc export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-ioc-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = runner(dir, { DEBRIEF_DATA: join(dir, 'data') });
  const DEMO = resolve('examples/demo-post-mortem.yaml');

  it('writes a STIX bundle that Debrief reads back, and says which indicators it skipped', async () => {
    const result = await run('ioc', 'export', DEMO, '--producer', 'Korvalen CSIRT', '-o', 'iocs.json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/skipped IOC-\d+: an indicator of type other has no STIX pattern/);
    const bundle = JSON.parse(readFileSync(join(dir, 'iocs.json'), 'utf8'));
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects[0]).toMatchObject({ type: 'identity', name: 'Korvalen CSIRT' });
    const read = readStixBundle(bundle);
    expect(read.rejected).toEqual([]);
    expect(read.indicators.map((i) => i.value)).toContain('203.0.113.45');
  });

  it('prints a MISP event or CSV, and refuses an unknown format', async () => {
    const misp = await run('ioc', 'export', DEMO, '--format', 'misp');
    expect(JSON.parse(misp.stdout).Event.Attribute.length).toBeGreaterThan(0);
    const csv = await run('ioc', 'export', DEMO, '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'id,type,value,description,first_seen,last_seen,attack,evidence,timeline',
    );
    const bad = await run('ioc', 'export', DEMO, '--format', 'openioc');
    expect(bad.code).toBe(EXIT_CODES.invalid_input);
    expect(bad.stderr).toMatch(/--format must be one of stix, misp, csv/);
  });
});
