/**
 * Chain of custody: every action on an evidence item (collected, registered, parsed, exported, transferred,
 * verified) is an entry carrying the hash of the previous one, so changing, inserting or deleting an entry
 * breaks the chain. The first entry chains from a genesis value bound to the post-mortem, the evidence id and
 * the file's SHA-256, so swapping the recorded file digest breaks it too. The evidence row keeps the count and
 * the last hash (the head), which shows a deleted last entry.
 *
 * Pure: the SHA-256 function is passed in.
 */

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

/** A SHA-256 function over UTF-8 text, returning lowercase hex. */
export type Sha256 = (text: string) => string;

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

/** JSON with keys sorted at every level, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
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
export function custodyHash(prevHash: string, entry: CustodyEntryContent, sha256: Sha256): string {
  return sha256(
    `${prevHash}\n${canonicalJson({
      seq: entry.seq,
      action: entry.action,
      actor: entry.actor,
      at: entry.at,
      reason: entry.reason,
      details: entry.details,
    })}`,
  );
}

/** Appends an entry to a chain whose head is `prevHash`. */
export function chainEntry(prevHash: string, entry: CustodyEntryContent, sha256: Sha256): CustodyEntry {
  return { ...entry, prevHash, hash: custodyHash(prevHash, entry, sha256) };
}

/** One problem found in a custody chain. */
export interface CustodyFinding {
  /** `modified`, `missing`, `out_of_order`, `truncated`, `extra` or `rebound`. */
  readonly problem: 'modified' | 'missing' | 'out_of_order' | 'truncated' | 'extra' | 'rebound';
  /** The entry concerned, by sequence number. */
  readonly seq?: number;
  readonly message: string;
}

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
  const findings: CustodyFinding[] = [];
  const genesis = custodyGenesis(subject, sha256);
  let expectedPrev = genesis;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq > expectedSeq) {
      const gap = entry.seq - expectedSeq;
      findings.push({
        problem: 'missing',
        seq: expectedSeq,
        message:
          gap === 1
            ? `custody entry #${expectedSeq} is missing (deleted)`
            : `custody entries #${expectedSeq} to #${entry.seq - 1} are missing (deleted)`,
      });
    } else if (entry.seq < expectedSeq) {
      findings.push({
        problem: 'out_of_order',
        seq: entry.seq,
        message: `custody entry #${entry.seq} appears out of order`,
      });
    }
    if (custodyHash(entry.prevHash, entry, sha256) !== entry.hash) {
      findings.push({
        problem: 'modified',
        seq: entry.seq,
        message: `custody entry #${entry.seq} (${entry.action} by ${entry.actor} at ${entry.at}) was modified: its content does not match its hash`,
      });
    } else if (entry.prevHash !== expectedPrev) {
      findings.push(
        expectedPrev === genesis && entry.seq === 1
          ? {
              problem: 'rebound',
              seq: entry.seq,
              message:
                'the custody log does not belong to this evidence file: the recorded SHA-256 or identity was changed',
            }
          : {
              problem: 'out_of_order',
              seq: entry.seq,
              message: `custody entry #${entry.seq} does not follow the entry before it: an entry before it was changed, removed or inserted`,
            },
      );
    }
    expectedPrev = entry.hash;
    expectedSeq = entry.seq + 1;
  }
  const last = entries.at(-1);
  if (anchor.count > entries.length && (last === undefined || last.seq < anchor.count)) {
    findings.push({
      problem: 'truncated',
      seq: (last?.seq ?? 0) + 1,
      message: `the custody log ends at entry #${last?.seq ?? 0}, but the evidence records ${anchor.count} entries: the last ${anchor.count - (last?.seq ?? 0)} were deleted`,
    });
  } else if (last !== undefined && last.hash !== anchor.head && findings.length === 0) {
    findings.push({
      problem: entries.length > anchor.count ? 'extra' : 'modified',
      seq: last.seq,
      message:
        entries.length > anchor.count
          ? `the custody log has ${entries.length} entries but the evidence records ${anchor.count}: entries were added outside Debrief`
          : 'the last custody entry does not match the head recorded on the evidence',
    });
  }
  return findings;
}
