import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../../test/accounts.js';
import type { runner } from '../../test/cli.js';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { type CliPrepared, preparedByCli, testServer } from '../../test/server.js';

const DEMO = resolve('examples/demo-post-mortem.yaml');
const ID = 'INC-2026-014';
const BAR = ' \u00a6 ';

// Hayabusa's verbose CSV profile: the tool's detections become rule.name, rule.level and threat.technique.id.
const HAYABUSA = [
  '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","MitreTactics","MitreTags","OtherTags",' +
    '"RecordID","Details","ExtraFieldInfo","RuleFile","EvtxFile"',
  `"2026-03-02 09:00:00.000 +00:00","Susp PowerShell Download Cradle","crit","WS-07","Sysmon",1,"Exec","T1059.001${BAR}T1105","",1,"Cmdline: powershell -c IEX","-","a.yml","s.evtx"`,
  `"2026-03-02 09:01:00.000 +00:00","Whoami 100% Recon_Test","med","WS-07","Sysmon",1,"Disc","T1033","",2,"Cmdline: whoami","-","b.yml","s.evtx"`,
  `"2026-03-02 09:02:00.000 +00:00","Logon (Network)","info","DC01","Sec",4624,"","","",3,"Type: 3","-","c.yml","sec.evtx"`,
  `"2026-03-02 09:03:00.000 +00:00","PsExec Service Install","high","DC01","Sys",7045,"Exec","T1569.002${BAR}T1059","",4,"Svc: PSEXESVC","-","d.yml","sys.evtx"`,
  `"2026-03-02 09:04:00.000 +00:00","It's Mimikatz","low","DC01","Sysmon",10,"CredAccess","T1003.001","",5,"Tgt: lsass.exe","-","e.yml","s.evtx"`,
].join('\n');

interface Page {
  readonly items: readonly { readonly labels?: Readonly<Record<string, string>> }[];
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(
    `pivoting on tool detections in the working timeline on ${dialectLabel(dialect)}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'debrief-detections-'));
      let cli: ReturnType<typeof runner>;
      let prepared: CliPrepared | undefined;
      let app: FastifyInstance;
      let analyst: TestAccount;

      beforeAll(async () => {
        writeFileSync(join(dir, 'hayabusa-results.csv'), `${HAYABUSA}\n`);
        prepared = await preparedByCli(dialect, dir, [
          ['import', DEMO],
          ['ingest', ID, 'hayabusa-results.csv'],
        ]);
        ({ cli } = prepared);
        analyst = await createAccount(prepared.handle.db, 'ana', 'analyst');
        app = await testServer(prepared.handle, { blobs: prepared.blobs });
      });
      afterAll(async () => {
        await app?.close();
        await prepared?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      /** The rule titles of the events the REST route gives, after checking the CLI gives the same page. */
      const titles = async (query: Record<string, string>): Promise<string[]> => {
        const rest = await app.inject({
          method: 'GET',
          url: `/api/post-mortems/${ID}/timeline?${new URLSearchParams(query)}`,
          headers: analyst.headers,
        });
        expect(rest.statusCode, JSON.stringify(query)).toBe(200);
        const args = Object.entries(query).flatMap(([k, v]) => [`--${k}`, v]);
        const local = await cli('timeline', ID, ...args, '--json');
        expect([local.code, local.stderr]).toEqual([0, '']);
        expect(rest.json(), JSON.stringify(query)).toEqual(JSON.parse(local.stdout));
        return (rest.json() as Page).items.map((e) => e.labels?.['rule.name'] ?? '');
      };

      it('filters by ATT&CK technique, a technique also matching its sub-techniques', async () => {
        expect(await titles({ technique: 'T1059' })).toEqual([
          'Susp PowerShell Download Cradle',
          'PsExec Service Install',
        ]);
        expect(await titles({ technique: 't1059.001' })).toEqual(['Susp PowerShell Download Cradle']);
        expect(await titles({ technique: 'T1105' })).toEqual(['Susp PowerShell Download Cradle']);
        expect(await titles({ technique: 'T1003' })).toEqual(["It's Mimikatz"]);
        // A technique matches its own sub-techniques only: T1569 gives T1569.002, T1010 nothing.
        expect(await titles({ technique: 'T1569' })).toEqual(['PsExec Service Install']);
        expect(await titles({ technique: 'T1010' })).toEqual([]);
      });

      it('filters by rule text case-insensitively, taking %, _ and quotes literally', async () => {
        expect(await titles({ rule: 'powershell' })).toEqual(['Susp PowerShell Download Cradle']);
        expect(await titles({ rule: '%' })).toEqual(['Whoami 100% Recon_Test']);
        expect(await titles({ rule: '_' })).toEqual(['Whoami 100% Recon_Test']);
        expect(await titles({ rule: "it's" })).toEqual(["It's Mimikatz"]);
        expect(await titles({ rule: "' OR '1'='1" })).toEqual([]);
        expect(await titles({ rule: '\\' })).toEqual([]);
      });

      it('filters by minimum level, and combines with the other detection filters', async () => {
        expect(await titles({ level: 'high' })).toEqual([
          'Susp PowerShell Download Cradle',
          'PsExec Service Install',
        ]);
        expect(await titles({ level: 'low' })).toEqual([
          'Susp PowerShell Download Cradle',
          'Whoami 100% Recon_Test',
          'PsExec Service Install',
          "It's Mimikatz",
        ]);
        expect(await titles({ level: 'informational' })).toHaveLength(5);
        expect(await titles({ technique: 'T1059', level: 'critical' })).toEqual([
          'Susp PowerShell Download Cradle',
        ]);
        expect(await titles({ rule: 'install', host: 'dc01' })).toEqual(['PsExec Service Install']);
      });

      it('rejects a technique that is not an ATT&CK id and an unknown level, over REST and in the CLI', async () => {
        const bad: readonly Record<string, string>[] = [
          { technique: "T1059' --" },
          { technique: '%' },
          { level: 'severe' },
        ];
        for (const query of bad) {
          const rest = await app.inject({
            method: 'GET',
            url: `/api/post-mortems/${ID}/timeline?${new URLSearchParams(query)}`,
            headers: analyst.headers,
          });
          expect([rest.statusCode, rest.json().error.code]).toEqual([400, 'invalid_input']);
          const [name, value] = Object.entries(query)[0] ?? ['', ''];
          const local = await cli('timeline', ID, `--${name}`, value);
          expect(local.code).not.toBe(0);
          expect(local.stderr).toContain(`--${name}`);
        }
      });
    },
  );
}
