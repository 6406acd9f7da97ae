/**
 * `GET /api/post-mortems/:id/changes`: a stream of server-sent events (text/event-stream) telling an open
 * workspace when a new version of the post-mortem is stored, by whom and when, so it shows others' changes without
 * reloading (issue 8, "Working together").
 *
 * Events: `version` first with the stored version (the baseline), then one per new version
 * (`{ version, updatedAt, by? }`, the event id is the version); `gone` when the post-mortem was deleted. A comment
 * line every 20 seconds keeps proxies from closing an idle stream. Access is checked when the stream opens; the
 * server ends a stream after `changesMaxAgeMs` (10 minutes), and the browser's EventSource reconnects by itself,
 * so a revoked access takes effect then.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, postMortemParamsSchema } from '../../contract/api.js';
import type { PostMortemId } from '../../core/ids.js';
import { postMortemNotFound } from '../../db/post-mortem.repository.js';
import { PostMortemWatcher, readVersionNotice } from '../../services/watch-post-mortems.js';
import type { ServerOptions } from '../app.js';

/** The heartbeat: a comment line well inside the idle timeouts of common proxies (60 s). */
const HEARTBEAT_MS = 20_000;

/** Registers the change stream. */
export async function registerChangeRoutes(app: FastifyInstance, options: ServerOptions): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const watcher = new PostMortemWatcher(options.db, options.changesIntervalMs ?? 2000, (error) =>
    app.log.warn({ err: error }, 'reading a post-mortem version for the change stream failed'),
  );
  const maxAgeMs = options.changesMaxAgeMs ?? 10 * 60_000;
  const open = new Set<() => void>();

  // Streams never end by themselves: end them first, or closing the server would wait for them.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    watcher.close();
    done();
  });

  api.get(
    '/post-mortems/:id/changes',
    {
      config: { access: 'post-mortem:read', postMortem: true },
      schema: {
        tags: ['post-mortems'],
        summary: 'Server-sent events: the stored version, then one event per new version (who, when)',
        params: postMortemParamsSchema,
        produces: ['text/event-stream'],
        response: {
          200: z.string().describe('text/event-stream: `event: version` with `{ version, updatedAt, by? }`'),
          401: errorResponseSchema,
          404: errorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id as PostMortemId;
      const current = await readVersionNotice(options.db, id, true);
      if (current === undefined) throw postMortemNotFound(id);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      const send = (event: string, data: object, eventId?: number) =>
        raw.write(
          `${eventId === undefined ? '' : `id: ${eventId}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
        );
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stop();
        clearInterval(heartbeat);
        clearTimeout(maxAge);
        open.delete(end);
        raw.end();
      };
      raw.write('retry: 3000\n\n');
      send('version', current, current.version);
      const stop = watcher.watch(id, current, (event) => {
        if (event.kind === 'version') send('version', event.notice, event.notice.version);
        else {
          send('gone', { id });
          end();
        }
      });
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const maxAge = setTimeout(end, maxAgeMs);
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
