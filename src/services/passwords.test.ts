import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkPasswordPolicy, usePasswordDenylist } from './passwords.js';

const dir = mkdtempSync(join(tmpdir(), 'debrief-passwords-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await usePasswordDenylist(undefined);
});

function refusal(password: string, username = 'alice'): string {
  try {
    checkPasswordPolicy(password, username);
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_input' });
    return (error as Error).message;
  }
  return 'accepted';
}

describe('password policy', () => {
  it('accepts long passphrases of unrelated words', () => {
    for (const password of [
      'correct horse battery staple',
      'a long and good passphrase',
      'ferry lantern quartz 41',
    ])
      expect(refusal(password), password).toBe('accepted');
  });

  it('refuses guessable passwords of any length, saying why and what works', () => {
    // Long enough, but a common password with a suffix, a keyboard walk, a repetition, a dictionary word in l33t.
    for (const password of [
      'Password1234!',
      'qwertyuiop12',
      '1qaz2wsx3edc4rfv',
      'abcabcabcabc',
      'P@ssw0rd2024!',
    ])
      expect(refusal(password), password).toMatch(/too easy to guess \(about 10\^\d+ guesses\).*passphrase/);
    expect(refusal('Password1234!')).toMatch(/similar to a commonly used password/);
  });

  it('refuses the user name inside the password, and a password that is too short or too long', () => {
    expect(refusal('alice-the-incident-lead', 'alice')).toMatch(/contains the user name/);
    expect(refusal('short')).toMatch(/too short: use at least 12/);
    expect(refusal('x'.repeat(257))).toMatch(/too long: at most 256/);
  });

  it("refuses what is on the operator's breached-password list, without regard to case", async () => {
    const list = join(dir, 'breached.txt');
    writeFileSync(list, 'correct horse battery staple\r\n\r\nFerry Lantern Quartz 41\n');
    expect(await usePasswordDenylist(list)).toBe(2);
    expect(refusal('Correct Horse Battery Staple')).toMatch(/list of breached passwords/);
    expect(refusal('ferry lantern quartz 41')).toMatch(/list of breached passwords/);
    expect(refusal('a long and good passphrase')).toBe('accepted');
    await usePasswordDenylist(undefined);
    expect(refusal('correct horse battery staple')).toBe('accepted');
  });

  it('names the setting and the file when the list cannot be read', async () => {
    await expect(usePasswordDenylist(join(dir, 'missing.txt'))).rejects.toMatchObject({
      code: 'file_unreadable',
      message: expect.stringMatching(/^DEBRIEF_PASSWORD_DENYLIST: cannot read .*missing\.txt/),
    });
  });
});
