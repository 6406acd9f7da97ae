/**
 * The server of `npm run bench:api`, in its own process so the load generator does not share its event loop:
 * opens the SQLite database the benchmark seeded, serves it on a free loopback port with the rate limiter and the
 * logger off, prints the URL as its first line on stdout, and closes on SIGTERM or SIGINT.
 *
 * Usage: node --import tsx scripts/bench-api-server.ts DATABASE_FILE
 */
import { once } from 'node:events';
import { VERSION } from '../src/cli/version.js';
import { openDatabase } from '../src/db/dialects.js';
import { buildServer, listen } from '../src/server/app.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: bench-api-server.ts DATABASE_FILE');

const handle = await openDatabase({ dialect: 'sqlite', path });
const app = await buildServer({
  db: handle.db,
  dialect: handle.dialect,
  version: VERSION,
  now: () => new Date().toISOString(),
  logger: false,
  // The benchmark sends thousands of requests a second from one address: the general limit would answer 429.
  rateLimitPerMinute: 0,
});
const url = await listen(app, 0, '127.0.0.1');
process.stdout.write(`${url}\n`);

await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
await app.close();
await handle.close();
