import { describe, expect, it } from 'vitest';
import {
  canSee,
  mayBreakGlass,
  PERMISSIONS,
  type Principal,
  permits,
  ROLE_PERMISSIONS,
  ROLES,
} from './access.js';

const as = (role: Principal['role'], scopes?: Principal['scopes']): Principal => ({
  userId: 'U-1',
  username: 'u',
  role,
  via: scopes ? 'token' : 'session',
  ...(scopes ? { scopes } : {}),
});

describe('permission matrix', () => {
  it('gives admins everything and viewers only reading', () => {
    for (const permission of Object.keys(PERMISSIONS))
      expect(ROLE_PERMISSIONS.admin.has(permission as never)).toBe(true);
    expect([...ROLE_PERMISSIONS.viewer].sort()).toEqual(['post-mortem:read', 'tokens:own']);
  });

  it('keeps the audit trail to auditors and admins, accounts to admins', () => {
    const audit = ROLES.filter((r) => permits(as(r), 'audit:read'));
    expect(audit).toEqual(['admin', 'auditor']);
    expect(ROLES.filter((r) => permits(as(r), 'users:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => permits(as(r), 'settings:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => permits(as(r), 'post-mortem:members'))).toEqual(['admin', 'lead']);
    expect(ROLES.filter((r) => permits(as(r), 'post-mortem:edit'))).toEqual([
      'admin',
      'lead',
      'analyst',
      'contributor',
    ]);
  });

  it('narrows tokens to their scopes: write covers read, admin covers all, read covers no write', () => {
    expect(permits(as('admin', ['read']), 'post-mortem:read')).toBe(true);
    expect(permits(as('admin', ['read']), 'post-mortem:edit')).toBe(false);
    expect(permits(as('admin', ['write']), 'post-mortem:read')).toBe(true);
    expect(permits(as('admin', ['write']), 'users:manage')).toBe(false);
    expect(permits(as('admin', ['admin']), 'users:manage')).toBe(true);
    // A scope never adds what the role lacks.
    expect(permits(as('viewer', ['admin']), 'post-mortem:edit')).toBe(false);
  });
});

describe('need-to-know visibility', () => {
  it('shows restricted post-mortems to members only, and open ones to everyone but contributors', () => {
    for (const role of ROLES) {
      expect(canSee(as(role), { restricted: true, member: true })).toBe(true);
      expect(canSee(as(role), { restricted: true, member: false })).toBe(false);
      expect(canSee(as(role), { restricted: false, member: false })).toBe(role !== 'contributor');
    }
  });

  it('lets only admins (with an admin-scoped token, or a session) break the glass', () => {
    expect(ROLES.filter((r) => mayBreakGlass(as(r)))).toEqual(['admin']);
    expect(mayBreakGlass(as('admin', ['read']))).toBe(false);
    expect(mayBreakGlass(as('admin', ['admin']))).toBe(true);
  });
});
