import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, dialectLabel } from '../../test/databases.js';
import { type CliPrepared, preparedByCli, TEST_NOW } from '../../test/server.js';
import { createUser } from '../services/accounts.js';
import { confirmTotpEnrolment, startTotpEnrolment } from '../services/second-factor.js';
import { EXIT_CODES } from './main.js';

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`debrief user mfa-reset on ${dialectLabel(dialect)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'debrief-mfa-reset-'));
    let prepared: CliPrepared;

    beforeAll(async () => {
      prepared = await preparedByCli(dialect, dir, [['db', 'migrate']]);
      const user = await createUser(
        prepared.handle.db,
        { username: 'erin', role: 'analyst', password: 'a long and good passphrase' },
        TEST_NOW,
      );
      const { secret } = await startTotpEnrolment(prepared.handle.db, user.id, TEST_NOW);
      const code = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.parse(TEST_NOW) });
      await confirmTotpEnrolment(prepared.handle.db, user.id, code, TEST_NOW);
    });
    afterAll(async () => {
      await prepared?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('removes the second factor and the recovery codes of a user who lost the device, audited', async () => {
      const result = await prepared.cli('user', 'mfa-reset', 'erin');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('erin: second factor removed');
      const row = await sql<{ totp_secret: string | null }>`
        SELECT totp_secret FROM users WHERE username = 'erin'`.execute(prepared.handle.db);
      expect(row.rows).toEqual([{ totp_secret: null }]);
      const codes = await sql`SELECT code_hash FROM recovery_codes`.execute(prepared.handle.db);
      expect(codes.rows).toEqual([]);
      const audit = await sql<{ action: string; outcome: string }>`
        SELECT action, outcome FROM audit_log WHERE action = 'cli user mfa-reset'`.execute(
        prepared.handle.db,
      );
      expect(audit.rows).toEqual([{ action: 'cli user mfa-reset', outcome: 'ok' }]);
      const again = await prepared.cli('user', 'mfa-reset', 'erin', '--json');
      expect(JSON.parse(again.stdout)).toEqual({ user: 'erin', removed: false });
    });

    it('names an unknown user', async () => {
      const result = await prepared.cli('user', 'mfa-reset', 'nobody');
      expect(result.code).toBe(EXIT_CODES.not_found);
      expect(result.stderr).toContain('no user "nobody"');
    });
  });
}
