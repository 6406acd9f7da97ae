import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { checkPostMortem, formatPath } from './check.js';

const codes = (doc: ReturnType<typeof buildPostMortem>) =>
  checkPostMortem(doc).map((f) => `${f.level} ${f.code} ${formatPath(f.path)}`);
const detection = entry('D', '2026-03-14T10:00:00Z', {
  milestone: { kind: 'detection', source: 'customer' },
});

describe('checkPostMortem: identity and links', () => {
  it('finds nothing wrong in a consistent document', () => {
    const doc = buildPostMortem({
      people: [{ id: 'P1', name: 'Ana', roles: ['facilitator'] }],
      evidence: [{ id: 'E1', title: 'Trail', kind: 'log' }],
      timeline: [{ ...detection, evidence: ['E1'] }],
      interviews: [
        { id: 'IV1', participant: 'P1', at: '2026-03-20', statements: [{ entry: 'D', knew: 'x' }] },
      ],
      analysis: {
        rootCauses: [{ id: 'RC1', statement: 's', category: 'design-flaw', factors: ['CF1'] }],
        contributingFactors: [{ id: 'CF1', category: 'process-gap', description: 'd' }],
      },
      recommendations: [
        { id: 'R1', title: 't', type: 'preventive', priority: 'high', addresses: ['RC1', 'CF1'] },
      ],
    });
    expect(checkPostMortem(doc)).toEqual([]);
  });

  it('reports a duplicate id anywhere in the document as an error at its second use', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      lessons: [{ id: 'D', category: 'tooling', text: 'lesson with a reused id' }],
    });
    const [finding] = checkPostMortem(doc);
    expect(finding).toMatchObject({ level: 'error', code: 'duplicate_id', path: ['lessons', 0, 'id'] });
    expect(finding?.message).toMatch(/already used by a timeline entry at timeline\[0\]\.id/);
  });

  it('reports links to ids that do not exist, with the kind that was expected', () => {
    const doc = buildPostMortem({
      timeline: [{ ...detection, evidence: ['E404'] }],
      recommendations: [{ id: 'R1', title: 't', type: 'preventive', priority: 'high', addresses: ['RC404'] }],
      interviews: [{ id: 'IV1', participant: 'P404', at: '2026-03-20' }],
    });
    expect(codes(doc)).toEqual([
      'error dangling_link interviews[0].participant',
      'error dangling_link timeline[0].evidence[0]',
      'error dangling_link recommendations[0].addresses[0]',
    ]);
    expect(checkPostMortem(doc)[1]?.message).toBe(
      '"E404" does not exist; expected the id of an evidence item',
    );
  });

  it('reports a link to the wrong kind of item', () => {
    const doc = buildPostMortem({
      timeline: [detection, { ...entry('T2', '2026-03-14T11:00:00Z'), evidence: ['D'] }],
    });
    const [finding] = checkPostMortem(doc);
    expect(finding).toMatchObject({ code: 'wrong_link_kind', path: ['timeline', 1, 'evidence', 0] });
    expect(finding?.message).toMatch(/"D" is a timeline entry .* expected an evidence item/);
  });

  it('follows links inside nested whys and fishbone sub-causes', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      analysis: {
        fiveWhys: [
          {
            id: 'W',
            problem: 'p',
            whys: [{ id: 'W1', answer: 'a', whys: [{ id: 'W2', answer: 'b', timeline: ['NOPE'] }] }],
          },
        ],
        fishbone: {
          causes: [
            {
              id: 'F1',
              category: 'process',
              text: 't',
              causes: [{ id: 'F2', text: 's', evidence: ['GONE'] }],
            },
          ],
        },
      },
    });
    // (The two-why chain is also shallow: root-cause-checks.test.ts covers that warning.)
    expect(codes(doc).filter((c) => c.startsWith('error'))).toEqual([
      'error dangling_link analysis.fiveWhys[0].whys[0].whys[0].timeline[0]',
      'error dangling_link analysis.fishbone.causes[0].causes[0].evidence[0]',
    ]);
  });

  it('reports a fishbone cause under a category the fishbone does not have', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      analysis: {
        fishbone: {
          categories: ['people', 'process'],
          causes: [{ id: 'F1', category: 'technology', text: 't' }],
        },
      },
    });
    expect(codes(doc)).toEqual(['error unknown_category analysis.fishbone.causes[0].category']);
  });
});

describe('checkPostMortem: milestone order', () => {
  it('warns when containment is before detection and detection before compromise', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('K', '2026-03-14T09:00:00Z', { milestone: { kind: 'containment' } }),
        detection,
        entry('C', '2026-03-15T09:00:00Z', { milestone: { kind: 'compromise' } }),
      ],
    });
    const findings = checkPostMortem(doc);
    expect(findings.map((f) => f.code)).toEqual(['milestone_order', 'milestone_order']);
    expect(findings[0]?.message).toMatch(/^detection \(D, .*\) is before compromise \(C/);
    expect(findings[1]?.message).toMatch(/^containment \(K, .*\) is before detection \(D/);
    expect(findings.every((f) => f.level === 'warning')).toBe(true);
  });

  it('does not warn about order it cannot know: a date-only milestone on the same day', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('C', '2026-03-14', { milestone: { kind: 'compromise' } }),
        { ...detection, at: '2026-03-14T00:00:00Z' },
        entry('X', '2026-03-14T10:00:00Z', { milestone: { kind: 'containment' } }),
      ],
    });
    expect(checkPostMortem(doc)).toEqual([]);
  });

  it('warns when the timeline has no detection milestone', () => {
    const doc = buildPostMortem({ timeline: [entry('T1', '2026-03-14')] });
    expect(codes(doc)).toEqual(['warning missing_milestone timeline']);
  });
});

describe('checkPostMortem: recommendations and notifications', () => {
  it('warns about lifecycle states missing what they require', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      recommendations: [
        { id: 'R1', title: 'a', type: 'preventive', priority: 'high', status: 'accepted' },
        {
          id: 'R2',
          title: 'b',
          type: 'detective',
          priority: 'low',
          status: 'verified',
          owner: 'SecOps',
          due: '2026-05-01',
        },
        { id: 'R3', title: 'c', type: 'process', priority: 'low', status: 'risk-accepted' },
        { id: 'R4', title: 'd', type: 'training', priority: 'low', status: 'rejected' },
        { id: 'R5', title: 'e', type: 'training', priority: 'low', status: 'proposed' },
      ],
    });
    expect(codes(doc)).toEqual([
      'warning missing_owner recommendations[0].owner',
      'warning missing_due recommendations[0].due',
      'warning missing_verification recommendations[1].verification',
      'warning missing_risk_acceptance recommendations[2].riskAcceptance',
      'warning missing_rejection_reason recommendations[3].rejectionReason',
    ]);
  });

  it('warns when a notification record points at an entry that is not a notification milestone', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      compliance: {
        regimes: ['gdpr'],
        notifications: [
          {
            id: 'N1',
            regime: 'gdpr',
            recipient: 'DPA',
            obligation: 'authority',
            submittedAt: '2026-03-16',
            entry: 'D',
          },
        ],
      },
    });
    expect(codes(doc)).toEqual(['warning notification_entry compliance.notifications[0].entry']);
  });

  it('warns when a notification counts for no obligation: unknown obligation, or a regime not listed', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      compliance: {
        regimes: ['nis2'],
        notifications: [
          { id: 'N1', regime: 'nis2', recipient: 'CSIRT', obligation: 'interim', submittedAt: '2026-03-16' },
          { id: 'N2', regime: 'gdpr', recipient: 'DPA', obligation: 'authority', submittedAt: '2026-03-16' },
        ],
      },
    });
    const findings = checkPostMortem(doc).filter((f) => f.code === 'notification_unmatched');
    expect(findings.map((f) => [formatPath(f.path), f.message])).toEqual([
      [
        'compliance.notifications[0].obligation',
        'N1: "interim" is not an obligation of nis2 (early-warning, notification, final-report); no deadline counts it',
      ],
      [
        'compliance.notifications[1].obligation',
        'N2: gdpr is not listed in compliance.regimes, so its deadlines are not computed; no deadline counts it',
      ],
    ]);
  });

  it('lists errors before warnings', () => {
    const doc = buildPostMortem({
      timeline: [
        entry('K', '2026-03-14T09:00:00Z', { milestone: { kind: 'containment' } }),
        { ...detection, evidence: ['E404'] },
      ],
    });
    expect(checkPostMortem(doc).map((f) => f.level)).toEqual(['error', 'warning']);
  });
});

describe('checkPostMortem: root causes and language', () => {
  it('reports a blaming root cause once, and blaming words elsewhere as language warnings', () => {
    const doc = buildPostMortem({
      timeline: [detection],
      summary: { whatHappened: 'The analyst failed to escalate.' },
      analysis: {
        fiveWhys: [
          {
            id: 'W',
            problem: 'p',
            whys: [
              {
                id: 'W1',
                answer: 'a',
                whys: [
                  {
                    id: 'W2',
                    answer: 'b',
                    whys: [{ id: 'W3', answer: 'Human error', category: 'human-factors' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(codes(doc)).toEqual([
      'warning blaming_root_cause analysis.fiveWhys[0].whys[0].whys[0].whys[0].answer',
      'warning blameless_language summary.whatHappened',
    ]);
  });
});
