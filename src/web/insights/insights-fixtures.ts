/** Answers of `GET /api/insights` for the insights tests: one with every chart filled, and an empty one. */
import type { Insights } from './insights-data.js';

/** No post-mortem at all. */
export function emptyInsights(overrides: Partial<Insights> = {}): Insights {
  return {
    since: null,
    postMortems: 0,
    restricted: 0,
    clockTrends: [],
    rootCauseCategories: [],
    contributingFactorCategories: [],
    techniques: [],
    initialAccess: [],
    recommendations: {
      total: 0,
      completed: 0,
      verified: 0,
      completionRate: null,
      verificationRate: null,
      medianDaysToClose: null,
      byStatus: {
        proposed: 0,
        accepted: 0,
        'in-progress': 0,
        done: 0,
        verified: 0,
        'risk-accepted': 0,
        rejected: 0,
      },
    },
    completionByPostMortem: [],
    clockPoints: [],
    overdueByOwner: [],
    onThisDay: [],
    ...overrides,
  };
}

/** Three post-mortems, one restricted, 18 techniques, overdue actions for two owners and the restricted group. */
export function fullInsights(overrides: Partial<Insights> = {}): Insights {
  const techniques = Array.from({ length: 18 }, (_, i) => ({
    technique: `T${1000 + i}`,
    postMortems: i < 2 ? 3 : i < 6 ? 2 : 1,
  }));
  return emptyInsights({
    postMortems: 3,
    restricted: 1,
    clockTrends: [
      {
        clock: 'timeToDetect',
        quarter: '2026-Q1',
        severity: 'high',
        count: 2,
        medianSeconds: 36_000,
        p90Seconds: 108_000,
      },
    ],
    clockPoints: [
      {
        clock: 'timeToDetect',
        at: '2026-02-01T10:00:00Z',
        seconds: 36_000,
        severity: 'high',
        postMortem: 'INC-1',
      },
      {
        clock: 'timeToDetect',
        at: '2026-02-10T20:00:00Z',
        seconds: 72_000,
        severity: 'high',
        postMortem: null,
      },
      {
        clock: 'timeToDetect',
        at: '2026-03-02T06:00:00Z',
        seconds: 108_000,
        severity: 'high',
        postMortem: 'INC-2',
      },
      {
        clock: 'timeToContain',
        at: '2026-02-01T11:30:00Z',
        seconds: 5400,
        severity: 'high',
        postMortem: 'INC-1',
      },
    ],
    rootCauseCategories: [
      { category: 'misconfiguration', count: 4, postMortems: 2 },
      { category: 'process', count: 2, postMortems: 2 },
      { category: 'software-defect', count: 1, postMortems: 1 },
    ],
    contributingFactorCategories: [{ category: 'monitoring-gap', count: 3 }],
    techniques,
    initialAccess: [{ technique: 'T1566.002', postMortems: 1 }],
    recommendations: {
      total: 10,
      completed: 4,
      verified: 2,
      completionRate: 0.4,
      verificationRate: 2 / 3,
      medianDaysToClose: 4,
      byStatus: {
        proposed: 1,
        accepted: 3,
        'in-progress': 2,
        done: 1,
        verified: 2,
        'risk-accepted': 1,
        rejected: 0,
      },
    },
    completionByPostMortem: [
      {
        postMortem: 'INC-1',
        title: 'Phished admin',
        total: 6,
        open: 4,
        done: 1,
        verified: 1,
        closedOther: 0,
        overdue: 3,
      },
      {
        postMortem: 'INC-2',
        title: 'Open bucket',
        total: 3,
        open: 1,
        done: 0,
        verified: 1,
        closedOther: 1,
        overdue: 0,
      },
      { postMortem: null, title: null, total: 1, open: 1, done: 0, verified: 0, closedOther: 0, overdue: 1 },
    ],
    overdueByOwner: [
      { owner: 'Platform team', overdue: 2, postMortems: ['INC-1'] },
      { owner: '(restricted post-mortems)', overdue: 1, postMortems: [] },
      { owner: 'SOC', overdue: 1, postMortems: ['INC-1'] },
    ],
    ...overrides,
  });
}
