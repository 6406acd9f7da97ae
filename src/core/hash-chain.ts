/**
 * Hash chains: each entry carries the hash of the one before it, the first chains from a genesis value, and the
 * holder of the chain keeps the count and the last hash (the anchor). Changing, inserting or deleting an entry
 * breaks the chain; deleting the last ones shows against the anchor. Used by the custody log of each evidence
 * item and by the audit trail. Pure: the SHA-256 function is passed in.
 */

/** A SHA-256 function over UTF-8 text, returning lowercase hex. */
export type Sha256 = (text: string) => string;

/** JSON with keys sorted at every level and undefined left out, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of an entry: over the previous hash and the entry's canonical content. */
export function linkHash(prevHash: string, content: unknown, sha256: Sha256): string {
  return sha256(`${prevHash}\n${canonicalJson(content)}`);
}

/** What every chained entry has. */
export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** One problem found in a chain. */
export interface ChainFinding {
  readonly problem: 'modified' | 'missing' | 'out_of_order' | 'truncated' | 'extra' | 'rebound';
  /** The entry concerned, by sequence number. */
  readonly seq?: number;
  readonly message: string;
}

/** How to verify one kind of chain. */
export interface ChainRules<E extends ChainLink> {
  /** The value the first entry chains from. */
  readonly genesis: string;
  /** The count and last hash kept by the chain's holder. */
  readonly anchor: { readonly count: number; readonly head: string };
  /** Recomputes an entry's hash from its prevHash and content. */
  readonly hashOf: (entry: E) => string;
  /** `custody` or `audit`: names the entries in messages. */
  readonly noun: string;
  /** Who keeps the anchor: `the evidence`, `the database`. */
  readonly holder: string;
  /** A few words on an entry for the modified message: `registered by alice at ...`. */
  readonly describe: (entry: E) => string;
  /** The message when the first entry does not chain from the genesis. */
  readonly reboundMessage: string;
}

/** Verifies a chain (entries in stored order); reports every break precisely. Empty: intact. */
export function verifyChain<E extends ChainLink>(
  entries: readonly E[],
  rules: ChainRules<E>,
): ChainFinding[] {
  const verifier = chainVerifier(rules);
  for (const entry of entries) verifier.push(entry);
  return verifier.finish();
}

/** A chain verifier fed one entry at a time (for chains too long to hold in memory). */
export interface ChainVerifier<E extends ChainLink> {
  push(entry: E): void;
  /** The findings, once every entry was pushed. */
  finish(): ChainFinding[];
}

/** Starts verifying a chain whose entries will be pushed in stored order. */
export function chainVerifier<E extends ChainLink>(rules: ChainRules<E>): ChainVerifier<E> {
  const { noun, holder, anchor, genesis } = rules;
  const findings: ChainFinding[] = [];
  let expectedPrev = genesis;
  let expectedSeq = 1;
  let count = 0;
  let last: E | undefined;
  return {
    push(entry) {
      count += 1;
      last = entry;
      if (entry.seq > expectedSeq) {
        const gap = entry.seq - expectedSeq;
        findings.push({
          problem: 'missing',
          seq: expectedSeq,
          message:
            gap === 1
              ? `${noun} entry #${expectedSeq} is missing (deleted)`
              : `${noun} entries #${expectedSeq} to #${entry.seq - 1} are missing (deleted)`,
        });
      } else if (entry.seq < expectedSeq) {
        findings.push({
          problem: 'out_of_order',
          seq: entry.seq,
          message: `${noun} entry #${entry.seq} appears out of order`,
        });
      }
      if (rules.hashOf(entry) !== entry.hash) {
        findings.push({
          problem: 'modified',
          seq: entry.seq,
          message: `${noun} entry #${entry.seq} (${rules.describe(entry)}) was modified: its content does not match its hash`,
        });
      } else if (entry.prevHash !== expectedPrev) {
        findings.push(
          expectedPrev === genesis && entry.seq === 1
            ? { problem: 'rebound', seq: entry.seq, message: rules.reboundMessage }
            : {
                problem: 'out_of_order',
                seq: entry.seq,
                message: `${noun} entry #${entry.seq} does not follow the entry before it: an entry before it was changed, removed or inserted`,
              },
        );
      }
      expectedPrev = entry.hash;
      expectedSeq = entry.seq + 1;
    },
    finish() {
      const lastSeq = last?.seq ?? 0;
      if (anchor.count > count && lastSeq < anchor.count) {
        findings.push({
          problem: 'truncated',
          seq: lastSeq + 1,
          message: `the ${noun} log ends at entry #${lastSeq}, but ${holder} records ${anchor.count} entries: the last ${anchor.count - lastSeq} were deleted`,
        });
      } else if (last !== undefined && last.hash !== anchor.head && findings.length === 0) {
        findings.push({
          problem: count > anchor.count ? 'extra' : 'modified',
          seq: last.seq,
          message:
            count > anchor.count
              ? `the ${noun} log has ${count} entries but ${holder} records ${anchor.count}: entries were added outside Debrief`
              : `the last ${noun} entry does not match the head recorded by ${holder}`,
        });
      }
      return findings;
    },
  };
}
