/**
 * The chain of custody of the evidence, as the regulator and auditor pack shows it. The custody log lives in the
 * database (`custody_events`, verified by `verifyCustodyChain`), so the service reads it and passes it in; core
 * never reads it itself.
 */
import type { CustodyAction } from './custody.js';

/** One action on an evidence item, as recorded in its custody log. */
export interface CustodyLogEntry {
  /** Position in the chain, from 1. */
  readonly seq: number;
  readonly action: CustodyAction;
  /** Who acted: the Debrief account, masked in external reports. */
  readonly actor: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly reason?: string;
}

/** The registry's record of one evidence item with its custody log and whether the log's chain is intact. */
export interface EvidenceCustody {
  /** The evidence id in the registry: the same id as in the document's `evidence` when registered with it. */
  readonly evidenceId: string;
  /** SHA-256 of the stored file, lowercase hex. */
  readonly sha256: string;
  /** Size of the stored file in bytes. */
  readonly size: number;
  readonly collectedBy?: string;
  /** ISO 8601, as recorded. */
  readonly collectedAt?: string;
  readonly registeredBy?: string;
  readonly registeredAt?: string;
  /** The custody log in chain order. */
  readonly entries: readonly CustodyLogEntry[];
  /** True when `verifyCustodyChain` found no problem (and the file's content matches its SHA-256, if checked). */
  readonly chainOk: boolean;
  /** The problems found, in words, when the chain is broken. */
  readonly problems: readonly string[];
}
