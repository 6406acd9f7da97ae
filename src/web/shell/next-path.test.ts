import { describe, expect, it } from 'vitest';
import { loginRouteFor, safeNextRoute } from './next-path.js';

describe('safeNextRoute', () => {
  it('honours pages of this application, and the addresses of its former /app/ base', () => {
    expect(safeNextRoute('/post-mortems/INC-1/timeline?from=x#e1')).toBe(
      '/post-mortems/INC-1/timeline?from=x#e1',
    );
    expect(safeNextRoute('/app/post-mortems/INC-1/timeline?from=x#e1')).toBe(
      '/post-mortems/INC-1/timeline?from=x#e1',
    );
    expect(safeNextRoute('/app/')).toBe('/');
    expect(safeNextRoute('/new')).toBe('/new');
  });

  it.each([
    null,
    '',
    'https://evil.example/x',
    '//evil.example/x',
    '/\\evil.example/x',
    '/%0a/x'.replace('%0a', '\n'),
    'javascript:alert(1)',
    'post-mortems/INC-1',
    '/login?next=/x',
    '/app/login?next=/x',
    '/api/post-mortems',
    '/api',
  ])('refuses %j (lands on the list)', (next) => {
    expect(safeNextRoute(next)).toBe('/');
  });

  it('resolves dot segments before judging the path', () => {
    expect(safeNextRoute('/x/../api/users')).toBe('/');
    expect(safeNextRoute('/app/../new')).toBe('/new');
  });
});

describe('loginRouteFor', () => {
  it('names where to come back, except for the list itself', () => {
    expect(loginRouteFor('/new')).toBe('/login?next=%2Fnew');
    expect(loginRouteFor('/post-mortems/INC-1?x=1')).toBe('/login?next=%2Fpost-mortems%2FINC-1%3Fx%3D1');
    expect(loginRouteFor('/')).toBe('/login');
  });
});
