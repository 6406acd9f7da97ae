/** Request and response schemas of the self-service routes: password, re-authentication, sessions, TOTP. */
import { z } from 'zod';
import { oneTimeCodeSchema, recoveryCodeSchema } from './accounts.js';

const secretText = z.string().min(1).max(1024);

export const changePasswordBodySchema = z.object({
  currentPassword: secretText,
  newPassword: secretText,
});

export const changePasswordResponseSchema = z.object({
  /** How many other sessions of the account ended. */
  endedSessions: z.number().int(),
});

export const reauthenticateBodySchema = z.object({
  password: secretText,
  /** Required when the account has a second factor (or `recoveryCode`). */
  code: oneTimeCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
});

export const reauthenticateResponseSchema = z.object({
  authenticatedAt: z.string(),
  /** Sensitive operations are allowed until then. */
  recentUntil: z.string(),
});

export const sessionViewSchema = z
  .object({
    /** The session's public id (neither the cookie nor its stored hash). */
    id: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    authenticatedAt: z.string(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export const sessionParamsSchema = z.object({ sessionId: z.string().regex(/^[0-9a-f]{16}$/) });

export const endedSessionsSchema = z.object({ ended: z.number().int() });

export const totpEnrolmentSchema = z.object({
  /** Base32; shown once. */
  secret: z.string(),
  /** otpauth://totp/Debrief:USER?...: what a QR code carries. */
  uri: z.string(),
  issuer: z.string(),
  digits: z.number().int(),
  period: z.number().int(),
  algorithm: z.string(),
});

export const totpConfirmBodySchema = z.object({ code: oneTimeCodeSchema });

export const recoveryCodesSchema = z.object({
  /** Shown once: each works once, instead of a code, when the device is lost. */
  recoveryCodes: z.array(z.string()),
});

export const secondFactorProofSchema = z
  .object({ code: oneTimeCodeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() })
  .refine((body) => body.code !== undefined || body.recoveryCode !== undefined, {
    message: 'send code (6 digits) or recoveryCode',
  });

export const mfaResetResponseSchema = z.object({
  user: z.string(),
  /** Did the account have a second factor (or one being enrolled)? */
  removed: z.boolean(),
});
