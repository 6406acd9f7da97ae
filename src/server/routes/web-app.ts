/**
 * The web application (src/web, built by Vite into dist/web) served at the root: hashed files from `/assets/`
 * with long immutable caching, and `index.html` for the application's paths so the client router decides what to
 * show. The shell and its assets are public static files: what they show comes from the API, which
 * enforces access on every call.
 *
 * Asset paths are resolved and checked to stay inside the assets folder (no `..`, encoded or not); a missing asset
 * answers 404, never the index (a stale page asking for an old chunk must fail loudly, not parse HTML as script).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { packageRoot } from '../../services/package-paths.js';

/** The web application may load its own scripts, styles, images and API only, and never be framed. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Hashed file names never change content: cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Media types of what Vite emits; anything else is served as bytes. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built web application's folder in the installed package. */
export function defaultWebRoot(): string {
  return join(packageRoot(), 'dist', 'web');
}

/** The media type for a file name (by extension). */
export function mediaTypeOf(name: string): string {
  return MEDIA_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The absolute path of `relative` inside `folder`, or undefined when it would leave the folder (`..`, an absolute
 * path, a NUL byte) or names the folder itself.
 */
export function insideFolder(folder: string, relative: string): string | undefined {
  if (relative === '' || relative.includes('\0') || relative.includes('\\')) return undefined;
  const base = resolve(folder);
  const target = resolve(base, relative);
  return target.startsWith(base + sep) ? target : undefined;
}

function notBuilt(): DomainError {
  return new DomainError(
    'dependency_missing',
    'the web application is not built: run npm run build (it writes dist/web)',
  );
}

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', APP_CSP).header('x-content-type-options', 'nosniff');
}

/** The application's `index.html` (no-cache: it names the current hashed files) with `status`. */
async function sendIndex(reply: FastifyReply, root: string, status: number): Promise<FastifyReply> {
  secure(reply);
  let html: Buffer;
  try {
    html = await readFile(join(root, 'index.html'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notBuilt();
    throw error;
  }
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(html);
}

/**
 * The paths the client router shows (the shared UI contract, src/web/App.tsx): each answers `index.html`.
 * `*` ends a path whose rest the client router reads (`/post-mortems/INC-1/timeline`).
 */
export const APP_PATHS = [
  '/',
  '/login',
  '/setup',
  '/reset',
  '/new',
  '/insights',
  '/actions',
  '/post-mortems/*',
] as const;

/** The former base of the application (stop 17): its addresses move to the same path at the root. */
const OLD_BASE = '/app';

/**
 * Registers the application at the root: `/assets/*` (hashed files), `index.html` for every path of
 * `APP_PATHS`, and for any other GET from a browser (it accepts HTML and the path is not under `/api/`)
 * `index.html` with status 404, so the application shows its "Page not found". `/app` and `/app/*` (where the
 * application first lived) redirect permanently to the same path at the root, so old links keep working.
 */
export async function registerWebAppRoutes(
  app: FastifyInstance,
  options: { readonly webRoot?: string },
): Promise<void> {
  const root = resolve(options.webRoot ?? defaultWebRoot());
  const assets = join(root, 'assets');
  const route = { config: { access: 'public' as const }, schema: { hide: true } };

  const moved = async (request: FastifyRequest, reply: FastifyReply) => {
    const rest = request.url.slice(OLD_BASE.length);
    const target = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
    // Only a path of this server: `/app//evil` must not become the protocol-relative `//evil`.
    return reply.redirect(target.startsWith('//') ? '/' : target, 308);
  };
  app.get(OLD_BASE, route, moved);
  app.get(`${OLD_BASE}/*`, route, moved);

  app.get('/assets/*', route, async (request, reply) => {
    secure(reply);
    const relative = (request.params as { '*'?: string })['*'] ?? '';
    const missing = new DomainError('not_found', `the web application has no asset ${relative}`);
    const file = insideFolder(assets, relative);
    if (file === undefined) throw missing;
    const found = await stat(file).catch(() => undefined);
    if (found === undefined) {
      // Tell "not built" apart from "no such file": the first needs the operator, the second is a stale page.
      if ((await stat(join(root, 'index.html')).catch(() => undefined)) === undefined) throw notBuilt();
      throw missing;
    }
    if (!found.isFile()) throw missing;
    return reply
      .header('content-type', mediaTypeOf(file))
      .header('cache-control', IMMUTABLE)
      .send(await readFile(file));
  });

  for (const path of APP_PATHS) app.get(path, route, async (_request, reply) => sendIndex(reply, root, 200));
}

/**
 * Whether a request that matched no route is a browser asking for a page (GET or HEAD, accepts HTML, not an
 * API or asset path): it gets the application's "Page not found" rather than a JSON error.
 */
export function wantsAppPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Answers the application's index with 404 (see `wantsAppPage`). */
export function sendAppNotFound(webRoot: string | undefined, reply: FastifyReply): Promise<FastifyReply> {
  return sendIndex(reply, resolve(webRoot ?? defaultWebRoot()), 404);
}
