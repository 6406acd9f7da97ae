import { describe, expect, it } from 'vitest';
import { buildPostMortem, entry } from '../../test/factories.js';
import { scorecard } from './scorecard.js';
import type { DetectionSource } from './vocabulary.js';

const build = (source: DetectionSource, extra: ReturnType<typeof entry>[] = []) =>
  buildPostMortem({
    severity: 'high',
    timeline: [
      entry('C', '2026-03-01T00:00:00Z', { milestone: { kind: 'compromise' }, attack: ['T1566.002'] }),
      entry('D', '2026-03-03T00:00:00Z', { milestone: { kind: 'detection', source } }),
      entry('K', '2026-03-03T02:00:00Z', { milestone: { kind: 'containment' } }),
      ...extra,
    ],
    evaluation: {
      targets: { timeToDetect: 'P1D', timeToContain: 'PT4H' },
      wentWell: ['Fast containment'],
      wentPoorly: ['Late detection'],
      luckyBreaks: ['Logs were archived'],
    },
  } as Parameters<typeof buildPostMortem>[0]);

const AT = { at: '2026-04-01T00:00:00Z' };

const item = (card: ReturnType<typeof scorecard>, id: string) => card.items.find((i) => i.id === id);

describe('scorecard', () => {
  it('scores a clock 100 within its target and target/actual beyond it, saying how', () => {
    const card = scorecard(build('internal-control'), AT);
    expect(item(card, 'clock:timeToContain')).toMatchObject({
      score: 100,
      computation: '2h within the target of 4h: 100',
    });
    expect(item(card, 'clock:timeToDetect')).toMatchObject({
      score: 50,
      computation: '2d against a target of 1d: 100 × 1d / 2d = 50',
    });
    expect(item(card, 'clock:timeToResolve')).toMatchObject({
      score: null,
      computation: expect.stringMatching(/^not computable: no resolution milestone/),
    });
  });

  it('scores the detection source by how much it says about the own controls', () => {
    expect(item(scorecard(build('internal-control'), AT), 'detection-source')?.score).toBe(100);
    expect(item(scorecard(build('customer'), AT), 'detection-source')).toMatchObject({
      score: 25,
      computation: 'detected by a customer (external) (D): 25',
    });
    expect(item(scorecard(build('attacker-notice'), AT), 'detection-source')?.score).toBe(0);
    expect(item(scorecard(build('unknown'), AT), 'detection-source')?.score).toBeNull();
  });

  it('fails containment when attacker activity follows it, naming the entries', () => {
    expect(item(scorecard(build('customer'), AT), 'containment')?.score).toBe(100);
    const reopened = scorecard(
      build('customer', [entry('X', '2026-03-03T05:00:00Z', { attack: ['T1078.004'] })]),
      AT,
    );
    expect(item(reopened, 'containment')).toMatchObject({
      score: 0,
      computation: 'attacker activity after containment (K): X: 0',
    });
  });

  it('averages what can be computed, and carries the team’s own strengths, weaknesses and lucky breaks', () => {
    const card = scorecard(build('customer'), AT);
    const scored = card.items.map((i) => i.score).filter((s): s is number => s !== null);
    expect(card.overall).toBe(Math.round(scored.reduce((a, b) => a + b, 0) / scored.length));
    expect(card).toMatchObject({
      strengths: ['Fast containment'],
      weaknesses: ['Late detection'],
      luckyBreaks: ['Logs were archived'],
    });
  });

  it('scores notification deadlines as the share met among those met or missed', () => {
    const doc = buildPostMortem({
      timeline: [entry('A', '2026-03-02T08:00:00Z', { milestone: { kind: 'awareness' } })],
      compliance: {
        regimes: ['nis2'],
        attributes: { significant: true },
        notifications: [
          {
            id: 'N1',
            regime: 'nis2',
            recipient: 'CSIRT',
            obligation: 'early-warning',
            submittedAt: '2026-03-02T20:00:00Z',
          },
          {
            id: 'N2',
            regime: 'nis2',
            recipient: 'CSIRT',
            obligation: 'notification',
            submittedAt: '2026-03-06T08:00:00Z',
          },
        ],
      },
    } as Parameters<typeof buildPostMortem>[0]);
    // The final report is due a month after N2: not counted while it is still ahead.
    expect(item(scorecard(doc, { at: '2026-03-10T00:00:00Z' }), 'notification-deadlines')).toMatchObject({
      score: 50,
      computation: '1 of 2 met (nis2 early-warning); missed: nis2 notification: 100 × 1 / 2 = 50',
    });
    expect(item(scorecard(doc, { at: '2026-05-01T00:00:00Z' }), 'notification-deadlines')?.score).toBe(33);
    expect(item(scorecard(build('customer'), AT), 'notification-deadlines')).toMatchObject({
      score: null,
      computation: 'not computable: no regimes listed in compliance.regimes',
    });
  });

  it('scores the stakeholder update cadence by the longest gap, up to the resolution', () => {
    const updates = (extra: Parameters<typeof buildPostMortem>[0] = {}) =>
      buildPostMortem({
        severity: 'high',
        timeline: [
          entry('D', '2026-03-03T00:00:00Z', { milestone: { kind: 'detection', source: 'customer' } }),
          entry('U1', '2026-03-03T01:00:00Z', { milestone: { kind: 'stakeholder-update' } }),
          entry('U2', '2026-03-03T04:00:00Z', { milestone: { kind: 'stakeholder-update' } }),
          entry('U3', '2026-03-03T10:00:00Z', { milestone: { kind: 'stakeholder-update' } }),
          entry('R', '2026-03-03T12:00:00Z', { milestone: { kind: 'resolution' } }),
        ],
        ...extra,
      } as Parameters<typeof buildPostMortem>[0]);
    expect(item(scorecard(updates(), AT), 'update-cadence')).toMatchObject({
      score: 67,
      computation:
        '3 updates; longest gap 6h (U2 → U3) against a cadence of 4h (default for high): 100 × 4h / 6h = 67',
    });
    expect(
      item(scorecard(updates({ evaluation: { updateCadence: 'PT8H' } }), AT), 'update-cadence'),
    ).toMatchObject({
      score: 100,
      computation:
        '3 updates; longest gap 6h (U2 → U3) within the cadence of 8h (evaluation.updateCadence): 100',
    });
    // The first update is a clock of its own.
    expect(item(scorecard(updates(), AT), 'clock:timeToFirstUpdate')).toMatchObject({
      score: 100,
      computation: '1h within the target of 2h: 100',
    });
    expect(item(scorecard(build('customer'), AT), 'update-cadence')).toMatchObject({
      score: null,
      computation: 'not computable: no stakeholder-update milestone',
    });
  });

  it('scores the scope known at containment against the final scope', () => {
    const doc = buildPostMortem({
      evaluation: {
        scope: { atContainment: { systems: 3, accounts: 2 }, final: { systems: 5, accounts: 2 } },
      },
    } as Parameters<typeof buildPostMortem>[0]);
    expect(item(scorecard(doc, AT), 'containment-scope')).toMatchObject({
      score: 71,
      computation: 'known at containment: 3 of 5 systems and 2 of 2 accounts: 100 × 5 / 7 = 71',
    });
    expect(item(scorecard(build('customer'), AT), 'containment-scope')?.score).toBeNull();
  });
});
