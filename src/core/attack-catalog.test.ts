import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itWithAttackBundle, smallAttackBundle } from '../../test/attack.js';
import { buildPostMortem, entry } from '../../test/factories.js';
import { readAttackBundle } from './attack-catalog.js';
import { attackPath, mitigationDrafts } from './attack-path.js';

describe('reading an ATT&CK bundle', () => {
  it('keeps tactics in matrix order, techniques with their tactics and parent, mitigations and their advice', () => {
    const { catalog, counts, skipped } = readAttackBundle(smallAttackBundle());
    expect(catalog.tactics.map((t) => t.id)).toEqual(['TA0001', 'TA0002']);
    expect(catalog.techniques['T1566.002']).toMatchObject({
      name: 'Spearphishing Link',
      parent: 'T1566',
      tactics: ['initial-access'],
    });
    expect(catalog.techniques.T1086?.revoked).toBe(true);
    expect(catalog.mitigations.M1017?.summary).toBe('Train users to identify social engineering.');
    expect(catalog.mitigatedBy.T1566).toEqual([
      { mitigation: 'M1017', how: 'Train users to spot phishing.' },
    ]);
    expect(catalog.credit).toBe('Copyright 2015-2025, The MITRE Corporation.');
    expect(counts).toEqual({ tactics: 2, techniques: 4, mitigations: 2, mitigates: 2 });
    expect(skipped).toEqual([
      { id: 'attack-pattern--9', reason: 'a technique without an ATT&CK id or name' },
    ]);
  });

  it('refuses what is not a bundle', () => {
    expect(() => readAttackBundle({ type: 'indicator' })).toThrow('not a STIX bundle: no "objects" list');
  });

  itWithAttackBundle('reads MITRE’s Enterprise bundle', (path) => {
    const { catalog, counts } = readAttackBundle(JSON.parse(readFileSync(path, 'utf8')));
    expect(counts.tactics).toBe(14);
    expect(counts.techniques).toBeGreaterThan(600);
    expect(counts.mitigations).toBeGreaterThan(40);
    expect(catalog.techniques['T1566.002']?.name).toBe('Spearphishing Link');
    expect(catalog.tactics[0]?.shortname).toBe('reconnaissance');
    expect(catalog.credit).toMatch(/The MITRE Corporation/);
    expect(catalog.mitigatedBy.T1566?.map((m) => m.mitigation)).toContain('M1017');
  });
});

describe('the attack path', () => {
  const { catalog } = readAttackBundle(smallAttackBundle());
  const doc = buildPostMortem({
    timeline: [
      entry('E2', '2026-03-01T10:05:00Z', { attack: ['T1059.001'] }),
      entry('E1', '2026-03-01T10:00:00Z', { attack: ['T1566.002'] }),
      entry('E3', '2026-03-01T11:00:00Z', { attack: ['T1059.001', 'T1086', 'T9999'] }),
    ],
    recommendations: [
      { id: 'R1', title: 'Security awareness (M1017)', type: 'training', priority: 'medium' },
    ],
  });

  it('lists techniques in order of first occurrence, named, with the first initial-access one as the vector', () => {
    const path = attackPath(doc, catalog);
    expect(path.steps.map((s) => [s.technique, s.entry, s.name ?? '?'])).toEqual([
      ['T1566.002', 'E1', 'Spearphishing Link'],
      ['T1059.001', 'E2', 'PowerShell'],
      ['T1086', 'E3', 'PowerShell (old)'],
      ['T9999', 'E3', '?'],
    ]);
    expect(path.vector).toEqual({ technique: 'T1566.002', name: 'Spearphishing Link', entry: 'E1' });
    expect(path.warnings).toEqual([
      'T1086 (E3) is revoked in ATT&CK: use its replacement',
      expect.stringMatching(/^T9999 \(E3\) is not in ATT&CK/),
    ]);
  });

  it('without a catalogue: ids and times, and the vector only as the document records it', () => {
    const path = attackPath(doc);
    expect(path.steps).toHaveLength(4);
    expect(path.vector).toBeUndefined();
    expect(path.vectorReason).toMatch(/^not computable: load the ATT&CK catalogue/);
  });

  it('offers the mitigations of the techniques seen as recommendation drafts, through parent techniques too', () => {
    const drafts = mitigationDrafts(doc, catalog);
    expect(drafts.map((d) => [d.mitigation, d.techniques, d.recommendedBy ?? '-', d.draft.priority])).toEqual(
      [
        ['M1017', ['T1566.002'], 'R1', 'high'],
        ['M1042', ['T1059.001'], '-', 'medium'],
      ],
    );
    expect(drafts[1]?.draft).toMatchObject({
      title: 'Disable or Remove Feature or Program (ATT&CK M1042)',
      type: 'preventive',
      status: 'proposed',
      description: 'Addresses T1059.001 seen in this incident. Remove unneeded features.',
    });
  });
});
