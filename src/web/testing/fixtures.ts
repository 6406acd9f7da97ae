/** Answers of the fake API shared by the web tests: who is signed in, post-mortem summaries. */
import type { Me } from '../auth.js';
import type { PostMortemSummary } from '../pages/list-filters.js';

/** `GET /api/auth/me` for a signed-in analyst (may create, may read insights). */
export function meAnswer(overrides: Partial<Me> = {}): Me {
  return {
    user: {
      id: 'u1',
      username: 'alice',
      displayName: 'Alice Analyst',
      role: 'analyst',
      disabled: false,
      signIn: ['password'],
      createdAt: '2026-01-01T00:00:00Z',
    },
    via: 'session',
    csrfToken: 'csrf-123',
    permissions: [
      'post-mortem:read',
      'post-mortem:create',
      'post-mortem:edit',
      'insights:read',
      'tokens:own',
    ],
    mfa: 'none',
    ...overrides,
  };
}

/** A post-mortem summary as the list returns it. */
export function summary(
  overrides: Partial<Omit<PostMortemSummary, 'id'>> & { readonly id?: string } = {},
): PostMortemSummary {
  return {
    id: 'INC-2026-014',
    title: 'Stolen session used against the cloud console',
    status: 'draft',
    severity: 'high',
    types: ['technical'],
    restricted: false,
    tags: ['cloud'],
    version: 3,
    created: '2026-03-01T10:00:00Z',
    updated: '2026-03-02T11:30:00Z',
    ...overrides,
  } as PostMortemSummary;
}

/** A page of `GET /api/post-mortems`. */
export function pageOf(items: readonly PostMortemSummary[]) {
  return { items, total: items.length, limit: 50, offset: 0 };
}
