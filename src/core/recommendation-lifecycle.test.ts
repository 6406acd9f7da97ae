import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import type { Recommendation } from './model.js';
import { isOverdueOn, suggestPriority, updateRecommendation } from './recommendation-lifecycle.js';

const base = (overrides: Partial<Recommendation> = {}): Recommendation =>
  ({
    ...(buildPostMortem({
      recommendations: [{ id: 'R1', title: 'Phishing-resistant MFA', type: 'preventive', priority: 'high' }],
    }).recommendations[0] as Recommendation),
    ...overrides,
  }) as Recommendation;
const ctx = { at: '2026-04-01T10:00:00Z', by: 'analyst@test' };

describe('recommendation lifecycle', () => {
  it('accepts with an owner and a due date, and records who, when, from, to and what changed', () => {
    const result = updateRecommendation(
      base(),
      { status: 'accepted', owner: 'P-03', due: '2026-06-30', why: 'agreed in review' },
      ctx,
    );
    expect(result).toMatchObject({
      ok: true,
      recommendation: {
        status: 'accepted',
        owner: 'P-03',
        history: [
          {
            at: ctx.at,
            by: ctx.by,
            from: 'proposed',
            to: 'accepted',
            fields: ['status', 'owner', 'due'],
            why: 'agreed in review',
          },
        ],
      },
    });
  });

  it('refuses what a status needs but lacks, naming each missing part', () => {
    expect(updateRecommendation(base(), { status: 'accepted' }, ctx)).toEqual({
      ok: false,
      problems: ['accepted needs an owner (--owner)', 'accepted needs a due date (--due)'],
    });
    const done = base({ status: 'done', owner: 'P-03', due: '2026-06-30' });
    expect(updateRecommendation(done, { status: 'verified' }, ctx)).toEqual({
      ok: false,
      problems: [
        'verified needs proof it works: --verify-method, --verify-result and --evidence (at least one)',
      ],
    });
    expect(updateRecommendation(base(), { status: 'rejected' }, ctx)).toEqual({
      ok: false,
      problems: ['rejected needs --reject-reason'],
    });
    expect(updateRecommendation(base(), { status: 'risk-accepted' }, ctx)).toMatchObject({ ok: false });
  });

  it('refuses moves the lifecycle does not allow, and going back without a reason', () => {
    expect(updateRecommendation(base(), { status: 'verified' }, ctx)).toMatchObject({
      ok: false,
      problems: [
        expect.stringMatching(
          /^R1 cannot go from proposed to verified \(from proposed: accepted, rejected, risk-accepted\)/,
        ),
        expect.any(String),
        expect.any(String),
        expect.any(String),
      ],
    });
    const verified = base({ status: 'verified', owner: 'P-03', due: '2026-06-30' });
    expect(updateRecommendation(verified, { status: 'in-progress' }, ctx)).toEqual({
      ok: false,
      problems: ['going back from verified to in-progress needs a reason (--why)'],
    });
    expect(
      updateRecommendation(verified, { status: 'in-progress', why: 'the control regressed' }, ctx),
    ).toMatchObject({ ok: true });
  });

  it('changes nothing, and records nothing, when nothing differs', () => {
    const rec = base();
    expect(updateRecommendation(rec, { status: 'proposed' }, ctx)).toEqual({ ok: true, recommendation: rec });
  });

  it('tells overdue: still open after the due date', () => {
    expect(isOverdueOn({ status: 'accepted', due: '2026-03-31' }, '2026-04-01')).toBe(true);
    expect(isOverdueOn({ status: 'accepted', due: '2026-04-01' }, '2026-04-01')).toBe(false);
    expect(isOverdueOn({ status: 'done', due: '2026-03-01' }, '2026-04-01')).toBe(false);
  });

  it('suggests a priority from the FMEA rows a recommendation addresses, else from impact and effort', () => {
    const doc = buildPostMortem({
      analysis: {
        fmea: [
          {
            id: 'F1',
            function: 'Sign-in',
            failureMode: 'Relayed push',
            effect: 'Session stolen',
            cause: 'Push MFA',
            severity: 9,
            occurrence: 6,
            detection: 7,
          },
          {
            id: 'F2',
            function: 'Export',
            failureMode: 'Open bucket',
            effect: 'Data read',
            cause: 'No network condition',
            severity: 8,
            occurrence: 4,
            detection: 5,
            rescored: { severity: 8, occurrence: 1, detection: 3 },
          },
        ],
      },
      recommendations: [
        { id: 'R1', title: 'FIDO2', type: 'preventive', priority: 'medium', addresses: ['F1'] },
        { id: 'R2', title: 'Bucket policy', type: 'preventive', priority: 'medium', addresses: ['F2'] },
        { id: 'R3', title: 'Training', type: 'training', priority: 'low', impact: 4, effort: 2 },
        { id: 'R4', title: 'Nothing known', type: 'process', priority: 'low' },
      ],
    } as Parameters<typeof buildPostMortem>[0]);
    const [r1, r2, r3, r4] = doc.recommendations as [
      Recommendation,
      Recommendation,
      Recommendation,
      Recommendation,
    ];
    expect(suggestPriority(doc, r1)).toEqual({ priority: 'critical', basis: 'RPN 378 at stake (F1)' });
    expect(suggestPriority(doc, r2)).toEqual({
      priority: 'medium',
      basis: 'RPN reduction 136 (re-scored FMEA rows)',
    });
    expect(suggestPriority(doc, r3)).toEqual({ priority: 'high', basis: 'impact 4 × ease 4 = 16' });
    expect(suggestPriority(doc, r4)).toBeUndefined();
  });
});
