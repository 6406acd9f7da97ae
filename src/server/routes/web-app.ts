/**
 * The web application (src/web, built by Vite into dist/web) served under `/app/`: hashed files from
 * `/app/assets/` with long immutable caching, and `index.html` for every other path so the client router decides
 * what to show. The shell and its assets are public static files: what they show comes from the API, which
 * enforces access on every call.
 *
 * Asset paths are resolved and checked to stay inside the assets folder (no `..`, encoded or not); a missing asset
 * answers 404, never the index (a stale page asking for an old chunk must fail loudly, not parse HTML as script).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
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

/** Registers `/app`, `/app/assets/*` and the `/app/*` fallback, serving the build in `webRoot`. */
export async function registerWebAppRoutes(
  app: FastifyInstance,
  options: { readonly webRoot?: string },
): Promise<void> {
  const root = resolve(options.webRoot ?? defaultWebRoot());
  const assets = join(root, 'assets');
  const route = { config: { access: 'public' as const }, schema: { hide: true } };

  async function index(): Promise<Buffer> {
    try {
      return await readFile(join(root, 'index.html'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notBuilt();
      throw error;
    }
  }

  app.get('/app', route, async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`/app/${query < 0 ? '' : request.url.slice(query)}`, 308);
  });

  app.get('/app/assets/*', route, async (request, reply) => {
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

  app.get('/app/*', route, async (_request, reply) => {
    secure(reply);
    const html = await index();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html);
  });
}
