/**
 * Generates a large, valid post-mortem for benchmarks: `entries` timeline entries spread over 30 days with every
 * milestone kind, and proportional evidence, recommendations, indicators and analysis.
 */
import type { PostMortemInput } from '../src/contract/post-mortem.schema.js';
import { MILESTONE_KINDS } from '../src/core/vocabulary.js';

export function generatePostMortem(entries: number): PostMortemInput {
  const start = Date.UTC(2026, 2, 1);
  const step = Math.floor((30 * 86_400_000) / entries);
  const evidence = Array.from({ length: Math.max(1, entries / 50) }, (_, i) => ({
    id: `E${i}`,
    title: `Log export ${i}`,
    kind: 'log' as const,
    sha256: i.toString(16).padStart(64, '0'),
  }));
  const kinds = MILESTONE_KINDS.filter((k) => k !== 'detection' && k !== 'notification');
  const timeline = Array.from({ length: entries }, (_, i) => {
    const at = new Date(start + i * step).toISOString().replace('.000Z', 'Z');
    const base = {
      id: `T${i}`,
      at,
      text: `Event ${i}: process svc-${i % 97}.exe connected to 203.0.113.${i % 250} | user "ops${i % 13}"`,
      host: `host-${i % 40}`,
      evidence: [`E${i % evidence.length}`],
      attack: i % 7 === 0 ? ['T1078.004'] : [],
    };
    // Milestones in their natural order along the timeline.
    const slot = Math.floor((i / entries) * 14);
    if (i % Math.max(1, Math.floor(entries / 14)) !== 0) return base;
    if (slot === 2)
      return { ...base, milestone: { kind: 'detection' as const, source: 'customer' as const } };
    if (slot === 12)
      return {
        ...base,
        milestone: { kind: 'notification' as const, recipient: 'DPA', regime: 'gdpr' as const },
      };
    const kind = kinds[Math.min(slot, kinds.length - 1)];
    return kind ? { ...base, milestone: { kind } } : base;
  });
  const recommendations = Array.from({ length: Math.max(1, entries / 20) }, (_, i) => ({
    id: `R${i}`,
    title: `Recommendation ${i}`,
    type: 'preventive' as const,
    priority: 'high' as const,
    owner: 'Platform team',
    due: '2026-06-01',
    status: 'accepted' as const,
    addresses: [`RC${i % 10}`],
  }));
  return {
    apiVersion: 'debrief/v1',
    kind: 'PostMortem',
    id: `BENCH-${entries}`,
    title: `Generated post-mortem with ${entries} timeline entries`,
    severity: 'high',
    types: ['technical'],
    evidence,
    timeline,
    analysis: {
      rootCauses: Array.from({ length: 10 }, (_, i) => ({
        id: `RC${i}`,
        statement: `Condition ${i}`,
        category: 'design-flaw' as const,
      })),
      fmea: Array.from({ length: 50 }, (_, i) => ({
        id: `FM${i}`,
        function: 'f',
        failureMode: 'm',
        effect: 'e',
        cause: 'c',
        severity: (i % 10) + 1,
        occurrence: ((i * 3) % 10) + 1,
        detection: ((i * 7) % 10) + 1,
      })),
    },
    recommendations,
    indicators: Array.from({ length: entries / 10 }, (_, i) => ({
      id: `IOC${i}`,
      type: 'ipv4' as const,
      value: `203.0.113.${i % 250}`,
    })),
  };
}
