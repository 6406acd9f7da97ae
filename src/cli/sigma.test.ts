import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../test/cli.js';
import { cliOnDialect, DIALECTS, dialectLabel } from '../../test/databases.js';
import { EXIT_CODES } from './main.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';

/** A Sysmon event in the event-XML-as-JSON style. */
function sysmon(id: number, at: string, host: string, data: Record<string, string | number>) {
  return {
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
        EventID: id,
        TimeCreated: { '#attributes': { SystemTime: at } },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: host,
      },
      EventData: data,
    },
  };
}

const EVENTS = [
  sysmon(1, '2026-02-23T08:05:00Z', 'ws-17', {
    Image: 'C:\\Windows\\System32\\notepad.exe',
    User: 'CORP\\lh',
  }),
  sysmon(1, '2026-02-23T08:41:00Z', 'ws-17', {
    Image: 'C:\\Windows\\System32\\whoami.exe',
    CommandLine: 'whoami /all',
    User: 'CORP\\lhendriks',
  }),
  sysmon(3, '2026-02-23T09:00:00Z', 'ws-17', { DestinationIp: '10.0.0.40', DestinationPort: 445 }),
  sysmon(1, '2026-02-23T09:30:00Z', 'fs-01', {
    Image: 'C:\\Windows\\System32\\whoami.exe',
    CommandLine: 'whoami',
    User: 'CORP\\svc',
  }),
];

const rule = (id: string, title: string, level: string, logsource: string, detection: string, tags = '') =>
  `title: ${title}\nid: ${id}\nstatus: test\n${tags}logsource:\n${logsource}\ndetection:\n${detection}\nlevel: ${level}\n`;

const WHOAMI = '11111111-1111-4111-8111-111111111111';
const SMB = '22222222-2222-4222-8222-222222222222';
const RULES: Record<string, string> = {
  'windows/whoami.yml': rule(
    WHOAMI,
    'Whoami Execution',
    'high',
    '  product: windows\n  category: process_creation',
    "  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection",
    'author: Ada Analyst\ntags:\n  - attack.discovery\n  - attack.t1033\n',
  ),
  'windows/smb.yml': rule(
    SMB,
    'SMB To Internal Host',
    'medium',
    '  product: windows\n  category: network_connection',
    "  selection:\n    DestinationPort: 445\n    DestinationIp|cidr: '10.0.0.0/8'\n  condition: selection",
  ),
  'windows/placeholder.yml': rule(
    '33333333-3333-4333-8333-333333333333',
    'Uses A Placeholder',
    'low',
    '  product: windows\n  category: process_creation',
    "  selection:\n    User|expand: '%admins%'\n  condition: selection",
  ),
  'macos/osascript.yml': rule(
    '44444444-4444-4444-8444-444444444444',
    'Osascript',
    'low',
    '  product: macos\n  category: process_creation',
    "  selection:\n    Image|endswith: '/osascript'\n  condition: selection",
  ),
  'broken.yml': 'title: [unclosed\n',
};

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief sigma on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-sigma-'));
    let run: (...args: string[]) => Promise<Run>;
    let drop: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      ({ run, drop } = await cliOnDialect(dialect, dir));
      writeFileSync(join(dir, 'sysmon.json'), EVENTS.map((e) => JSON.stringify(e, null, 2)).join('\n'));
      for (const [path, text] of Object.entries(RULES)) {
        mkdirSync(join(dir, 'rules', path, '..'), { recursive: true });
        writeFileSync(join(dir, 'rules', path), text);
      }
      expect((await run('import', DEMO)).code).toBe(0);
      const ingest = await run('ingest', ID, 'sysmon.json');
      expect(ingest.code, ingest.stderr).toBe(0);
    });
    afterAll(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('says how to load rules when none are loaded', async () => {
      const result = await run('sigma', 'run', ID);
      expect(result.code).toBe(EXIT_CODES.not_found);
      expect(result.stderr).toMatch(/no Sigma rules are loaded: run "debrief sigma load DIR"/);
    });

    it('loads a folder, naming each rule it cannot run and each file it cannot read', async () => {
      const result = await run('sigma', 'load', 'rules');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^loaded 4 rules from 5 files of rules: 2 runnable, 2 not/);
      expect(result.stdout).toMatch(
        /windows\/placeholder\.yml \(33333333-3333-4333-8333-333333333333\): "User\|expand": the expand modifier/,
      );
      expect(result.stdout).toMatch(/macos\/process_creation: 1 rule/);
      expect(result.stdout).toMatch(/broken\.yml: not valid YAML/);
    });

    it('runs the stored rules: matches per rule, most severe first, with ATT&CK techniques', async () => {
      const result = await run('sigma', 'run', ID, '--json');
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary).toMatchObject({ events: 4, matches: 3, matchedEvents: 3, rules: { total: 4, run: 2 } });
      expect(summary.byRule).toEqual([
        {
          id: WHOAMI,
          title: 'Whoami Execution',
          level: 'high',
          author: 'Ada Analyst',
          techniques: ['T1033'],
          events: 2,
          first: '2026-02-23T08:41:00.000Z',
          last: '2026-02-23T09:30:00.000Z',
        },
        expect.objectContaining({ id: SMB, level: 'medium', events: 1 }),
      ]);
      expect(summary.rules.notRun.map((r: { origin: string }) => r.origin).sort()).toEqual([
        'macos/osascript.yml',
        'windows/placeholder.yml',
      ]);
      // A second run replaces the matches of the first: nothing counted twice.
      const again = JSON.parse((await run('sigma', 'run', ID, '--json')).stdout);
      expect(again.byRule.map((r: { events: number }) => r.events)).toEqual([2, 1]);
      const text = await run('sigma', 'run', ID);
      expect(text.stdout).toMatch(
        /2 rules over 4 events of 1 source in [\d.]+ s: 3 events matched \(3 matches\)/,
      );
      expect(text.stdout).toMatch(/high\s+2\s+2026-02-23T08:41:00.000Z\s+Whoami Execution\s+T1033/);
    });

    it('tags the events: timeline filters by level or rule, event show lists the detections', async () => {
      const high = JSON.parse((await run('timeline', ID, '--sigma', 'high', '--json')).stdout);
      expect(high.items.map((e: { fields: { host: string } }) => e.fields.host)).toEqual(['ws-17', 'fs-01']);
      expect(high.items[0].detections).toEqual([
        { rule: WHOAMI, title: 'Whoami Execution', level: 'high', techniques: ['T1033'] },
      ]);
      const smb = JSON.parse((await run('timeline', ID, '--sigma', SMB, '--json')).stdout);
      expect(smb.items).toHaveLength(1);
      const any = await run('timeline', ID, '--sigma');
      expect(any.stdout.match(/!EV-/g)).toHaveLength(3);
      const show = await run('event', 'show', ID, high.items[0].id);
      expect(show.stdout).toMatch(new RegExp(`sigma\\s+high: Whoami Execution \\(${WHOAMI}\\) T1033`));
      // Promoted to the curated timeline, the event brings the techniques of its detections: the attack path has them.
      const promoted = await run('event', 'promote', ID, high.items[0].id, '--json');
      expect(promoted.code, promoted.stderr).toBe(0);
      expect(JSON.parse(promoted.stdout).entry.attack).toEqual(['T1033']);
      const path = JSON.parse((await run('attack', 'path', ID, '--json')).stdout);
      expect(path.steps.map((s: { technique: string }) => s.technique)).toContain('T1033');
      const matches = await run('sigma', 'matches', ID);
      expect(matches.stdout).toMatch(/high\s+2\s+.*Whoami Execution.*Ada Analyst/);
    });

    it('makes high and critical matches patient-zero candidates', async () => {
      const result = JSON.parse((await run('patient-zero', ID, '--json')).stdout);
      expect(result.suggestion).toMatchObject({ host: 'ws-17', at: '2026-02-23T08:41:00.000Z' });
      expect(result.suggestion.candidates[0].reason).toBe(
        `Sigma rule "Whoami Execution" (high, ${WHOAMI}) matched`,
      );
    });

    it('runs a folder without storing it', async () => {
      const result = await run('sigma', 'run', ID, '--rules', 'rules/windows/smb.yml', '--json');
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ rules: { total: 1, run: 1 }, matches: 1 });
      // Loading a rule again replaces it: still four stored rules.
      expect((await run('sigma', 'load', 'rules/windows/smb.yml')).stdout).toMatch(
        /^loaded 1 rule from 1 file/,
      );
      expect(JSON.parse((await run('sigma', 'run', ID, '--json')).stdout).rules.total).toBe(4);
      const missing = await run('sigma', 'load', 'nowhere');
      expect(missing.code).toBe(EXIT_CODES.invalid_input);
      expect(missing.stderr).toMatch(/cannot read .*nowhere/);
    });
  });
}
