import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, type AuditEntry, auditVerifier, chainAuditEntry } from './audit.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function trail(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prev = AUDIT_GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const entry = chainAuditEntry(
      prev,
      {
        seq,
        at: `2026-11-22T12:00:0${seq}.000Z`,
        actor: 'user:U-1 (ann)',
        action: 'auth.login',
        outcome: 'ok',
        details: { n: seq },
      },
      sha256,
    );
    entries.push(entry);
    prev = entry.hash;
  }
  return entries;
}

function verify(entries: readonly AuditEntry[], anchor: { count: number; head: string }) {
  const verifier = auditVerifier(anchor, sha256);
  for (const e of entries) verifier.push(e);
  return verifier.finish();
}

describe('audit chain', () => {
  const entries = trail(5);
  const anchor = { count: 5, head: entries[4]?.hash ?? '' };

  it('verifies an intact trail', () => {
    expect(verify(entries, anchor)).toEqual([]);
  });

  it('finds a modified entry by its number', () => {
    const tampered = entries.map((e) => (e.seq === 3 ? { ...e, actor: 'user:U-2 (bob)' } : e));
    expect(verify(tampered, anchor)).toEqual([expect.objectContaining({ problem: 'modified', seq: 3 })]);
  });

  it('finds a deleted entry in the middle and deleted entries at the end', () => {
    expect(
      verify(
        entries.filter((e) => e.seq !== 2),
        anchor,
      ),
    ).toEqual([
      expect.objectContaining({ problem: 'missing', seq: 2 }),
      expect.objectContaining({ problem: 'out_of_order', seq: 3 }),
    ]);
    expect(verify(entries.slice(0, 3), anchor)).toEqual([
      expect.objectContaining({
        problem: 'truncated',
        seq: 4,
        message: expect.stringContaining('the last 2 were deleted'),
      }),
    ]);
  });

  it('finds an entry inserted with a recomputed hash: it does not follow the one before', () => {
    const forged = chainAuditEntry(
      'f'.repeat(64),
      { ...(entries[2] as AuditEntry), details: { forged: true } },
      sha256,
    );
    const withForgery = entries.map((e) => (e.seq === 3 ? forged : e));
    // The forged entry does not follow #2, and #4 does not follow the forged one.
    expect(verify(withForgery, anchor)).toEqual([
      expect.objectContaining({ problem: 'out_of_order', seq: 3 }),
      expect.objectContaining({ problem: 'out_of_order', seq: 4 }),
    ]);
  });
});
