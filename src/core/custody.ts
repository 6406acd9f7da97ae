/**
 * Chain of custody: every action on an evidence item (collected, registered, parsed, exported, transferred,
 * verified) is an entry carrying the hash of the previous one, so changing, inserting or deleting an entry
 * breaks the chain. The first entry chains from a genesis value bound to the post-mortem, the evidence id and
 * the file's SHA-256, so swapping the recorded file digest breaks it too. The evidence row keeps the count and
 * the last hash (the head), which shows a deleted last entry.
 *
 * Pure: the SHA-256 function is passed in.
 */
import { type ChainFinding, linkHash, type Sha256, verifyChain } from './hash-chain.js';

/** Actions recorded in a custody log. */
export const CUSTODY_ACTIONS = [
  'collected',
  'registered',
  'parsed',
  'exported',
  'transferred',
  'verified',
] as const;
/** One kind of custody action. */
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export type { Sha256 };

/** A custody entry as written (without its hash fields). */
export interface CustodyEntryContent {
  readonly seq: number;
  readonly action: CustodyAction;
  readonly actor: string;
  /** When the action happened, ISO 8601 UTC. */
  readonly at: string;
  readonly reason?: string;
  /** Action-specific facts: the format parsed, the counts, where it was transferred... */
  readonly details: Readonly<Record<string, unknown>>;
}

/** A stored custody entry with its chain fields. */
export interface CustodyEntry extends CustodyEntryContent {
  readonly prevHash: string;
  readonly hash: string;
}

/** What binds a chain to one evidence item. */
export interface CustodySubject {
  readonly postMortemId: string;
  readonly evidenceId: string;
  /** SHA-256 of the evidence file. */
  readonly sha256: string;
}

/** The value the first entry chains from. */
export function custodyGenesis(subject: CustodySubject, sha256: Sha256): string {
  return sha256(`debrief-custody-v1\n${subject.postMortemId}\n${subject.evidenceId}\n${subject.sha256}`);
}

/** The hash of an entry: over the previous hash and the entry's canonical content. */
export function custodyHash(prevHash: string, entry: CustodyEntryContent, sha256: Sha256): string {
  const { seq, action, actor, at, reason, details } = entry;
  return linkHash(prevHash, { seq, action, actor, at, reason, details }, sha256);
}

/** Appends an entry to a chain whose head is `prevHash`. */
export function chainEntry(prevHash: string, entry: CustodyEntryContent, sha256: Sha256): CustodyEntry {
  return { ...entry, prevHash, hash: custodyHash(prevHash, entry, sha256) };
}

/** One problem found in a custody chain. */
export type CustodyFinding = ChainFinding;

/**
 * Verifies a chain (entries in stored order) against its subject and the anchor kept on the evidence row.
 * Reports every break precisely; an empty list means the chain is intact.
 */
export function verifyCustodyChain(
  subject: CustodySubject,
  entries: readonly CustodyEntry[],
  anchor: { readonly count: number; readonly head: string },
  sha256: Sha256,
): CustodyFinding[] {
  return verifyChain(entries, {
    genesis: custodyGenesis(subject, sha256),
    anchor,
    hashOf: (entry) => custodyHash(entry.prevHash, entry, sha256),
    noun: 'custody',
    holder: 'the evidence',
    describe: (entry) => `${entry.action} by ${entry.actor} at ${entry.at}`,
    reboundMessage:
      'the custody log does not belong to this evidence file: the recorded SHA-256 or identity was changed',
  });
}
