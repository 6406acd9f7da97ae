/**
 * A server for in-process tests (`app.inject`): on a test database, at the fixed test instant, without the general
 * rate limit (tests send many requests from one address; the sign-in routes stay limited).
 */
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../src/db/database.js';
import { buildServer, type ServerOptions } from '../src/server/app.js';

export const TEST_NOW = '2026-11-22T12:00:00.000Z';

export function testServer(
  handle: DatabaseHandle,
  options: Partial<Omit<ServerOptions, 'db' | 'dialect'>> = {},
): Promise<FastifyInstance> {
  return buildServer({
    db: handle.db,
    dialect: handle.dialect,
    version: 't',
    now: () => TEST_NOW,
    rateLimitPerMinute: 0,
    ...options,
  });
}
