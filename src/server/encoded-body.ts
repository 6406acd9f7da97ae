/**
 * Answers that are the same bytes for every reader (a stored version of a post-mortem document) are encoded once:
 * JSON, then gzip, kept with the frozen value they came from. A reader who accepts gzip (every browser does) gets
 * the compressed bytes; others get the JSON. A ~90 KB document then costs a lookup and a ~12 KB write instead of a
 * serialization and a 90 KB write per request (`npm run bench:api` shows both).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Encoded {
  readonly json: Buffer;
  /** Only when compressing saves something worth a header. */
  readonly gzip: Buffer | undefined;
}

/** Below this many bytes of JSON, compressing saves too little to matter. */
const MIN_COMPRESS_BYTES = 1_024;

const ENCODED = new WeakMap<object, Encoded>();

function encode(value: object): Encoded {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  if (json.length < MIN_COMPRESS_BYTES) return { json, gzip: undefined };
  const gzip = gzipSync(json, { level: 6 });
  return { json, gzip: gzip.length < json.length ? gzip : undefined };
}

/**
 * Whether an `Accept-Encoding` header accepts gzip: named (or `*`) with a quality above zero, and not refused by
 * name (`gzip;q=0` wins over `*`).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let named: boolean | undefined;
  let any = false;
  for (const part of header.toString().split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') named = accepted;
    else if (coding === '*') any = accepted;
  }
  return named ?? any;
}

/**
 * Sends `value` as JSON, encoded once per value when it is frozen (a frozen value never changes, so its bytes do
 * not either); other values are encoded for this answer only.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, value: object): FastifyReply {
  let encoded = ENCODED.get(value);
  if (encoded === undefined) {
    encoded = encode(value);
    if (Object.isFrozen(value)) ENCODED.set(value, encoded);
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.header('vary', 'accept-encoding');
  if (encoded.gzip !== undefined && acceptsGzip(request.headers['accept-encoding'])) {
    reply.header('content-encoding', 'gzip');
    return reply.send(encoded.gzip);
  }
  return reply.send(encoded.json);
}
