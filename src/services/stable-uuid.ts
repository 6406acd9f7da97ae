/** Stable UUIDs (RFC 4122 version 5, SHA-1 of a namespace and a name): the same name always gives the same id. */
import { createHash } from 'node:crypto';

/** Debrief's namespace for name-based UUIDs (a fixed random UUID). */
export const DEBRIEF_NAMESPACE = '6f1c7c1e-2b8a-4c39-9d3e-0c7a5b1e4f21';

/** The version-5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = DEBRIEF_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
