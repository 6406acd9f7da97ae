import { describe, expect, it } from 'vitest';
import { buildPostMortem } from '../../test/factories.js';
import {
  checkFiveWhys,
  checkFmeaRescoring,
  rpnReductionByRecommendation,
  rpnReductions,
  whyChains,
} from './root-cause-checks.js';

type WhyInput = { id: string; answer: string; whys?: WhyInput[]; category?: 'process-gap' };
const chain = (ids: readonly string[], leafAnswer = 'no owner for the configuration'): WhyInput => {
  const [first, ...rest] = ids;
  return rest.length === 0
    ? { id: first ?? 'X', answer: leafAnswer, category: 'process-gap' }
    : { id: first ?? 'X', answer: `because of ${first}`, whys: [chain(rest, leafAnswer)] };
};
const withWhys = (whys: WhyInput[], people: { id: string; name: string }[] = []) =>
  buildPostMortem({
    people: people.map((p) => ({ ...p, roles: ['responder'] })),
    analysis: { fiveWhys: [{ id: 'W', problem: 'data left the account', whys }] },
  } as Parameters<typeof buildPostMortem>[0]);

describe('5 Whys checks', () => {
  it('lists every chain from the problem to a root cause, depth-first', () => {
    const doc = withWhys([
      { id: 'A', answer: 'a', whys: [chain(['A1', 'A2']), chain(['A3'])] },
      chain(['B']),
    ]);
    expect(whyChains(doc.analysis.fiveWhys).map((c) => c.whys.map((w) => w.id).join('>'))).toEqual([
      'A>A1>A2',
      'A>A3',
      'B',
    ]);
  });

  it('flags a chain shorter than three whys as shallow, at its root cause, and not a deeper one', () => {
    const doc = withWhys([{ id: 'A', answer: 'a', whys: [chain(['A1', 'A2']), chain(['A3'])] }]);
    const findings = checkFiveWhys(doc);
    expect(findings.map((f) => [f.code, f.path.join('.')])).toEqual([
      ['shallow_whys', 'analysis.fiveWhys.0.whys.0.whys.1'],
    ]);
    expect(findings[0]?.message).toMatch(/A3 has 2 whys/);
  });

  it('flags a root cause that rests on human error or names a person, asking what made it possible', () => {
    const people = [{ id: 'P-1', name: 'Dana Whitfield' }];
    const doc = withWhys(
      [
        chain(['A', 'A1', 'A2'], 'Human error during the change window'),
        chain(['B', 'B1', 'B2'], 'Whitfield approved the push prompt'),
        chain(['C', 'C1', 'C2'], 'The approval tool shows no context for a push prompt'),
      ],
      people,
    );
    const findings = checkFiveWhys(doc);
    expect(findings.map((f) => f.code)).toEqual(['blaming_root_cause', 'blaming_root_cause']);
    expect(findings[0]?.message).toMatch(/"Human error".*what made the error possible/);
    expect(findings[1]?.message).toMatch(/"Whitfield"/);
    expect(findings[1]?.path.at(-1)).toBe('answer');
  });
});

const fmeaRow = (id: string, s: number, o: number, d: number, rescored?: [number, number, number]) => ({
  id,
  function: 'sign-in',
  failureMode: 'session token replayed',
  effect: 'console access',
  cause: 'no device binding',
  severity: s,
  occurrence: o,
  detection: d,
  ...(rescored
    ? { rescored: { severity: rescored[0], occurrence: rescored[1], detection: rescored[2] } }
    : {}),
});
const withFmea = (status: 'verified' | 'proposed') =>
  buildPostMortem({
    analysis: {
      fmea: [
        fmeaRow('FM-1', 9, 6, 7, [9, 2, 3]),
        fmeaRow('FM-2', 5, 5, 5, [5, 5, 6]),
        fmeaRow('FM-3', 4, 4, 4),
      ],
    },
    recommendations: [
      {
        id: 'R-1',
        title: 'Bind sessions to devices',
        type: 'preventive',
        priority: 'high',
        status,
        addresses: ['FM-1', 'FM-2', 'FM-3'],
        ...(status === 'verified'
          ? {
              owner: 'P-1',
              due: '2026-04-01',
              verification: {
                method: 're-test',
                at: '2026-04-02T10:00:00Z',
                by: 'red team',
                result: 'refused',
              },
            }
          : {}),
      },
    ],
    people: [{ id: 'P-1', name: 'Sam Lee', roles: ['responder'] }],
  } as Parameters<typeof buildPostMortem>[0]);

describe('FMEA re-scoring', () => {
  it('computes the RPN reduction per re-scored row and per recommendation', () => {
    const doc = withFmea('proposed');
    expect(rpnReductions(doc)).toEqual([
      { row: 'FM-1', before: 378, after: 54, reduction: 324, share: 324 / 378 },
      { row: 'FM-2', before: 125, after: 150, reduction: -25, share: -25 / 125 },
    ]);
    expect([...rpnReductionByRecommendation(doc)]).toEqual([['R-1', 299]]);
  });

  it('warns when a re-score does not lower the RPN, and when a verified recommendation left a row unscored', () => {
    expect(checkFmeaRescoring(withFmea('proposed')).map((f) => f.code)).toEqual(['rpn_not_reduced']);
    const verified = checkFmeaRescoring(withFmea('verified'));
    expect(verified.map((f) => f.code)).toEqual(['rpn_not_reduced', 'fmea_not_rescored']);
    expect(verified[1]?.message).toMatch(/R-1 is verified but FMEA row FM-3/);
  });
});
