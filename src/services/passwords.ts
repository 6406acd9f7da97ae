/**
 * Password hashing with scrypt at OWASP's recommended cost (N = 2^17, r = 8, p = 1: 128 MiB, about 0.6 s on a
 * small server core), stored as `scrypt$N$r$p$salt$hash` so the cost can rise later without breaking stored
 * hashes. Verification compares in constant time. The policy follows ASVS 2.1: at least 12 characters, at most
 * 256, no composition rules, not the user's own name, not on the operator's breached-password list, and hard
 * enough to guess by zxcvbn's estimate (which knows 40,000 breached passwords and the usual patterns).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
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

/**
 * Passwords an operator bans (`DEBRIEF_PASSWORD_DENYLIST`: a file of breached passwords in plain text, one per
 * line, such as the NCSC's or SecLists' top lists), compared without case after NFC normalization. Empty until
 * `usePasswordDenylist` loads one.
 */
let denylist: ReadonlySet<string> = new Set();

/** The largest denylist file read (about 100 bytes of memory per entry once loaded). */
export const DENYLIST_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Loads the operator's denylist (the CLI does, from `DEBRIEF_PASSWORD_DENYLIST`, before any command that sets a
 * password); returns how many passwords it holds. `undefined` clears it.
 */
export async function usePasswordDenylist(path: string | undefined): Promise<number> {
  if (path === undefined || path.trim() === '') {
    denylist = new Set();
    return 0;
  }
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > DENYLIST_MAX_BYTES)
      throw new DomainError(
        'too_large',
        `DEBRIEF_PASSWORD_DENYLIST: ${path} is ${Math.round(size / 2 ** 20)} MiB, over the ${DENYLIST_MAX_BYTES / 2 ** 20} MiB limit`,
      );
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError(
      'file_unreadable',
      `DEBRIEF_PASSWORD_DENYLIST: cannot read ${path} (${(error as Error).message}); name a file of one password per line, or unset it`,
    );
  }
  const entries = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim();
    if (entry !== '') entries.add(entry.normalize('NFC').toLowerCase());
  }
  denylist = entries;
  return entries.size;
}

/**
 * The strength estimator (zxcvbn-ts with its common and English dictionaries: 40,000 breached passwords, names,
 * words, keyboard patterns, dates, sequences, l33t): loaded and built on first use (about 0.5 s, so commands that
 * set no password never pay for it), then kept.
 */
let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  if (estimator !== undefined) return estimator;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  estimator = new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/**
 * The least zxcvbn score accepted: 3 ("safely unguessable: moderate protection from an offline slow-hash
 * scenario", about 10^8 guesses or more); scrypt makes each guess expensive on top of it.
 */
export const MIN_STRENGTH = 3;

/** Throws `invalid_input` when a new password breaks the policy (ASVS 2.1.1-2.1.9). */
export function checkPasswordPolicy(password: string, username: string, email?: string): void {
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
  const lower = password.normalize('NFC').toLowerCase();
  if (lower.includes(username.toLowerCase()) && username.length >= 3) {
    throw new DomainError('invalid_input', 'the password contains the user name: choose another');
  }
  if (denylist.has(lower)) {
    throw new DomainError(
      'invalid_input',
      "the password is on this server's list of breached passwords: choose another",
    );
  }
  const result = strength().check(password, [username, 'debrief', ...(email ? [email] : [])]);
  if (result.score < MIN_STRENGTH) {
    const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(
      (text): text is string => typeof text === 'string' && text !== '',
    );
    throw new DomainError(
      'invalid_input',
      [
        `the password is too easy to guess (about 10^${Math.floor(result.guessesLog10)} guesses).`,
        ...advice,
        'A passphrase of four or more unrelated words works well.',
      ].join(' '),
      { strength: result.score, minimum: MIN_STRENGTH },
    );
  }
}
