import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CustodyEntry, chainEntry, custodyGenesis, custodyHash, verifyCustodyChain } from './custody.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const subject = { postMortemId: 'INC-1', evidenceId: 'EV-0001', sha256: 'a'.repeat(64) };
const actions = ['collected', 'registered', 'parsed', 'verified'] as const;

function chain(): CustodyEntry[] {
  let prev = custodyGenesis(subject, sha256);
  return actions.map((action, i) => {
    const entry = chainEntry(
      prev,
      { seq: i + 1, action, actor: 'ana', at: `2026-03-0${i + 1}T10:00:00.000Z`, details: { n: i } },
      sha256,
    );
    prev = entry.hash;
    return entry;
  });
}
const anchorOf = (entries: readonly CustodyEntry[]) => ({
  count: entries.length,
  head: entries.at(-1)?.hash ?? '',
});
const problems = (entries: readonly CustodyEntry[], anchor = anchorOf(chain())) =>
  verifyCustodyChain(subject, entries, anchor, sha256).map((f) => `${f.problem}#${f.seq}`);

describe('custody chain', () => {
  it('verifies an intact chain', () => {
    expect(problems(chain())).toEqual([]);
  });

  it('detects a modified entry, naming it', () => {
    const entries = chain();
    entries[1] = { ...entries[1], actor: 'mallory' } as CustodyEntry;
    const findings = verifyCustodyChain(subject, entries, anchorOf(chain()), sha256);
    expect(findings.map((f) => `${f.problem}#${f.seq}`)).toEqual(['modified#2']);
    expect(findings[0]?.message).toMatch(/entry #2 \(registered by mallory at .*\) was modified/);
  });

  it('detects an entry rewritten with a recomputed hash, at the entry after it', () => {
    const entries = chain();
    const forged = { ...entries[1], reason: 'edited', hash: '' } as CustodyEntry;
    entries[1] = { ...forged, hash: custodyHash(forged.prevHash, forged, sha256) };
    expect(problems(entries)).toEqual(['out_of_order#3']);
  });

  it('detects a deleted entry in the middle', () => {
    const entries = chain();
    entries.splice(1, 1);
    expect(problems(entries)).toEqual(['missing#2', 'out_of_order#3']);
  });

  it('detects a deleted last entry through the anchor on the evidence', () => {
    const entries = chain().slice(0, 3);
    const findings = verifyCustodyChain(subject, entries, anchorOf(chain()), sha256);
    expect(findings.map((f) => `${f.problem}#${f.seq}`)).toEqual(['truncated#4']);
    expect(findings[0]?.message).toMatch(
      /ends at entry #3, but the evidence records 4 entries: the last 1 were deleted/,
    );
  });

  it('detects entries appended outside Debrief', () => {
    const entries = chain();
    const extra = chainEntry(
      entries[3]?.hash ?? '',
      { seq: 5, action: 'exported', actor: 'x', at: '2026-03-09T00:00:00Z', details: {} },
      sha256,
    );
    expect(problems([...entries, extra])).toEqual(['extra#5']);
  });

  it('detects a chain moved onto another file (the recorded SHA-256 changed)', () => {
    const findings = verifyCustodyChain(
      { ...subject, sha256: 'b'.repeat(64) },
      chain(),
      anchorOf(chain()),
      sha256,
    );
    expect(findings.map((f) => f.problem)).toEqual(['rebound']);
  });
});
