/** Request and response schemas of the accounts, tokens, membership and audit routes. */
import { z } from 'zod';
import { PERMISSIONS, ROLES, SCOPES } from '../core/access.js';
import { AUDIT_OUTCOMES } from '../core/audit.js';

const secretText = z.string().min(1).max(1024);

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().optional(),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    signIn: z.array(z.enum(['password', 'sso'])),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const meResponseSchema = z.object({
  user: userSchema,
  via: z.enum(['session', 'token']),
  /** Send it as X-CSRF-Token with every write made with the session cookie. */
  csrfToken: z.string().optional(),
  permissions: z.array(z.enum(Object.keys(PERMISSIONS) as [keyof typeof PERMISSIONS])),
  scopes: z.array(z.enum(SCOPES)).optional(),
  /** The account's second factor: `totp` once enrolled. */
  mfa: z.enum(['totp', 'none']),
});

/** A 6-digit code from an authenticator app (TOTP). */
export const oneTimeCodeSchema = z.string().regex(/^\d{6}$/, 'a one-time code is 6 digits');
/** A one-time recovery code (`xxxx-xxxx-xxxx`). */
export const recoveryCodeSchema = z.string().min(1).max(64);

export const loginBodySchema = z.object({
  username: z.string().min(1).max(200),
  password: secretText,
  /** Required once the account has a second factor (or `recoveryCode`). */
  code: oneTimeCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
});

export const sessionResponseSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  expiresAt: z.string(),
});

export const setupBodySchema = z.object({
  token: secretText,
  username: z.string().min(1).max(64),
  password: secretText,
  displayName: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
});

export const resetBodySchema = z.object({ token: secretText, password: secretText });

export const newUserBodySchema = z.object({
  username: z.string().min(1).max(64),
  role: z.enum(ROLES),
  displayName: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  password: secretText.optional(),
});

export const userPatchBodySchema = z
  .object({
    role: z.enum(ROLES).optional(),
    displayName: z.string().max(200).optional(),
    email: z.string().max(320).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

export const userParamsSchema = z.object({ user: z.string().min(1).max(64) });

/** `PUT /api/users/{user}/sso`: the single sign-on identity to link, as `debrief user link`. */
export const ssoLinkBodySchema = z.strictObject({
  subject: z.string().min(1).max(255).meta({ description: "The provider's subject (`sub`) for the person" }),
  issuer: z.string().max(500).optional().meta({
    description: "The provider's issuer, exactly as it announces it (default: this server's provider)",
  }),
});

export const resetTokenResponseSchema = z.object({
  user: userSchema,
  /** Hand it to the person: it is shown once. */
  token: z.string(),
  expiresAt: z.string(),
});

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    user: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
    lastUsedAt: z.string().optional(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'ApiToken' });

export const newTokenBodySchema = z.object({
  name: z.string().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const tokenCreatedSchema = z.object({
  /** Shown once: `Authorization: Bearer <token>`. */
  token: z.string(),
  apiToken: tokenSchema,
});

export const tokenParamsSchema = z.object({ tokenId: z.string().regex(/^[0-9a-f]{12}$/) });

export const tokensQuerySchema = z.object({ all: z.coerce.boolean().default(false) });

export const memberSchema = userSchema.extend({ addedAt: z.string(), addedBy: z.string() });

export const memberBodySchema = z.object({ user: z.string().min(1).max(64) });

export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string().optional(),
    postMortemId: z.string().optional(),
    source: z.string().optional(),
    outcome: z.enum(AUDIT_OUTCOMES),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const auditQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  from: z.string().optional(),
  to: z.string().optional(),
});

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  /** Pass as `after` for the next page; absent at the end. */
  next: z.number().int().optional(),
});

export const auditVerifySchema = z.object({
  entries: z.number().int(),
  intact: z.boolean(),
  findings: z.array(
    z.object({
      problem: z.enum(['modified', 'missing', 'out_of_order', 'truncated', 'extra', 'rebound']),
      seq: z.number().int().optional(),
      message: z.string(),
    }),
  ),
});

export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['sqlite', 'postgres']),
  pendingMigrations: z.array(z.string()),
  setupRequired: z.boolean(),
});

/** Whether single sign-on (OpenID Connect) is configured, and where a browser starts it. */
export const oidcStatusSchema = z.object({
  enabled: z.boolean(),
  /** Open it in the browser (a navigation, not a fetch); `?next=/path` says where to land afterwards. */
  loginUrl: z.string().optional(),
});

export const oidcLoginQuerySchema = z.object({
  /** A path on this server to return to after signing in (anything else returns to `/`). */
  next: z.string().optional(),
});

/** What the provider sends back to the callback (RFC 6749 §4.1.2; RFC 9207 `iss`). */
export const oidcCallbackQuerySchema = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});
