/**
 * Who may do what: the roles, the permission matrix, API token scopes and need-to-know visibility of
 * post-mortems. Pure; the server checks every route against it and the tests walk the route table with it.
 *
 * - A role gives permissions (the matrix below). A token narrows its owner's permissions to its scopes.
 * - Visibility is separate: a restricted post-mortem is visible to its members only (admins may break the
 *   glass, which is logged and shown to the members); contributors see only the post-mortems they are members
 *   of. What a caller may not see does not exist for them (404, left out of lists, counted at most).
 */

export const ROLES = ['admin', 'lead', 'analyst', 'contributor', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin:
    'manages accounts, tokens and settings; everything else too, except restricted post-mortems (break-glass only)',
  lead: 'runs post-mortems: creates, edits, manages members, sees insights across them',
  analyst: 'creates and edits post-mortems, works the evidence and the timeline',
  contributor: 'edits only the post-mortems they are a member of (need-to-know)',
  viewer: 'reads post-mortems',
  auditor: 'reads post-mortems, insights and the audit trail',
};

/** What a token may be limited to. `admin` covers write and read, `write` covers read. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Every permission, with the token scope it needs. */
export const PERMISSIONS = {
  'post-mortem:read': 'read',
  'post-mortem:create': 'write',
  'post-mortem:edit': 'write',
  'post-mortem:members': 'write',
  'insights:read': 'read',
  'audit:read': 'read',
  'tokens:own': 'write',
  'users:manage': 'admin',
  /** Server-wide settings: notification channels, the indicator allow-list, catalogues (ATT&CK, Sigma). */
  'settings:manage': 'admin',
} as const satisfies Record<string, Scope>;
export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];

/** The permission matrix. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(ALL),
  lead: new Set<Permission>([
    'post-mortem:read',
    'post-mortem:create',
    'post-mortem:edit',
    'post-mortem:members',
    'insights:read',
    'tokens:own',
  ]),
  analyst: new Set<Permission>([
    'post-mortem:read',
    'post-mortem:create',
    'post-mortem:edit',
    'insights:read',
    'tokens:own',
  ]),
  contributor: new Set<Permission>(['post-mortem:read', 'post-mortem:edit', 'tokens:own']),
  viewer: new Set<Permission>(['post-mortem:read', 'tokens:own']),
  auditor: new Set<Permission>(['post-mortem:read', 'insights:read', 'audit:read', 'tokens:own']),
};

/** Who is asking. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** How they authenticated. */
  readonly via: 'session' | 'token';
  /** For tokens: the scopes; absent for sessions (the role alone decides). */
  readonly scopes?: readonly Scope[];
  /** For tokens: the token id. */
  readonly tokenId?: string;
}

/** Is `value` a role? */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Is `value` a scope? */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

function scopeCovers(scopes: readonly Scope[], needed: Scope): boolean {
  if (scopes.includes('admin')) return true;
  if (needed === 'read') return scopes.includes('read') || scopes.includes('write');
  return scopes.includes(needed);
}

/** May the principal use the permission (role and, for tokens, scope)? Visibility is checked apart. */
export function permits(principal: Principal, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[principal.role].has(permission)) return false;
  return principal.scopes === undefined || scopeCovers(principal.scopes, PERMISSIONS[permission]);
}

/** What the caller knows about one post-mortem's access. */
export interface PostMortemAccess {
  readonly restricted: boolean;
  /** Is the caller a member? */
  readonly member: boolean;
}

/** Can the principal see the post-mortem at all (without breaking the glass)? */
export function canSee(principal: Principal, access: PostMortemAccess): boolean {
  if (access.member) return true;
  if (access.restricted) return false;
  return principal.role !== 'contributor';
}

/** May the principal break the glass: see a restricted post-mortem they are not a member of, logged? */
export function mayBreakGlass(principal: Principal): boolean {
  return principal.role === 'admin' && (principal.scopes === undefined || principal.scopes.includes('admin'));
}
