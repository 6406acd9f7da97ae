/**
 * The second factor of local accounts (OWASP ASVS 2.8): a time-based one-time password (TOTP, RFC 6238: HMAC-SHA1,
 * 6 digits, 30-second steps, one step of clock drift either way) and ten one-time recovery codes.
 *
 * - Enrolment is two steps: `startTotpEnrolment` keeps a new secret pending and returns it (and its otpauth://
 *   URI) once; `confirmTotpEnrolment` activates it when a code from the authenticator matches, and returns the
 *   recovery codes once. Only their SHA-256 is stored (they are random, 60 bits each: no slow hash needed).
 * - A code is accepted once: the time step it belongs to is recorded, and a code of that step or an earlier one is
 *   refused (a conditional update, so two concurrent requests cannot both pass).
 * - Secrets are never logged, and never returned again after enrolment.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { DomainError } from '../core/errors.js';
import {
  activateTotp,
  advanceTotpStep,
  clearTotp,
  consumeRecoveryCode,
  countRecoveryCodesLeft,
  findUserById,
  findUserByName,
  replaceRecoveryCodes,
  setPendingTotp,
  type UserRow,
} from '../db/account.repository.js';
import type { Database } from '../db/database.js';

type Db = Kysely<Database>;

/** The issuer authenticator apps show next to the account name. */
export const TOTP_ISSUER = 'Debrief';
/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10;

const PERIOD = 30;
/** RFC 4648 base32 in lowercase: no 0/1/8/9, so no o/l/b look-alikes to mistype. */
const RECOVERY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function totpOf(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The time step of a 6-digit code at `now` (±1 step), or undefined when it matches none. */
export function totpStep(secret: string, code: string, now: string): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = Date.parse(now);
  const totp = totpOf(secret, 'check');
  const delta = totp.validate({ token: code, timestamp, window: 1 });
  return delta === null ? undefined : totp.counter({ timestamp }) + delta;
}

/** Recovery codes as people type them: case, spaces and dashes do not matter. */
function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function newRecoveryCode(): string {
  // 12 characters of a 32-letter alphabet (60 bits), shown as xxxx-xxxx-xxxx.
  const text = [...randomBytes(12)].map((byte) => RECOVERY_ALPHABET[byte & 31]).join('');
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

async function localAccount(db: Db, userId: string): Promise<UserRow> {
  const row = await findUserById(db, userId);
  if (row === undefined) throw new DomainError('not_found', `no user "${userId}"`);
  if (row.password_hash === null) {
    throw new DomainError(
      'invalid_input',
      'a second factor is for accounts that sign in with a password: single sign-on accounts get theirs from the identity provider',
    );
  }
  return row;
}

/** Does the account have an active second factor? */
export function mfaOf(row: Pick<UserRow, 'totp_secret'>): 'totp' | 'none' {
  return row.totp_secret === null ? 'none' : 'totp';
}

/**
 * Starts enrolling a TOTP authenticator: a new secret, kept pending until confirmed (an earlier pending one is
 * replaced). Returns it once, in base32 and as the otpauth:// URI a QR code carries.
 */
export async function startTotpEnrolment(
  db: Db,
  userId: string,
  now: string,
): Promise<{ readonly secret: string; readonly uri: string }> {
  const row = await localAccount(db, userId);
  if (row.totp_secret !== null) {
    throw new DomainError(
      'invalid_input',
      'a second factor is already active: disable it first (DELETE /api/auth/mfa/totp) to enrol another device',
    );
  }
  const secret = new Secret({ size: 20 }).base32;
  await setPendingTotp(db, row.id, secret, now);
  return { secret, uri: totpOf(secret, row.username).toString() };
}

/** Activates the pending secret when `code` matches it; returns the recovery codes, once. */
export async function confirmTotpEnrolment(
  db: Db,
  userId: string,
  code: string,
  now: string,
): Promise<{ readonly recoveryCodes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const row = await localAccount(trx, userId);
    if (row.totp_pending === null) {
      throw new DomainError(
        'invalid_input',
        'no enrolment in progress: start one with POST /api/auth/mfa/totp',
      );
    }
    const step = totpStep(row.totp_pending, code, now);
    if (step === undefined) {
      throw new DomainError(
        'invalid_input',
        'the code does not match: check the device clock, and type the code the authenticator shows now',
      );
    }
    await activateTotp(trx, row.id, row.totp_pending, step, now);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(
      trx,
      row.id,
      recoveryCodes.map((c) => ({
        code_hash: sha256(normalizeRecoveryCode(c)),
        user_id: row.id,
        created_at: now,
        used_at: null,
      })),
    );
    return { recoveryCodes };
  });
}

/** What proves the second factor: a code from the authenticator, or a recovery code. */
export interface SecondFactorProof {
  readonly code?: string | undefined;
  readonly recoveryCode?: string | undefined;
}

/** Was a second factor offered at all? */
export function offersSecondFactor(proof: SecondFactorProof): boolean {
  return Boolean(proof.code) || Boolean(proof.recoveryCode);
}

/**
 * Checks the second factor of an account that has one, using it up: a TOTP code's time step, or a recovery code.
 * Returns which one passed, or undefined (wrong, already used, or none offered).
 */
export async function verifySecondFactor(
  db: Db,
  row: Pick<UserRow, 'id' | 'totp_secret'>,
  proof: SecondFactorProof,
  now: string,
): Promise<'totp' | 'recovery-code' | undefined> {
  if (row.totp_secret === null) return undefined;
  if (proof.code) {
    const step = totpStep(row.totp_secret, proof.code, now);
    return step !== undefined && (await advanceTotpStep(db, row.id, step)) ? 'totp' : undefined;
  }
  if (proof.recoveryCode) {
    const hash = sha256(normalizeRecoveryCode(proof.recoveryCode));
    return (await consumeRecoveryCode(db, row.id, hash, now)) ? 'recovery-code' : undefined;
  }
  return undefined;
}

/**
 * Removes an account's second factor and recovery codes: its owner after proving it, or an admin (API or CLI) for
 * a lost device. `nameOrId` is a user name or a `U-` id. Says whether there was one (active or being enrolled).
 */
export async function removeSecondFactor(
  db: Db,
  nameOrId: string,
  now: string,
): Promise<{ readonly username: string; readonly removed: boolean }> {
  const row = nameOrId.startsWith('U-')
    ? await findUserById(db, nameOrId)
    : await findUserByName(db, nameOrId.trim().toLowerCase());
  if (row === undefined) throw new DomainError('not_found', `no user "${nameOrId}"`);
  const removed = row.totp_secret !== null || row.totp_pending !== null;
  await db.transaction().execute((trx) => clearTotp(trx, row.id, now));
  return { username: row.username, removed };
}

/** Which accounts must have a second factor (`DEBRIEF_REQUIRE_MFA`): none, or local admin accounts. */
export type MfaRequirement = 'off' | 'admins';

/** Reads `DEBRIEF_REQUIRE_MFA` (`admins`, or `off`/unset); anything else is a configuration mistake. */
export function mfaRequirementFrom(env: Readonly<Record<string, string | undefined>>): MfaRequirement {
  const value = env.DEBRIEF_REQUIRE_MFA?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'off') return 'off';
  if (value === 'admins') return 'admins';
  throw new DomainError(
    'invalid_input',
    `DEBRIEF_REQUIRE_MFA must be "admins" or "off", not "${env.DEBRIEF_REQUIRE_MFA}"`,
  );
}

/** Must this account enrol a second factor before anything else: an admin with a password and no TOTP? */
export async function mustEnrolSecondFactor(
  db: Db,
  userId: string,
  requirement: MfaRequirement,
): Promise<boolean> {
  if (requirement === 'off') return false;
  const row = await findUserById(db, userId);
  return row !== undefined && row.role === 'admin' && row.password_hash !== null && row.totp_secret === null;
}

/** How many recovery codes an account has left. */
export function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  return countRecoveryCodesLeft(db, userId);
}
