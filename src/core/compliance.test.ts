import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { evaluateCompliance, type ObligationResult, unmatchedNotifications } from './compliance.js';
import type { PostMortem } from './model.js';

type Input = NonNullable<Parameters<typeof buildPostMortem>[0]>;
type Notification = { id: string; regime: string; obligation?: string; submittedAt: string };

function doc(options: {
  regimes: string[];
  attributes?: Record<string, unknown>;
  timeline?: ReturnType<typeof entry>[];
  notifications?: Notification[];
}): PostMortem {
  return buildPostMortem({
    timeline: options.timeline ?? [
      entry('D', '2026-03-02T09:00:00+01:00', {
        milestone: { kind: 'detection', source: 'internal-control' },
      }),
      entry('A', '2026-03-02T12:05:00+01:00', { milestone: { kind: 'awareness' } }),
    ],
    compliance: {
      regimes: options.regimes,
      attributes: options.attributes ?? {},
      notifications: (options.notifications ?? []).map((n) => ({ recipient: 'Authority', ...n })),
    },
  } as Input);
}

function find(results: readonly ObligationResult[], regime: string, obligation: string): ObligationResult {
  const found = results.find((r) => r.regime === regime && r.obligation === obligation);
  if (!found) throw new Error(`no result for ${regime} ${obligation}`);
  return found;
}

const gdpr = { personalData: true, riskLevel: 'risk' };

describe('compliance: statuses', () => {
  it('is met when submitted before the deadline, and says by how much', () => {
    const report = evaluateCompliance(
      doc({
        regimes: ['gdpr'],
        attributes: gdpr,
        notifications: [
          { id: 'N1', regime: 'gdpr', obligation: 'authority', submittedAt: '2026-03-03T16:05:00+01:00' },
        ],
      }),
      { at: '2026-12-01T00:00:00Z' },
    );
    expect(find(report.results, 'gdpr', 'authority')).toMatchObject({
      status: 'met',
      due: '2026-03-05T12:05:00+01:00',
      trigger: { entry: 'A', at: '2026-03-02T12:05:00+01:00' },
      notification: 'N1',
      reason:
        'submitted 1d 20h before the deadline (72 h after the awareness milestone (A) at 2026-03-02T12:05:00+01:00)',
    });
  });

  it('is missed when submitted late, or not submitted by the deadline', () => {
    const late = evaluateCompliance(
      doc({
        regimes: ['gdpr'],
        attributes: gdpr,
        // An alias of the obligation id counts too.
        notifications: [
          { id: 'N1', regime: 'gdpr', obligation: 'initial', submittedAt: '2026-03-05T17:05:00+01:00' },
        ],
      }),
      { at: '2026-12-01T00:00:00Z' },
    );
    expect(find(late.results, 'gdpr', 'authority')).toMatchObject({
      status: 'missed',
      reason: expect.stringMatching(/^submitted 5h late/),
    });
    const never = evaluateCompliance(doc({ regimes: ['gdpr'], attributes: gdpr }), {
      at: '2026-03-06T12:05:00+01:00',
    });
    expect(find(never.results, 'gdpr', 'authority')).toMatchObject({
      status: 'missed',
      secondsLeft: -86_400,
      reason: expect.stringMatching(/^overdue by 1d, not submitted/),
    });
  });

  it('is due with the time left before the deadline', () => {
    const report = evaluateCompliance(doc({ regimes: ['gdpr'], attributes: gdpr }), {
      at: '2026-03-04T12:05:00+01:00',
    });
    expect(find(report.results, 'gdpr', 'authority')).toMatchObject({
      status: 'due',
      secondsLeft: 86_400,
      reason: expect.stringMatching(/^1d left/),
    });
  });

  it('says "not computable" for "without undue delay", with the time elapsed', () => {
    const report = evaluateCompliance(
      doc({ regimes: ['gdpr'], attributes: { personalData: true, riskLevel: 'high-risk' } }),
      { at: '2026-03-03T12:05:00+01:00' },
    );
    expect(find(report.results, 'gdpr', 'individuals')).toMatchObject({
      status: 'not-computable',
      period: 'without undue delay',
      reason:
        '"without undue delay": no fixed deadline; 1d elapsed since the awareness milestone (A), not submitted',
    });
  });

  it('is not computable when the trigger milestone is missing', () => {
    const report = evaluateCompliance(doc({ regimes: ['gdpr'], attributes: gdpr, timeline: [] }), {
      at: '2026-03-03T00:00:00Z',
    });
    expect(find(report.results, 'gdpr', 'authority')).toMatchObject({
      status: 'not-computable',
      reason: 'no awareness milestone in the timeline',
    });
  });
});

describe('compliance: applicability from incident attributes', () => {
  it('is not applicable when a condition fails, not computable when the attribute is unknown', () => {
    const none = evaluateCompliance(
      doc({ regimes: ['gdpr'], attributes: { personalData: true, riskLevel: 'none' } }),
      { at: '2026-03-03T00:00:00Z' },
    );
    expect(find(none.results, 'gdpr', 'authority')).toMatchObject({
      status: 'not-applicable',
      reason: 'applies only at risk level risk or high-risk (it is none)',
    });
    const unknown = evaluateCompliance(doc({ regimes: ['gdpr'], attributes: { personalData: true } }), {
      at: '2026-03-03T00:00:00Z',
    });
    expect(find(unknown.results, 'gdpr', 'authority')).toMatchObject({
      status: 'not-computable',
      reason: 'depends on the risk level: set compliance.attributes.riskLevel',
    });
    const noData = evaluateCompliance(doc({ regimes: ['gdpr'], attributes: { riskLevel: 'high-risk' } }), {
      at: '2026-03-03T00:00:00Z',
    });
    expect(find(noData.results, 'gdpr', 'authority').status).toBe('not-applicable');
    // A processor notifies its controller instead of the authority.
    const processor = evaluateCompliance(
      doc({ regimes: ['gdpr'], attributes: { ...gdpr, entityFlags: ['processor'] } }),
      { at: '2026-03-03T00:00:00Z' },
    );
    expect(find(processor.results, 'gdpr', 'authority').status).toBe('not-applicable');
    expect(find(processor.results, 'gdpr', 'processor').status).toBe('not-computable');
  });

  it('applies HIPAA’s thresholds: HHS within 60 days from 500 people, the annual log below, media above 500 in one state', () => {
    const big = evaluateCompliance(
      doc({
        regimes: ['hipaa'],
        attributes: {
          personalData: true,
          peopleAffected: 800,
          peopleAffectedByJurisdiction: { CA: 700, NV: 100 },
        },
      }),
      { at: '2026-03-03T00:00:00Z' },
    );
    expect(find(big.results, 'hipaa', 'hhs')).toMatchObject({
      status: 'due',
      due: '2026-05-01T23:59:59+01:00',
    });
    expect(find(big.results, 'hipaa', 'hhs-annual').status).toBe('not-applicable');
    expect(find(big.results, 'hipaa', 'media').status).toBe('due');
    // Discovery is the earlier of detection and awareness.
    expect(find(big.results, 'hipaa', 'individuals').trigger).toMatchObject({ entry: 'D' });
    const small = evaluateCompliance(
      doc({
        regimes: ['hipaa'],
        attributes: { personalData: true, peopleAffected: 120, peopleAffectedByJurisdiction: { CA: 120 } },
      }),
      { at: '2026-03-03T00:00:00Z' },
    );
    expect(find(small.results, 'hipaa', 'hhs-annual')).toMatchObject({
      status: 'due',
      due: '2027-03-01T23:59:59+01:00',
    });
    expect(find(small.results, 'hipaa', 'hhs').status).toBe('not-applicable');
    expect(find(small.results, 'hipaa', 'media')).toMatchObject({
      status: 'not-applicable',
      reason: 'applies only from 501 people affected in one jurisdiction (at most 120)',
    });
  });

  it('is not applicable before a regime is in force, and marks proposed rules', () => {
    const report = evaluateCompliance(
      doc({ regimes: ['in-dpdp', 'circia'], attributes: { personalData: true } }),
      { at: '2026-03-03T00:00:00Z' },
    );
    expect(find(report.results, 'in-dpdp', 'board-report')).toMatchObject({
      status: 'not-applicable',
      reason: 'not in force before 2027-05-14',
      uncertain: true,
    });
    expect(find(report.results, 'circia', 'incident')).toMatchObject({
      proposed: true,
      status: 'due',
      reason: expect.stringMatching(/^proposed rule, not in force; /),
    });
  });

  it('evaluates only the regimes the document lists', () => {
    const report = evaluateCompliance(doc({ regimes: ['cert-in'] }), { at: '2026-03-02T10:00:00+01:00' });
    expect(report.results.map((r) => `${r.regime} ${r.obligation}`)).toEqual(['cert-in incident']);
    expect(report.results[0]).toMatchObject({ status: 'due', due: '2026-03-02T15:00:00+01:00' });
  });
});

describe('compliance: DORA’s initial notification is the earlier of two clocks', () => {
  const dora = (classifiedAt: string) =>
    evaluateCompliance(
      doc({
        regimes: ['dora'],
        attributes: { major: true },
        timeline: [
          entry('A', '2026-03-02T08:00:00Z', { milestone: { kind: 'awareness' } }),
          entry('C', classifiedAt, { milestone: { kind: 'classification' } }),
        ],
      }),
      { at: '2026-03-01T00:00:00Z' },
    );

  it('4 h after classification when that comes first', () => {
    const initial = find(dora('2026-03-02T10:00:00Z').results, 'dora', 'initial');
    expect(initial).toMatchObject({ due: '2026-03-02T14:00:00Z', trigger: { entry: 'C' } });
    expect(initial.reason).toContain('(earlier than 24 h after the awareness milestone (A)');
  });

  it('24 h after awareness when classification comes late in the day', () => {
    expect(find(dora('2026-03-03T06:00:00Z').results, 'dora', 'initial')).toMatchObject({
      due: '2026-03-03T08:00:00Z',
      trigger: { entry: 'A' },
    });
  });

  it('4 h after classification when the 24 h ran out before it', () => {
    const initial = find(dora('2026-03-03T20:00:00Z').results, 'dora', 'initial');
    expect(initial).toMatchObject({ due: '2026-03-04T00:00:00Z', trigger: { entry: 'C' } });
    expect(initial.reason).toContain('ran out before the later trigger');
  });

  it('is not computable while the classification is not recorded', () => {
    const report = evaluateCompliance(doc({ regimes: ['dora'], attributes: { major: true } }), {
      at: '2026-03-01T00:00:00Z',
    });
    expect(find(report.results, 'dora', 'initial')).toMatchObject({
      status: 'not-computable',
      reason: 'no classification milestone in the timeline',
    });
  });
});

describe('compliance: chained deadlines count from the actual submission of the earlier report', () => {
  const timeline = [
    entry('A', '2026-01-28T08:00:00Z', { milestone: { kind: 'awareness' } }),
    entry('C', '2026-01-28T09:00:00Z', { milestone: { kind: 'classification' } }),
  ];

  it('DORA: intermediate 72 h after the initial, final one month after the latest intermediate', () => {
    const report = evaluateCompliance(
      doc({
        regimes: ['dora'],
        attributes: { major: true },
        timeline,
        notifications: [
          { id: 'I', regime: 'dora', obligation: 'initial', submittedAt: '2026-01-28T12:30:00Z' },
          { id: 'M1', regime: 'dora', obligation: 'intermediate', submittedAt: '2026-01-30T09:00:00Z' },
          { id: 'M2', regime: 'dora', obligation: 'intermediate', submittedAt: '2026-01-31T10:00:00Z' },
        ],
      }),
      { at: '2026-02-10T00:00:00Z' },
    );
    expect(find(report.results, 'dora', 'initial')).toMatchObject({
      status: 'met',
      due: '2026-01-28T13:00:00Z',
    });
    expect(find(report.results, 'dora', 'intermediate')).toMatchObject({
      status: 'met',
      due: '2026-01-31T12:30:00Z',
      notification: 'M1',
      trigger: { notification: 'I' },
    });
    // Month-end: one month after 31 January is the end of 28 February.
    expect(find(report.results, 'dora', 'final')).toMatchObject({
      status: 'due',
      due: '2026-02-28T23:59:59Z',
      trigger: { notification: 'M2', description: 'latest submission of intermediate (M2)' },
    });
  });

  it('NIS2: the final report waits for the incident notification, then counts a month from it', () => {
    const waiting = evaluateCompliance(
      doc({ regimes: ['nis2'], attributes: { significant: true }, timeline }),
      { at: '2026-01-29T00:00:00Z' },
    );
    expect(find(waiting.results, 'nis2', 'final-report')).toMatchObject({
      status: 'not-computable',
      reason: expect.stringMatching(/counts from the submission of the incident notification/),
    });
    expect(find(waiting.results, 'nis2', 'early-warning')).toMatchObject({
      status: 'due',
      due: '2026-01-29T08:00:00Z',
    });
    const sent = evaluateCompliance(
      doc({
        regimes: ['nis2'],
        attributes: { significant: true },
        timeline,
        notifications: [
          { id: 'N', regime: 'nis2', obligation: 'notification', submittedAt: '2026-01-30T10:00:00+01:00' },
        ],
      }),
      { at: '2026-02-01T00:00:00Z' },
    );
    expect(find(sent.results, 'nis2', 'final-report')).toMatchObject({
      status: 'due',
      due: '2026-02-28T23:59:59+01:00',
    });
  });
});

describe('compliance: SEC Form 8-K counts business days over US federal holidays', () => {
  it('4 business days after the materiality determination, skipping Independence Day observed', () => {
    const report = evaluateCompliance(
      doc({
        regimes: ['sec-8k'],
        attributes: { material: true },
        timeline: [
          entry('M', '2026-07-02T16:00:00-04:00', { milestone: { kind: 'materiality-determination' } }),
        ],
        notifications: [
          { id: 'K', regime: 'sec-8k', obligation: 'item-1.05', submittedAt: '2026-07-09T17:00:00-04:00' },
        ],
      }),
      { at: '2026-08-01T00:00:00Z' },
    );
    expect(find(report.results, 'sec-8k', 'item-1.05')).toMatchObject({
      status: 'met',
      due: '2026-07-09T23:59:59-04:00',
      period: '4 business days (us-federal)',
    });
  });
});

describe('compliance: notifications that count for nothing', () => {
  it('lists notifications with an unknown obligation or no obligation', () => {
    const document = doc({
      regimes: ['nis2'],
      notifications: [
        { id: 'N1', regime: 'nis2', obligation: 'interim', submittedAt: '2026-01-30T10:00:00Z' },
        { id: 'N2', regime: 'nis2', submittedAt: '2026-01-30T10:00:00Z' },
        { id: 'N3', regime: 'nis2', obligation: 'final', submittedAt: '2026-01-30T10:00:00Z' },
      ],
    });
    expect(unmatchedNotifications(document)).toEqual([
      {
        index: 0,
        id: 'N1',
        reason: '"interim" is not an obligation of nis2 (early-warning, notification, final-report)',
      },
      {
        index: 1,
        id: 'N2',
        reason: 'no obligation named; nis2 has early-warning, notification, final-report',
      },
    ]);
    const unlisted = doc({
      regimes: [],
      notifications: [
        { id: 'N', regime: 'gdpr', obligation: 'authority', submittedAt: '2026-01-30T10:00:00Z' },
      ],
    });
    expect(unmatchedNotifications(unlisted)).toEqual([
      {
        index: 0,
        id: 'N',
        reason: 'gdpr is not listed in compliance.regimes, so its deadlines are not computed',
      },
    ]);
  });
});
