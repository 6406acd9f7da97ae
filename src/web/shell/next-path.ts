/**
 * Where to go after signing in. `?next=` comes from the address bar, so anyone can craft it: only a page of this
 * application on this origin is honoured, never another site (`https://evil`, `//evil`, `/\evil`) nor an API
 * address.
 */

/** The application's base path (vite.config.ts `base`, the router's basename): the application is at the root. */
export const APP_BASE = '/';

/** Where the application lived before it moved to the root; a `next` naming it still works. */
const OLD_BASE = '/app';

/**
 * The in-app route (`/post-mortems/INC-1?x#y`) that `next` names, or `/` when it is missing or not a page of this
 * application.
 */
export function safeNextRoute(next: string | null | undefined): string {
  if (next === null || next === undefined) return '/';
  // Browsers treat a backslash as a slash and drop tabs and newlines: refuse them rather than guess.
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://debrief.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://debrief.invalid') return '/';
  let path = url.pathname;
  if (path === OLD_BASE || path.startsWith(`${OLD_BASE}/`)) path = path.slice(OLD_BASE.length) || '/';
  // An API address is not a page; coming back to the sign-in page would loop.
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/login')) return '/';
  return path + url.search + url.hash;
}

/** The `next` value naming an in-app route (the route itself: the application is at the root). */
export function nextParamFor(route: string): string {
  return route.startsWith('/') ? route : `/${route}`;
}

/** The sign-in route that comes back to `route` afterwards. */
export function loginRouteFor(route: string): string {
  if (route === '/' || route === '' || route.startsWith('/login')) return '/login';
  return `/login?next=${encodeURIComponent(nextParamFor(route))}`;
}
