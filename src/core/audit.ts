/**
 * The audit trail: who did what, when, from where, with what outcome. Append-only and hash-chained (see
 * hash-chain.ts): the database keeps the count and the head, so an altered, inserted or deleted row shows on
 * verification. Pure: the SHA-256 function is passed in.
 */
import { type ChainRules, type ChainVerifier, chainVerifier, linkHash, type Sha256 } from './hash-chain.js';

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** An audit entry as written (without its chain fields). */
export interface AuditEntryContent {
  readonly seq: number;
  /** ISO 8601 UTC. */
  readonly at: string;
  /** `user:U-1 (alice)`, `token:T-3 (alice)`, `cli:root`, `anonymous`. */
  readonly actor: string;
  /** `post-mortem.update`, `auth.login`, `read.restricted`, `break-glass`... */
  readonly action: string;
  /** The route, user or token acted on. */
  readonly target?: string;
  readonly postMortemId?: string;
  /** The client address, or `cli`. */
  readonly source?: string;
  readonly outcome: AuditOutcome;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A stored audit entry. */
export interface AuditEntry extends AuditEntryContent {
  readonly prevHash: string;
  readonly hash: string;
}

/** The value the first audit entry chains from. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** The hash of an entry over the previous hash and its content. */
export function auditHash(prevHash: string, entry: AuditEntryContent, sha256: Sha256): string {
  const { seq, at, actor, action, target, postMortemId, source, outcome, details } = entry;
  return linkHash(
    prevHash,
    { seq, at, actor, action, target, postMortemId, source, outcome, details },
    sha256,
  );
}

/** Chains a new entry after `prevHash`. */
export function chainAuditEntry(prevHash: string, entry: AuditEntryContent, sha256: Sha256): AuditEntry {
  return { ...entry, prevHash, hash: auditHash(prevHash, entry, sha256) };
}

/** How the audit trail is verified, against the anchor kept in the database. */
export function auditChainRules(
  anchor: { readonly count: number; readonly head: string },
  sha256: Sha256,
): ChainRules<AuditEntry> {
  return {
    genesis: AUDIT_GENESIS,
    anchor,
    hashOf: (entry) => auditHash(entry.prevHash, entry, sha256),
    noun: 'audit',
    holder: 'the database',
    describe: (entry) => `${entry.action} by ${entry.actor} at ${entry.at}`,
    reboundMessage:
      'audit entry #1 does not start the trail: it was replaced or entries were inserted before it',
  };
}

/** Starts verifying the trail; push entries in sequence order. */
export function auditVerifier(
  anchor: { readonly count: number; readonly head: string },
  sha256: Sha256,
): ChainVerifier<AuditEntry> {
  return chainVerifier(auditChainRules(anchor, sha256));
}
