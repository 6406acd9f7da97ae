/**
 * Password hashing with scrypt at OWASP's recommended cost (N = 2^17, r = 8, p = 1: 128 MiB, about 0.6 s on a
 * small server core), stored as `scrypt$N$r$p$salt$hash` so the cost can rise later without breaking stored
 * hashes. Verification compares in constant time. The policy follows ASVS 2.1: at least 12 characters, at most
 * 256, no composition rules, and not one of the most common passwords or the user's own name.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../core/errors.js';

const COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A stored hash nobody's password matches, verified when the account is unknown so timing tells nothing. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoy;
}

/** Does the password match the stored hash? */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A few of the most used passwords (the full lists are larger; these are the ones people still try). */
const COMMON = new Set([
  '123456789012',
  'password1234',
  'password123!',
  'qwertyuiop12',
  'administrator',
  'changeme1234',
  'letmein12345',
  'welcome12345',
  'passwordpassword',
  'qwertyqwerty',
  '111111111111',
  '000000000000',
  'iloveyou1234',
  'debriefdebrief',
]);

/** Throws `invalid_input` when a new password breaks the policy. */
export function checkPasswordPolicy(password: string, username: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    throw new DomainError(
      'invalid_input',
      `the password is too short: use at least ${PASSWORD_MIN} characters (a passphrase works well)`,
    );
  }
  if (length > PASSWORD_MAX) {
    throw new DomainError('invalid_input', `the password is too long: at most ${PASSWORD_MAX} characters`);
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) {
    throw new DomainError('invalid_input', 'the password is one of the most common ones: choose another');
  }
  if (lower.includes(username.toLowerCase()) && username.length >= 3) {
    throw new DomainError('invalid_input', 'the password contains the user name: choose another');
  }
}
