import { describe, expect, it } from 'vitest';
import { loginRouteFor, safeNextRoute } from './next-path.js';

describe('safeNextRoute', () => {
  it('honours paths of this application', () => {
    expect(safeNextRoute('/app/post-mortems/INC-1/timeline?from=x#e1')).toBe(
      '/post-mortems/INC-1/timeline?from=x#e1',
    );
    expect(safeNextRoute('/app/')).toBe('/');
  });

  it.each([
    null,
    '',
    'https://evil.example/app/x',
    '//evil.example/app/x',
    '/\\evil.example/app/x',
    '/app/../admin',
    '/app/%0a/x'.replace('%0a', '\n'),
    '/other/app/x',
    'javascript:alert(1)',
    '/app/login?next=/app/x',
  ])('refuses %j (lands on the list)', (next) => {
    expect(safeNextRoute(next)).toBe('/');
  });
});

describe('loginRouteFor', () => {
  it('names where to come back, except for the list itself', () => {
    expect(loginRouteFor('/new')).toBe('/login?next=%2Fapp%2Fnew');
    expect(loginRouteFor('/')).toBe('/login');
  });
});
