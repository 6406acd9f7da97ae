/**
 * Where to go after signing in. `?next=` comes from the address bar, so anyone can craft it: only a path of this
 * application (`/app/...` on this origin) is honoured, never another site (`https://evil`, `//evil`, `/\evil`).
 */

/** The application's base path (vite.config.ts `base`, the router's basename). */
export const APP_BASE = '/app';

/**
 * The in-app route (`/post-mortems/INC-1`, without `/app`) that `next` names, or `/` when it is missing or not a
 * path of this application.
 */
export function safeNextRoute(next: string | null | undefined): string {
  if (next === null || next === undefined) return '/';
  // Browsers treat a backslash as a slash and drop tabs and newlines: refuse them rather than guess.
  if (!next.startsWith(`${APP_BASE}/`) || next.startsWith('//') || /[\\\s]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://debrief.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://debrief.invalid' || !url.pathname.startsWith(`${APP_BASE}/`)) return '/';
  const route = url.pathname.slice(APP_BASE.length) + url.search + url.hash;
  // Coming back to the sign-in page would loop.
  return route.startsWith('/login') ? '/' : route;
}

/** The `next` value naming an in-app route (`/post-mortems/INC-1` → `/app/post-mortems/INC-1`). */
export function nextParamFor(route: string): string {
  return `${APP_BASE}${route.startsWith('/') ? route : `/${route}`}`;
}

/** The sign-in route that comes back to `route` afterwards. */
export function loginRouteFor(route: string): string {
  if (route === '/' || route === '' || route.startsWith('/login')) return '/login';
  return `/login?next=${encodeURIComponent(nextParamFor(route))}`;
}
