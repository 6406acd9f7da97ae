import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { computeInsights } from './insights.js';

type Input = NonNullable<Parameters<typeof buildPostMortem>[0]>;
const incident = (id: string, detectHours: number, extra: Partial<Input> = {}) =>
  buildPostMortem({
    id,
    severity: 'high',
    timeline: [
      entry('C', '2026-02-01T00:00:00Z', { milestone: { kind: 'compromise' }, attack: ['T1566.002'] }),
      entry('D', new Date(Date.UTC(2026, 1, 1) + detectHours * 3_600_000).toISOString(), {
        milestone: { kind: 'detection', source: 'internal-control' },
        attack: ['T1078.004'],
      }),
    ],
    ...extra,
  } as Input);

describe('insights across post-mortems', () => {
  const docs = [
    incident('INC-1', 10, {
      analysis: {
        rootCauses: [{ id: 'RC1', statement: 'Report-only policy', category: 'misconfiguration' }],
        attack: { initialAccess: 'T1566.002' },
      },
      recommendations: [
        {
          id: 'R1',
          title: 'MFA',
          type: 'preventive',
          priority: 'high',
          status: 'verified',
          owner: 'Platform',
          due: '2026-03-01',
          verification: {
            method: 're-test',
            at: '2026-03-10T00:00:00Z',
            by: 'sec',
            result: 'ok',
            evidence: [],
          },
          history: [
            { at: '2026-03-01T00:00:00Z', by: 'a', from: 'proposed', to: 'accepted', fields: ['status'] },
            { at: '2026-03-05T00:00:00Z', by: 'a', from: 'done', to: 'verified', fields: ['status'] },
          ],
        },
        {
          id: 'R2',
          title: 'Logs',
          type: 'detective',
          priority: 'medium',
          status: 'accepted',
          owner: 'SOC',
          due: '2026-04-01',
        },
      ],
    }),
    incident('INC-2', 30, {
      analysis: { rootCauses: [{ id: 'RC1', statement: 'Open bucket', category: 'misconfiguration' }] },
    }),
    incident('INC-3', 20, {
      restricted: true,
      recommendations: [
        {
          id: 'R1',
          title: 'Secret',
          type: 'process',
          priority: 'low',
          status: 'accepted',
          owner: 'Legal',
          due: '2026-04-01',
        },
      ],
    }),
  ];
  const insights = computeInsights(docs, { today: '2026-05-01' });

  it('gives the median and 90th percentile of each clock per quarter and severity', () => {
    expect(insights.clockTrends.find((t) => t.clock === 'timeToDetect')).toEqual({
      clock: 'timeToDetect',
      quarter: '2026-Q1',
      severity: 'high',
      count: 3,
      medianSeconds: 20 * 3600,
      p90Seconds: 30 * 3600,
    });
  });

  it('counts recurring root-cause categories, techniques and initial-access vectors', () => {
    expect(insights.rootCauseCategories).toEqual([
      { category: 'misconfiguration', count: 2, postMortems: 2 },
    ]);
    expect(insights.techniques.slice(0, 2)).toEqual([
      { technique: 'T1078.004', postMortems: 3 },
      { technique: 'T1566.002', postMortems: 3 },
    ]);
    expect(insights.initialAccess).toEqual([{ technique: 'T1566.002', postMortems: 1 }]);
  });

  it('rates completion and verification, and the time to close from the history', () => {
    expect(insights.recommendations).toEqual({
      total: 3,
      completed: 1,
      verified: 1,
      completionRate: 1 / 3,
      verificationRate: 1,
      medianDaysToClose: 4,
      byStatus: {
        proposed: 0,
        accepted: 2,
        'in-progress': 0,
        done: 0,
        verified: 1,
        'risk-accepted': 0,
        rejected: 0,
      },
    });
  });

  it('gives completion per post-mortem, most open first, the restricted ones folded into one unnamed row', () => {
    expect(insights.completionByPostMortem).toEqual([
      {
        postMortem: 'INC-1',
        title: 'Test incident',
        total: 2,
        open: 1,
        done: 0,
        verified: 1,
        closedOther: 0,
        overdue: 1,
      },
      { postMortem: null, title: null, total: 1, open: 1, done: 0, verified: 0, closedOther: 0, overdue: 1 },
    ]);
  });

  it('places each incident clock in time, oldest first, without the id of a restricted post-mortem', () => {
    const detect = insights.clockPoints.filter((p) => p.clock === 'timeToDetect');
    expect(detect).toEqual([
      {
        clock: 'timeToDetect',
        at: '2026-02-01T10:00:00.000Z',
        seconds: 36_000,
        severity: 'high',
        postMortem: 'INC-1',
      },
      {
        clock: 'timeToDetect',
        at: '2026-02-01T20:00:00.000Z',
        seconds: 72_000,
        severity: 'high',
        postMortem: null,
      },
      {
        clock: 'timeToDetect',
        at: '2026-02-02T06:00:00.000Z',
        seconds: 108_000,
        severity: 'high',
        postMortem: 'INC-2',
      },
    ]);
    // No containment or recovery milestone: nothing measured, nothing made up.
    expect(insights.clockPoints.every((p) => p.clock === 'timeToDetect')).toBe(true);
  });

  it('lists overdue actions by owner without naming restricted post-mortems or their owners', () => {
    expect(insights.overdueByOwner).toEqual([
      { owner: '(restricted post-mortems)', overdue: 1, postMortems: [] },
      { owner: 'SOC', overdue: 1, postMortems: ['INC-1'] },
    ]);
    expect(JSON.stringify(insights)).not.toContain('INC-3');
    expect(JSON.stringify(insights)).not.toContain('Legal');
    expect(insights.restricted).toBe(1);
  });

  it('resurfaces past incidents detected on this day whose actions are still open, never restricted ones', () => {
    const day = computeInsights(docs, { today: '2027-02-01' });
    expect(day.onThisDay).toEqual([{ id: 'INC-1', title: 'Test incident', yearsAgo: 1, openActions: 1 }]);
    expect(computeInsights(docs, { today: '2027-02-02' }).onThisDay).toEqual([]);
  });
});
